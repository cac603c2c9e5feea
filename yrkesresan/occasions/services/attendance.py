"""Attendance per course day: taking it for a whole list at once, one mark or correction at a time,
and what it makes of each booking (attended, partly attended, did not come).

Every mark and correction is kept in ``AttendanceEvent``; the registration's state follows once the
last course day has come and every day is marked, and changes again if a mark is corrected.
Attendance is announced as a domain event, which ``learning`` turns into progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import User
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record

from ..models import (
    PLACE_STATES,
    AttendanceEvent,
    CourseDay,
    DayAttendance,
    Registration,
    RegistrationState,
)
from .registrations import _move


def outcome_of(*, marks: Mapping[int, bool], day_ids: set[int], last_day: datetime.date, today: datetime.date) -> str:
    """What a booking became: still just booked until the last day has come and every day is marked;
    then attended (every day), no-show (no day) or partly attended."""
    if today < last_day or not day_ids or not day_ids <= set(marks):
        return RegistrationState.BOOKED
    present = sum(1 for day_id in day_ids if marks[day_id])
    if present == len(day_ids):
        return RegistrationState.ATTENDED
    if present == 0:
        return RegistrationState.NO_SHOW
    return RegistrationState.PARTLY_ATTENDED


def _refresh_outcome(registration: Registration, *, by: Any, today: datetime.date) -> None:
    occasion = registration.occasion
    day_ids = set(occasion.days.values_list("pk", flat=True))
    marks = dict(registration.attendance.values_list("course_day_id", "present"))
    last_day = occasion.last_day or max(occasion.days.values_list("date", flat=True), default=today)
    outcome = outcome_of(marks=marks, day_ids=day_ids, last_day=last_day, today=today)
    if outcome != registration.state:
        _move(registration, outcome, by=by, reason=_("Attendance taken."))


def record_mark(
    *,
    actor: Any,
    registration: Registration,
    course_day: CourseDay,
    present: bool,
    reason: str = "",
    announced: bool = False,
    today: datetime.date | None = None,
) -> DayAttendance:
    """Write one mark (or correct it), keep it in the history and audit it. Rights are checked by the caller."""
    reason = "" if present else reason.strip()[:200]
    mark = DayAttendance.objects.filter(registration=registration, course_day=course_day).first()
    before = None if mark is None else mark.present
    if mark is None:
        mark = DayAttendance.objects.create(
            registration=registration,
            course_day=course_day,
            present=present,
            reason=reason,
            announced=announced,
            by=actor,
        )
    elif (mark.present, mark.reason, mark.announced) == (present, reason, announced):
        return mark
    else:
        mark.present, mark.reason, mark.announced, mark.by = present, reason, announced, actor
        mark.save()
    AttendanceEvent.objects.create(attendance=mark, present=present, reason=reason, announced=announced, by=actor)
    audit_record(
        actor=actor,
        action="absence.announce" if announced else "attendance.mark",
        target=registration,
        changes={"present": [before, present], "date": [None, course_day.date]},
        region_id=registration.occasion.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    if not announced:
        _refresh_outcome(registration, by=actor, today=today or timezone.localdate())
    events.announce("attendance.changed", user_ids=[registration.user_id], course_id=registration.occasion.course_id)
    return mark


def _check_day(actor: Any, course_day: CourseDay, today: datetime.date) -> None:
    policy.require(actor, "occasions.take_attendance", course_day.occasion)
    if course_day.date > today:
        raise ValidationError(_("Attendance is taken from the course day itself."))


@transaction.atomic
def attendance_mark(
    *,
    actor: Any,
    course_day: CourseDay,
    person: User,
    present: bool,
    reason: str = "",
    today: datetime.date | None = None,
) -> DayAttendance:
    """Mark one participant present or absent on a course day, or correct an earlier mark (the earlier
    value stays in the history)."""
    today = today or timezone.localdate()
    _check_day(actor, course_day, today)
    registration = (
        Registration.objects.select_related("occasion")
        .filter(occasion_id=course_day.occasion_id, user=person, state__in=PLACE_STATES)
        .first()
    )
    if registration is None:
        raise ValidationError(_("%(name)s is not booked on this occasion.") % {"name": person})
    return record_mark(
        actor=actor, registration=registration, course_day=course_day, present=present, reason=reason, today=today
    )


@transaction.atomic
def attendance_take(
    *,
    actor: Any,
    course_day: CourseDay,
    absent: Mapping[int, str],
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Take a whole day's attendance at once: everyone booked is present except those in ``absent``
    (registration id → reason). Unchanged marks are left alone; a changed one is a correction kept in
    the history. Returns how many were marked present and absent. An id that is not a booking on the
    occasion is refused and nothing is changed."""
    today = today or timezone.localdate()
    _check_day(actor, course_day, today)
    registrations = list(
        Registration.objects.select_related("occasion")
        .filter(occasion_id=course_day.occasion_id, state__in=PLACE_STATES)
        .order_by("id")
    )
    known = {r.pk for r in registrations}
    unknown = set(absent) - known
    if unknown:
        raise ValidationError(_("Some of the people marked absent are not booked on this occasion."))
    counts = {"present": 0, "absent": 0}
    for registration in registrations:
        is_absent = registration.pk in absent
        record_mark(
            actor=actor,
            registration=registration,
            course_day=course_day,
            present=not is_absent,
            reason=absent.get(registration.pk, ""),
            today=today,
        )
        counts["absent" if is_absent else "present"] += 1
    return counts

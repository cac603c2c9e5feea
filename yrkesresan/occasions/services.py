"""Writes for occasions, registrations and attendance.

Registrations lock the occasion row and then count (never count first and insert later);
on SQLite every transaction takes the write lock at its start (settings), which serialises
them the same way. A change that affects a participant's progress is announced as a domain
event (``core.events``), which ``learning`` subscribes to.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.catalog.models import Course
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record

from .models import CourseDay, DayAttendance, DeliveryLevel, Occasion, Registration, RegistrationState


@transaction.atomic
def occasion_create(
    *,
    actor: Any,
    course: Course,
    region: Any,
    capacity: int,
    days: list[dict[str, Any]],
    name: str = "",
    delivery_level: str = DeliveryLevel.REGIONAL,
) -> Occasion:
    """A course occasion in ``region`` with its course days (each a dict of date, starts, ends,
    mode and venue, address or link)."""
    policy.require(actor, "occasions.manage", region)
    if course.is_web:
        raise ValidationError(_("A self-paced web course has no course days."))
    if capacity < 1:
        raise ValidationError({"capacity": _("An occasion needs at least one place.")})
    if not days:
        raise ValidationError(_("Add the course days."))
    occasion = Occasion.objects.create(
        course=course, region=region, capacity=capacity, name=name, delivery_level=delivery_level
    )
    for day in days:
        course_day = CourseDay(occasion=occasion, **day)
        course_day.full_clean(exclude=["occasion"])
        course_day.save()
    audit_record(actor=actor, action="occasion.create", target=occasion, region_id=region.pk)
    return occasion


def _home_municipality_id(user: User, on: datetime.date | None = None) -> int | None:
    return (
        RoleAssignment.objects.active(on)
        .filter(user=user, municipality__isnull=False)
        .order_by("id")
        .values_list("municipality_id", flat=True)
        .first()
    )


@transaction.atomic
def registration_create(*, actor: Any, occasion: Occasion, person: User) -> Registration:
    """Book ``person`` on ``occasion``, or put them on the waitlist when it is full. The person's
    municipality today is kept on the registration (it is what is invoiced)."""
    if not (policy.can(actor, "occasions.manage", occasion) or policy.can(actor, "people.manage", person)):
        raise PermissionDenied(_("You may not register this person."))
    locked = Occasion.objects.select_for_update().get(pk=occasion.pk)
    if Registration.objects.filter(occasion=locked, user=person, state__in=["booked", "waitlisted"]).exists():
        raise ValidationError(_("%(name)s is already registered on this occasion.") % {"name": person})
    booked = Registration.objects.filter(occasion=locked, state=RegistrationState.BOOKED).count()
    state = RegistrationState.BOOKED if booked < locked.capacity else RegistrationState.WAITLISTED
    registration = Registration.objects.create(
        occasion=locked, user=person, state=state, municipality_at_signup_id=_home_municipality_id(person)
    )
    audit_record(
        actor=actor,
        action="registration.create",
        target=registration,
        changes={"state": [None, state]},
        region_id=locked.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    events.announce("registration.changed", user_ids=[person.pk], course_id=locked.course_id)
    return registration


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> Registration:
    if not (
        registration.user_id == actor.pk
        or policy.can(actor, "occasions.manage", registration.occasion)
        or policy.can(actor, "people.manage", registration.user)
    ):
        raise PermissionDenied(_("You may not cancel this registration."))
    if registration.state == RegistrationState.CANCELLED:
        raise ValidationError(_("The registration is already cancelled."))
    before = registration.state
    registration.state = RegistrationState.CANCELLED
    registration.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action="registration.cancel",
        target=registration,
        changes={"state": [before, registration.state]},
        region_id=registration.occasion.region_id,
    )
    events.announce("registration.changed", user_ids=[registration.user_id], course_id=registration.occasion.course_id)
    return registration


@transaction.atomic
def attendance_mark(
    *, actor: Any, course_day: CourseDay, person: User, present: bool, reason: str = ""
) -> DayAttendance:
    """Record whether a booked participant attended a course day (a correction overwrites the mark
    and is audited with the value it replaced)."""
    occasion = course_day.occasion
    policy.require(actor, "occasions.manage", occasion)
    registration = Registration.objects.filter(occasion=occasion, user=person, state=RegistrationState.BOOKED).first()
    if registration is None:
        raise ValidationError(_("%(name)s is not booked on this occasion.") % {"name": person})
    mark, created = DayAttendance.objects.get_or_create(
        registration=registration,
        course_day=course_day,
        defaults={"present": present, "reason": reason, "by": actor},
    )
    before = None if created else mark.present
    if not created:
        mark.present, mark.reason, mark.by = present, reason, actor
        mark.save()
    audit_record(
        actor=actor,
        action="attendance.mark",
        target=registration,
        changes={"present": [before, present], "date": [None, course_day.date]},
        region_id=occasion.region_id,
        municipality_id=registration.municipality_at_signup_id,
    )
    events.announce("attendance.changed", user_ids=[person.pk], course_id=occasion.course_id)
    return mark

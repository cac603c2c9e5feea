"""Reads for taking attendance: a course day's list (who is booked, their marks, who took it and
the corrections since), the sign-in sheet, the summaries on the occasion page and the exports.

Each read is a fixed number of queries, however many are booked: the list is taken on a phone.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.core import policy

from ..models import (
    PLACE_STATES,
    AttendanceEvent,
    CourseDay,
    DayAttendance,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
)

#: How far back the "today" page lists course days whose attendance may still need taking or correcting.
RECENT_DAYS = 14


def _with_people(qs: QuerySet[Registration]) -> QuerySet[Registration]:
    """Registrations with their person, the municipality at sign-up and the person's workplaces today."""
    workplaces = RoleAssignment.objects.active().filter(unit__isnull=False).select_related("unit").order_by("id")
    return qs.select_related("user", "municipality_at_signup").prefetch_related(
        Prefetch("user__role_assignments", queryset=workplaces, to_attr="workplaces")
    )


def workplace_of(user: User) -> str:
    """The person's units today, from ``_with_people``'s prefetch (no query)."""
    names = dict.fromkeys(role.unit.name for role in getattr(user, "workplaces", []) if role.unit is not None)
    return ", ".join(names)


def full_name(user: User) -> str:
    return user.get_full_name() or user.username


@dataclass
class AttendanceRow:
    """One booked participant on the day's list, as the list opens: present unless already marked."""

    registration: Registration
    name: str
    workplace: str
    municipality: str
    present: bool = True
    reason: str = ""
    announced: bool = False  # an absence announced in advance, not yet confirmed by taking attendance
    marked: bool = False  # attendance has been taken for this person on this day


@dataclass
class Correction:
    """A change to a mark after attendance was first taken for that person on that day."""

    name: str
    at: datetime.datetime
    by: User | None
    was_present: bool
    was_reason: str
    present: bool
    reason: str


@dataclass
class DayList:
    occasion: Occasion
    day: CourseDay
    rows: list[AttendanceRow]
    is_open: bool  # the day has come: attendance may be taken
    taken_by: User | None = None
    taken_at: datetime.datetime | None = None
    corrections: list[Correction] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def present_count(self) -> int:
        return sum(1 for row in self.rows if row.present)

    @property
    def taken(self) -> bool:
        return self.taken_at is not None

    @property
    def announced(self) -> list[AttendanceRow]:
        return [row for row in self.rows if row.announced]


def booked_on(*, occasion: Occasion) -> list[Registration]:
    """Those holding a place on the occasion, by name, with their workplace (two queries)."""
    qs = Registration.objects.filter(occasion=occasion, state__in=PLACE_STATES)
    return list(_with_people(qs).order_by("user__last_name", "user__first_name", "id"))


def attendance_list(*, actor: Any, course_day: CourseDay, today: datetime.date | None = None) -> DayList:
    """The day's list for the person taking attendance: everyone booked, present by default, with the
    marks already made (an absence announced in advance opens as absent with its reason), who saved it
    last and when, and the corrections made after attendance was first taken. Four queries."""
    occasion = course_day.occasion
    policy.require(actor, "occasions.take_attendance", occasion)
    today = today or timezone.localdate()
    registrations = booked_on(occasion=occasion)
    marks = {m.registration_id: m for m in DayAttendance.objects.filter(course_day=course_day)}
    rows = []
    for registration in registrations:
        user = registration.user
        row = AttendanceRow(
            registration=registration,
            name=full_name(user),
            workplace=workplace_of(user),
            municipality=registration.municipality_at_signup.name if registration.municipality_at_signup else "",
        )
        mark = marks.get(registration.pk)
        if mark is not None:
            row.present, row.reason, row.announced = mark.present, mark.reason, mark.announced
            row.marked = not mark.announced
        rows.append(row)
    day_list = DayList(occasion=occasion, day=course_day, rows=rows, is_open=course_day.date <= today)
    _add_history(day_list, {r.pk: r for r in registrations})
    return day_list


def _add_history(day_list: DayList, registrations: dict[int, Registration]) -> None:
    events = (
        AttendanceEvent.objects.filter(attendance__course_day=day_list.day)
        .select_related("by", "attendance")
        .order_by("at", "id")
    )
    per_mark: dict[int, list[AttendanceEvent]] = {}
    for event in events:
        per_mark.setdefault(event.attendance_id, []).append(event)
        if not event.announced and (day_list.taken_at is None or event.at >= day_list.taken_at):
            day_list.taken_at, day_list.taken_by = event.at, event.by
    for history in per_mark.values():
        registration = registrations.get(history[0].attendance.registration_id)
        if registration is None:  # no longer booked: their history stays, but not on today's list
            continue
        # The first time attendance was taken is not a correction; an announced absence before it is not either.
        first = next((i for i, e in enumerate(history) if not e.announced), None)
        if first is None:
            continue
        for before, after in zip(history[first:], history[first + 1 :], strict=False):
            day_list.corrections.append(
                Correction(
                    name=full_name(registration.user),
                    at=after.at,
                    by=after.by,
                    was_present=before.present,
                    was_reason=before.reason,
                    present=after.present,
                    reason=after.reason,
                )
            )
    day_list.corrections.sort(key=lambda c: c.at, reverse=True)


# --- summaries of days: the occasion page and the "today" page -------------------------------------------


@dataclass
class DaySummary:
    day: CourseDay
    booked: int
    marked: int = 0  # attendance taken (not just an announced absence)
    absent: int = 0  # absent among those marked
    announced: int = 0  # absences announced in advance, not yet confirmed

    @property
    def taken(self) -> bool:
        return self.marked > 0

    @property
    def complete(self) -> bool:
        return self.marked >= self.booked


def day_summaries(*, days: Sequence[CourseDay]) -> list[DaySummary]:
    """For each day: how many are booked on its occasion, how many marks are taken and how many absent.
    Two queries, however many days and people."""
    if not days:
        return []
    occasion_ids = {d.occasion_id for d in days}
    booked = dict(
        Registration.objects.filter(occasion_id__in=occasion_ids, state__in=PLACE_STATES)
        .values("occasion_id")
        .annotate(n=Count("id"))
        .values_list("occasion_id", "n")
    )
    counts = {
        row["course_day_id"]: row
        for row in DayAttendance.objects.filter(
            course_day__in=[d.pk for d in days], registration__state__in=PLACE_STATES
        )
        .values("course_day_id")
        .annotate(
            marked=Count("id", filter=Q(announced=False)),
            absent=Count("id", filter=Q(announced=False, present=False)),
            announced=Count("id", filter=Q(announced=True)),
        )
    }
    summaries = []
    for day in days:
        c = counts.get(day.pk, {})
        summaries.append(
            DaySummary(
                day=day,
                booked=booked.get(day.occasion_id, 0),
                marked=c.get("marked", 0),
                absent=c.get("absent", 0),
                announced=c.get("announced", 0),
            )
        )
    return summaries


def days_to_take(*, actor: Any, today: datetime.date | None = None) -> list[DaySummary]:
    """Today's and the recent course days (the last ``RECENT_DAYS``) whose attendance ``actor`` may take,
    today's first. Crosses no scope: the occasions are those the actor sees and may take attendance for."""
    today = today or timezone.localdate()
    days = [
        day
        for day in policy.visible(
            actor,
            CourseDay.objects.filter(
                date__lte=today,
                date__gte=today - datetime.timedelta(days=RECENT_DAYS),
                occasion__status=OccasionStatus.PLANNED,
            ),
        )
        .select_related("occasion", "occasion__course")
        .order_by("-date", "starts", "id")
        if policy.can(actor, "occasions.take_attendance", day.occasion)
    ]
    return day_summaries(days=days)


# --- the exports ---------------------------------------------------------------------------------------


#: The order of the participant list: those with a place first, then those waiting, then the rest.
_STATE_ORDER: dict[str, int] = {
    str(state): i
    for i, state in enumerate(
        [
            *PLACE_STATES,
            RegistrationState.REQUESTED,
            RegistrationState.WAITLISTED,
            RegistrationState.CANCELLED_LATE,
            RegistrationState.CANCELLED,
            RegistrationState.DECLINED,
        ]
    )
}


def participants_of(*, occasion: Occasion) -> list[Registration]:
    """Every registration on the occasion, whatever its state: booked first, the waitlist in its order,
    then cancelled and declined ones; by name within each. Two queries."""
    registrations = list(_with_people(Registration.objects.filter(occasion=occasion)))
    return sorted(
        registrations,
        key=lambda r: (
            _STATE_ORDER.get(r.state, 99),
            r.position or 0,
            r.user.last_name.lower(),
            r.user.first_name.lower(),
            r.pk,
        ),
    )


@dataclass
class AttendanceSheetRow:
    registration: Registration
    marks: list[DayAttendance | None]  # one per course day, in day order; None: not taken


def attendance_per_day(*, occasion: Occasion) -> tuple[list[CourseDay], list[AttendanceSheetRow]]:
    """The occasion's days, and one row per registration holding a place (and per late cancellation,
    which billing needs) with its mark for each day. Four queries."""
    days = list(occasion.days.all())
    registrations = list(
        _with_people(
            Registration.objects.filter(occasion=occasion, state__in=[*PLACE_STATES, RegistrationState.CANCELLED_LATE])
        ).order_by("user__last_name", "user__first_name", "id")
    )
    marks: dict[tuple[int, int], DayAttendance] = {
        (m.registration_id, m.course_day_id): m for m in DayAttendance.objects.filter(registration__occasion=occasion)
    }
    rows = [AttendanceSheetRow(registration=r, marks=[marks.get((r.pk, d.pk)) for d in days]) for r in registrations]
    return days, rows

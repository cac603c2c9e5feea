"""Reads of occasions for the other apps: a person's bookings and attendance."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet

from ..models import PLACE_STATES, CourseDay, DayAttendance, Registration, RegistrationState


def registrations_of(*, user_id: int, course_ids: Iterable[int] | None = None) -> QuerySet[Registration]:
    """A person's booked and waitlisted registrations, with their occasion and course days."""
    qs = Registration.objects.filter(user_id=user_id, state__in=[*PLACE_STATES, RegistrationState.WAITLISTED])
    if course_ids is not None:
        qs = qs.filter(occasion__course_id__in=list(course_ids))
    return qs.select_related("occasion", "occasion__region").prefetch_related("occasion__days").order_by("id")


def attended_all_days(*, user_id: int, course_id: int) -> tuple[int, bool]:
    """(days attended on the course, and whether every day of one booked occasion was attended)."""
    marks = list(
        DayAttendance.objects.filter(
            registration__user_id=user_id,
            registration__state__in=PLACE_STATES,
            registration__occasion__course_id=course_id,
            present=True,
        ).values_list("registration__occasion_id", "course_day_id")
    )
    if not marks:
        return 0, False
    attended: dict[int, set[int]] = {}
    for occasion_id, day_id in marks:
        attended.setdefault(occasion_id, set()).add(day_id)
    days: dict[int, set[int]] = {}
    for occasion_id, day_id in CourseDay.objects.filter(occasion_id__in=attended).values_list("occasion_id", "id"):
        days.setdefault(occasion_id, set()).add(day_id)
    complete = any(days.get(occ) and days[occ] <= got for occ, got in attended.items())
    return len(marks), complete


def course_days_between(*, start: datetime.date, end: datetime.date) -> QuerySet[CourseDay]:
    """Every course day in [start, end], nation-wide: for background jobs (reminders) only."""
    return CourseDay.objects.filter(date__gte=start, date__lte=end).select_related("occasion", "occasion__course")


def booked_people(*, occasion_ids: Iterable[int]) -> QuerySet[Registration]:
    return Registration.objects.filter(occasion_id__in=list(occasion_ids), state__in=PLACE_STATES)

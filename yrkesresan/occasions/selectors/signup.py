"""What a person may sign up for, and where they stand on it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yrkesresan.accounts.models import User

from ..models import (
    ACTIVE_STATES,
    PLACE_STATES,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
)
from ..services.registrations import _person_place, signup_refusal


@dataclass(frozen=True)
class OpenOccasion:
    occasion: Occasion
    places_left: int
    waiting: int
    #: The person's own sign-up on it (requested, booked or waitlisted), if any.
    registration: Registration | None
    #: Why the person may not sign up now (None: they may).
    refusal: str | None


def occasions_for_place(person: User, *, today: datetime.date | None = None) -> QuerySet[Occasion]:
    """Planned occasions that have not ended and whose place and targets include the person's workplace."""
    today = today or timezone.localdate()
    regions, municipalities, units = _person_place(person)
    targets_m = Occasion.target_municipalities.through.objects.filter(occasion_id=OuterRef("pk"))
    targets_u = Occasion.target_units.through.objects.filter(occasion_id=OuterRef("pk"))
    return (
        Occasion.objects.filter(status=OccasionStatus.PLANNED)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=today))
        .filter(Q(region__isnull=True) | Q(region_id__in=regions))
        .filter(Q(municipality__isnull=True) | Q(municipality_id__in=municipalities))
        .filter(Q(unit__isnull=True) | Q(unit_id__in=units))
        .filter(~Exists(targets_m) | Exists(targets_m.filter(municipality_id__in=municipalities)))
        .filter(~Exists(targets_u) | Exists(targets_u.filter(unit_id__in=units)))
    )


def occasions_open_to(
    person: User, *, course_ids: Iterable[int] | None = None, now: datetime.datetime | None = None
) -> list[OpenOccasion]:
    """The coming occasions of the courses (all courses if None) that the person's workplace may sign
    up for, first day first, each with its places left, the person's own sign-up and, if they may not
    sign up now, why (registration not open yet, closed, not on the target level...)."""
    now = now or timezone.now()
    qs = occasions_for_place(person, today=timezone.localdate(now))
    if course_ids is not None:
        qs = qs.filter(course_id__in=list(course_ids))
    qs = (
        qs.annotate(
            held=Count("registrations", filter=Q(registrations__state__in=PLACE_STATES), distinct=True),
            queued=Count("registrations", filter=Q(registrations__state=RegistrationState.WAITLISTED), distinct=True),
        )
        .select_related("course", "region", "municipality", "unit")
        .prefetch_related("days")
        .order_by("first_day", "id")
    )
    occasions = list(qs[:200])
    mine = {
        r.occasion_id: r
        for r in Registration.objects.filter(
            user=person, occasion_id__in=[o.pk for o in occasions], state__in=ACTIVE_STATES
        )
    }
    result = []
    for occasion in occasions:
        registration = mine.get(occasion.pk)
        result.append(
            OpenOccasion(
                occasion=occasion,
                places_left=max(0, occasion.capacity - occasion.held),
                waiting=occasion.queued,
                registration=registration,
                refusal=None if registration else signup_refusal(occasion, person, now=now),
            )
        )
    return result

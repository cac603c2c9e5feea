"""Reads for the planning pages: the list and the month calendar of occasions, one occasion's
participants and kept places, and venues booked twice at the same time."""

from __future__ import annotations

import calendar
import datetime
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import has_role
from yrkesresan.core import policy

from ..models import (
    ACTIVE_STATES,
    PLACE_STATES,
    CourseDay,
    DayMode,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
    SeatQuota,
)
from ..services.planning import copy_shift

#: Who reads the list and calendar of occasions without planning: they choose and book people on them.
BROWSING_ROLES = (Role.MANAGER, Role.MUNICIPAL_ADMIN, Role.TRAINER)


def can_browse(actor: Any, obj: Any = None) -> bool:
    """The planners, and the managers, k-admins and trainers (who read, to book and to teach)."""
    return policy.can(actor, "occasions.plan") or has_role(actor, *BROWSING_ROLES)


def _count(state_filter: Q) -> Coalesce:
    """The number of the occasion's registrations in some states, as a subquery: it is evaluated
    for the rows shown only (a page), never for every registration of the region."""
    rows = (
        Registration.objects.filter(state_filter, occasion_id=OuterRef("pk"))
        .order_by()
        .values("occasion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_counts(qs: QuerySet[Occasion]) -> QuerySet[Occasion]:
    """Occasions annotated with ``booked`` (holding a place), ``waitlisted`` and ``requested``."""
    return qs.annotate(
        booked=_count(Q(state__in=PLACE_STATES)),
        waitlisted=_count(Q(state=RegistrationState.WAITLISTED)),
        requested=_count(Q(state=RegistrationState.REQUESTED)),
    )


def occasion_list(
    *,
    actor: Any,
    region: Any = None,
    course: Any = None,
    municipality: Any = None,
    delivery_level: str | None = None,
    status: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    search: str = "",
    only_free: bool = False,
) -> QuerySet[Occasion]:
    """The occasions the actor sees, first day first, with their counts (see ``with_counts``).
    ``municipality`` finds the occasions given in it and the regional ones open to it."""
    qs = policy.visible(actor, Occasion.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    if course is not None:
        qs = qs.filter(course=course)
    if municipality is not None:
        targets = Occasion.target_municipalities.through.objects.filter(occasion_id=OuterRef("pk"))
        qs = qs.filter(
            Q(municipality=municipality)
            | (
                Q(municipality__isnull=True)
                & (Q(region_id=municipality.region_id) | Q(region__isnull=True))
                & (~Exists(targets) | Exists(targets.filter(municipality_id=municipality.pk)))
            )
        )
    if delivery_level:
        qs = qs.filter(delivery_level=delivery_level)
    if status:
        qs = qs.filter(status=status)
    if date_from is not None:
        qs = qs.filter(last_day__gte=date_from)
    if date_to is not None:
        qs = qs.filter(first_day__lte=date_to)
    search = search.strip()
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(course__title__icontains=search))
    qs = with_counts(qs)
    if only_free:
        qs = qs.filter(status=OccasionStatus.PLANNED).filter(**{"booked__lt": F("capacity")})
    return qs.select_related("course", "region", "municipality", "unit").order_by("first_day", "id")


def occasions_with_days(occasions: Iterable[Occasion]) -> list[Occasion]:
    """The rows of a page, each with ``day_list`` (its course days), ``venues`` (of its days on site),
    ``has_digital`` and ``clashes`` (whether one of its on-site days shares a venue and time with another
    occasion): two queries for the page."""
    rows = list(occasions)
    days_by_occasion: dict[int, list[CourseDay]] = defaultdict(list)
    days = list(CourseDay.objects.filter(occasion_id__in=[o.pk for o in rows]).order_by("date", "starts", "id"))
    for day in days:
        days_by_occasion[day.occasion_id].append(day)
    clashing = venue_clashes(days=days)
    for row in rows:
        occasion = cast(Any, row)  # the rows carry what the list shows
        occasion.day_list = days_by_occasion.get(occasion.pk, [])
        occasion.clashes = any(day.pk in clashing for day in occasion.day_list)
        occasion.venues = list(
            dict.fromkeys(d.venue for d in occasion.day_list if d.mode == DayMode.ON_SITE and d.venue)
        )
        occasion.has_digital = any(d.mode == DayMode.DIGITAL for d in occasion.day_list)
    return rows


# --- venues booked twice ------------------------------------------------------------------------------


def _normal(text: str) -> str:
    return re.sub(r"[\s,.;:-]+", " ", text or "").strip().casefold()


def venue_key(day: CourseDay) -> tuple[str, str] | None:
    """What says two on-site days are in the same room: the venue and address, ignoring case and spacing."""
    if day.mode != DayMode.ON_SITE or not _normal(day.venue):
        return None
    return _normal(day.venue), _normal(day.address)


def venue_clashes(
    *, days: Iterable[CourseDay] | None = None, occasion: Occasion | None = None, actor: Any = None
) -> dict[int, list[CourseDay]]:
    """For each on-site course day given (or of ``occasion``), the other planned occasions' on-site
    days at the same venue on the same date whose times overlap: {course day id: [clashing days]}.
    Days without a clash are left out. With ``actor``, only the clashing days they may see."""
    if days is None:
        if occasion is None:
            raise TypeError("venue_clashes needs days or an occasion")
        days = occasion.days.all()
    mine = [d for d in days if venue_key(d) is not None]
    if not mine:
        return {}
    candidates = CourseDay.objects.filter(
        date__in={d.date for d in mine}, mode=DayMode.ON_SITE, occasion__status=OccasionStatus.PLANNED
    ).exclude(venue="")
    if actor is not None:
        candidates = policy.visible(actor, candidates)
    by_date: dict[datetime.date, list[CourseDay]] = defaultdict(list)
    for other in candidates.select_related("occasion", "occasion__course"):
        by_date[other.date].append(other)
    result: dict[int, list[CourseDay]] = {}
    for day in mine:
        key = venue_key(day)
        found = [
            other
            for other in by_date.get(day.date, [])
            if other.occasion_id != day.occasion_id
            and venue_key(other) == key
            and other.starts < day.ends
            and day.starts < other.ends
        ]
        if found:
            result[day.pk] = found
    return result


# --- the month calendar -------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    """A course day as the calendar shows it."""

    day: CourseDay
    occasion: Occasion
    places_left: int


@dataclass
class CalendarMonth:
    year: int
    month: int
    #: Dates with course days, in order, each with its course days (earliest first).
    dates: list[tuple[datetime.date, list[CalendarDay]]] = field(default_factory=list)
    #: True when the month held more course days than the calendar shows (narrow the filters).
    capped: bool = False

    @property
    def first(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)

    @property
    def count(self) -> int:
        return sum(len(items) for _date, items in self.dates)


#: At most this many course days in one month's calendar: a large region holds some 600 a month, more than
#: anyone reads on one page (and a national month thousands); the page then asks for a course or a municipality.
CALENDAR_CAP = 250


def calendar_month(
    *, actor: Any, year: int, month: int, region: Any = None, course: Any = None, municipality: Any = None
) -> CalendarMonth:
    """The course days of the month of planned occasions the actor sees, grouped by date, each with its
    occasion, course and places left. One query, whatever the number of registrations."""
    start = datetime.date(year, month, 1)
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    occasions = occasion_list(actor=actor, region=region, course=course, municipality=municipality).filter(
        status=OccasionStatus.PLANNED
    )
    booked = (
        Registration.objects.filter(occasion_id=OuterRef("occasion_id"), state__in=PLACE_STATES)
        .order_by()
        .values("occasion_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        CourseDay.objects.filter(date__gte=start, date__lte=end, occasion__in=occasions.values("pk"))
        .annotate(booked=Coalesce(Subquery(booked, output_field=IntegerField()), Value(0)))
        .select_related("occasion", "occasion__course", "occasion__region", "occasion__municipality")
        .order_by("date", "starts", "id")
    )
    rows = list(qs[: CALENDAR_CAP + 1])
    result = CalendarMonth(year=year, month=month, capped=len(rows) > CALENDAR_CAP)
    grouped: dict[datetime.date, list[CalendarDay]] = {}
    for day in rows[:CALENDAR_CAP]:
        places_left = max(0, day.occasion.capacity - day.booked)
        grouped.setdefault(day.date, []).append(CalendarDay(day=day, occasion=day.occasion, places_left=places_left))
    result.dates = list(grouped.items())
    return result


# --- one occasion -------------------------------------------------------------------------------------


def occasion_get(*, actor: Any, pk: int) -> Occasion:
    """One occasion the actor sees, with its counts (404 when missing or out of sight)."""
    return policy.get_visible_or_404(
        actor,
        with_counts(Occasion.objects.select_related("course", "region", "municipality", "unit")),
        pk=pk,
    )


@dataclass
class Participants:
    booked: list[Registration]
    waitlisted: list[Registration]
    requested: list[Registration]
    ended: list[Registration]


def occasion_participants(*, actor: Any, occasion: Occasion) -> Participants:
    """The occasion's sign-ups as its planners see them: booked (and the outcome once held), the
    waitlist in order, those waiting for their manager's approval, and those cancelled or declined.
    Only for those who plan the occasion, who see every sign-up on it (the registrations' visibility
    rule says so); asking the general rule instead would weigh every person of the region."""
    policy.require(actor, "occasions.manage", occasion)
    rows = list(
        Registration.objects.filter(occasion=occasion)
        .select_related("user", "municipality_at_signup")
        .order_by("user__last_name", "user__first_name", "id")
    )
    return Participants(
        booked=[r for r in rows if r.state in PLACE_STATES],
        waitlisted=sorted((r for r in rows if r.state == RegistrationState.WAITLISTED), key=lambda r: r.position or 0),
        requested=[r for r in rows if r.state == RegistrationState.REQUESTED],
        ended=[
            r for r in rows if r.state not in (*PLACE_STATES, RegistrationState.WAITLISTED, RegistrationState.REQUESTED)
        ],
    )


@dataclass
class QuotaUse:
    quota: SeatQuota
    used: int

    @property
    def left(self) -> int:
        return max(0, self.quota.seats - self.used)


def occasion_quotas(*, occasion: Occasion) -> list[QuotaUse]:
    """The places kept per municipality, each with how many of its staff hold a place."""
    used = Counter(
        Registration.objects.filter(occasion=occasion, state__in=PLACE_STATES).values_list(
            "municipality_at_signup_id", flat=True
        )
    )
    return [QuotaUse(q, used.get(q.municipality_id, 0)) for q in occasion.quotas.select_related("municipality")]


def people_to_tell(*, occasion: Occasion) -> int:
    """How many sign-ups a change or cancellation of the occasion is told to."""
    return Registration.objects.filter(occasion=occasion, state__in=ACTIVE_STATES).count()


def copy_preview(*, occasion: Occasion, first_day: datetime.date) -> list[tuple[CourseDay, datetime.date]]:
    """Each course day of ``occasion`` with the date it gets in a copy starting on ``first_day``."""
    delta = copy_shift(occasion, first_day)
    return [(day, day.date + delta) for day in occasion.days.all()]


def default_copy_day(occasion: Occasion) -> datetime.date | None:
    """The same weekday 26 weeks later: the next term."""
    return occasion.first_day + datetime.timedelta(weeks=26) if occasion.first_day else None

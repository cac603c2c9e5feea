"""Reads for trainer teams: substitutes for a course day, a trainer's coming days, days taught.

Where a course day is held: in the occasion's municipality when it has one; otherwise in the
municipality of the occasion's region whose name the day's address (or else its venue) mentions,
e.g. "Kungsgatan 1, Avesta". A digital day, or a place we cannot tell, has no distance: such
candidates are ranked after those whose distance is known.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.accounts.scopes import REGIONAL_ROLES
from yrkesresan.catalog.models import Journey
from yrkesresan.core import policy
from yrkesresan.occasions.models import CourseDay, DayMode, DeliveryLevel, Occasion
from yrkesresan.organisations.models import Municipality, Region

from ..models import (
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    Unavailability,
    term_of,
    term_range_of,
)

MUNICIPAL_LEVELS = (DeliveryLevel.MUNICIPAL, DeliveryLevel.WORKPLACE)

# --- the pool ---------------------------------------------------------------------------------------


def pool_for(occasion: Occasion) -> QuerySet[TrainerProfile]:
    """The trainers an occasion draws from: the region's trainers for a regional occasion, the
    municipality's discussion leaders for a municipal or workplace-level one. None for a national one."""
    if occasion.delivery_level in MUNICIPAL_LEVELS and occasion.municipality_id is not None:
        return TrainerProfile.objects.filter(
            kind=TrainerKind.DISCUSSION_LEADER, home_municipality_id=occasion.municipality_id
        )
    if occasion.delivery_level == DeliveryLevel.REGIONAL and occasion.region_id is not None:
        return TrainerProfile.objects.filter(kind=TrainerKind.TRAINER, region_id=occasion.region_id)
    return TrainerProfile.objects.none()


def coordinators_of(occasion: Occasion) -> list[User]:
    """Who is told about a trainer's absence: the regional administrators and project leaders of the
    region, or, for a municipal or workplace-level occasion, the municipality's k-admins."""
    roles = RoleAssignment.objects.active()
    if occasion.delivery_level in MUNICIPAL_LEVELS and occasion.municipality_id is not None:
        holders = roles.filter(role=Role.MUNICIPAL_ADMIN, municipality_id=occasion.municipality_id)
    elif occasion.region_id is not None:
        holders = roles.filter(role__in=REGIONAL_ROLES, region_id=occasion.region_id)
    else:
        return []
    return list(User.objects.filter(pk__in=holders.values("user_id"), is_active=True).order_by("pk"))


def days_this_term(trainer: TrainerProfile, on: datetime.date) -> int:
    """Course days the trainer teaches (or is booked to teach) in the term of ``on``; absences not counted."""
    start, end = term_range_of(on)
    return DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=start, date__lte=end).count()


def term_label(on: datetime.date) -> str:
    year, term = term_of(on)
    return f"{term} {year}"


# --- where a day is held, and how far away --------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance in kilometres."""
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(a)))


def _named_in(text: str, municipalities: list[Municipality]) -> Municipality | None:
    """The municipality whose name the text mentions as a word; the last one mentioned wins (an
    address ends with the town: "Falugatan 3, Borlänge" is in Borlänge)."""
    folded = text.casefold()
    best: tuple[int, Municipality] | None = None
    for municipality in municipalities:
        for match in re.finditer(rf"\b{re.escape(municipality.name.casefold())}\b", folded):
            if best is None or match.start() > best[0]:
                best = (match.start(), municipality)
    return best[1] if best else None


def place_of(course_day: CourseDay, occasion: Occasion) -> Municipality | None:
    """The municipality a course day is held in, or None when it is digital or cannot be told."""
    if course_day.mode == DayMode.DIGITAL:
        return None
    if occasion.municipality_id is not None:
        return occasion.municipality
    if occasion.region_id is None:
        return None
    municipalities = list(Municipality.objects.filter(region_id=occasion.region_id))
    for text in (course_day.address, course_day.venue):
        if text and (found := _named_in(text, municipalities)) is not None:
            return found
    return None


# --- substitutes ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A trainer who could step in on a course day, with what the ranking is based on."""

    trainer: TrainerProfile
    is_reserve: bool
    team_role: str | None
    distance_km: float | None
    days_this_term: int
    max_days: int

    @property
    def days_left(self) -> int:
        return self.max_days - self.days_this_term

    @property
    def reasons(self) -> list[str]:
        """Why the candidate stands where they do, for the coordinator to read."""
        reasons = []
        if self.is_reserve:
            reasons.append(_("Reserve for the occasion"))
        elif self.team_role:
            reasons.append(_("On the occasion's team"))
        if self.distance_km is None:
            reasons.append(_("Distance unknown"))
        else:
            reasons.append(_("%(km)d km away") % {"km": round(self.distance_km)})
        reasons.append(
            ngettext(
                "%(count)d of %(max)d course day this term",
                "%(count)d of %(max)d course days this term",
                self.max_days,
            )
            % {"count": self.days_this_term, "max": self.max_days}
        )
        return reasons


@dataclass
class Substitutes:
    course_day: CourseDay
    role: str
    place: Municipality | None
    candidates: list[Candidate] = field(default_factory=list)
    #: How many could step in in all (``candidates`` holds the best ``limit`` of them when one was given).
    total: int = 0


def substitutes_for(*, course_day: CourseDay, role: str = DayRole.TRAINER, limit: int | None = None) -> Substitutes:
    """The trainers who could take ``role`` on ``course_day`` in someone's place, best first.

    Candidates are in the occasion's pool, active, qualified for the course, not unavailable that day,
    not on any course day that date (an absent trainer is not free either) and have days left this term.
    The occasion's reserve comes first; then the nearest (their home municipality to where the day is
    held), those whose distance is unknown last; ties go to whoever has taught fewest days this term,
    then by name. The whole pool is ranked on plain values; only the best ``limit`` (all without one) are
    loaded as trainers. A handful of queries, whatever the size of the pool.
    """
    occasion = Occasion.objects.select_related("municipality").get(pk=course_day.occasion_id)
    day = course_day.date
    start, end = term_range_of(day)
    term_days = (
        DayAssignment.objects.filter(trainer=OuterRef("pk"), absent=False, date__gte=start, date__lte=end)
        .order_by()
        .values("trainer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    team_role = TeamMember.objects.filter(occasion_id=occasion.pk, trainer=OuterRef("pk")).values("role")[:1]
    rows = list(
        pool_for(occasion)
        .filter(active=True, user__is_active=True)
        .filter(Exists(Qualification.objects.filter(trainer=OuterRef("pk"), course_id=occasion.course_id)))
        .exclude(Exists(Unavailability.objects.filter(trainer=OuterRef("pk"), start__lte=day, end__gte=day)))
        .exclude(Exists(DayAssignment.objects.filter(trainer=OuterRef("pk"), date=day)))
        .annotate(
            taught=Coalesce(Subquery(term_days, output_field=IntegerField()), Value(0)),
            team_role=Subquery(team_role),
        )
        .filter(taught__lt=F("max_days_per_term"))
        .order_by()
        .values(
            "pk",
            "taught",
            "team_role",
            "max_days_per_term",
            "user__last_name",
            "user__first_name",
            "home_municipality__latitude",
            "home_municipality__longitude",
        )
    )
    place = place_of(course_day, occasion)
    here = (
        (float(place.latitude), float(place.longitude))
        if place is not None and place.latitude is not None and place.longitude is not None
        else None
    )

    def distance(row: dict[str, Any]) -> float | None:
        lat, lon = row["home_municipality__latitude"], row["home_municipality__longitude"]
        if here is None or lat is None or lon is None:
            return None
        return haversine_km(here[0], here[1], float(lat), float(lon))

    ranked = sorted(
        ((row, distance(row)) for row in rows),
        key=lambda pair: (
            pair[0]["team_role"] != TeamRole.RESERVE,
            pair[1] is None,
            round(pair[1] or 0.0, 1),
            pair[0]["taught"],
            (pair[0]["user__last_name"] or "").casefold(),
            (pair[0]["user__first_name"] or "").casefold(),
            pair[0]["pk"],
        ),
    )
    best = ranked if limit is None else ranked[:limit]
    trainers = TrainerProfile.objects.select_related("user", "home_municipality").in_bulk(
        [row["pk"] for row, _d in best]
    )
    candidates = [
        Candidate(
            trainer=trainers[row["pk"]],
            is_reserve=row["team_role"] == TeamRole.RESERVE,
            team_role=row["team_role"],
            distance_km=km,
            days_this_term=row["taught"],
            max_days=row["max_days_per_term"],
        )
        for row, km in best
    ]
    return Substitutes(course_day=course_day, role=role, place=place, candidates=candidates, total=len(ranked))


# --- a trainer's days ------------------------------------------------------------------------------


@dataclass
class ComingDay:
    """One course day the trainer is on: the day, its occasion and course, who leads and trains that
    day, and the occasion's whole team."""

    assignment: DayAssignment
    day_team: list[DayAssignment]
    team: list[TeamMember]

    @property
    def course_day(self) -> CourseDay:
        return self.assignment.course_day

    @property
    def occasion(self) -> Occasion:
        return self.assignment.course_day.occasion


def trainer_coming_days(
    *, trainer: TrainerProfile, today: datetime.date | None = None, limit: int = 50
) -> list[ComingDay]:
    """The trainer's course days from ``today`` on, soonest first, with times, place, the day's team and
    the occasion's team (days reported absent included, marked by ``assignment.absent``). Three queries."""
    today = today or timezone.localdate()
    assignments = list(
        DayAssignment.objects.filter(trainer=trainer, date__gte=today)
        .select_related(
            "course_day__occasion__course", "course_day__occasion__region", "course_day__occasion__municipality"
        )
        .order_by("date", "course_day__starts", "pk")[:limit]
    )
    if not assignments:
        return []
    occasion_ids = {a.course_day.occasion_id for a in assignments}
    team: dict[int, list[TeamMember]] = defaultdict(list)
    for member in (
        TeamMember.objects.filter(occasion_id__in=occasion_ids)
        .select_related("trainer__user", "trainer__home_municipality")
        .order_by("occasion_id", "role", "trainer__user__last_name", "trainer__user__first_name")
    ):
        team[member.occasion_id].append(member)
    day_team: dict[int, list[DayAssignment]] = defaultdict(list)
    for other in (
        DayAssignment.objects.filter(course_day_id__in={a.course_day_id for a in assignments}, absent=False)
        .select_related("trainer__user")
        .order_by("course_day_id", "role", "trainer__user__last_name")
    ):
        day_team[other.course_day_id].append(other)
    return [
        ComingDay(assignment=a, day_team=day_team[a.course_day_id], team=team[a.course_day.occasion_id])
        for a in assignments
    ]


def occasion_team(*, occasion: Occasion) -> list[TeamMember]:
    """The occasion's team: course leader, trainers, reserve."""
    order: dict[str, int] = {TeamRole.LEADER: 0, TeamRole.TRAINER: 1, TeamRole.RESERVE: 2}
    members = list(
        TeamMember.objects.filter(occasion=occasion).select_related("trainer__user", "trainer__home_municipality")
    )
    return sorted(members, key=lambda m: (order.get(m.role, 9), m.trainer.user.last_name, m.trainer.pk))


def day_history(*, course_day: CourseDay) -> list[DayAssignmentEvent]:
    """Every change of who leads and trains the day, oldest first."""
    return list(
        DayAssignmentEvent.objects.filter(course_day=course_day)
        .select_related("trainer__user", "other_trainer__user", "by")
        .order_by("at", "pk")
    )


# --- days taught: the basis of the trainer pot ------------------------------------------------------


@dataclass(frozen=True)
class TaughtRow:
    trainer_id: int
    name: str
    municipality_id: int
    municipality: str
    days_led: int
    days_trained: int

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained


def _counted_for_pot(
    qs: QuerySet[DayAssignment],
    *,
    start: datetime.date,
    end: datetime.date,
    region: Region | None,
    today: datetime.date | None,
) -> QuerySet[DayAssignment]:
    """The days that count as taught: held (not after ``today``), not absent, on regional occasions."""
    last = min(end, today or timezone.localdate())
    # Regional occasions only: municipal and workplace-level courses cost the region nothing and their
    # discussion leaders are not lent. Days held on an occasion cancelled later were still taught.
    qs = qs.filter(
        absent=False, date__gte=start, date__lte=last, course_day__occasion__delivery_level=DeliveryLevel.REGIONAL
    )
    if region is not None:
        qs = qs.filter(course_day__occasion__region_id=region.pk)
    return qs


def _taught(
    qs: QuerySet[DayAssignment],
    *,
    start: datetime.date,
    end: datetime.date,
    region: Region | None,
    municipality: Municipality | None,
    today: datetime.date | None,
    journey: Journey | None = None,
) -> list[TaughtRow]:
    qs = _counted_for_pot(qs, start=start, end=end, region=region, today=today)
    if municipality is not None:
        qs = qs.filter(lending_municipality_id=municipality.pk)
    if journey is not None:
        qs = qs.filter(course_day__occasion__course__journey_id=journey.pk)
    rows = (
        qs.order_by()
        .values(
            "trainer_id",
            "trainer__user__first_name",
            "trainer__user__last_name",
            "trainer__user__username",
            "lending_municipality_id",
            "lending_municipality__name",
        )
        .annotate(
            led=Count("pk", filter=Q(role=DayRole.LEADER)),
            trained=Count("pk", filter=Q(role=DayRole.TRAINER)),
        )
    )
    result = [
        TaughtRow(
            trainer_id=row["trainer_id"],
            name=f"{row['trainer__user__first_name']} {row['trainer__user__last_name']}".strip()
            or row["trainer__user__username"],
            municipality_id=row["lending_municipality_id"],
            municipality=row["lending_municipality__name"],
            days_led=row["led"],
            days_trained=row["trained"],
        )
        for row in rows
    ]
    return sorted(result, key=lambda r: (r.municipality.casefold(), r.name.casefold(), r.trainer_id))


def days_taught(
    *,
    actor: Any,
    start: datetime.date,
    end: datetime.date,
    region: Region | None = None,
    municipality: Municipality | None = None,
    today: datetime.date | None = None,
    journey: Journey | None = None,
) -> list[TaughtRow]:
    """Days taught from ``start`` to ``end`` (inclusive, and not after ``today``) per trainer and lending
    municipality: days led and days trained, on regional occasions (of courses of ``journey``, if given).
    Absences and days not yet held do not count; a substitute's day counts for the substitute. Only what
    ``actor`` may see."""
    visible = policy.visible(actor, DayAssignment.objects.all())
    return _taught(
        visible, start=start, end=end, region=region, municipality=municipality, today=today, journey=journey
    )


def days_taught_for_pot(
    *, region: Region, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[TaughtRow]:
    """The same rows for the whole region, unscoped: what billing's trainer pot is computed from (a
    background run, not a person's page)."""
    return _taught(DayAssignment.objects.all(), start=start, end=end, region=region, municipality=None, today=today)


@dataclass(frozen=True)
class TaughtDay:
    """One course day one trainer taught, as the trainer pot counts it."""

    trainer_id: int
    name: str
    municipality_id: int
    municipality: str
    course_day_id: int
    date: datetime.date
    occasion_id: int
    occasion: str
    role: str  # DayRole: leader or trainer


def days_taught_for_pot_by_day(
    *, region: Region, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[TaughtDay]:
    """The same days as ``days_taught_for_pot``, one row per trainer and course day (unscoped, for
    billing's trainer pot, which shows its calculation day by day)."""
    qs = _counted_for_pot(DayAssignment.objects.all(), start=start, end=end, region=region, today=today)
    rows = qs.order_by("date", "course_day_id", "role", "pk").values_list(
        "trainer_id",
        "trainer__user__first_name",
        "trainer__user__last_name",
        "trainer__user__username",
        "lending_municipality_id",
        "lending_municipality__name",
        "course_day_id",
        "date",
        "course_day__occasion_id",
        "course_day__occasion__course__title",
        "course_day__occasion__name",
        "role",
    )
    return [
        TaughtDay(
            trainer_id=t_id,
            name=f"{first} {last}".strip() or username,
            municipality_id=m_id,
            municipality=m_name,
            course_day_id=cd_id,
            date=date,
            occasion_id=o_id,
            occasion=f"{title} {o_name}".strip(),
            role=role,
        )
        for t_id, first, last, username, m_id, m_name, cd_id, date, o_id, title, o_name, role in rows
    ]

"""Reads for the coordinator's pages on an occasion's team and its course days: the team page's grid of
days × who leads and trains them (with the absences and who stepped in), the pool a member is added
from, who is not free to step in on a day and why, and the absences still to cover across the
occasions a person coordinates.

Every function here asks a fixed number of queries, however many days, people and occasions there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, is_system_admin, role_scope
from yrkesresan.core import policy
from yrkesresan.occasions.models import CourseDay, DeliveryLevel, Occasion, OccasionStatus

from ..models import (
    DayAssignment,
    DayRole,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerProfile,
    Unavailability,
    term_range_of,
)
from .teams import MUNICIPAL_LEVELS, pool_for, term_label

#: How far ahead the absences page looks for course days that still lack a course leader or a trainer.
UNSTAFFED_HORIZON_DAYS = 90
#: At most this many rows in each list of the absences page (the nearest first).
ABSENCES_LIMIT = 200

_TEAM_ORDER: dict[str, int] = {TeamRole.LEADER: 0, TeamRole.TRAINER: 1, TeamRole.RESERVE: 2}


def _days_in_term(term_start: datetime.date, term_end: datetime.date, trainer_ref: str = "pk") -> Coalesce:
    """Course days a trainer teaches (or is booked to teach) in the term, absences not counted: an
    annotation, so that a list of trainers is counted in the same query."""
    counted = (
        DayAssignment.objects.filter(
            trainer=OuterRef(trainer_ref), absent=False, date__gte=term_start, date__lte=term_end
        )
        .order_by()
        .values("trainer")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def days_text(count: int, maximum: int, term: str) -> str:
    """ "1 of 2 course days VT 2027": what a trainer has taken of the days their manager allows."""
    return ngettext(
        "%(count)d of %(max)d course day %(term)s",
        "%(count)d of %(max)d course days %(term)s",
        maximum,
    ) % {"count": count, "max": maximum, "term": term}


# --- the team page --------------------------------------------------------------------------------


@dataclass
class TeamRow:
    """A member of the team, with the course days they have in the term the page counts."""

    member: TeamMember
    days_this_term: int

    @property
    def trainer(self) -> TrainerProfile:
        return self.member.trainer

    @property
    def max_days(self) -> int:
        return self.member.trainer.max_days_per_term


@dataclass
class PoolRow:
    """Someone in the pool the occasion draws from, not on the team yet."""

    trainer: TrainerProfile
    qualified: bool
    days_this_term: int


@dataclass
class Absence:
    """An assignment reported absent, and the assignment of whoever stepped in (None: nobody yet)."""

    assignment: DayAssignment
    substitute: DayAssignment | None = None


@dataclass
class DayRow:
    """One course day of the occasion: who leads it, who trains, who is absent and who stepped in."""

    day: CourseDay
    leaders: list[DayAssignment] = field(default_factory=list)
    trainers: list[DayAssignment] = field(default_factory=list)
    absences: list[Absence] = field(default_factory=list)

    @property
    def needs_leader(self) -> bool:
        return not self.leaders

    @property
    def needs_trainer(self) -> bool:
        return not self.trainers

    @property
    def to_cover(self) -> list[Absence]:
        return [a for a in self.absences if a.substitute is None]


@dataclass
class TeamGrid:
    occasion: Occasion
    #: The term the days are counted in ("VT 2027"): that of the occasion's next course day.
    term: str
    team: list[TeamRow]
    days: list[DayRow]
    pool: list[PoolRow]
    today: datetime.date

    @property
    def reserves(self) -> list[TeamRow]:
        return [row for row in self.team if row.member.role == TeamRole.RESERVE]

    @property
    def leader(self) -> TeamRow | None:
        return next((row for row in self.team if row.member.role == TeamRole.LEADER), None)


def _count_from(days: list[CourseDay], today: datetime.date) -> datetime.date:
    """The date whose term the page counts days in: the next course day, else the last one, else today."""
    coming = [d.date for d in days if d.date >= today]
    if coming:
        return min(coming)
    return max((d.date for d in days), default=today)


def _pair_absences(assignments: list[DayAssignment]) -> dict[int, DayRow]:
    """Sort one occasion's assignments into their days; an absence is paired with whoever replaces the
    absent trainer that day (their assignment names the trainer in ``substitute_for``)."""
    rows: dict[int, DayRow] = {}
    replacing: dict[tuple[int, int], DayAssignment] = {}
    for a in assignments:
        if a.substitute_for_id is not None:
            key = (a.course_day_id, a.substitute_for_id)
            # A substitute who is absent too still counts as having stepped in: their own absence is
            # what is left to cover.
            if key not in replacing or (replacing[key].absent and not a.absent):
                replacing[key] = a
    for a in assignments:
        row = rows.setdefault(a.course_day_id, DayRow(day=a.course_day))
        if a.absent:
            row.absences.append(Absence(assignment=a, substitute=replacing.get((a.course_day_id, a.trainer_id))))
        elif a.role == DayRole.LEADER:
            row.leaders.append(a)
        else:
            row.trainers.append(a)
    return rows


def team_grid(*, occasion: Occasion, today: datetime.date | None = None) -> TeamGrid:
    """Everything the team page shows: the team (course leader, trainers, reserve) with their days this
    term, the occasion's course days with who leads, trains and is absent, and the rest of the pool with
    whether each is qualified for the course. Four queries."""
    today = today or timezone.localdate()
    days = list(CourseDay.objects.filter(occasion_id=occasion.pk).order_by("date", "starts", "pk"))
    counted_on = _count_from(days, today)
    start, end = term_range_of(counted_on)
    members = list(
        TeamMember.objects.filter(occasion_id=occasion.pk)
        .select_related("trainer__user", "trainer__home_municipality")
        .annotate(taught=_days_in_term(start, end, "trainer_id"))
    )
    members.sort(
        key=lambda m: (
            _TEAM_ORDER.get(m.role, 9),
            m.trainer.user.last_name.casefold(),
            m.trainer.user.first_name.casefold(),
            m.pk,
        )
    )
    team = [TeamRow(member=m, days_this_term=m.taught) for m in members]
    assignments = list(
        DayAssignment.objects.filter(course_day__occasion_id=occasion.pk)
        .select_related("trainer__user", "trainer__home_municipality", "substitute_for__user", "absent_reported_by")
        .order_by("course_day_id", "role", "trainer__user__last_name", "trainer__user__first_name", "pk")
    )
    by_day = {d.pk: d for d in days}
    for a in assignments:
        a.course_day = by_day[a.course_day_id]
    rows = _pair_absences(assignments)
    pool_rows = (
        pool_for(occasion)
        .filter(active=True, user__is_active=True)
        .exclude(pk__in=[m.trainer_id for m in members])
        .select_related("user", "home_municipality")
        .annotate(
            qualified=Exists(Qualification.objects.filter(trainer=OuterRef("pk"), course_id=occasion.course_id)),
            taught=_days_in_term(start, end),
        )
        .order_by("-qualified", "user__last_name", "user__first_name", "pk")
    )
    return TeamGrid(
        occasion=occasion,
        term=term_label(counted_on),
        team=team,
        days=[rows.get(d.pk) or DayRow(day=d) for d in days],
        pool=[PoolRow(trainer=p, qualified=p.qualified, days_this_term=p.taught) for p in pool_rows],
        today=today,
    )


def replacement_of(assignment: DayAssignment) -> DayAssignment | None:
    """Whoever stepped in for ``assignment``'s trainer on that day (None: nobody yet)."""
    return (
        DayAssignment.objects.filter(course_day_id=assignment.course_day_id, substitute_for_id=assignment.trainer_id)
        .select_related("trainer__user")
        .order_by("absent", "-pk")
        .first()
    )


# --- who cannot step in, and why -------------------------------------------------------------------


@dataclass(frozen=True)
class NotFree:
    """A qualified trainer of the pool who cannot step in on the day, and why."""

    trainer: TrainerProfile
    reasons: list[str]


def _not_free(*, course_day: CourseDay, occasion: Occasion, exclude: list[int] | None = None) -> QuerySet:
    day = course_day.date
    start, end = term_range_of(day)
    return (
        pool_for(occasion)
        .filter(active=True, user__is_active=True)
        .filter(Exists(Qualification.objects.filter(trainer=OuterRef("pk"), course_id=occasion.course_id)))
        .exclude(pk__in=exclude or [])
        .annotate(
            is_unavailable=Exists(Unavailability.objects.filter(trainer=OuterRef("pk"), start__lte=day, end__gte=day)),
            is_booked=Exists(DayAssignment.objects.filter(trainer=OuterRef("pk"), date=day)),
            taught=_days_in_term(start, end),
        )
        .filter(Q(is_unavailable=True) | Q(is_booked=True) | Q(taught__gte=F("max_days_per_term")))
    )


def not_free_count(*, course_day: CourseDay, occasion: Occasion, exclude: list[int] | None = None) -> int:
    """How many ``not_free_for`` would list without a limit. One query."""
    return _not_free(course_day=course_day, occasion=occasion, exclude=exclude).count()


def not_free_for(
    *, course_day: CourseDay, occasion: Occasion, exclude: list[int] | None = None, limit: int | None = None
) -> list[NotFree]:
    """The active, qualified trainers of the occasion's pool who are left out of the substitutes for the
    day, each with the reasons: unavailable, already on a course day that date, or no days left this
    term; by name, the first ``limit`` (all without one). One query."""
    rows = (
        _not_free(course_day=course_day, occasion=occasion, exclude=exclude)
        .select_related("user", "home_municipality")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    if limit is not None:
        rows = rows[:limit]
    result = []
    for row in rows:
        reasons = []
        if row.is_unavailable:
            reasons.append(_("Not available that day"))
        if row.is_booked:
            reasons.append(_("Already on a course day that date"))
        if row.taught >= row.max_days_per_term:
            reasons.append(_("No course days left this term"))
        result.append(NotFree(trainer=row, reasons=reasons))
    return result


# --- absences to cover, across the occasions one coordinates ----------------------------------------


def _coordinated(actor: Any, prefix: str = "") -> Q:
    """The occasions ``actor`` forms teams for (the rule ``trainers.coordinate`` on an occasion, as a
    filter): the regional roles every occasion of their region, a k-admin the municipal and
    workplace-level occasions of their municipality, a system admin all."""
    if is_system_admin(actor):
        return Q()
    regional = role_scope(actor, *REGIONAL_ROLES).regions
    kadmin = role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities
    return Q(**{f"{prefix}region_id__in": regional}) | Q(
        **{f"{prefix}delivery_level__in": MUNICIPAL_LEVELS, f"{prefix}municipality_id__in": kadmin}
    )


def absences_to_cover(
    *, actor: Any, today: datetime.date | None = None, limit: int = ABSENCES_LIMIT
) -> list[DayAssignment]:
    """Coming course days where a trainer is reported absent and nobody steps in yet, on the occasions
    ``actor`` coordinates (cancelled ones left out), soonest first. One query."""
    today = today or timezone.localdate()
    stepped_in = DayAssignment.objects.filter(
        course_day_id=OuterRef("course_day_id"), substitute_for_id=OuterRef("trainer_id")
    )
    qs: QuerySet[DayAssignment] = (
        DayAssignment.objects.filter(absent=True, date__gte=today)
        .filter(_coordinated(actor, "course_day__occasion__"))
        .exclude(course_day__occasion__status=OccasionStatus.CANCELLED)
        .exclude(Exists(stepped_in))
    )
    return list(
        policy.visible(actor, qs)
        .select_related(
            "course_day__occasion__course",
            "course_day__occasion__region",
            "course_day__occasion__municipality",
            "trainer__user",
            "trainer__home_municipality",
        )
        .order_by("date", "course_day__starts", "pk")[:limit]
    )


def unstaffed_days(
    *,
    actor: Any,
    today: datetime.date | None = None,
    horizon: int = UNSTAFFED_HORIZON_DAYS,
    limit: int = ABSENCES_LIMIT,
) -> list[CourseDay]:
    """Course days in the next ``horizon`` days, on the occasions ``actor`` coordinates, that have no
    course leader, or (a regional occasion) no trainer besides. Each day has ``has_leader`` and
    ``has_trainer``. One query."""
    today = today or timezone.localdate()
    teaching = DayAssignment.objects.filter(course_day_id=OuterRef("pk"), absent=False)
    qs = (
        CourseDay.objects.filter(date__gte=today, date__lte=today + datetime.timedelta(days=horizon))
        .filter(_coordinated(actor, "occasion__"))
        .exclude(occasion__status=OccasionStatus.CANCELLED)
        .exclude(occasion__delivery_level=DeliveryLevel.NATIONAL)
        .annotate(
            has_leader=Exists(teaching.filter(role=DayRole.LEADER)),
            has_trainer=Exists(teaching.filter(role=DayRole.TRAINER)),
        )
        .filter(Q(has_leader=False) | Q(has_trainer=False, occasion__delivery_level=DeliveryLevel.REGIONAL))
    )
    return list(
        policy.visible(actor, qs)
        .select_related("occasion__course", "occasion__region", "occasion__municipality")
        .order_by("date", "starts", "pk")[:limit]
    )

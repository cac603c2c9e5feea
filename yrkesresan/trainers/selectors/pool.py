"""Reads for the coordinators' pool pages and the days-taught report.

The pool a person coordinates: a regional administrator or project leader the region's trainers and
the discussion leaders of its municipalities; a k-admin the trainers their municipality lends and its
discussion leaders; a system admin every pool. Everything here is narrowed by ``policy.visible`` first
and then to those pools, so a coordinator who is also a trainer elsewhere does not see that other
region's pool on these pages.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.accounts.scopes import REGIONAL_ROLES, is_system_admin, role_scope
from yrkesresan.catalog.models import Course, CourseKind
from yrkesresan.core import policy
from yrkesresan.occasions.models import OccasionStatus
from yrkesresan.organisations.models import Municipality, Region

from ..models import (
    AUTUMN,
    SPRING,
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    Qualification,
    TrainerKind,
    TrainerProfile,
    Unavailability,
    term_of,
    term_range,
    term_range_of,
)
from .teams import TaughtRow, days_taught, term_label

# --- whose pool ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolScope:
    """The pools a person coordinates: everything, some regions (all of a region's trainers and
    discussion leaders) and some municipalities (the trainers they lend and their discussion leaders)."""

    everything: bool
    regions: frozenset[int]
    municipalities: frozenset[int]

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.regions or self.municipalities)

    @property
    def adds_trainers(self) -> bool:
        """May put people in a region's trainer pool (k-admins keep only discussion leaders)."""
        return self.everything or bool(self.regions)

    def q(self, *, region: str = "region_id", municipality: str = "home_municipality_id") -> Q:
        if self.everything:
            return Q()
        return Q(**{f"{region}__in": self.regions}) | Q(**{f"{municipality}__in": self.municipalities})


def pool_scope(actor: Any) -> PoolScope:
    return PoolScope(
        everything=is_system_admin(actor),
        regions=role_scope(actor, *REGIONAL_ROLES).regions,
        municipalities=role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities,
    )


def pool_regions(*, actor: Any) -> QuerySet[Region]:
    """The regions whose pools the actor coordinates (all for a system admin), for a region filter."""
    scope = pool_scope(actor)
    regions = Region.objects.all() if scope.everything else Region.objects.filter(pk__in=scope.regions)
    return regions.order_by("name")


def pool_municipalities(*, actor: Any, region: Region | None = None) -> QuerySet[Municipality]:
    """The municipalities whose trainers or discussion leaders the actor coordinates."""
    scope = pool_scope(actor)
    municipalities = Municipality.objects.filter(scope.q(region="region_id", municipality="id"))
    if region is not None:
        municipalities = municipalities.filter(region_id=region.pk)
    return municipalities.order_by("name")


def teachable_courses() -> QuerySet[Course]:
    """The courses given on course days, which a trainer can be qualified for (not web courses)."""
    return (
        Course.objects.exclude(kind=CourseKind.WEB)
        .select_related("journey")
        .order_by("journey__order", "journey__name", "order", "title")
    )


def _pool(actor: Any) -> QuerySet[TrainerProfile]:
    return policy.visible(actor, TrainerProfile.objects.all()).filter(pool_scope(actor).q())


# --- the pool list ---------------------------------------------------------------------------------

#: What the pool list can show: all, the active ones (the default) or those no longer active.
STATUSES = ("active", "inactive", "all")


def pool_list(
    *,
    actor: Any,
    search: str = "",
    course: Course | None = None,
    municipality: Municipality | None = None,
    kind: str = "",
    status: str = "active",
    region: Region | None = None,
    today: datetime.date | None = None,
) -> QuerySet[TrainerProfile]:
    """The trainers and discussion leaders the actor coordinates, in name order, filtered: ``search``
    matches every word against name, username and e-mail; ``course`` those qualified for it.

    Each row has ``term_days`` (course days held or booked this term, absences not counted: what the
    allowance ``max_days_per_term`` is measured against), ``coming_days`` and ``next_day`` (the first
    coming course day), and its qualifications with their courses: two queries for a page, whatever
    its length."""
    today = today or timezone.localdate()
    start, end = term_range_of(today)
    qs = _pool(actor)
    for word in search.casefold().split()[:5]:
        qs = qs.filter(user__search_text__contains=word)
    if course is not None:
        qs = qs.filter(qualifications__course=course)
    if municipality is not None:
        qs = qs.filter(home_municipality=municipality)
    if region is not None:
        qs = qs.filter(region=region)
    if kind in TrainerKind.values:
        qs = qs.filter(kind=kind)
    if status == "active":
        qs = qs.filter(active=True)
    elif status == "inactive":
        qs = qs.filter(active=False)
    days = DayAssignment.objects.filter(trainer=OuterRef("pk"), absent=False).order_by().values("trainer")
    count = Count("pk")
    return (
        qs.select_related("user", "home_municipality")
        .prefetch_related(
            Prefetch(
                "qualifications", queryset=Qualification.objects.select_related("course").order_by("course__title")
            )
        )
        .annotate(
            term_days=Coalesce(
                Subquery(
                    days.filter(date__gte=start, date__lte=end).annotate(n=count).values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            ),
            coming_days=Coalesce(
                Subquery(days.filter(date__gte=today).annotate(n=count).values("n"), output_field=IntegerField()),
                Value(0),
            ),
            next_day=Subquery(
                DayAssignment.objects.filter(trainer=OuterRef("pk"), absent=False, date__gte=today)
                .order_by("date")
                .values("date")[:1]
            ),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


# --- one trainer -----------------------------------------------------------------------------------


def trainer_get(*, actor: Any, pk: Any) -> TrainerProfile:
    """A trainer or discussion leader in a pool the actor coordinates, or 404."""
    return policy.get_visible_or_404(
        actor,
        TrainerProfile.objects.filter(pool_scope(actor).q()).select_related("user", "home_municipality", "region"),
        pk=pk,
    )


@dataclass(frozen=True)
class TrainerDays:
    """How much the trainer teaches: this term against the allowance, and this year so far."""

    term: str
    term_days: int
    allowed: int
    year: int
    year_led: int
    year_trained: int

    @property
    def year_days(self) -> int:
        return self.year_led + self.year_trained

    @property
    def days_left(self) -> int:
        return max(0, self.allowed - self.term_days)


def trainer_days(*, trainer: TrainerProfile, today: datetime.date | None = None) -> TrainerDays:
    """This term's course days held or booked (what the allowance counts) and the course days taught
    this year up to ``today`` as course leader and as trainer (absences and cancelled occasions not
    counted, as in the days-taught report). One query."""
    today = today or timezone.localdate()
    start, end = term_range_of(today)
    year_start = datetime.date(today.year, 1, 1)
    held = Q(date__gte=year_start, date__lte=today) & ~Q(course_day__occasion__status=OccasionStatus.CANCELLED)
    counts = DayAssignment.objects.filter(trainer=trainer, absent=False).aggregate(
        term=Count("pk", filter=Q(date__gte=start, date__lte=end)),
        led=Count("pk", filter=held & Q(role=DayRole.LEADER)),
        trained=Count("pk", filter=held & Q(role=DayRole.TRAINER)),
    )
    return TrainerDays(
        term=term_label(today),
        term_days=counts["term"],
        allowed=trainer.max_days_per_term,
        year=today.year,
        year_led=counts["led"],
        year_trained=counts["trained"],
    )


def trainer_qualifications(*, trainer: TrainerProfile) -> list[Qualification]:
    return list(
        Qualification.objects.filter(trainer=trainer).select_related("course__journey").order_by("course__title")
    )


def trainer_unavailability(*, trainer: TrainerProfile, today: datetime.date | None = None) -> list[Unavailability]:
    """The periods the trainer cannot teach that have not ended yet, soonest first."""
    today = today or timezone.localdate()
    return list(Unavailability.objects.filter(trainer=trainer, end__gte=today).order_by("start", "pk"))


def trainer_history(*, actor: Any, trainer: TrainerProfile, limit: int = 20) -> list[DayAssignmentEvent]:
    """The latest changes of the trainer's course days (put on, reported absent, replaced, taken off,
    or stepping in for someone), newest first."""
    return list(
        policy.visible(actor, DayAssignmentEvent.objects.all())
        .filter(Q(trainer=trainer) | Q(other_trainer=trainer))
        .select_related("course_day__occasion__course", "trainer__user", "other_trainer__user", "by")
        .order_by("-at", "-pk")[:limit]
    )


# --- adding a person to a pool ---------------------------------------------------------------------

#: How many people a search on the "add" page shows.
PEOPLE_SHOWN = 20


def _with_roles(people: QuerySet[User]) -> QuerySet[User]:
    roles = RoleAssignment.objects.active().select_related("region", "municipality", "unit").order_by("role", "pk")
    return people.prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="current_roles"))


def people_to_add(*, actor: Any, search: str = "", chosen: Any = None, limit: int = PEOPLE_SHOWN) -> list[User]:
    """People the actor sees who are in no trainer pool yet, with their current roles, in name order:
    those matching every word of ``search``; without a search, those with the trainer role in a
    municipality whose trainers the actor keeps (the likely ones to add). The person ``chosen`` (an id)
    is kept among them, so a form shown again keeps its choice. At most ``limit`` + 1, so the page
    can say there are more."""
    candidates = policy.visible(actor, User.objects.filter(is_active=True)).filter(trainer_profile__isnull=True)
    people = candidates
    words = search.casefold().split()[:5]
    if words:
        for word in words:
            people = people.filter(search_text__contains=word)
    else:
        scope = pool_scope(actor)
        if not scope.adds_trainers:
            people = people.none()
        else:
            trainers = RoleAssignment.objects.active().filter(role=Role.TRAINER)
            if not scope.everything:
                trainers = trainers.filter(region_id__in=scope.regions)
            people = people.filter(pk__in=trainers.values("user_id"))
    if chosen is not None and str(chosen).isdigit():
        people = people | candidates.filter(pk=int(chosen))
    return list(_with_roles(people).order_by("last_name", "first_name", "username", "pk")[: limit + 1])


def person_for_pool(*, actor: Any, pk: Any) -> User | None:
    """An active person the actor sees, with their trainer profile if they have one (None: not found)."""
    try:
        return (
            policy.visible(actor, User.objects.filter(is_active=True))
            .select_related("trainer_profile")
            .filter(pk=int(pk))
            .first()
        )
    except (TypeError, ValueError):
        return None


def existing_profile(person: User) -> TrainerProfile | None:
    try:
        return person.trainer_profile
    except ObjectDoesNotExist:
        return None


# --- days taught -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: Any
    start: datetime.date
    end: datetime.date


def report_periods(today: datetime.date | None = None) -> list[Period]:
    """The quick choices of the report: this year, last year, this term and last term."""
    today = today or timezone.localdate()
    year, term = term_of(today)
    last_term = (year - 1, AUTUMN) if term == SPRING else (year, SPRING)
    return [
        Period("this_year", _("This year"), datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
        Period("last_year", _("Last year"), datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31)),
        Period("this_term", _("This term"), *term_range(year, term)),
        Period("last_term", _("Last term"), *term_range(*last_term)),
    ]


@dataclass(frozen=True)
class MunicipalityDays:
    """One lending municipality's days in the report: its trainers' rows and their sums."""

    municipality_id: int
    municipality: str
    rows: list[TaughtRow]

    @property
    def days_led(self) -> int:
        return sum(r.days_led for r in self.rows)

    @property
    def days_trained(self) -> int:
        return sum(r.days_trained for r in self.rows)

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained


@dataclass(frozen=True)
class DaysTaughtReport:
    start: datetime.date
    end: datetime.date
    #: The last day counted: ``end``, or today when the period has not ended (days not yet held do not count).
    counted_until: datetime.date
    rows: list[TaughtRow]
    municipalities: list[MunicipalityDays]

    @property
    def days_led(self) -> int:
        return sum(r.days_led for r in self.rows)

    @property
    def days_trained(self) -> int:
        return sum(r.days_trained for r in self.rows)

    @property
    def days(self) -> int:
        return self.days_led + self.days_trained

    @property
    def trainers(self) -> int:
        return len({r.trainer_id for r in self.rows})


def days_taught_report(
    *,
    actor: Any,
    start: datetime.date,
    end: datetime.date,
    region: Region | None = None,
    municipality: Municipality | None = None,
    today: datetime.date | None = None,
) -> DaysTaughtReport:
    """Days taught from ``start`` to ``end`` per trainer, role and lending municipality, with the sums
    per lending municipality and in all: what the trainer pot is shared out from.

    The rows are ``selectors.days_taught``'s (what the actor may see), kept to the municipalities whose
    trainers the actor coordinates or lends: a k-admin sees the days of the trainers their municipality
    lent, even a trainer who has since moved elsewhere."""
    today = today or timezone.localdate()
    rows = days_taught(actor=actor, start=start, end=end, region=region, municipality=municipality, today=today)
    scope = pool_scope(actor)
    if not scope.everything:
        allowed = set(pool_municipalities(actor=actor).values_list("pk", flat=True))
        rows = [r for r in rows if r.municipality_id in allowed]
    groups: dict[int, list[TaughtRow]] = defaultdict(list)
    names: dict[int, str] = {}
    for row in rows:
        groups[row.municipality_id].append(row)
        names[row.municipality_id] = row.municipality
    municipalities = [
        MunicipalityDays(municipality_id=pk, municipality=names[pk], rows=groups[pk])
        for pk in sorted(groups, key=lambda pk: (names[pk].casefold(), pk))
    ]
    return DaysTaughtReport(
        start=start, end=end, counted_until=min(end, today), rows=rows, municipalities=municipalities
    )

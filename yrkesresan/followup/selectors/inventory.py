"""Reads of the inventory survey and the planning suggestion built on it (also used by the API and the yearly
report).

- ``inventory_overview``: per journey and year, each municipality's reported staff and managers per level (or
  "not reported") with totals per level, and its venues. The regional roles see their region's
  municipalities; a k-admin their own.
- ``planning_suggestion``: for each led course of the journey, how many to plan for, course starts, course
  days, trainer-days and trainers, from the region's reported figures and its planning assumptions.

**Who a course is planned for.** A course is planned for the *managers* reported at its level when the
level is a managers' level: its code or name says *arbetsledare* or *chef* (BoU's ARBETSLEDARE/CHEF, say).
Every other course is planned for the *staff* reported at its level. Managers reported at other levels are
shown in the inventory but not planned for (they are the managers of those staff, not participants).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, is_system_admin, role_scope
from yrkesresan.catalog.models import Course, CourseKind, Journey, Level
from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Region

from ..models import InventoryLevel, InventoryReport, InventoryVenue, PlanningAssumptions

#: Used when a region has saved no assumptions for the journey and year.
DEFAULT_ASSUMPTIONS = {
    "group_size": 20,
    "share_per_year": 100,
    "terms_per_year": 2,
    "trainers_per_occasion": 3,
    "days_per_trainer": 4,
}


class DefaultAssumptions:
    """The defaults as attributes (what a saved ``PlanningAssumptions`` row has)."""

    group_size = DEFAULT_ASSUMPTIONS["group_size"]
    share_per_year = DEFAULT_ASSUMPTIONS["share_per_year"]
    terms_per_year = DEFAULT_ASSUMPTIONS["terms_per_year"]
    trainers_per_occasion = DEFAULT_ASSUMPTIONS["trainers_per_occasion"]
    days_per_trainer = DEFAULT_ASSUMPTIONS["days_per_trainer"]


_MANAGERS_LEVEL = re.compile(r"arbetsledare|chef|manager", re.IGNORECASE)


def is_managers_level(level: Level) -> bool:
    """A level meant for managers: its code or name says *arbetsledare*, *chef* (or *manager*)."""
    return bool(_MANAGERS_LEVEL.search(level.code) or _MANAGERS_LEVEL.search(level.name))


def ceil_div(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded up; 0 when there is nothing to divide (or nothing to divide by)."""
    if numerator <= 0 or denominator <= 0:
        return 0
    return -(-numerator // denominator)


# --- whose inventory ---------------------------------------------------------------------------------


def inventory_municipalities(actor: Any, region: Region | None = None) -> QuerySet[Municipality]:
    """The municipalities whose inventory ``actor`` reports or corrects (``followup.report_inventory``): all of
    their region's for the regional roles, their own for a k-admin, every one for system admins."""
    qs = Municipality.objects.select_related("region").order_by("name")
    if region is not None:
        qs = qs.filter(region=region)
    if is_system_admin(actor):
        return qs
    regional = role_scope(actor, *REGIONAL_ROLES).regions
    kadmin = role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities
    if not regional and not kadmin:
        return qs.none()
    return qs.filter(Q(region_id__in=regional) | Q(pk__in=kadmin))


def inventory_regions(actor: Any) -> list[Region]:
    """The regions in which ``actor`` sees some municipality's inventory."""
    ids = inventory_municipalities(actor).values("region_id")
    return list(Region.objects.filter(pk__in=ids).order_by("name"))


def planning_regions(actor: Any) -> list[Region]:
    """The regions whose planning ``actor`` may see and change (``followup.plan``)."""
    return [r for r in Region.objects.order_by("name") if policy.can(actor, "followup.plan", r)]


def inventory_report_get(
    actor: Any, *, municipality: Municipality, journey: Journey, year: int
) -> InventoryReport | None:
    """The municipality's report for the journey and year, if there is one and ``actor`` sees it."""
    qs = InventoryReport.objects.filter(municipality=municipality, journey=journey, year=year).prefetch_related(
        Prefetch("levels", queryset=InventoryLevel.objects.select_related("level")), "venues"
    )
    return policy.visible(actor, qs).first()


def journey_levels(journey: Journey) -> list[Level]:
    return list(Level.objects.filter(journey=journey).order_by("order", "id"))


# --- the overview ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelFigures:
    level: Level
    staff: int
    managers: int


@dataclass(frozen=True)
class MunicipalityInventory:
    municipality: Municipality
    report: InventoryReport | None
    #: One per level of the journey, in order (zeros where not reported).
    figures: list[LevelFigures]
    venues: list[InventoryVenue]

    @property
    def reported(self) -> bool:
        return self.report is not None

    @property
    def staff(self) -> int:
        return sum(f.staff for f in self.figures)

    @property
    def managers(self) -> int:
        return sum(f.managers for f in self.figures)

    @property
    def largest_venue(self) -> InventoryVenue | None:
        return max(self.venues, key=lambda v: v.places, default=None)


@dataclass(frozen=True)
class InventoryOverview:
    region: Region
    journey: Journey
    year: int
    levels: list[Level]
    rows: list[MunicipalityInventory]
    #: Per level, in the order of ``levels``: the sums over the municipalities that reported.
    totals: list[LevelFigures]

    @property
    def reported(self) -> int:
        return sum(1 for r in self.rows if r.reported)

    @property
    def not_reported(self) -> list[Municipality]:
        return [r.municipality for r in self.rows if not r.reported]

    @property
    def staff(self) -> int:
        return sum(t.staff for t in self.totals)

    @property
    def managers(self) -> int:
        return sum(t.managers for t in self.totals)

    @property
    def venues(self) -> list[tuple[Municipality, InventoryVenue]]:
        return [(r.municipality, v) for r in self.rows for v in r.venues]


def inventory_overview(actor: Any, region: Region, journey: Journey, year: int) -> InventoryOverview:
    """Each municipality of ``region`` whose inventory ``actor`` sees (all of it for the regional roles, their
    own for a k-admin): its reported figures per level of ``journey`` in ``year``, or none, with totals per
    level. Five queries, however many municipalities."""
    levels = journey_levels(journey)
    municipalities = list(inventory_municipalities(actor, region))
    reports = policy.visible(
        actor,
        InventoryReport.objects.filter(
            journey=journey, year=year, municipality__in=[m.pk for m in municipalities]
        ).prefetch_related("levels", "venues"),
    )
    by_municipality = {r.municipality_id: r for r in reports}
    rows = []
    for municipality in municipalities:
        report = by_municipality.get(municipality.pk)
        counts = {row.level_id: row for row in report.levels.all()} if report else {}
        figures = [
            LevelFigures(
                level=lv,
                staff=counts[lv.pk].staff if lv.pk in counts else 0,
                managers=counts[lv.pk].managers if lv.pk in counts else 0,
            )
            for lv in levels
        ]
        rows.append(
            MunicipalityInventory(
                municipality=municipality,
                report=report,
                figures=figures,
                venues=list(report.venues.all()) if report else [],
            )
        )
    totals = [
        LevelFigures(
            level=lv,
            staff=sum(r.figures[i].staff for r in rows),
            managers=sum(r.figures[i].managers for r in rows),
        )
        for i, lv in enumerate(levels)
    ]
    return InventoryOverview(region=region, journey=journey, year=year, levels=levels, rows=rows, totals=totals)


def inventory_rows(overview: InventoryOverview) -> tuple[list[str], list[list[Any]]]:
    """The overview as a spreadsheet: a row per municipality (blank figures where not reported), then the
    totals."""
    header = [_("Municipality"), _("Reported")]
    for lv in overview.levels:
        header += [
            _("%(level)s: staff") % {"level": lv.name},
            _("%(level)s: managers") % {"level": lv.name},
        ]
    header += [_("Venues"), _("Largest venue (places)"), _("Note")]
    rows: list[list[Any]] = []
    for r in overview.rows:
        row: list[Any] = [r.municipality.name, _("yes") if r.reported else _("not reported")]
        for f in r.figures:
            row += [f.staff, f.managers] if r.reported else ["", ""]
        largest = r.largest_venue
        row += [
            "; ".join(f"{v.name} ({v.places})" for v in r.venues),
            largest.places if largest else "",
            r.report.note if r.report else "",
        ]
        rows.append(row)
    total: list[Any] = [_("Total"), f"{overview.reported}/{len(overview.rows)}"]
    for t in overview.totals:
        total += [t.staff, t.managers]
    total += [len(overview.venues), max((v.places for _m, v in overview.venues), default=""), ""]
    rows.append(total)
    return header, rows


# --- the planning suggestion -------------------------------------------------------------------------


@dataclass(frozen=True)
class Assumptions:
    group_size: int
    share_per_year: int
    terms_per_year: int
    trainers_per_occasion: int
    days_per_trainer: int
    #: False: nothing saved for the region, journey and year; these are the defaults.
    saved: bool = False

    def as_dict(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in DEFAULT_ASSUMPTIONS}


def planning_assumptions(region: Region, journey: Journey, year: int) -> Assumptions:
    row = PlanningAssumptions.objects.filter(region=region, journey=journey, year=year).first()
    source: Any = row if row is not None else DefaultAssumptions
    return Assumptions(
        group_size=source.group_size,
        share_per_year=source.share_per_year,
        terms_per_year=source.terms_per_year,
        trainers_per_occasion=source.trainers_per_occasion,
        days_per_trainer=source.days_per_trainer,
        saved=row is not None,
    )


@dataclass(frozen=True)
class CoursePlan:
    """The arithmetic for one course; every figure rounded up where it is divided."""

    reported: int  # staff (or managers) reported at the course's level
    participants: int  # reported × share, rounded up
    starts: int  # participants / group size, rounded up
    starts_per_term: int  # starts / terms, rounded up
    course_days: int  # starts × the course's days
    trainer_days: int  # course days × trainers per occasion
    trainers: int  # trainer-days / days a trainer gives, rounded up


def plan_course(*, reported: int, day_count: int, assumptions: Assumptions) -> CoursePlan:
    """The planning arithmetic: participants = reported × share % (rounded up); starts = participants / group
    size; per term = starts / terms; course days = starts × days; trainer-days = course days × trainers per
    occasion; trainers = trainer-days / days a trainer gives (every division rounded up, none by zero)."""
    a = assumptions
    participants = ceil_div(max(reported, 0) * a.share_per_year, 100)
    starts = ceil_div(participants, a.group_size)
    course_days = starts * max(day_count, 0)
    trainer_days = course_days * a.trainers_per_occasion
    return CoursePlan(
        reported=max(reported, 0),
        participants=participants,
        starts=starts,
        starts_per_term=ceil_div(starts, a.terms_per_year),
        course_days=course_days,
        trainer_days=trainer_days,
        trainers=ceil_div(trainer_days, a.days_per_trainer),
    )


@dataclass(frozen=True)
class PlannedCourse:
    course: Course
    level: Level
    for_managers: bool
    plan: CoursePlan
    #: The arithmetic in words, one step a line.
    steps: list[str]


@dataclass(frozen=True)
class VenueCheck:
    group_size: int
    #: The largest venue reported in the region (its municipality, the venue), if any.
    largest: tuple[Municipality, InventoryVenue] | None
    #: The venues with room for a whole group.
    fitting: list[tuple[Municipality, InventoryVenue]]

    @property
    def fits(self) -> bool:
        return bool(self.fitting)


@dataclass(frozen=True)
class PlanningSuggestion:
    region: Region
    journey: Journey
    year: int
    assumptions: Assumptions
    courses: list[PlannedCourse]
    venues: VenueCheck
    reported: int  # municipalities that reported
    municipalities: int  # municipalities in the region
    not_reported: list[Municipality] = field(default_factory=list)

    @property
    def starts(self) -> int:
        return sum(c.plan.starts for c in self.courses)

    @property
    def course_days(self) -> int:
        return sum(c.plan.course_days for c in self.courses)

    @property
    def trainer_days(self) -> int:
        return sum(c.plan.trainer_days for c in self.courses)

    @property
    def trainers(self) -> int:
        """Trainers for all the courses together: a trainer may teach more than one of them."""
        return ceil_div(self.trainer_days, self.assumptions.days_per_trainer)


def explain(
    *, plan: CoursePlan, course: Course, level: Level, for_managers: bool, assumptions: Assumptions
) -> list[str]:
    """The arithmetic in words, e.g. "45 participants / 20 per occasion = 3 course starts"."""
    a = assumptions
    who = _("managers") if for_managers else _("staff")
    return [
        _("%(reported)s %(who)s at %(level)s × %(share)s %% = %(participants)s participants")
        % {
            "reported": plan.reported,
            "who": who,
            "level": level.name,
            "share": a.share_per_year,
            "participants": plan.participants,
        },
        _("%(participants)s participants / %(group)s per occasion = %(starts)s course starts")
        % {"participants": plan.participants, "group": a.group_size, "starts": plan.starts},
        _("%(starts)s course starts / %(terms)s terms = %(per_term)s a term")
        % {"starts": plan.starts, "terms": a.terms_per_year, "per_term": plan.starts_per_term},
        _("%(starts)s course starts × %(days)s days = %(course_days)s course days")
        % {"starts": plan.starts, "days": course.day_count, "course_days": plan.course_days},
        _("%(course_days)s course days × %(trainers)s trainers = %(trainer_days)s trainer-days")
        % {"course_days": plan.course_days, "trainers": a.trainers_per_occasion, "trainer_days": plan.trainer_days},
        _("%(trainer_days)s trainer-days / %(days)s days a trainer = %(trainers)s trainers")
        % {"trainer_days": plan.trainer_days, "days": a.days_per_trainer, "trainers": plan.trainers},
    ]


def planning_suggestion(actor: Any, region: Region, journey: Journey, year: int) -> PlanningSuggestion:
    """The planning suggestion of ``region`` for ``journey`` and ``year`` (the regional roles of the region
    and system admins; PermissionDenied for others). For each led course of the journey: the staff reported
    at its level (managers, for a managers' level) across the region's municipalities × the share per year,
    the course starts, course days, trainer-days and trainers needed; and whether any reported venue in the
    region has room for a group."""
    policy.require(actor, "followup.plan", region)
    assumptions = planning_assumptions(region, journey, year)
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    levels = journey_levels(journey)
    level_ids = [lv.pk for lv in levels]
    reports = list(
        InventoryReport.objects.filter(municipality__region=region, journey=journey, year=year)
        .select_related("municipality")
        .prefetch_related("levels", "venues")
    )
    staff = dict.fromkeys(level_ids, 0)
    managers = dict.fromkeys(level_ids, 0)
    venues: list[tuple[Municipality, InventoryVenue]] = []
    for report in reports:
        for row in report.levels.all():
            if row.level_id in staff:
                staff[row.level_id] += row.staff
                managers[row.level_id] += row.managers
        venues += [(report.municipality, v) for v in report.venues.all()]
    courses = Course.objects.filter(journey=journey, kind=CourseKind.LED).select_related("level")
    planned = []
    for course in courses.order_by("level__order", "order", "id"):
        for_managers = is_managers_level(course.level)
        reported = (managers if for_managers else staff).get(course.level_id, 0)
        plan = plan_course(reported=reported, day_count=course.day_count, assumptions=assumptions)
        planned.append(
            PlannedCourse(
                course=course,
                level=course.level,
                for_managers=for_managers,
                plan=plan,
                steps=explain(
                    plan=plan, course=course, level=course.level, for_managers=for_managers, assumptions=assumptions
                ),
            )
        )
    venues.sort(key=lambda mv: (-mv[1].places, mv[0].name, mv[1].name))
    reported_ids = {r.municipality_id for r in reports}
    return PlanningSuggestion(
        region=region,
        journey=journey,
        year=year,
        assumptions=assumptions,
        courses=planned,
        venues=VenueCheck(
            group_size=assumptions.group_size,
            largest=venues[0] if venues else None,
            fitting=[mv for mv in venues if mv[1].places >= assumptions.group_size],
        ),
        reported=len(reported_ids),
        municipalities=len(municipalities),
        not_reported=[m for m in municipalities if m.pk not in reported_ids],
    )

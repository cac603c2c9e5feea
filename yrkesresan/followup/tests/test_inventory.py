"""The inventory survey and the planning suggestion: the planning arithmetic checked by hand, the
all-or-nothing save of a municipality's report, who may report and who sees which municipality, the
totals of the region's overview, and the planning assumptions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yrkesresan.catalog.services import course_save, level_save
from yrkesresan.core.models import AuditEvent
from yrkesresan.followup.models import InventoryReport, InventoryVenue, PlanningAssumptions
from yrkesresan.followup.selectors.inventory import (
    DEFAULT_ASSUMPTIONS,
    Assumptions,
    ceil_div,
    inventory_overview,
    inventory_rows,
    is_managers_level,
    plan_course,
    planning_suggestion,
)
from yrkesresan.followup.services.inventory import inventory_save, planning_assumptions_save

pytestmark = pytest.mark.django_db

YEAR = 2026


def assumptions(**changes: int) -> Assumptions:
    values = {**DEFAULT_ASSUMPTIONS, **changes}
    return Assumptions(
        group_size=values["group_size"],
        share_per_year=values["share_per_year"],
        terms_per_year=values["terms_per_year"],
        trainers_per_occasion=values["trainers_per_occasion"],
        days_per_trainer=values["days_per_trainer"],
    )


def report(world, municipality, *, staff=0, managers=0, venues=(), actor=None, year=YEAR):
    return inventory_save(
        actor=actor or world["regional_admin"],
        municipality=municipality,
        journey=world.bou,
        year=year,
        levels={world.bou_ny.pk: (staff, managers)},
        venues=list(venues),
    )


# --- the arithmetic, by hand ---------------------------------------------------------------------------


def test_45_staff_in_groups_of_20_make_3_starts_and_need_9_trainers_for_a_4_day_course() -> None:
    plan = plan_course(reported=45, day_count=4, assumptions=assumptions())
    assert plan.participants == 45  # 100 %
    assert plan.starts == 3  # 45 / 20 = 2.25, rounded up
    assert plan.starts_per_term == 2  # 3 / 2 terms = 1.5, rounded up
    assert plan.course_days == 12  # 3 × 4
    assert plan.trainer_days == 36  # 12 × 3 trainers
    assert plan.trainers == 9  # 36 / 4 days a trainer


def test_half_of_45_staff_is_23_participants_in_2_starts() -> None:
    plan = plan_course(reported=45, day_count=4, assumptions=assumptions(share_per_year=50))
    assert plan.participants == 23  # 22.5, rounded up
    assert plan.starts == 2
    assert plan.starts_per_term == 1
    assert plan.course_days == 8
    assert plan.trainer_days == 24
    assert plan.trainers == 6


def test_no_staff_plans_nothing_and_divides_by_nothing() -> None:
    plan = plan_course(reported=0, day_count=4, assumptions=assumptions())
    assert (
        plan.participants,
        plan.starts,
        plan.starts_per_term,
        plan.course_days,
        plan.trainer_days,
        plan.trainers,
    ) == (
        0,
        0,
        0,
        0,
        0,
        0,
    )
    assert ceil_div(5, 0) == 0


def test_every_division_rounds_up() -> None:
    plan = plan_course(reported=21, day_count=1, assumptions=assumptions(terms_per_year=1, days_per_trainer=5))
    assert plan.starts == 2  # 21 / 20
    assert plan.starts_per_term == 2  # one term: all of them
    assert plan.trainers == 2  # 2 days × 3 trainers = 6 trainer-days / 5
    assert plan_course(reported=20, day_count=2, assumptions=assumptions()).starts == 1  # exactly a group
    assert plan_course(reported=1, day_count=2, assumptions=assumptions(share_per_year=1)).participants == 1


def test_a_level_is_for_managers_when_its_code_or_name_says_so(world) -> None:
    chefs = level_save(
        actor=world["system_admin"], journey=world.bou, code="arbetsledare-chef", name="ARBETSLEDARE/CHEF"
    )
    assert is_managers_level(chefs)
    assert not is_managers_level(world.bou_ny)


# --- saving a report -----------------------------------------------------------------------------------


def test_a_kadmin_reports_their_municipality_with_venues_and_the_audit_trail_says_so(world) -> None:
    saved = report(
        world,
        world.avesta,
        staff=12,
        managers=2,
        actor=world["municipal_admin"],
        venues=[{"name": "Folkets hus", "places": 30, "note": "Hörslinga"}],
    )
    row = saved.levels.get()
    assert (row.level, row.staff, row.managers) == (world.bou_ny, 12, 2)
    assert [(v.name, v.places, v.note) for v in saved.venues.all()] == [("Folkets hus", 30, "Hörslinga")]
    assert saved.reported_by == world["municipal_admin"]
    event = AuditEvent.objects.get(action="inventory.save")
    assert event.municipality_id == world.avesta.pk


def test_reporting_again_replaces_the_figures_and_venues(world) -> None:
    report(world, world.avesta, staff=12, venues=[{"name": "A", "places": 10}, {"name": "B", "places": 20}])
    again = report(world, world.avesta, staff=15, venues=[{"name": "C", "places": 25}])
    assert InventoryReport.objects.count() == 1
    assert again.levels.get().staff == 15
    assert [v.name for v in again.venues.all()] == ["C"]


def test_bad_input_saves_nothing_and_names_each_field(world) -> None:
    report(world, world.avesta, staff=12, venues=[{"name": "Folkets hus", "places": 30}])
    with pytest.raises(ValidationError) as caught:
        inventory_save(
            actor=world["municipal_admin"],
            municipality=world.avesta,
            journey=world.bou,
            year=YEAR,
            levels={world.bou_ny.pk: (-1, "två")},
            venues=[{"name": "", "places": 10}, {"name": "Ok", "places": "1.5"}],
        )
    fields = caught.value.message_dict
    n = world.bou_ny.pk
    assert set(fields) == {f"level_{n}_staff", f"level_{n}_managers", "venue_0_name", "venue_1_places"}
    kept = InventoryReport.objects.get()
    assert kept.levels.get().staff == 12
    assert [v.name for v in kept.venues.all()] == ["Folkets hus"]
    assert InventoryVenue.objects.count() == 1


def test_a_level_of_another_journey_is_refused(world) -> None:
    with pytest.raises(ValidationError):
        inventory_save(
            actor=world["municipal_admin"],
            municipality=world.avesta,
            journey=world.bou,
            year=YEAR,
            levels={world.funk_bas.pk: (3, 0)},
        )
    assert not InventoryReport.objects.exists()


def test_avestas_kadmin_may_not_report_faluns(world) -> None:
    with pytest.raises(PermissionDenied):
        report(world, world.falun, staff=3, actor=world["municipal_admin"])
    with pytest.raises(PermissionDenied):
        report(world, world.avesta, staff=3, actor=world["regional_admin_gavleborg"])
    with pytest.raises(PermissionDenied):
        report(world, world.avesta, staff=3, actor=world["staff"])
    assert not InventoryReport.objects.exists()


def test_the_regional_admin_corrects_any_municipality_of_the_region(world) -> None:
    report(world, world.avesta, staff=12, actor=world["municipal_admin"])
    corrected = report(world, world.avesta, staff=14, actor=world["regional_admin"])
    assert corrected.levels.get().staff == 14
    report(world, world.falun, staff=5, actor=world["regional_admin"])


# --- the overview --------------------------------------------------------------------------------------


def test_the_regional_admin_sees_all_of_dalarna_with_totals(world) -> None:
    report(world, world.avesta, staff=12, managers=2, venues=[{"name": "Folkets hus", "places": 30}])
    report(world, world.falun, staff=33, managers=3)
    overview = inventory_overview(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert [r.municipality for r in overview.rows] == [world.avesta, world.falun]
    assert overview.levels == [world.bou_ny]
    assert [(t.staff, t.managers) for t in overview.totals] == [(45, 5)]
    assert overview.reported == 2
    with translation.override("en"):
        header, rows = inventory_rows(overview)
    assert rows[-1][:4] == ["Total", "2/2", 45, 5]
    assert len(header) == len(rows[0])


def test_a_municipality_that_has_not_reported_reads_as_not_reported(world) -> None:
    report(world, world.avesta, staff=12)
    overview = inventory_overview(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert overview.not_reported == [world.falun]
    falun = overview.rows[1]
    assert not falun.reported and falun.figures[0].staff == 0
    assert [(t.staff, t.managers) for t in overview.totals] == [(12, 0)]


def test_a_kadmin_sees_only_their_own_municipality(world) -> None:
    report(world, world.avesta, staff=12)
    report(world, world.falun, staff=33)
    overview = inventory_overview(world["municipal_admin"], world.dalarna, world.bou, YEAR)
    assert [r.municipality for r in overview.rows] == [world.avesta]
    assert overview.totals[0].staff == 12


def test_gavleborgs_admin_sees_nothing_of_dalarna(world) -> None:
    report(world, world.avesta, staff=12)
    overview = inventory_overview(world["regional_admin_gavleborg"], world.dalarna, world.bou, YEAR)
    assert overview.rows == []
    assert overview.totals[0].staff == 0


def test_the_overview_takes_a_fixed_number_of_queries(world, django_assert_max_num_queries) -> None:
    report(world, world.avesta, staff=12, venues=[{"name": "A", "places": 3}])
    report(world, world.falun, staff=33, venues=[{"name": "B", "places": 4}])
    admin = world["regional_admin"]
    inventory_overview(admin, world.dalarna, world.bou, YEAR)  # roles cached on the actor
    with django_assert_max_num_queries(5):  # levels, municipalities, reports, their figures, their venues
        inventory_overview(admin, world.dalarna, world.bou, YEAR)


# --- the planning suggestion ---------------------------------------------------------------------------


def test_the_suggestion_adds_up_the_region_and_applies_the_defaults(world) -> None:
    report(world, world.avesta, staff=12, venues=[{"name": "Folkets hus", "places": 30}])
    report(world, world.falun, staff=33, venues=[{"name": "Kansliet", "places": 12}])
    report(world, world.gavle, staff=100, actor=world["regional_admin_gavleborg"])  # another region
    with translation.override("en"):
        suggestion = planning_suggestion(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert not suggestion.assumptions.saved
    assert suggestion.assumptions.as_dict() == DEFAULT_ASSUMPTIONS
    (item,) = suggestion.courses
    assert item.course == world.bou_course and not item.for_managers
    assert (item.plan.reported, item.plan.starts, item.plan.starts_per_term) == (45, 3, 2)
    assert (item.plan.course_days, item.plan.trainer_days, item.plan.trainers) == (12, 36, 9)
    assert item.steps[1] == "45 participants / 20 per occasion = 3 course starts"
    assert suggestion.trainers == 9
    assert suggestion.venues.fits
    assert suggestion.venues.largest is not None and suggestion.venues.largest[1].name == "Folkets hus"
    assert [v.name for _m, v in suggestion.venues.fitting] == ["Folkets hus"]
    assert (suggestion.reported, suggestion.municipalities) == (2, 2)


def test_a_managers_level_is_planned_from_the_managers(world) -> None:
    admin = world["system_admin"]
    chefs = level_save(actor=admin, journey=world.bou, code="arbetsledare-chef", name="ARBETSLEDARE/CHEF")
    course_save(actor=admin, journey=world.bou, level=chefs, code="chef-1", title="Leda", kind="led", day_count=1)
    course_save(actor=admin, journey=world.bou, level=chefs, code="chef-web", title="Webb", kind="web", day_count=0)
    inventory_save(
        actor=world["regional_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (45, 4), chefs.pk: (1, 7)},
    )
    suggestion = planning_suggestion(world["regional_admin"], world.dalarna, world.bou, YEAR)
    by_title = {c.course.title: c for c in suggestion.courses}
    assert set(by_title) == {world.bou_course.title, "Leda"}  # web courses are not planned
    assert by_title["Leda"].for_managers and by_title["Leda"].plan.participants == 7
    assert by_title[world.bou_course.title].plan.participants == 45


def test_no_venue_big_enough_is_a_warning(world) -> None:
    report(world, world.avesta, staff=12, venues=[{"name": "Lilla salen", "places": 12}])
    suggestion = planning_suggestion(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert not suggestion.venues.fits
    assert suggestion.venues.largest is not None and suggestion.venues.largest[1].places == 12


def test_nothing_reported_plans_nothing(world) -> None:
    suggestion = planning_suggestion(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert [c.plan.starts for c in suggestion.courses] == [0]
    assert suggestion.trainers == 0
    assert suggestion.venues.largest is None and not suggestion.venues.fits
    assert suggestion.not_reported == [world.avesta, world.falun]


def test_only_the_regions_own_roles_plan(world) -> None:
    for who in ("municipal_admin", "regional_admin_gavleborg", "staff"):
        with pytest.raises(PermissionDenied):
            planning_suggestion(world[who], world.dalarna, world.bou, YEAR)


def test_saved_assumptions_change_the_suggestion(world) -> None:
    report(world, world.avesta, staff=45)
    planning_assumptions_save(
        actor=world["regional_admin"],
        region=world.dalarna,
        journey=world.bou,
        year=YEAR,
        group_size=20,
        share_per_year=50,
        terms_per_year=2,
        trainers_per_occasion=3,
        days_per_trainer=4,
    )
    suggestion = planning_suggestion(world["regional_admin"], world.dalarna, world.bou, YEAR)
    assert suggestion.assumptions.saved
    assert (suggestion.courses[0].plan.participants, suggestion.courses[0].plan.starts) == (23, 2)
    assert AuditEvent.objects.filter(action="planning.save").count() == 1


def test_assumptions_out_of_bounds_are_refused_per_field(world) -> None:
    with pytest.raises(ValidationError) as caught:
        planning_assumptions_save(
            actor=world["regional_admin"],
            region=world.dalarna,
            journey=world.bou,
            year=YEAR,
            group_size=0,
            share_per_year=101,
            terms_per_year=3,
            trainers_per_occasion=1,
            days_per_trainer=4,
        )
    assert set(caught.value.message_dict) == {"group_size", "share_per_year", "terms_per_year"}
    assert not PlanningAssumptions.objects.exists()
    with pytest.raises(PermissionDenied):
        planning_assumptions_save(
            actor=world["municipal_admin"],
            region=world.dalarna,
            journey=world.bou,
            year=YEAR,
            **DEFAULT_ASSUMPTIONS,
        )

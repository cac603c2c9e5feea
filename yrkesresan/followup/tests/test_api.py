"""Follow-up through the API: the inventory and planning, the four reports, surveys and their results, with
the same selectors, services and scoping as the pages. A report's rows and totals are what the page's
selector gives for the same filters; a place outside the caller's reach is a 404, an area they have no part
in a 403, bad input a 400 that saves nothing; survey results tell nothing below the anonymity threshold.

The reports' data are built through the real services: a Dalarna occasion of BoU last March with two course
days; Avesta's staff member and Falun's are booked, and the first day's attendance is taken (both there).
Avesta's trainer leads that day and a Falun trainer trains.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.followup import reports
from yrkesresan.followup.models import (
    ANONYMITY_THRESHOLD,
    Dispatch,
    InventoryReport,
    Invitation,
    PlanningAssumptions,
    QuestionKind,
    Survey,
    SurveyKind,
)
from yrkesresan.followup.services import inventory as inventory_services
from yrkesresan.followup.services import surveys as survey_services
from yrkesresan.occasions.services import attendance_take, registration_create
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, qualification_grant, team_member_add, trainer_profile_save
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1
P1, P2 = datetime.date(LAST, 3, 1), datetime.date(LAST, 3, 8)
SIGNED_UP = timezone.make_aware(datetime.datetime(LAST, 1, 10, 9))
PERIOD = {"from": f"{LAST}-01-01", "to": f"{LAST}-12-31"}
YEAR = timezone.localdate().year + 1


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def get(world: Any, who: str, url: str, **params: Any) -> Any:
    return client_for(world[who]).get(url, params)


# --- the inventory --------------------------------------------------------------------------------------


def _inventory_url(world: Any, municipality: Any, year: int = YEAR) -> str:
    return f"/api/v1/inventories/{municipality.pk}/{world.bou.pk}/{year}/"


def _figures(world: Any, staff: Any, managers: Any = 0) -> dict[str, Any]:
    return {
        "levels": [{"level": world.bou_ny.pk, "staff": staff, "managers": managers}],
        "venues": [{"name": "Folkets hus", "places": 30}],
        "note": "Fler börjar i höst",
    }


def test_a_kadmin_reports_their_municipalitys_inventory_and_reads_it_back(world):
    client = client_for(world["municipal_admin"])

    response = client.put(_inventory_url(world, world.avesta), _figures(world, 45, 3), format="json")

    assert response.status_code == 200, response.content
    data = client.get(_inventory_url(world, world.avesta)).json()
    assert data["reported"] is True
    assert [(lv["level"], lv["staff"], lv["managers"]) for lv in data["levels"]] == [(world.bou_ny.pk, 45, 3)]
    assert data["venues"] == [{"name": "Folkets hus", "places": 30, "note": ""}]
    assert data["note"] == "Fler börjar i höst"


def test_an_inventory_not_yet_reported_reads_as_zeros(world):
    data = get(world, "regional_admin", _inventory_url(world, world.falun)).json()

    assert data["reported"] is False
    assert [(lv["staff"], lv["managers"]) for lv in data["levels"]] == [(0, 0)]


@pytest.mark.parametrize(
    "levels",
    [
        [{"level": 0, "staff": -1}],
        [{"level": 0, "staff": "tio"}],
        [{"level": 0, "staff": 2.5}],
        [{"level": 0, "managers": 2_000_000}],
        [{"level": 0, "staff": 1}, {"level": 0, "staff": 2}],
        [{"level": -1, "staff": 1}],
    ],
)
def test_an_inventory_with_bad_numbers_is_a_400_and_nothing_is_saved(world, levels):
    for row in levels:
        row["level"] = world.bou_ny.pk if row["level"] == 0 else world.funk_bas.pk
    body = {"levels": levels, "venues": [{"name": "Folkets hus", "places": 30}]}

    response = client_for(world["municipal_admin"]).put(_inventory_url(world, world.avesta), body, format="json")

    assert response.status_code == 400, response.content
    assert not InventoryReport.objects.exists()


def test_a_venue_without_a_name_is_a_400_and_an_earlier_report_is_kept(world):
    client = client_for(world["municipal_admin"])
    client.put(_inventory_url(world, world.avesta), _figures(world, 45), format="json")

    response = client.put(
        _inventory_url(world, world.avesta),
        {"levels": [{"level": world.bou_ny.pk, "staff": 50}], "venues": [{"name": "", "places": 10}]},
        format="json",
    )

    assert response.status_code == 400
    assert client.get(_inventory_url(world, world.avesta)).json()["levels"][0]["staff"] == 45


@pytest.mark.parametrize(
    ("who", "where", "code"),
    [
        ("municipal_admin", "falun", 404),  # another municipality of the region
        ("regional_admin_gavleborg", "avesta", 404),  # another region
        ("staff", "avesta", 403),
        ("trainer", "avesta", 403),
        ("manager", "avesta", 403),
    ],
)
def test_an_inventory_outside_ones_reach_is_404_and_without_a_part_403(world, who, where, code):
    url = _inventory_url(world, getattr(world, where))
    client = client_for(world[who])

    assert client.get(url).status_code == code
    assert client.put(url, _figures(world, 1), format="json").status_code == code
    assert not InventoryReport.objects.exists()


def test_the_overview_is_the_selectors_with_totals_and_a_kadmin_sees_only_their_municipality(world):
    inventory_services.inventory_save(
        actor=world["regional_admin"],
        municipality=world.falun,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (20, 2)},
    )
    inventory_services.inventory_save(
        actor=world["municipal_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (45, 3)},
        venues=[{"name": "Folkets hus", "places": 30}],
    )
    params = {"region": world.dalarna.pk, "journey": world.bou.pk, "year": YEAR}

    region = get(world, "regional_admin", "/api/v1/inventory-overview/", **params).json()
    kadmin = get(world, "municipal_admin", "/api/v1/inventory-overview/", **params).json()

    assert [(r["municipality"]["name"], r["staff"], r["managers"]) for r in region["rows"]] == [
        ("Avesta", 45, 3),
        ("Falun", 20, 2),
    ]
    assert region["totals"] == [{"level": world.bou_ny.pk, "staff": 65, "managers": 5}]
    assert (region["reported"], region["not_reported"]) == (2, [])
    assert [r["municipality"]["name"] for r in kadmin["rows"]] == ["Avesta"]
    assert kadmin["totals"] == [{"level": world.bou_ny.pk, "staff": 45, "managers": 3}]


def test_the_overview_of_another_region_is_404_and_a_missing_filter_400(world):
    params = {"region": world.dalarna.pk, "journey": world.bou.pk, "year": YEAR}

    assert get(world, "regional_admin_gavleborg", "/api/v1/inventory-overview/", **params).status_code == 404
    assert get(world, "regional_admin", "/api/v1/inventory-overview/", region=world.dalarna.pk).status_code == 400
    assert get(world, "regional_admin", "/api/v1/inventory-overview/", **{**params, "year": "i år"}).status_code == 400
    assert get(world, "staff", "/api/v1/inventory-overview/", **params).status_code == 403


# --- planning ---------------------------------------------------------------------------------------------


def _planning_url(world: Any, region: Any = None) -> str:
    return f"/api/v1/planning/{(region or world.dalarna).pk}/{world.bou.pk}/{YEAR}/"


ASSUMPTIONS = {
    "group_size": 10,
    "share_per_year": 100,
    "terms_per_year": 2,
    "trainers_per_occasion": 2,
    "days_per_trainer": 4,
}


def test_putting_the_assumptions_changes_the_suggestion(world):
    inventory_services.inventory_save(
        actor=world["municipal_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (45, 0)},
    )
    client = client_for(world["regional_admin"])
    before = client.get(_planning_url(world)).json()

    response = client.put(_planning_url(world), ASSUMPTIONS, format="json")

    assert response.status_code == 200, response.content
    after = response.json()
    assert before["assumptions"]["saved"] is False
    # 45 staff in groups of 20: 3 starts of the 4-day course; in groups of 10: 5.
    assert [(c["reported"], c["starts"], c["course_days"]) for c in before["courses"]] == [(45, 3, 12)]
    assert [(c["reported"], c["starts"], c["course_days"], c["trainer_days"]) for c in after["courses"]] == [
        (45, 5, 20, 40)
    ]
    assert after["assumptions"] == {**ASSUMPTIONS, "saved": True}
    assert after["trainers"] == 10
    assert client.get(_planning_url(world)).json() == after


def test_assumptions_out_of_bounds_are_a_400_and_nothing_is_saved(world):
    response = client_for(world["regional_admin"]).put(
        _planning_url(world), {**ASSUMPTIONS, "terms_per_year": 3}, format="json"
    )

    assert response.status_code == 400
    assert "terms_per_year" in response.json()
    assert not PlanningAssumptions.objects.exists()


@pytest.mark.parametrize(
    ("who", "code"),
    [("regional_admin_gavleborg", 404), ("municipal_admin", 403), ("staff", 403), ("trainer", 403)],
)
def test_only_the_regions_own_roles_plan(world, who, code):
    client = client_for(world[who])

    assert client.get(_planning_url(world)).status_code == code
    assert client.put(_planning_url(world), ASSUMPTIONS, format="json").status_code == code
    assert not PlanningAssumptions.objects.exists()


# --- the reports ------------------------------------------------------------------------------------------


@pytest.fixture
def taught(world: Any) -> Any:
    admin = world["regional_admin"]
    occasion = make_occasion(world, [day(P1), day(P2)], name="Omgång R")
    for person in (world["staff"], world["staff_falun"]):
        registration_create(actor=admin, occasion=occasion, person=person, now=SIGNED_UP)
    avesta = trainer_profile_save(actor=admin, person=world["trainer"], home_municipality=world.avesta)
    qualification_grant(actor=admin, trainer=avesta, course=world.bou_course)
    falun = make_trainer(world, "falun_t", world.falun)
    team_member_add(actor=admin, occasion=occasion, trainer=avesta, role=TeamRole.LEADER)
    team_member_add(actor=admin, occasion=occasion, trainer=falun, role=TeamRole.TRAINER)
    first = occasion.days.order_by("date")[0]
    day_assign(actor=admin, course_day=first, trainer=avesta, role=DayRole.LEADER)
    day_assign(actor=admin, course_day=first, trainer=falun, role=DayRole.TRAINER)
    attendance_take(actor=admin, course_day=first, absent={})
    return world


def _report_of(world: Any, kind: str, who: str, **given: Any) -> Any:
    """What the page's selector gives ``who`` for these filters (model objects, as the page chooses them)."""
    start, end = datetime.date(LAST, 1, 1), datetime.date(LAST, 12, 31)
    filters = reports.ReportFilters(start=start, end=end, **given)
    compute: Any = {
        "accounts": reports.accounts_by_municipality,
        "progress": reports.progress_by_course,
        "occasions": reports.occasions_by_course,
        "trainers": reports.trainer_activity,
    }[kind]
    return compute(actor=world[who], filters=filters)


def _selector_figures(kind: str, report: Any) -> Any:
    if kind == "accounts":
        t = report.total
        return (
            [(r.municipality_id, r.accounts, r.staff, r.managers, r.trainers, r.kadmins) for r in report.rows],
            (t.accounts, t.staff, t.managers, t.trainers, t.kadmins),
        )
    if kind == "progress":
        return (
            [
                (
                    c.course_id,
                    c.ongoing,
                    c.completed,
                    [(m.municipality_id, m.ongoing, m.completed) for m in c.municipalities],
                )
                for c in report.courses
            ],
            (report.ongoing, report.completed),
        )
    if kind == "occasions":
        t = report.total
        return (
            [(r.course_id, r.rounds, r.days, r.registered, r.attended, r.attendance) for r in report.rows],
            (t.rounds, t.days, t.registered, t.attended, t.attendance),
        )
    return (
        [
            (m.municipality_id, [(t.trainer_id, t.days_led, t.days_trained) for t in m.trainers], m.days)
            for m in report.municipalities
        ],
        (report.days_led, report.days_trained, report.days, report.trainers),
    )


def _api_figures(kind: str, data: dict[str, Any]) -> Any:
    if kind == "accounts":
        t = data["total"]
        return (
            [
                (r["municipality"]["id"], r["accounts"], r["staff"], r["managers"], r["trainers"], r["kadmins"])
                for r in data["rows"]
            ],
            (t["accounts"], t["staff"], t["managers"], t["trainers"], t["kadmins"]),
        )
    if kind == "progress":
        return (
            [
                (
                    c["course"],
                    c["ongoing"],
                    c["completed"],
                    [(m["municipality"]["id"], m["ongoing"], m["completed"]) for m in c["municipalities"]],
                )
                for level in data["levels"]
                for c in level["courses"]
            ],
            (data["ongoing"], data["completed"]),
        )

    def pct(value: str | None) -> Any:
        assert value is None or isinstance(value, str)  # a decimal as a string, never a float
        return None if value is None else Decimal(value)

    if kind == "occasions":
        t = data["total"]
        return (
            [
                (r["course"], r["rounds"], r["days"], r["registered"], r["attended"], pct(r["attendance"]))
                for r in data["rows"]
            ],
            (t["rounds"], t["days"], t["registered"], t["attended"], pct(t["attendance"])),
        )
    return (
        [
            (
                m["municipality"]["id"],
                [(t["trainer"], t["days_led"], t["days_trained"]) for t in m["trainers"]],
                m["days"],
            )
            for m in data["municipalities"]
        ],
        (data["days_led"], data["days_trained"], data["days"], data["trainers"]),
    )


KINDS = ["accounts", "progress", "occasions", "trainers"]
READERS = ["system_admin", "regional_admin", "regional_project_leader", "municipal_admin", "manager"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", READERS)
def test_each_report_is_the_page_selectors_rows_and_totals_for_each_reader(taught, kind, who):
    world = taught

    response = get(world, who, f"/api/v1/reports/{kind}/", **PERIOD)

    assert response.status_code == 200, response.content
    assert _api_figures(kind, response.json()) == _selector_figures(kind, _report_of(world, kind, who))


@pytest.mark.parametrize("kind", KINDS)
def test_each_report_narrowed_to_the_region_and_a_municipality_is_the_selectors(taught, kind):
    world = taught
    given = {"region": world.dalarna, "municipality": world.falun}

    response = get(
        world,
        "regional_admin",
        f"/api/v1/reports/{kind}/",
        region=world.dalarna.pk,
        municipality=world.falun.pk,
        **PERIOD,
    )

    assert response.status_code == 200, response.content
    assert _api_figures(kind, response.json()) == _selector_figures(
        kind, _report_of(world, kind, "regional_admin", **given)
    )
    assert response.json()["filters"] == {
        **PERIOD,
        "region": world.dalarna.pk,
        "journey": None,
        "municipality": world.falun.pk,
    }


def test_the_attendance_table_counts_the_occasion_and_its_participants(taught):
    data = get(taught, "regional_admin", "/api/v1/reports/occasions/", **PERIOD).json()

    assert [(r["title"], r["rounds"], r["days"], r["registered"]) for r in data["rows"]] == [
        ("Handläggning med barnet i centrum", 1, 2, 2)
    ]
    assert data["participants_only"] is False


def test_avestas_kadmin_gets_only_avestas_rows(taught):
    """The world's occasion next month: Avesta's two staff members are booked, and Falun's is added today
    (the sign-ups last year predate everyone's roles, so they belong to no municipality)."""
    world = taught
    registration_create(actor=world["regional_admin"], occasion=world.occasion, person=world["staff_falun"])
    today = timezone.localdate()
    soon = {"from": today.isoformat(), "to": (today + datetime.timedelta(days=60)).isoformat()}

    accounts = get(world, "municipal_admin", "/api/v1/reports/accounts/").json()
    occasions = get(world, "municipal_admin", "/api/v1/reports/occasions/", **soon).json()
    whole = get(world, "regional_admin", "/api/v1/reports/occasions/", **soon).json()
    trainers = get(world, "municipal_admin", "/api/v1/reports/trainers/", **PERIOD).json()

    assert {r["municipality"]["name"] for r in accounts["rows"]} == {"Avesta"}
    assert occasions["participants_only"] is True
    assert [r["registered"] for r in occasions["rows"]] == [2]  # Avesta's staff members, not Falun's
    assert [r["registered"] for r in whole["rows"]] == [3]
    assert [m["municipality"]["name"] for m in trainers["municipalities"]] == ["Avesta"]
    assert trainers["days_led"] == 1 and trainers["days_trained"] == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_region_or_municipality_outside_reach_is_404(taught, kind):
    world = taught
    url = f"/api/v1/reports/{kind}/"

    assert get(world, "regional_admin_gavleborg", url, region=world.dalarna.pk).status_code == 404
    assert get(world, "regional_admin_gavleborg", url, municipality=world.avesta.pk).status_code == 404
    assert get(world, "municipal_admin", url, municipality=world.falun.pk).status_code == 404
    assert get(world, "municipal_admin", url, region=world.gavleborg.pk).status_code == 404
    assert get(world, "regional_admin", url, region=9999).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("who", ["staff", "trainer"])
def test_staff_and_trainers_get_403_on_every_report(taught, kind, who):
    assert get(taught, who, f"/api/v1/reports/{kind}/", journey=taught.bou.pk).status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2025-13-01", "to": "2025-12-31"},
        {"from": "igår", "to": "2025-12-31"},
        {"from": "2025-01-01"},
        {"from": "2025-06-01", "to": "2025-01-01"},
        {"from": "2000-01-01", "to": "2025-12-31"},
        {"journey": "bou"},
        {"journey": 9999},
    ],
)
def test_bad_filters_are_a_400(taught, params):
    response = get(taught, "regional_admin", "/api/v1/reports/occasions/", **params)

    assert response.status_code == 400, response.content


def test_the_trainers_report_narrows_to_a_journey(taught):
    """The days taught were on BoU's course: all of them with BoU, none with Funk."""
    year = {"from": f"{P1.year}-01-01", "to": f"{P1.year}-12-31"}
    bou = get(taught, "regional_admin", "/api/v1/reports/trainers/", journey=taught.bou.pk, **year)
    funk = get(taught, "regional_admin", "/api/v1/reports/trainers/", journey=taught.funk.pk, **year)

    assert bou.status_code == funk.status_code == 200
    assert bou.json()["filters"]["journey"] == taught.bou.pk
    assert bou.json()["days"] == 2
    assert funk.json()["days"] == 0
    assert funk.json()["municipalities"] == []


def test_a_national_editor_reads_the_nations_figures_of_a_journey_they_edit(taught):
    """The world's national editor edits BoU: the journey is required, another is out of reach, and the days
    taught are not theirs."""
    bou = get(taught, "national_editor", "/api/v1/reports/occasions/", journey=taught.bou.pk, **PERIOD)
    nation = get(taught, "system_admin", "/api/v1/reports/occasions/", journey=taught.bou.pk, **PERIOD)
    missing = get(taught, "national_editor", "/api/v1/reports/occasions/", **PERIOD)
    funk = get(taught, "national_editor", "/api/v1/reports/progress/", journey=taught.funk.pk, **PERIOD)
    days = get(taught, "national_editor", "/api/v1/reports/trainers/", journey=taught.bou.pk, **PERIOD)

    assert bou.status_code == 200
    assert bou.json() == nation.json()
    assert bou.json()["total"]["registered"] == 2
    assert missing.status_code == 400
    assert "journey" in missing.json()
    assert funk.status_code == 404
    assert days.status_code == 403


def test_without_a_period_a_report_is_of_this_year(taught):
    data = get(taught, "regional_admin", "/api/v1/reports/accounts/").json()

    year = timezone.localdate().year
    assert (data["filters"]["from"], data["filters"]["to"]) == (f"{year}-01-01", f"{year}-12-31")


# --- surveys ----------------------------------------------------------------------------------------------

QUESTIONS: list[dict[str, Any]] = [
    {"text": "Vad tyckte du om kursen som helhet?", "kind": QuestionKind.QUALITY, "required": True},
    {"text": "Stöd vid introduktion", "kind": QuestionKind.AGREEMENT, "target_percent": 80},
    {"text": "Något mer?", "kind": QuestionKind.TEXT},
]


def make_survey(world: Any, kind: str = SurveyKind.MANAGER_YEARLY, *, region: Any = None) -> Survey:
    actor = (
        world["system_admin"]
        if region is None
        else (world["regional_admin"] if region == world.dalarna else world["regional_admin_gavleborg"])
    )
    return survey_services.survey_save(
        actor=actor, kind=kind, title=f"Enkät {kind} {region}", region=region, questions=QUESTIONS
    )


def _answered(world: Any, survey: Survey, n: int, *, invited: int = 10) -> Dispatch:
    """A Dalarna dispatch of ``survey`` last year to ``invited`` made-up Avesta people, ``n`` of whom answered."""
    from yrkesresan.accounts.models import User

    dispatch = Dispatch.objects.create(survey=survey, region=world.dalarna, year=LAST)
    for i in range(invited):
        user = User.objects.create(username=f"svarare{survey.pk}_{i}")
        Invitation.objects.create(dispatch=dispatch, user=user, token=f"t{survey.pk}-{i}", municipality=world.avesta)
    first = survey.questions.get(kind=QuestionKind.QUALITY)
    text = survey.questions.get(kind=QuestionKind.TEXT)
    for i, invitation in enumerate(dispatch.invitations.order_by("id")[:n]):
        survey_services.response_save(
            invitation=invitation, answers={first.pk: ("5", ""), text.pk: ("", f"Svar {i}")}, complete=False
        )
    return dispatch


def test_a_kadmin_lists_the_national_and_their_regions_surveys_with_questions(world):
    national = make_survey(world)
    own = make_survey(world, SurveyKind.OTHER, region=world.dalarna)
    make_survey(world, SurveyKind.OTHER, region=world.gavleborg)

    response = get(world, "municipal_admin", "/api/v1/surveys/")

    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert sorted(r["id"] for r in rows) == sorted([national.pk, own.pk])
    first = next(r for r in rows if r["id"] == national.pk)
    assert [q["text"] for q in first["questions"]] == [q["text"] for q in QUESTIONS]
    assert [o["value"] for o in first["questions"][0]["options"]] == ["5", "4", "3", "2", "1", "0"]
    assert first["can_build"] is False


def test_another_regions_survey_is_404(world):
    theirs = make_survey(world, SurveyKind.OTHER, region=world.gavleborg)

    assert get(world, "regional_admin", f"/api/v1/surveys/{theirs.pk}/").status_code == 404
    assert get(world, "regional_admin", f"/api/v1/survey-results/{theirs.pk}/").status_code == 404


def test_a_regional_admin_builds_their_regions_survey_and_changes_it(world):
    client = client_for(world["regional_admin"])
    body = {"kind": "other", "title": "Dalarnas enkät", "region": world.dalarna.pk, "questions": QUESTIONS}

    created = client.post("/api/v1/surveys/", body, format="json")

    assert created.status_code == 201, created.content
    survey = created.json()
    assert survey["can_build"] is True and len(survey["questions"]) == 3
    kept = survey["questions"][0]
    changed = client.patch(
        f"/api/v1/surveys/{survey['id']}/",
        {"questions": [{"id": kept["id"], "text": "Kursen som helhet?", "kind": "quality"}]},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert [(q["id"], q["text"]) for q in changed.json()["questions"]] == [(kept["id"], "Kursen som helhet?")]
    assert changed.json()["title"] == "Dalarnas enkät"


def test_bad_questions_are_a_400_and_save_nothing(world):
    body = {
        "kind": "other",
        "title": "Trasig",
        "region": world.dalarna.pk,
        "questions": [{"text": "Fritext med mål", "kind": "text", "target_percent": 80}],
    }

    response = client_for(world["regional_admin"]).post("/api/v1/surveys/", body, format="json")

    assert response.status_code == 400
    assert "questions" in response.json()
    assert not Survey.objects.exists()


@pytest.mark.parametrize("who", ["municipal_admin", "manager"])
def test_writes_by_those_who_read_but_do_not_build_are_403(world, who):
    survey = make_survey(world, SurveyKind.OTHER, region=world.dalarna)
    client = client_for(world[who])
    body = {"kind": "other", "title": "Ändrad", "region": world.dalarna.pk, "questions": QUESTIONS}

    assert client.post("/api/v1/surveys/", body, format="json").status_code == 403
    assert client.put(f"/api/v1/surveys/{survey.pk}/", body, format="json").status_code == 403
    assert (
        client.post(
            "/api/v1/yearly-surveys/",
            {"kind": "manager_yearly", "region": world.dalarna.pk, "year": LAST},
            format="json",
        ).status_code
        == 403
    )
    survey.refresh_from_db()
    assert survey.title != "Ändrad"


def test_a_regional_admin_may_not_change_a_national_survey_nor_build_in_another_region(world):
    national = make_survey(world)
    client = client_for(world["regional_admin"])
    body = {"kind": "other", "title": "Ändrad", "questions": QUESTIONS}

    assert client.put(f"/api/v1/surveys/{national.pk}/", body, format="json").status_code == 403
    assert client.post("/api/v1/surveys/", body, format="json").status_code == 403  # national
    other = client.post("/api/v1/surveys/", {**body, "region": world.gavleborg.pk}, format="json")
    assert other.status_code == 400 and "region" in other.json()
    assert Survey.objects.count() == 1


@pytest.mark.parametrize("who", ["staff", "trainer", "national_editor"])
def test_staff_trainers_and_editors_get_403_on_surveys(world, who):
    survey = make_survey(world)
    client = client_for(world[who])

    assert client.get("/api/v1/surveys/").status_code == 403
    assert client.get(f"/api/v1/surveys/{survey.pk}/").status_code == 403
    assert client.get(f"/api/v1/survey-results/{survey.pk}/").status_code == 403


IDS = {"survey", "question", "region", "municipality", "dispatch", "year", "threshold"}


def _numbers(data: Any) -> list[int | float]:
    """Every number in a JSON body other than ids and the threshold and year asked for."""
    found: list[int | float] = []

    def walk(value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and key not in IDS:
            found.append(value)

    walk(data)
    return found


@pytest.mark.parametrize("who", ["system_admin", "regional_admin", "municipal_admin", "manager"])
def test_four_answers_tell_nothing_not_even_how_many(world, who):
    survey = make_survey(world)
    _answered(world, survey, ANONYMITY_THRESHOLD - 1)

    response = get(world, who, f"/api/v1/survey-results/{survey.pk}/", year=LAST, region=world.dalarna.pk)

    assert response.status_code == 200, response.content
    data = response.json()
    assert data["hidden"] is True and data["questions"] == []
    assert (data["invitations"], data["responses"], data["response_rate"]) == (None, None, None)
    assert _numbers(data) == []
    assert "Svar" not in json.dumps(data)


def test_five_answers_are_shown_and_a_question_fewer_answered_stays_hidden(world):
    survey = make_survey(world)
    _answered(world, survey, ANONYMITY_THRESHOLD)

    data = get(world, "regional_admin", f"/api/v1/survey-results/{survey.pk}/", year=LAST).json()

    assert data["hidden"] is False
    assert (data["invitations"], data["responses"], data["response_rate"]) == (10, 5, 50.0)
    quality, agreement, text = data["questions"]
    assert [o["count"] for o in quality["options"]] == [5, 0, 0, 0, 0, 0]
    assert quality["positive_percent"] == 100.0
    assert agreement["hidden"] is True and agreement["answered"] is None and agreement["options"] == []
    assert text["texts"] == [f"Svar {i}" for i in range(5)]


def test_a_municipality_with_few_answers_tells_nothing_and_one_outside_reach_is_404(world):
    survey = make_survey(world)
    _answered(world, survey, ANONYMITY_THRESHOLD)
    url = f"/api/v1/survey-results/{survey.pk}/"

    # Every answer is Avesta's: Falun's are none, and hidden.
    falun = get(world, "regional_admin", url, year=LAST, municipality=world.falun.pk).json()
    assert falun["hidden"] is True and _numbers(falun) == []
    assert get(world, "municipal_admin", url, year=LAST).json()["responses"] == 5
    assert get(world, "municipal_admin", url, municipality=world.falun.pk).status_code == 404
    assert get(world, "municipal_admin", url, region=world.gavleborg.pk).status_code == 404
    assert get(world, "regional_admin_gavleborg", url, region=world.dalarna.pk).status_code == 404


def test_gavleborgs_admin_reads_nothing_of_dalarnas_answers_to_a_national_survey(world):
    survey = make_survey(world)
    _answered(world, survey, ANONYMITY_THRESHOLD)

    data = get(world, "regional_admin_gavleborg", f"/api/v1/survey-results/{survey.pk}/", year=LAST).json()

    assert data["hidden"] is True and _numbers(data) == []


def test_a_regional_admin_sends_the_yearly_manager_survey_once(world):
    make_survey(world, SurveyKind.MANAGER_YEARLY)
    client = client_for(world["regional_admin"])
    body = {"kind": "manager_yearly", "region": world.dalarna.pk, "year": YEAR}

    sent = client.post("/api/v1/yearly-surveys/", body, format="json")
    again = client.post("/api/v1/yearly-surveys/", body, format="json")

    assert sent.status_code == 201, sent.content
    assert (sent.json()["invited"], sent.json()["region"], sent.json()["year"]) == (1, world.dalarna.pk, YEAR)
    assert again.status_code == 400 and "year" in again.json()
    assert [d["id"] for d in client.get("/api/v1/yearly-surveys/").json()] == [sent.json()["id"]]
    other = client.post("/api/v1/yearly-surveys/", {**body, "region": world.gavleborg.pk}, format="json")
    assert other.status_code == 400 and "region" in other.json()
    assert Dispatch.objects.count() == 1


# --- the yearly report ------------------------------------------------------------------------------------


def _yearly_params(world: Any, region: Any = None) -> dict[str, Any]:
    return {"region": (region or world.dalarna).pk, "journey": world.bou.pk, "year": LAST}


def test_the_yearly_report_is_the_assembled_reports(taught):
    from yrkesresan.followup import yearly

    world = taught
    make_survey(world)
    _answered(world, Survey.objects.get(), ANONYMITY_THRESHOLD - 1)

    response = get(world, "regional_admin", "/api/v1/yearly-report/", **_yearly_params(world))

    assert response.status_code == 200, response.content
    data = response.json()
    report = yearly.yearly_report(actor=world["regional_admin"], region=world.dalarna, journey=world.bou, year=LAST)
    h = report.headline
    assert data["headline"] == {
        "occasions": h.occasions,
        "course_days": h.course_days,
        "registered": h.registered,
        "attended": h.attended,
        "attendance": None if h.attendance is None else f"{h.attendance:.1f}",
        "accounts": h.accounts,
        "completed": h.completed,
    }
    assert (data["headline"]["occasions"], data["headline"]["course_days"]) == (1, 2)
    assert _api_figures("occasions", data["occasions"]) == _selector_figures("occasions", report.occasions)
    assert _api_figures("trainers", data["trainers"]) == _selector_figures("trainers", report.trainers)
    assert data["planning"]["year"] == LAST + 1
    # Four answers to the manager survey: it is listed, with no figure at all.
    assert [(s["too_few"], s["invitations"], s["responses"]) for s in data["surveys"]] == [(True, None, None)]
    assert all(t["too_few"] and t["answered"] is None and t["result"] is None for t in data["targets"])


@pytest.mark.parametrize(
    ("who", "region", "code"),
    [
        ("regional_admin_gavleborg", "dalarna", 404),
        ("regional_project_leader", "gavleborg", 404),
        ("municipal_admin", "dalarna", 403),
        ("manager", "dalarna", 403),
        ("staff", "dalarna", 403),
        ("trainer", "dalarna", 403),
        ("system_admin", "gavleborg", 200),
    ],
)
def test_the_yearly_report_is_the_regional_roles_own_regions(world, who, region, code):
    params = _yearly_params(world, getattr(world, region))

    assert get(world, who, "/api/v1/yearly-report/", **params).status_code == code


def test_the_yearly_report_needs_a_journey_and_a_year_in_range(world):
    params = _yearly_params(world)

    assert get(world, "regional_admin", "/api/v1/yearly-report/", region=world.dalarna.pk).status_code == 400
    assert get(world, "regional_admin", "/api/v1/yearly-report/", **{**params, "year": 1999}).status_code == 400
    assert get(world, "regional_admin", "/api/v1/yearly-report/", **{**params, "journey": 9999}).status_code == 400

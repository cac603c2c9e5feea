"""The follow-up report pages and their spreadsheets: the figures on the page, the filters (a period, a
journey, a municipality, a region for national roles), bad dates, who may read them (403 for staff and
trainers, 404 for a region out of reach), the menu entry, and pinned query counts."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from yrkesresan.core.navigation import entries_for

from . import test_reports
from .test_reports import Y

pytestmark = pytest.mark.django_db

# The fixtures of the selector tests: the same worlds, counted by hand there.
occasions_world = test_reports.occasions_world
progress_world = test_reports.progress_world
taught_world = test_reports.taught_world

LAST_YEAR = {"start": f"{Y}-01-01", "end": f"{Y}-12-31"}
PAGES = [
    "followup_report_accounts",
    "followup_report_progress",
    "followup_report_occasions",
    "followup_report_trainers",
]
KINDS = ["accounts", "progress", "occasions", "trainers"]


@pytest.fixture
def en(client):
    """Page tests read English until the Swedish translations are merged."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _as(client, user):
    client.force_login(user)
    return client


def test_the_occasions_page_shows_the_attendance_table_with_its_total(en, occasions_world):
    response = _as(en, occasions_world["regional_admin"]).get(reverse("followup_report_occasions"), LAST_YEAR)

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.total.rounds, report.total.days, report.total.registered, report.total.attended) == (3, 5, 7, 6)
    body = response.content.decode()
    assert "Handläggning med barnet i centrum" in body
    assert "80.0 %" in body and "85.7 %" in body
    assert "Registered and attended per course" in body  # the chart's caption
    assert 'aria-hidden="true"' in body


def test_the_page_defaults_to_this_year(en, occasions_world):
    response = _as(en, occasions_world["regional_admin"]).get(reverse("followup_report_occasions"))

    report = response.context["report"]
    assert (report.filters.start, report.filters.end) == (
        datetime.date(Y + 1, 1, 1),
        datetime.date(Y + 1, 12, 31),
    )
    assert report.rows == []
    assert "No course occasions in the period." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2024-13-01", "end": "2024-12-31"}, "Enter a date as year-month-day"),
        ({"start": "igår", "end": ""}, "Enter a date as year-month-day"),
        ({"start": "2024-05-01", "end": "2024-04-01"}, "The last day cannot be before the first."),
        ({"start": "2010-01-01", "end": "2024-12-31"}, "Choose a period of at most five years."),
    ],
)
def test_bad_dates_are_a_message_not_a_crash(en, world, query, message):
    c = _as(en, world["regional_admin"])

    response = c.get(reverse("followup_report_accounts"), query)
    export = c.get(reverse("followup_report_export", args=["accounts"]), query)

    assert response.status_code == export.status_code == 400
    assert response.context["report"] is None
    assert message in response.content.decode()


def test_the_filters_offer_the_places_in_reach(en, world):
    regional = _as(en, world["regional_admin"]).get(reverse("followup_report_accounts")).context["form"]
    national = _as(en, world["system_admin"]).get(reverse("followup_report_accounts")).context["form"]
    kadmin = _as(en, world["municipal_admin"]).get(reverse("followup_report_accounts")).context["form"]

    assert "region" not in regional.fields
    assert list(regional.fields["municipality"].queryset) == [world.avesta, world.falun]
    assert list(national.fields["region"].queryset) == [world.dalarna, world.gavleborg]
    assert list(kadmin.fields["municipality"].queryset) == [world.avesta]


def test_a_kadmin_reads_only_their_municipality(en, occasions_world):
    world = occasions_world
    c = _as(en, world["municipal_admin"])

    response = c.get(reverse("followup_report_occasions"), LAST_YEAR)
    accounts = c.get(reverse("followup_report_accounts"))

    assert response.context["report"].participants_only is True
    assert (response.context["report"].total.registered, response.context["report"].total.attended) == (5, 5)
    assert [r.municipality for r in accounts.context["report"].rows] == ["Avesta"]
    assert c.get(reverse("followup_report_accounts"), {"municipality": world.falun.pk}).status_code == 404


def test_a_manager_reads_their_units(en, occasions_world):
    response = _as(en, occasions_world["manager"]).get(reverse("followup_report_occasions"), LAST_YEAR)

    assert (response.context["report"].total.registered, response.context["report"].total.attended) == (3, 3)


def test_another_regions_admin_sees_nothing_of_dalarna(en, occasions_world):
    world = occasions_world
    c = _as(en, world["regional_admin_gavleborg"])

    own = c.get(reverse("followup_report_occasions"), LAST_YEAR)

    assert [r.course for r in own.context["report"].rows] == ["Kurs 1 Introduktionskurs"]
    assert "Handläggning" not in own.content.decode()
    for page in PAGES:
        assert c.get(reverse(page), {**LAST_YEAR, "region": world.dalarna.pk}).status_code == 404
        assert c.get(reverse(page), {**LAST_YEAR, "municipality": world.avesta.pk}).status_code == 404
    export = c.get(reverse("followup_report_export", args=["occasions"]), {"region": world.dalarna.pk})
    assert export.status_code == 404


def test_a_system_admin_reads_the_nation_or_a_region(en, occasions_world):
    world = occasions_world
    c = _as(en, world["system_admin"])

    nation = c.get(reverse("followup_report_occasions"), LAST_YEAR)
    gavleborg = c.get(reverse("followup_report_occasions"), {**LAST_YEAR, "region": world.gavleborg.pk})

    assert nation.context["report"].total.rounds == 4
    assert gavleborg.context["report"].total.rounds == 1
    assert "The whole nation" in nation.content.decode()


@pytest.mark.parametrize("role", ["staff", "trainer"])
def test_staff_and_trainers_are_refused(en, world, role):
    c = _as(en, world[role])

    for page in ["followup_reports", *PAGES]:
        assert c.get(reverse(page)).status_code == 403
    for kind in KINDS:
        assert c.get(reverse("followup_report_export", args=[kind])).status_code == 403
    assert "followup" not in [e.key for e in entries_for(world[role])]


def test_the_menu_and_the_overview_lead_to_the_four_reports(en, world):
    c = _as(en, world["municipal_admin"])

    response = c.get(reverse("followup_reports"))

    assert "followup" in [e.key for e in entries_for(world["municipal_admin"])]
    body = response.content.decode()
    for page in PAGES:
        assert reverse(page) in body
    assert c.get(reverse("followup_report_export", args=["nothing"])).status_code == 404


def test_the_occasions_export_has_the_table_and_its_total(en, occasions_world):
    response = _as(en, occasions_world["regional_admin"]).get(
        reverse("followup_report_export", args=["occasions"]), LAST_YEAR
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"uppfoljning-kurstillfallen-{Y}-01-01-{Y}-12-31" in response["Content-Disposition"]
    rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows == [
        ["Course", "Rounds", "Course days", "Registered", "Attended", "Attendance (%)"],
        ["Handläggning med barnet i centrum", 2, 3, 5, 4, 80],
        ["Samtal och delaktighet", 1, 2, 2, 2, 100],
        ["In all", 3, 5, 7, 6, 85.7],
    ]


def test_the_progress_export_as_csv(en, progress_world):
    response = _as(en, progress_world["regional_admin"]).get(
        reverse("followup_report_export", args=["progress"]), {**LAST_YEAR, "format": "csv"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["Journey", "Level", "Course", "Municipality", "Ongoing", "Completed"],
        ["BoU", "NY", "Handläggning med barnet i centrum", "Avesta", "1", "1"],
        ["BoU", "NY", "Handläggning med barnet i centrum", "Falun", "1", "0"],
        ["BoU", "NY", "Handläggning med barnet i centrum", "In all", "1", "1"],
        ["Funk utförare", "BAS", "Kurs 1 Introduktionskurs", "Falun", "1", "0"],
        ["Funk utförare", "BAS", "Kurs 1 Introduktionskurs", "In all", "1", "0"],
        ["", "", "In all", "", "2", "1"],
    ]


def test_the_accounts_and_trainers_exports(en, taught_world):
    c = _as(en, taught_world["regional_admin"])

    accounts = c.get(reverse("followup_report_export", args=["accounts"]), {"format": "csv"})
    trainers = c.get(reverse("followup_report_export", args=["trainers"]), {**LAST_YEAR, "format": "csv"})

    accounts_rows = list(csv.reader(io.StringIO(accounts.content.decode("utf-8-sig")), delimiter=";"))
    assert accounts_rows[0] == ["Municipality", "Accounts", "Staff", "Managers", "Trainers", "Municipal admins"]
    assert accounts_rows[1:] == [
        ["Avesta", "5", "2", "1", "1", "1"],
        ["Falun", "3", "1", "0", "1", "1"],
        ["In all", "8", "3", "1", "2", "2"],
    ]
    trainer_rows = list(csv.reader(io.StringIO(trainers.content.decode("utf-8-sig")), delimiter=";"))
    assert trainer_rows[1:] == [
        ["Avesta", "Trainer Testsson", "2", "0", "2"],
        ["Falun", "Falun Utbildare", "0", "1", "1"],
        ["In all", "", "2", "1", "3"],
    ]


def test_the_trainers_page_narrows_to_a_journey(en, taught_world):
    client = _as(en, taught_world["regional_admin"])
    url = reverse("followup_report_trainers")

    every = client.get(url, LAST_YEAR)
    bou = client.get(url, {**LAST_YEAR, "journey": taught_world.bou.pk})
    funk = client.get(url, {**LAST_YEAR, "journey": taught_world.funk.pk})

    assert "journey" in every.context["form"].fields
    assert every.context["report"].days == bou.context["report"].days == 3
    assert "Sum for Avesta" in bou.content.decode()
    assert funk.context["report"].days == 0
    assert "Sum for Avesta" not in funk.content.decode()


# --- query counts ------------------------------------------------------------------------------------------


def _count(client, url, query):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, query).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_the_data(en, world, occasions_world):
    """Session, user, roles, the menu's rules and the form's choices, then the report's own queries:
    the same number for a month with one occasion as for the year with several."""
    c = _as(en, world["regional_admin"])
    spring = {"start": f"{Y}-03-01", "end": f"{Y}-03-31"}  # one occasion, one course, fewer people
    counts = {page: (_count(c, reverse(page), spring), _count(c, reverse(page), LAST_YEAR)) for page in PAGES}
    assert all(a == b for a, b in counts.values()), counts


@pytest.mark.parametrize(
    ("page", "actor", "expected"),
    [
        ("followup_report_accounts", "regional_admin", 5),
        ("followup_report_progress", "regional_admin", 6),
        ("followup_report_occasions", "regional_admin", 6),
        ("followup_report_trainers", "regional_admin", 5),
        ("followup_report_accounts", "system_admin", 5),
        ("followup_report_progress", "system_admin", 5),
        ("followup_report_occasions", "system_admin", 6),
        ("followup_report_trainers", "system_admin", 4),
        ("followup_report_occasions", "municipal_admin", 6),
        ("followup_report_progress", "manager", 6),
    ],
)
def test_the_query_count_is_pinned(en, occasions_world, django_assert_num_queries, page, actor, expected):
    """A report page's queries beyond the overview's (session, user, roles and the menu's rules, which
    other apps' menu entries add to): the form's choices and the report's own, a handful each."""
    c = _as(en, occasions_world[actor])
    c.get(reverse("followup_reports"))  # the session and the user, once
    base = _count(c, reverse("followup_reports"), {})

    with django_assert_num_queries(base + expected):
        c.get(reverse(page), LAST_YEAR)


# --- a national editor -------------------------------------------------------------------------------------


def test_a_national_editor_reads_the_nations_figures_of_their_journey(en, occasions_world):
    """The world's national editor edits BoU: the reports open on BoU, offer no other journey and no "all
    journeys", answer another journey 404, and leave out the days taught (403)."""
    world = occasions_world
    client = _as(en, world["national_editor"])

    overview = client.get(reverse("followup_reports"))
    page = client.get(reverse("followup_report_occasions"), LAST_YEAR)
    funk = client.get(reverse("followup_report_occasions"), {**LAST_YEAR, "journey": world.funk.pk})

    assert overview.status_code == 200
    assert [k.key for k in overview.context["kinds"]] == ["accounts", "progress", "occasions"]
    assert page.status_code == 200
    assert page.context["report"].filters.journey == world.bou
    assert list(page.context["form"].fields["journey"].queryset) == [world.bou]
    assert "All journeys" not in page.content.decode()
    assert page.context["report"].total.registered > 0
    assert funk.status_code == 404
    assert client.get(reverse("followup_report_trainers"), LAST_YEAR).status_code == 403
    assert client.get(reverse("followup_report_export", kwargs={"kind": "trainers"}), LAST_YEAR).status_code == 403
    export = client.get(reverse("followup_report_export", kwargs={"kind": "progress"}), LAST_YEAR)
    assert export.status_code == 200
    assert "followup" in [e.key for e in entries_for(world["national_editor"])]

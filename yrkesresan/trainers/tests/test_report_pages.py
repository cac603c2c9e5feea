"""The days-taught report page and its spreadsheet: the figures against a hand count, the period and its
quick choices, scoping (a k-admin sees the days their municipality lent), the export's header and rows,
and a pinned query count."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yrkesresan.accounts import services as accounts
from yrkesresan.occasions.services import occasion_create
from yrkesresan.trainers.models import DayAssignment, DayRole, TeamRole
from yrkesresan.trainers.services import (
    absence_report,
    day_assign,
    substitute_assign,
    team_member_add,
    trainer_profile_save,
)

from .conftest import day, make_discussion_leader, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1
P1, P2, P3 = datetime.date(LAST, 3, 1), datetime.date(LAST, 3, 8), datetime.date(LAST, 10, 4)
LAST_YEAR = {"period": "last_year"}


@pytest.fixture
def taught(pool):
    """Last year, hand-counted:

        Avesta's trainer led P1, P2 and P3                        Avesta: 3 led
        Falun's trainer trained P1 and P3 (absent on P2)          Falun:  2 trained
        Mora's trainer stepped in for Falun on P2                 Mora:   1 trained
        Avesta's discussion leader led a municipal day in Avesta  Avesta: 1 led

    In all 4 days led and 3 trained. Next year Avesta's trainer leads a day not yet held (not counted)."""
    world, admin = pool.world, pool.coordinator
    for name in ("avesta", "falun", "mora"):
        pool[name].max_days_per_term = 5
        pool[name].save()
    past = make_occasion(world, [day(P1, address="Avesta"), day(P2, address="Avesta"), day(P3, address="Avesta")])
    for name, role in (("avesta", TeamRole.LEADER), ("falun", TeamRole.TRAINER), ("mora", TeamRole.RESERVE)):
        team_member_add(actor=admin, occasion=past, trainer=pool[name], role=role)
    for course_day in past.days.order_by("date"):
        day_assign(actor=admin, course_day=course_day, trainer=pool["avesta"], role=DayRole.LEADER)
        day_assign(actor=admin, course_day=course_day, trainer=pool["falun"], role=DayRole.TRAINER)
    absent = DayAssignment.objects.get(trainer=pool["falun"], date=P2)
    absence_report(actor=admin, assignment=absent, reason="Sjuk")  # held: the coordinator records it
    substitute_assign(actor=admin, assignment=absent, substitute=pool["mora"], reason="Sjuk")
    team_member_add(actor=admin, occasion=pool.occasion, trainer=pool["avesta"], role=TeamRole.LEADER)
    day_assign(actor=admin, course_day=pool.days[0], trainer=pool["avesta"], role=DayRole.LEADER)

    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    municipal = occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=12,
        days=[day(datetime.date(LAST, 5, 20), address="Avesta")],
    )
    # A discussion leader's day on Avesta's own occasion: not lent to the region, so not in the report.
    team_member_add(actor=world["municipal_admin"], occasion=municipal, trainer=leader, role=TeamRole.LEADER)
    day_assign(actor=world["municipal_admin"], course_day=municipal.days.get(), trainer=leader, role=DayRole.LEADER)
    return pool


def _as(client, user):
    client.force_login(user)
    return client


def _rows(report):
    return [(r.name, r.municipality, r.days_led, r.days_trained) for r in report.rows]


def test_the_report_counts_days_per_trainer_role_and_lending_municipality(client, taught):
    response = _as(client, taught.coordinator).get(reverse("days_taught_report"), LAST_YEAR)

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.start, report.end) == (datetime.date(LAST, 1, 1), datetime.date(LAST, 12, 31))
    assert _rows(report) == [
        ("Trainer Testsson", "Avesta", 3, 0),
        ("Falun Utbildare", "Falun", 0, 2),
        ("Mora Utbildare", "Mora", 0, 1),
    ]
    assert [(m.municipality, m.days_led, m.days_trained, m.days) for m in report.municipalities] == [
        ("Avesta", 3, 0, 3),
        ("Falun", 0, 2, 2),
        ("Mora", 0, 1, 1),
    ]
    assert (report.days_led, report.days_trained, report.days, report.trainers) == (3, 3, 6, 3)
    body = response.content.decode()
    assert "Undervisade dagar" in body
    assert "utbildarpotten" in body
    assert "Summa för Avesta" in body
    assert 'aria-current="true"><strong>Förra året</strong>' in body


def test_the_report_covers_the_period_chosen(client, taught):
    c = _as(client, taught.coordinator)

    spring = c.get(reverse("days_taught_report"), {"start": f"{LAST}-01-01", "end": f"{LAST}-03-31"})
    this_year = c.get(reverse("days_taught_report"))  # this year by default: nothing held yet

    assert _rows(spring.context["report"]) == [
        ("Trainer Testsson", "Avesta", 2, 0),
        ("Falun Utbildare", "Falun", 0, 1),
        ("Mora Utbildare", "Mora", 0, 1),
    ]
    assert this_year.context["report"].start == datetime.date(timezone.localdate().year, 1, 1)
    assert this_year.context["report"].rows == []
    assert "Inga undervisade kursdagar under perioden" in this_year.content.decode()


def test_the_report_filters_by_lending_municipality(client, taught):
    response = _as(client, taught.coordinator).get(
        reverse("days_taught_report"), {**LAST_YEAR, "municipality": taught.world.falun.pk}
    )

    assert _rows(response.context["report"]) == [("Falun Utbildare", "Falun", 0, 2)]


def test_a_period_that_ends_before_it_starts_is_refused(client, taught):
    response = _as(client, taught.coordinator).get(
        reverse("days_taught_report"), {"start": f"{LAST}-05-01", "end": f"{LAST}-04-01"}
    )
    export = _as(client, taught.coordinator).get(
        reverse("days_taught_export"), {"start": f"{LAST}-05-01", "end": f"{LAST}-04-01"}
    )

    assert response.status_code == export.status_code == 400
    assert response.context["report"] is None
    assert "Sista dagen kan inte vara före den första" in response.content.decode()


def test_a_kadmin_sees_the_days_their_municipality_lent_even_after_the_trainer_moved(client, taught):
    world = taught.world
    accounts.role_assign(actor=world["system_admin"], person=world["trainer"], role="trainer", place=world.falun)
    trainer_profile_save(actor=taught.coordinator, person=world["trainer"], home_municipality=world.falun)

    avesta = _as(client, world["municipal_admin"]).get(reverse("days_taught_report"), LAST_YEAR)
    falun = _as(client, world["municipal_admin_falun"]).get(reverse("days_taught_report"), LAST_YEAR)

    assert _rows(avesta.context["report"]) == [("Trainer Testsson", "Avesta", 3, 0)]
    assert _rows(falun.context["report"]) == [("Falun Utbildare", "Falun", 0, 2)]


def test_another_regions_coordinator_sees_none_of_these_days_and_the_system_admin_picks_a_region(client, taught):
    world = taught.world
    gavleborg = _as(client, world["regional_admin_gavleborg"]).get(reverse("days_taught_report"), LAST_YEAR)
    admin = _as(client, world["system_admin"])

    everything = admin.get(reverse("days_taught_report"), LAST_YEAR)
    only_gavleborg = admin.get(reverse("days_taught_report"), {**LAST_YEAR, "region": world.gavleborg.pk})

    assert gavleborg.context["report"].rows == []
    assert everything.context["report"].days == 6
    assert only_gavleborg.context["report"].rows == []


@pytest.mark.parametrize("role", ["trainer", "staff", "manager"])
def test_those_who_coordinate_no_pool_are_refused_the_report(client, taught, role):
    c = _as(client, taught.world[role])

    assert c.get(reverse("days_taught_report")).status_code == 403
    assert c.get(reverse("days_taught_export")).status_code == 403


def test_the_export_has_a_row_per_trainer_and_lending_municipality(client, taught):
    response = _as(client, taught.coordinator).get(reverse("days_taught_export"), LAST_YEAR)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"undervisade-dagar-{LAST}-01-01-{LAST}-12-31" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Utbildare",
        "Utlånande kommun",
        "Dagar som kursledare",
        "Dagar som utbildare",
        "Dagar totalt",
        "Från",
        "Till och med",
    ]
    assert [r[:5] for r in rows[1:]] == [
        ["Trainer Testsson", "Avesta", 3, 0, 3],
        ["Falun Utbildare", "Falun", 0, 2, 2],
        ["Mora Utbildare", "Mora", 0, 1, 1],
    ]
    assert rows[1][5].date() == datetime.date(LAST, 1, 1)


def test_the_export_as_csv_keeps_the_filters(client, taught):
    response = _as(client, taught.coordinator).get(
        reverse("days_taught_export"), {**LAST_YEAR, "municipality": taught.world.falun.pk, "format": "csv"}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Utbildare"
    assert rows[1:] == [["Falun Utbildare", "Falun", "0", "2", "2", f"{LAST}-01-01", f"{LAST}-12-31"]]


def test_the_report_query_count_does_not_grow_with_days_taught(client, taught, django_assert_num_queries):
    world = taught.world
    c = _as(client, taught.coordinator)
    url = reverse("days_taught_report")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert c.get(url, LAST_YEAR).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    more = make_occasion(world, [day(datetime.date(LAST, 11, d), address="Falun") for d in (2, 9, 16)], name="Fler")
    for i in range(3):
        trainer = make_trainer(world, f"fler_{i}", world.falun, max_days=5)
        team_member_add(actor=taught.coordinator, occasion=more, trainer=trainer, role=TeamRole.TRAINER)
        for course_day in more.days.all():
            day_assign(actor=taught.coordinator, course_day=course_day, trainer=trainer, role=DayRole.TRAINER)

    large = count()

    assert large == small
    with django_assert_num_queries(large):
        c.get(url, LAST_YEAR)

"""The follow-up reports' selectors against figures counted by hand: accounts per municipality and role,
progress per course and municipality, the yearly attendance table (also in the exact shape of Dalarna's
BoU 2024 report) and the days taught; and who sees which figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.catalog.services import course_save
from yrkesresan.followup import reports
from yrkesresan.followup.reports import ReportFilters
from yrkesresan.learning.models import CourseProgress, ProgressState
from yrkesresan.learning.progress_places import progress_place_refresh
from yrkesresan.occasions.models import CourseDay, Occasion, Registration, RegistrationState
from yrkesresan.occasions.services import (
    attendance_take,
    occasion_cancel,
    occasion_create,
    registration_cancel,
    registration_create,
)
from yrkesresan.trainers.models import DayRole, TeamRole, TrainerProfile
from yrkesresan.trainers.services import day_assign, qualification_grant, team_member_add, trainer_profile_save
from yrkesresan.trainers.tests.conftest import day, make_trainer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
Y = TODAY.year - 1
LAST_YEAR = ReportFilters(start=datetime.date(Y, 1, 1), end=datetime.date(Y, 12, 31))
THIS_YEAR = ReportFilters(start=datetime.date(TODAY.year, 1, 1), end=datetime.date(TODAY.year, 12, 31))


def at(year: int, month: int, d: int) -> datetime.datetime:
    return datetime.datetime(year, month, d, 12, tzinfo=timezone.get_current_timezone())


# --- 1. accounts ------------------------------------------------------------------------------------------


def _accounts(report: reports.AccountsReport) -> list[tuple[Any, ...]]:
    return [(r.municipality, r.accounts, r.staff, r.managers, r.trainers, r.kadmins) for r in report.rows]


def _total(report: reports.AccountsReport) -> tuple[int, ...]:
    t = report.total
    return (t.accounts, t.staff, t.managers, t.trainers, t.kadmins)


@pytest.fixture
def accounts_world(world):
    """The world's people, and two more roles: ``staff`` also trains for Avesta (two roles, one person),
    ``staff_falun`` also trains for Avesta (two municipalities, one person)::

        Avesta: staff, manager, municipal_admin, trainer, staff_boende, staff_falun   6 accounts
                staff 2 (staff, staff_boende), managers 1, trainers 3, k-admins 1
        Falun:  staff_falun, municipal_admin_falun                                    2: staff 1, k-admin 1
        Gävle:  staff_gavle                                                           1: staff 1
    """
    admin = world["system_admin"]
    accounts.role_assign(actor=admin, person=world["staff"], role="trainer", place=world.avesta)
    accounts.role_assign(actor=admin, person=world["staff_falun"], role="trainer", place=world.avesta)
    return world


def test_accounts_count_each_person_once_and_each_role_in_its_column(accounts_world):
    report = reports.accounts_by_municipality(actor=accounts_world["regional_admin"], filters=THIS_YEAR)

    assert report.on == TODAY
    assert _accounts(report) == [("Avesta", 6, 2, 1, 3, 1), ("Falun", 2, 1, 0, 0, 1)]
    # staff_falun belongs to both municipalities and is one account in all.
    assert _total(report) == (7, 3, 1, 3, 2)


def test_accounts_with_a_journey_are_the_people_enrolled_on_it(accounts_world):
    world = accounts_world
    filters = ReportFilters(start=THIS_YEAR.start, end=THIS_YEAR.end, journey=world.bou)

    report = reports.accounts_by_municipality(actor=world["regional_admin"], filters=filters)

    # On BoU: staff (staff and trainer) and staff_boende, both in Avesta.
    assert _accounts(report) == [("Avesta", 2, 2, 0, 1, 0)]


def test_accounts_are_read_on_the_periods_last_day(accounts_world):
    """Every role in the world began today: on the last day of last year nobody had one."""
    report = reports.accounts_by_municipality(actor=accounts_world["regional_admin"], filters=LAST_YEAR)

    assert report.on == datetime.date(Y, 12, 31)
    assert report.rows == []
    assert _total(report) == (0, 0, 0, 0, 0)


def test_accounts_are_scoped_to_the_municipality_the_units_and_the_region(accounts_world):
    world = accounts_world

    def rows(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=THIS_YEAR.start, end=THIS_YEAR.end, **filters)
        return _accounts(reports.accounts_by_municipality(actor=world[actor], filters=f))

    assert rows("municipal_admin") == [("Avesta", 6, 2, 1, 3, 1)]
    assert rows("municipal_admin_falun") == [("Falun", 2, 1, 0, 0, 1)]
    # The manager's unit, Avesta hemtjänst: the staff member and the manager (roles held at the unit).
    assert rows("manager") == [("Avesta", 2, 1, 1, 0, 0)]
    assert rows("regional_admin_gavleborg") == [("Gävle", 1, 1, 0, 0, 0)]
    assert rows("regional_admin_gavleborg", region=world.dalarna) == []
    assert rows("system_admin") == [("Avesta", 6, 2, 1, 3, 1), ("Falun", 2, 1, 0, 0, 1), ("Gävle", 1, 1, 0, 0, 0)]
    assert rows("system_admin", region=world.gavleborg) == [("Gävle", 1, 1, 0, 0, 0)]
    assert rows("regional_admin", municipality=world.falun) == [("Falun", 2, 1, 0, 0, 1)]


def test_a_national_editor_reads_the_nations_figures_of_their_journey_only(accounts_world):
    """The world's national editor edits BoU: the nation's BoU figures, as a system admin reads them; every
    journey at once or another journey is nothing."""
    world = accounts_world

    def rows(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=THIS_YEAR.start, end=THIS_YEAR.end, **filters)
        return _accounts(reports.accounts_by_municipality(actor=world[actor], filters=f))

    assert rows("national_editor", journey=world.bou) == rows("system_admin", journey=world.bou)
    assert rows("national_editor", journey=world.bou) == [("Avesta", 2, 2, 0, 1, 0)]
    assert rows("national_editor", journey=world.bou, municipality=world.falun) == []
    assert rows("national_editor") == []
    assert rows("national_editor", journey=world.funk) == []
    assert rows("staff", journey=world.bou) == []
    assert list(reports.report_regions(world["national_editor"])) == [world.dalarna, world.gavleborg]


# --- 2. progress ------------------------------------------------------------------------------------------


@pytest.fixture
def progress_world(world):
    """Progress rows, written directly (and their read model refreshed as the service does): what matters here
    is when they started and were completed, which the services stamp with the present moment. A second BoU NY
    course, "Samtal och delaktighet".

        staff (Avesta)          barnet i centrum completed Y-05-01                  completed last year
        staff_boende (Avesta)   barnet i centrum started Y-03-01, ongoing            ongoing (also trains
                                                                                    in Falun: two places)
        manager (Avesta)        barnet i centrum completed Y-1                       neither
        trainer (Avesta)        samtal started this year, ongoing                   ongoing this year only
        municipal_admin         barnet i centrum not started                        neither
        staff_falun (Falun)     Funk kurs 1 started Y-11-01, completed this year    ongoing at last year's end
        staff_gavle (Gävle)     Funk kurs 1 completed Y-06-01                       completed (Gävleborg)
    """
    admin = world["system_admin"]
    samtal = course_save(
        actor=admin,
        journey=world.bou,
        level=world.bou_ny,
        code="samtal",
        title="Samtal och delaktighet",
        kind="led",
        day_count=2,
        day_mode="on_site",
    )
    accounts.role_assign(actor=admin, person=world["staff_boende"], role="trainer", place=world.falun)

    def progress(person: str, course: Any, state: str, started: Any = None, completed: Any = None) -> None:
        row, _created = CourseProgress.objects.update_or_create(
            user=world[person],
            course=course,
            defaults={"journey": course.journey, "state": state, "started_at": started, "completed_at": completed},
        )
        progress_place_refresh(progress=row)  # what course_progress_refresh does after saving

    progress("staff", world.bou_course, ProgressState.COMPLETED, at(Y, 2, 1), at(Y, 5, 1))
    progress("staff_boende", world.bou_course, ProgressState.ONGOING, at(Y, 3, 1))
    progress("manager", world.bou_course, ProgressState.COMPLETED, at(Y - 1, 2, 1), at(Y - 1, 3, 1))
    progress("trainer", samtal, ProgressState.ONGOING, timezone.now())
    progress("municipal_admin", world.bou_course, ProgressState.NOT_STARTED)
    progress("staff_falun", world.funk_course, ProgressState.COMPLETED, at(Y, 11, 1), timezone.now())
    progress("staff_gavle", world.funk_course, ProgressState.COMPLETED, at(Y, 5, 1), at(Y, 6, 1))
    world.samtal = samtal  # type: ignore[attr-defined]
    return world


def _progress(report: reports.ProgressReport) -> list[tuple[Any, ...]]:
    return [
        (
            group.level,
            course.course,
            course.ongoing,
            course.completed,
            [(c.municipality, c.ongoing, c.completed) for c in course.municipalities],
        )
        for group in report.levels
        for course in group.courses
    ]


def test_progress_counts_ongoing_at_the_periods_end_and_completed_within_it(progress_world):
    world = progress_world

    report = reports.progress_by_course(actor=world["regional_admin"], filters=LAST_YEAR)

    assert _progress(report) == [
        # staff_boende belongs to Avesta and Falun: counted in both, once in the course's figures.
        ("NY", "Handläggning med barnet i centrum", 1, 1, [("Avesta", 1, 1), ("Falun", 1, 0)]),
        ("BAS", "Kurs 1 Introduktionskurs", 1, 0, [("Falun", 1, 0)]),
    ]
    assert (report.ongoing, report.completed) == (2, 1)
    assert [g.journey for g in report.levels] == ["BoU", "Funk utförare"]


def test_progress_this_year_reads_the_state_today(progress_world):
    world = progress_world

    report = reports.progress_by_course(actor=world["regional_admin"], filters=THIS_YEAR)

    assert _progress(report) == [
        ("NY", "Handläggning med barnet i centrum", 1, 0, [("Avesta", 1, 0), ("Falun", 1, 0)]),
        ("NY", "Samtal och delaktighet", 1, 0, [("Avesta", 1, 0)]),
        ("BAS", "Kurs 1 Introduktionskurs", 0, 1, [("Falun", 0, 1)]),
    ]


def test_progress_is_scoped_and_filtered(progress_world):
    world = progress_world

    def rows(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, **filters)
        return _progress(reports.progress_by_course(actor=world[actor], filters=f))

    assert rows("municipal_admin") == [("NY", "Handläggning med barnet i centrum", 1, 1, [("Avesta", 1, 1)])]
    # Avesta hemtjänst: the staff member only.
    assert rows("manager") == [("NY", "Handläggning med barnet i centrum", 0, 1, [("Avesta", 0, 1)])]
    assert rows("regional_admin", journey=world.funk) == [("BAS", "Kurs 1 Introduktionskurs", 1, 0, [("Falun", 1, 0)])]
    assert rows("regional_admin", municipality=world.falun) == [
        ("NY", "Handläggning med barnet i centrum", 1, 0, [("Falun", 1, 0)]),
        ("BAS", "Kurs 1 Introduktionskurs", 1, 0, [("Falun", 1, 0)]),
    ]
    assert rows("regional_admin_gavleborg") == [("BAS", "Kurs 1 Introduktionskurs", 0, 1, [("Gävle", 0, 1)])]
    assert rows("regional_admin_gavleborg", region=world.dalarna) == []
    assert rows("system_admin")[-1] == ("BAS", "Kurs 1 Introduktionskurs", 1, 1, [("Falun", 1, 0), ("Gävle", 0, 1)])
    # The national editor of BoU: the nation's BoU figures; Funk's are not theirs.
    assert rows("national_editor", journey=world.bou) == rows("system_admin", journey=world.bou) != []
    assert rows("national_editor", journey=world.funk) == []


def test_progress_counts_a_person_of_three_municipalities_in_each_and_once_in_the_totals(progress_world):
    """staff_boende (Avesta, Falun) also trains in Gävle: three cells, one person in the course's figures,
    whether the reach holds all three places (the nation), two (Dalarna) or one (Gävleborg)."""
    world = progress_world
    accounts.role_assign(actor=world["system_admin"], person=world["staff_boende"], role="trainer", place=world.gavle)

    def course(actor: str) -> tuple[Any, ...]:
        report = reports.progress_by_course(actor=world[actor], filters=LAST_YEAR)
        return next(r for r in _progress(report) if r[1] == "Handläggning med barnet i centrum")

    assert course("system_admin") == (
        "NY",
        "Handläggning med barnet i centrum",
        1,
        1,
        [("Avesta", 1, 1), ("Falun", 1, 0), ("Gävle", 1, 0)],
    )
    assert course("regional_admin") == (
        "NY",
        "Handläggning med barnet i centrum",
        1,
        1,
        [("Avesta", 1, 1), ("Falun", 1, 0)],
    )
    assert course("regional_admin_gavleborg") == ("NY", "Handläggning med barnet i centrum", 1, 0, [("Gävle", 1, 0)])
    report = reports.progress_by_course(actor=world["system_admin"], filters=LAST_YEAR)
    assert (report.ongoing, report.completed) == (2, 2)


# --- 3. course occasions: the yearly attendance table -----------------------------------------------------


BEFORE = at(Y, 1, 2)
YEAR_END = datetime.date(Y, 12, 31)


def _occasion(world: Any, course: Any, dates: list[datetime.date], **extra: Any) -> Occasion:
    return occasion_create(
        actor=extra.pop("actor", world["regional_admin"]),
        course=course,
        region=extra.pop("region", world.dalarna),
        capacity=20,
        name=extra.pop("name", "Omgång"),
        days=[day(d, address="Avesta") for d in dates],
        **extra,
    )


def _book(world: Any, occasion: Occasion, *people: str, actor: str = "regional_admin") -> dict[str, Registration]:
    return {p: registration_create(actor=world[actor], occasion=occasion, person=world[p], now=BEFORE) for p in people}


def _take(world: Any, occasion: Occasion, absent: dict[int, str] | None = None, *, on: list[int] | None = None) -> None:
    """Take every day's attendance, everyone present except ``absent`` on the days numbered in ``on``."""
    actor = world["regional_admin"] if occasion.region_id == world.dalarna.pk else world["regional_admin_gavleborg"]
    for i, course_day in enumerate(occasion.days.order_by("date")):
        missing = absent if absent and (on is None or i in on) else {}
        attendance_take(actor=actor, course_day=course_day, absent=missing, today=YEAR_END)


@pytest.fixture
def occasions_world(world):
    """Last year, built through the services (sign-up before, attendance taken at the year's end):

    A = barnet i centrum   A1: 2 days, staff, staff_boende (away day 2: partly), staff_falun;
                               the trainer signed up and cancelled (not counted)
                           A2: 1 day, staff, staff_falun (away: did not come)
                           A3: 1 day, cancelled (not counted)
    B = samtal             B1: 2 days, staff_boende and the manager, both there
    C = Funk kurs 1        G1: Gävleborg, 1 day, staff_gavle there

    Dalarna: A 2 rounds, 3 days, 5 registered, 4 attended, 80.0 %
             B 1 round,  2 days, 2 registered, 2 attended, 100.0 %
             total 3 | 5 | 7 | 6 | 85.7 %
    """
    admin = world["system_admin"]
    # The world's roles began today; these people held them last year too (the sign-up keeps the
    # municipality the person belonged to on the day).
    RoleAssignment.objects.update(valid_from=datetime.date(Y - 1, 1, 1))
    samtal = course_save(
        actor=admin,
        journey=world.bou,
        level=world.bou_ny,
        code="samtal",
        title="Samtal och delaktighet",
        kind="led",
        day_count=2,
        day_mode="on_site",
    )
    a1 = _occasion(world, world.bou_course, [datetime.date(Y, 3, 10), datetime.date(Y, 3, 11)], name="A1")
    booked = _book(world, a1, "staff", "staff_boende", "staff_falun", "trainer")
    registration_cancel(actor=world["regional_admin"], registration=booked["trainer"], today=datetime.date(Y, 1, 2))
    _take(world, a1, {booked["staff_boende"].pk: "Sjuk"}, on=[1])
    a2 = _occasion(world, world.bou_course, [datetime.date(Y, 10, 5)], name="A2")
    booked = _book(world, a2, "staff", "staff_falun")
    _take(world, a2, {booked["staff_falun"].pk: "Kom inte"})
    a3 = _occasion(world, world.bou_course, [datetime.date(Y, 11, 5)], name="A3")
    _book(world, a3, "staff")
    occasion_cancel(actor=world["regional_admin"], occasion=a3, reason="För få anmälda")
    b1 = _occasion(world, samtal, [datetime.date(Y, 5, 2), datetime.date(Y, 5, 3)], name="B1")
    _book(world, b1, "staff_boende", "manager")
    _take(world, b1)
    g1 = _occasion(
        world,
        world.funk_course,
        [datetime.date(Y, 4, 4)],
        name="G1",
        actor=world["regional_admin_gavleborg"],
        region=world.gavleborg,
    )
    _book(world, g1, "staff_gavle", actor="regional_admin_gavleborg")
    _take(world, g1)
    world.samtal = samtal  # type: ignore[attr-defined]
    return world


def _table(report: reports.OccasionsReport) -> list[tuple[Any, ...]]:
    rows = [(r.course, r.rounds, r.days, r.registered, r.attended, r.attendance) for r in report.rows]
    t = report.total
    return [*rows, ("total", t.rounds, t.days, t.registered, t.attended, t.attendance)]


def test_the_attendance_table_counts_rounds_days_registered_and_attended(occasions_world):
    world = occasions_world
    assert Registration.objects.filter(user=world["staff_boende"], occasion__name="A1").get().state == (
        RegistrationState.PARTLY_ATTENDED
    )

    report = reports.occasions_by_course(actor=world["regional_admin"], filters=LAST_YEAR)

    assert _table(report) == [
        ("Handläggning med barnet i centrum", 2, 3, 5, 4, Decimal("80.0")),
        ("Samtal och delaktighet", 1, 2, 2, 2, Decimal("100.0")),
        ("total", 3, 5, 7, 6, Decimal("85.7")),
    ]
    assert report.participants_only is False


def test_the_attendance_table_of_a_municipality_is_of_its_participants(occasions_world):
    world = occasions_world

    def table(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, **filters)
        return _table(reports.occasions_by_course(actor=world[actor], filters=f))

    # Avesta's participants: staff, staff_boende, the manager.
    assert table("municipal_admin") == [
        ("Handläggning med barnet i centrum", 2, 3, 3, 3, Decimal("100.0")),
        ("Samtal och delaktighet", 1, 2, 2, 2, Decimal("100.0")),
        ("total", 3, 5, 5, 5, Decimal("100.0")),
    ]
    falun = [
        ("Handläggning med barnet i centrum", 2, 3, 2, 1, Decimal("50.0")),
        ("total", 2, 3, 2, 1, Decimal("50.0")),
    ]
    assert table("municipal_admin_falun") == falun
    assert table("regional_admin", municipality=world.falun) == falun
    # The manager of Avesta hemtjänst: the staff member (A1, A2) and the manager (B1).
    assert table("manager") == [
        ("Handläggning med barnet i centrum", 2, 3, 2, 2, Decimal("100.0")),
        ("Samtal och delaktighet", 1, 2, 1, 1, Decimal("100.0")),
        ("total", 3, 5, 3, 3, Decimal("100.0")),
    ]


def test_the_attendance_table_of_another_region_and_of_the_nation(occasions_world):
    world = occasions_world

    def table(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, **filters)
        return _table(reports.occasions_by_course(actor=world[actor], filters=f))

    gavleborg = [("Kurs 1 Introduktionskurs", 1, 1, 1, 1, Decimal("100.0")), ("total", 1, 1, 1, 1, Decimal("100.0"))]
    assert table("regional_admin_gavleborg") == gavleborg
    assert table("regional_admin_gavleborg", region=world.dalarna) == [("total", 0, 0, 0, 0, None)]
    assert table("system_admin")[-1] == ("total", 4, 6, 8, 7, Decimal("87.5"))
    assert table("system_admin", region=world.gavleborg) == gavleborg
    assert table("regional_admin", journey=world.funk) == [("total", 0, 0, 0, 0, None)]
    # The national editor of BoU reads the nation's BoU table, and nothing of Funk.
    assert table("national_editor", journey=world.bou) == table("system_admin", journey=world.bou)
    assert table("national_editor", journey=world.bou)[-1][1:] != (0, 0, 0, 0, None)
    assert table("national_editor", journey=world.funk) == [("total", 0, 0, 0, 0, None)]


def test_the_attendance_table_covers_the_period_chosen(occasions_world):
    world = occasions_world
    spring = ReportFilters(start=datetime.date(Y, 3, 11), end=datetime.date(Y, 6, 30))

    report = reports.occasions_by_course(actor=world["regional_admin"], filters=spring)

    # A1's second day only (its registrations all count), and B1.
    assert _table(report) == [
        ("Handläggning med barnet i centrum", 1, 1, 3, 3, Decimal("100.0")),
        ("Samtal och delaktighet", 1, 2, 2, 2, Decimal("100.0")),
        ("total", 2, 3, 5, 5, Decimal("100.0")),
    ]


def test_the_attendance_table_has_the_shape_of_the_yearly_report(world):
    """Dalarna's BoU 2024 (DOMAIN.md), from rows written directly: the aggregation, not the services
    (those are above). The printed report's total row says 6 | 14 | 139 | 127 | 91.4 %, but its course
    rows add up to 136 registered and 124 attended (91.2 %): the total here is the sum of the rows."""
    admin = world["system_admin"]
    titles = [
        ("Handläggning med barnet i centrum", [(4, 23, 22), (4, 23, 21)]),
        ("Handläggning av unga lagöverträdare", [(1, 26, 23), (1, 25, 23)]),
        ("Samtal och delaktighet", [(2, 26, 25)]),
        ("Utsatthet och våld", [(2, 13, 10)]),
    ]
    people = User.objects.bulk_create([User(username=f"deltagare{i}") for i in range(26)])
    courses = [world.bou_course] + [
        course_save(
            actor=admin,
            journey=world.bou,
            level=world.bou_ny,
            code=f"k{i}",
            title=title,
            kind="led",
            day_count=2,
            day_mode="on_site",
        )
        for i, (title, _rounds) in enumerate(titles[1:])
    ]
    for course, (_title, rounds) in zip(courses, titles, strict=True):
        for n_days, n_registered, n_attended in rounds:
            dates = [datetime.date(Y, 9, 1) + datetime.timedelta(days=7 * i) for i in range(n_days)]
            occasion = Occasion.objects.create(
                course=course, region=world.dalarna, capacity=30, first_day=dates[0], last_day=dates[-1]
            )
            CourseDay.objects.bulk_create(
                CourseDay(occasion=occasion, date=d, starts=datetime.time(9), ends=datetime.time(16)) for d in dates
            )
            states = (
                [RegistrationState.ATTENDED] * (n_attended - 1)
                + [RegistrationState.PARTLY_ATTENDED]
                + [RegistrationState.NO_SHOW] * (n_registered - n_attended)
            )
            Registration.objects.bulk_create(
                [
                    *(
                        Registration(occasion=occasion, user=p, state=s, municipality_at_signup=world.avesta)
                        for p, s in zip(people, states, strict=False)
                    ),
                    # Not holding a place: not registered.
                    Registration(occasion=occasion, user=people[-1], state=RegistrationState.CANCELLED),
                ]
            )

    report = reports.occasions_by_course(actor=world["regional_admin"], filters=LAST_YEAR)

    assert _table(report) == [
        ("Handläggning med barnet i centrum", 2, 8, 46, 43, Decimal("93.5")),
        ("Handläggning av unga lagöverträdare", 2, 2, 51, 46, Decimal("90.2")),
        ("Samtal och delaktighet", 1, 2, 26, 25, Decimal("96.2")),
        ("Utsatthet och våld", 1, 2, 13, 10, Decimal("76.9")),
        ("total", 6, 14, 136, 124, Decimal("91.2")),
    ]


def test_attendance_is_rounded_half_up_to_one_decimal():
    assert reports.percent(43, 46) == Decimal("93.5")
    assert reports.percent(127, 139) == Decimal("91.4")
    assert reports.percent(1, 8) == Decimal("12.5")
    assert reports.percent(0, 0) is None


# --- 4. days taught -----------------------------------------------------------------------------------------


@pytest.fixture
def taught_world(world):
    """Last year: the world's trainer (Avesta) led both days of an occasion, Falun's trainer trained on the
    first; a Gävleborg trainer led a day in Gävleborg."""
    coordinator = world["regional_admin"]
    avesta = trainer_profile_save(actor=coordinator, person=world["trainer"], home_municipality=world.avesta)
    qualification_grant(actor=coordinator, trainer=avesta, course=world.bou_course)
    falun = make_trainer(world, "falun", world.falun)
    gavle = make_trainer(world, "gavle", world.gavle, actor=world["regional_admin_gavleborg"])
    occasion = _occasion(world, world.bou_course, [datetime.date(Y, 3, 10), datetime.date(Y, 3, 11)])
    team_member_add(actor=coordinator, occasion=occasion, trainer=avesta, role=TeamRole.LEADER)
    team_member_add(actor=coordinator, occasion=occasion, trainer=falun, role=TeamRole.TRAINER)
    first, second = occasion.days.order_by("date")
    for course_day in (first, second):
        day_assign(actor=coordinator, course_day=course_day, trainer=avesta, role=DayRole.LEADER)
    day_assign(actor=coordinator, course_day=first, trainer=falun, role=DayRole.TRAINER)
    other = _occasion(
        world,
        world.bou_course,
        [datetime.date(Y, 4, 4)],
        actor=world["regional_admin_gavleborg"],
        region=world.gavleborg,
    )
    team_member_add(actor=world["regional_admin_gavleborg"], occasion=other, trainer=gavle, role=TeamRole.LEADER)
    day_assign(actor=world["regional_admin_gavleborg"], course_day=other.days.get(), trainer=gavle, role=DayRole.LEADER)
    return world


def _taught(report: reports.TrainerActivityReport) -> list[tuple[Any, ...]]:
    return [
        (m.municipality, m.days_led, m.days_trained, [(t.name, t.days_led, t.days_trained) for t in m.trainers])
        for m in report.municipalities
    ]


def test_days_taught_per_trainer_and_lending_municipality(taught_world):
    world = taught_world

    report = reports.trainer_activity(actor=world["regional_admin"], filters=LAST_YEAR)

    assert _taught(report) == [
        ("Avesta", 2, 0, [("Trainer Testsson", 2, 0)]),
        ("Falun", 0, 1, [("Falun Utbildare", 0, 1)]),
    ]
    assert (report.days_led, report.days_trained, report.days, report.trainers) == (2, 1, 3, 2)
    assert report.counted_until == datetime.date(Y, 12, 31)


def test_days_taught_are_scoped(taught_world):
    world = taught_world

    def rows(actor: str, **filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, **filters)
        return _taught(reports.trainer_activity(actor=world[actor], filters=f))

    assert rows("municipal_admin") == [("Avesta", 2, 0, [("Trainer Testsson", 2, 0)])]
    assert rows("manager") == []  # none of the manager's staff teach
    assert rows("regional_admin_gavleborg") == [("Gävle", 1, 0, [("Gavle Utbildare", 1, 0)])]
    assert rows("regional_admin_gavleborg", region=world.dalarna) == []
    assert [m for m, *_ in rows("system_admin")] == ["Avesta", "Falun", "Gävle"]
    assert rows("system_admin", region=world.gavleborg) == [("Gävle", 1, 0, [("Gavle Utbildare", 1, 0)])]
    assert rows("regional_admin", municipality=world.falun) == [("Falun", 0, 1, [("Falun Utbildare", 0, 1)])]


def test_days_taught_narrowed_to_a_journey_are_those_of_its_courses(taught_world):
    """Falun's trainer also led a day of Funk's first course: counted with Funk, not with BoU."""
    world = taught_world
    coordinator = world["regional_admin"]
    falun = TrainerProfile.objects.get(user__username="falun")
    qualification_grant(actor=coordinator, trainer=falun, course=world.funk_course)
    funk_day = _occasion(world, world.funk_course, [datetime.date(Y, 5, 5)], name="Funk")
    team_member_add(actor=coordinator, occasion=funk_day, trainer=falun, role=TeamRole.LEADER)
    day_assign(actor=coordinator, course_day=funk_day.days.get(), trainer=falun, role=DayRole.LEADER)

    def rows(**filters: Any) -> list[tuple[Any, ...]]:
        f = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, **filters)
        return _taught(reports.trainer_activity(actor=coordinator, filters=f))

    assert rows(journey=world.bou) == [
        ("Avesta", 2, 0, [("Trainer Testsson", 2, 0)]),
        ("Falun", 0, 1, [("Falun Utbildare", 0, 1)]),
    ]
    assert rows(journey=world.funk) == [("Falun", 1, 0, [("Falun Utbildare", 1, 0)])]
    assert rows() == [("Avesta", 2, 0, [("Trainer Testsson", 2, 0)]), ("Falun", 1, 1, [("Falun Utbildare", 1, 1)])]


def test_a_national_editor_does_not_read_the_days_taught(taught_world):
    world = taught_world
    filters = ReportFilters(start=LAST_YEAR.start, end=LAST_YEAR.end, journey=world.bou)

    assert reports.trainer_activity(actor=world["system_admin"], filters=filters).days == 4
    assert reports.trainer_activity(actor=world["national_editor"], filters=filters).municipalities == []


# --- who may choose what ------------------------------------------------------------------------------------


def test_the_regions_and_municipalities_offered_are_those_in_reach(world):
    assert list(reports.report_regions(world["system_admin"])) == [world.dalarna, world.gavleborg]
    assert list(reports.report_regions(world["regional_admin"])) == [world.dalarna]
    assert list(reports.report_regions(world["manager"])) == [world.dalarna]
    assert list(reports.report_municipalities(world["regional_admin"])) == [world.avesta, world.falun]
    assert list(reports.report_municipalities(world["municipal_admin"])) == [world.avesta]
    assert list(reports.report_municipalities(world["manager"])) == [world.avesta]
    assert list(reports.report_municipalities(world["staff"])) == []
    assert list(reports.report_municipalities(world["system_admin"], region=world.gavleborg)) == [world.gavle]

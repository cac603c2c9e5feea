"""The trainer pools, terms, and the days-taught report that the trainer pot is computed from."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.core.models import AuditEvent
from yrkesresan.occasions.services import occasion_cancel, occasion_create
from yrkesresan.trainers.models import (
    AUTUMN,
    SPRING,
    DayAssignment,
    DayRole,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    term_of,
    term_range,
)
from yrkesresan.trainers.selectors import days_taught, days_taught_for_pot
from yrkesresan.trainers.services import (
    absence_report,
    day_assign,
    substitute_assign,
    team_member_add,
    trainer_profile_save,
)

from .conftest import D1, day, make_discussion_leader, make_occasion

LAST = timezone.localdate().year - 1
P1, P2, P3 = datetime.date(LAST, 3, 1), datetime.date(LAST, 3, 8), datetime.date(LAST, 10, 4)
YEAR = (datetime.date(LAST, 1, 1), datetime.date(LAST, 12, 31))


def test_terms_are_spring_and_autumn():
    assert term_of(datetime.date(2026, 6, 30)) == (2026, SPRING)
    assert term_of(datetime.date(2026, 7, 1)) == (2026, AUTUMN)
    assert term_range(2026, SPRING) == (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert term_range(2026, AUTUMN) == (datetime.date(2026, 7, 1), datetime.date(2026, 12, 31))


# --- the pool ---------------------------------------------------------------------------------------


def test_a_trainer_holds_the_trainer_role_in_the_municipality_that_lends_them(world):
    admin = world["regional_admin"]

    with pytest.raises(ValidationError) as no_role:
        trainer_profile_save(actor=admin, person=world["staff"], home_municipality=world.avesta)
    profile = trainer_profile_save(actor=admin, person=world["trainer"], home_municipality=world.avesta)

    assert "har inte rollen utbildare i Avesta" in " ".join(no_role.value.messages)
    assert (profile.region, profile.kind, profile.max_days_per_term, profile.active) == (
        world.dalarna,
        TrainerKind.TRAINER,
        2,
        True,
    )
    assert AuditEvent.objects.filter(action="trainer_profile.save", target_id=profile.pk).exists()


def test_only_the_regions_coordinators_keep_its_trainers(world):
    for outsider in (world["regional_admin_gavleborg"], world["municipal_admin"], world["manager"], world["trainer"]):
        with pytest.raises(PermissionDenied):
            trainer_profile_save(actor=outsider, person=world["trainer"], home_municipality=world.avesta)
    assert not TrainerProfile.objects.exists()


def test_a_kadmin_keeps_the_discussion_leaders_of_their_municipality(world):
    leader = make_discussion_leader(world, "samtal", world.avesta_home)

    assert (leader.kind, leader.home_municipality) == (TrainerKind.DISCUSSION_LEADER, world.avesta)
    with pytest.raises(PermissionDenied):
        trainer_profile_save(
            actor=world["municipal_admin_falun"],
            person=leader.user,
            home_municipality=world.avesta,
            kind=TrainerKind.DISCUSSION_LEADER,
        )


def test_a_municipal_occasion_draws_on_the_municipalitys_discussion_leaders(pool):
    world = pool.world
    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    occasion = occasion_create_municipal(world)

    team_member_add(actor=world["municipal_admin"], occasion=occasion, trainer=leader, role=TeamRole.LEADER)
    with pytest.raises(ValidationError) as regional_trainer:
        team_member_add(
            actor=world["municipal_admin"], occasion=occasion, trainer=pool["avesta"], role=TeamRole.TRAINER
        )

    assert "är inte samtalsledare i Avesta" in " ".join(regional_trainer.value.messages)
    assignment = day_assign(
        actor=world["municipal_admin"], course_day=occasion.days.get(), trainer=leader, role=DayRole.LEADER
    )
    assert assignment.lending_municipality == world.avesta


def occasion_create_municipal(world):
    return occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=12,
        days=[day(D1, address="Avesta")],
    )


# --- days taught --------------------------------------------------------------------------------------


@pytest.fixture
def taught(pool):
    """Last year: Avesta's trainer led three days; Falun trained two and was absent on the third, when
    Mora stepped in. Next year Avesta's trainer leads a day that has not been held yet."""
    world, admin = pool.world, pool.coordinator
    for name in ("avesta", "falun", "mora"):
        pool[name].max_days_per_term = 5
        pool[name].save()
    past = make_occasion(world, [day(P1, address="Avesta"), day(P2, address="Avesta"), day(P3, address="Avesta")])
    for name, role in (("avesta", TeamRole.LEADER), ("falun", TeamRole.TRAINER), ("mora", TeamRole.RESERVE)):
        team_member_add(actor=admin, occasion=past, trainer=pool[name], role=role)
    days = list(past.days.order_by("date"))
    for course_day in days:
        day_assign(actor=admin, course_day=course_day, trainer=pool["avesta"], role=DayRole.LEADER)
        day_assign(actor=admin, course_day=course_day, trainer=pool["falun"], role=DayRole.TRAINER)
    absent = DayAssignment.objects.get(trainer=pool["falun"], date=P2)
    absence_report(actor=admin, assignment=absent, reason="Sjuk")  # held: the coordinator records it
    substitute_assign(actor=admin, assignment=absent, substitute=pool["mora"], reason="Sjuk")
    team_member_add(actor=admin, occasion=pool.occasion, trainer=pool["avesta"], role=TeamRole.LEADER)
    day_assign(actor=admin, course_day=pool.days[0], trainer=pool["avesta"], role=DayRole.LEADER)
    return pool


def _rows(rows):
    return [(r.name, r.municipality, r.days_led, r.days_trained) for r in rows]


def test_days_taught_per_trainer_role_and_lending_municipality(taught):
    rows = days_taught(actor=taught.coordinator, start=YEAR[0], end=datetime.date(LAST + 2, 12, 31))

    # The absent day counts for Mora, not for Falun; next year's day has not been held yet.
    assert _rows(rows) == [
        ("Trainer Testsson", "Avesta", 3, 0),
        ("Falun Utbildare", "Falun", 0, 2),
        ("Mora Utbildare", "Mora", 0, 1),
    ]
    assert rows[0].days == 3


def test_days_taught_in_a_period(taught):
    spring = days_taught(actor=taught.coordinator, start=YEAR[0], end=datetime.date(LAST, 6, 30))

    assert _rows(spring) == [
        ("Trainer Testsson", "Avesta", 2, 0),
        ("Falun Utbildare", "Falun", 0, 1),
        ("Mora Utbildare", "Mora", 0, 1),
    ]


def test_the_lending_municipality_is_the_one_that_lent_the_trainer_on_the_day(taught):
    world = taught.world
    accounts.role_assign(actor=world["system_admin"], person=world["trainer"], role="trainer", place=world.falun)
    trainer_profile_save(actor=taught.coordinator, person=world["trainer"], home_municipality=world.falun)

    rows = days_taught(actor=taught.coordinator, start=YEAR[0], end=YEAR[1])

    assert ("Trainer Testsson", "Avesta", 3, 0) in _rows(rows)
    falun_admin = days_taught(
        actor=world["municipal_admin_falun"], start=YEAR[0], end=YEAR[1], municipality=world.falun
    )
    assert _rows(falun_admin) == [("Falun Utbildare", "Falun", 0, 2)]


def test_the_report_is_scoped_and_the_pot_reads_the_whole_region(taught):
    world = taught.world

    assert days_taught(actor=world["regional_admin_gavleborg"], start=YEAR[0], end=YEAR[1]) == []
    assert days_taught(actor=world["manager"], start=YEAR[0], end=YEAR[1]) == []
    assert _rows(days_taught_for_pot(region=world.dalarna, start=YEAR[0], end=YEAR[1])) == _rows(
        days_taught(actor=taught.coordinator, start=YEAR[0], end=YEAR[1])
    )
    assert days_taught_for_pot(region=world.gavleborg, start=YEAR[0], end=YEAR[1]) == []


def test_a_day_held_before_its_occasion_was_cancelled_still_counts(taught):
    # Cancelling frees the coming days (see test_history_is_kept); a day taught was taught.
    world = taught.world
    extra = make_occasion(world, [day(datetime.date(LAST, 11, 5), address="Avesta")], name="Inställd")
    team_member_add(actor=taught.coordinator, occasion=extra, trainer=taught["mora"], role=TeamRole.TRAINER)
    day_assign(actor=taught.coordinator, course_day=extra.days.get(), trainer=taught["mora"], role=DayRole.TRAINER)
    occasion_cancel(actor=taught.coordinator, occasion=extra, reason="För få anmälda")

    rows = days_taught(actor=taught.coordinator, start=YEAR[0], end=YEAR[1])

    assert ("Mora Utbildare", "Mora", 0, 2) in _rows(rows)

"""Ranking substitutes for a course day: who is left out, and in which order the rest stand."""

from __future__ import annotations

import datetime

import pytest

from yrkesresan.occasions.models import CourseDay
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.selectors import haversine_km, place_of, substitutes_for
from yrkesresan.trainers.services import day_assign, team_member_add, unavailability_add

from .conftest import D1, day, make_occasion, make_trainer


def _names(result):
    return [c.trainer.user.username for c in result.candidates]


def _team(pool, **roles):
    for name, role in roles.items():
        team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool[name], role=role)


def test_the_reserve_comes_first_then_the_nearest_and_those_of_unknown_distance_last(pool):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    day_assign(actor=pool.coordinator, course_day=pool.days[0], trainer=pool["avesta"], role=DayRole.LEADER)

    result = substitutes_for(course_day=pool.days[0], role=DayRole.LEADER)

    # Mora is far away but the reserve; Borlänge (about 55 km) is nearer Avesta than Falun (about 60 km);
    # Gagnef has no coordinates. Avesta is already on the day; the unqualified and Gävleborg's trainers
    # are not candidates at all.
    assert _names(result) == ["mora", "borlange", "falun", "gagnef"]
    assert result.place == pool.world.avesta
    mora, borlange, falun, gagnef = result.candidates
    assert mora.is_reserve and not falun.is_reserve and falun.team_role == TeamRole.TRAINER
    assert borlange.distance_km is not None and falun.distance_km is not None
    assert 40 < borlange.distance_km < falun.distance_km < 70
    assert gagnef.distance_km is None
    assert (falun.days_this_term, falun.max_days) == (0, 2)
    assert "Reserv för kurstillfället" in mora.reasons


def test_the_unavailable_those_teaching_elsewhere_that_date_and_those_out_of_days_are_left_out(pool):
    world = pool.world
    _team(pool, mora=TeamRole.RESERVE, gagnef=TeamRole.TRAINER)
    unavailability_add(actor=pool["borlange"].user, trainer=pool["borlange"], start=D1, end=D1, reason="Semester")
    other = make_occasion(world, [day(D1, address="Falun")], name="Omgång Falun")
    team_member_add(actor=pool.coordinator, occasion=other, trainer=pool["falun"], role=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=other.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
    pool["gagnef"].max_days_per_term = 1
    pool["gagnef"].save()
    day_assign(actor=pool.coordinator, course_day=pool.days[2], trainer=pool["gagnef"], role=DayRole.TRAINER)

    names = _names(substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER))

    assert names == ["mora", "trainer"]  # the reserve, then Avesta's own trainer (0 km)
    assert "borlange" not in names  # unavailable that day
    assert "falun" not in names  # teaches on another occasion that date
    assert "gagnef" not in names  # has used their one day this term
    assert "avesta_new" not in names and "gavle" not in names  # not qualified; another region's pool


def test_a_day_in_another_term_does_not_use_up_this_terms_days(pool):
    pool["falun"].max_days_per_term = 1
    pool["falun"].save()
    autumn = make_occasion(pool.world, [day(datetime.date(D1.year, 9, 1), address="Falun")], name="Hösten")
    team_member_add(actor=pool.coordinator, occasion=autumn, trainer=pool["falun"], role=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=autumn.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)

    names = _names(substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER))

    assert "falun" in names


def test_on_a_digital_day_distance_is_unknown_and_fewest_days_then_name_decide(pool):
    _team(pool, borlange=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=pool.days[0], trainer=pool["borlange"], role=DayRole.TRAINER)

    result = substitutes_for(course_day=pool.days[2], role=DayRole.TRAINER)

    assert result.place is None
    assert all(c.distance_km is None for c in result.candidates)
    # Borlänge has one day this term; the rest none, in name order (Testsson before the Utbildares).
    assert _names(result) == ["trainer", "falun", "gagnef", "mora", "borlange"]


def test_where_a_day_is_held_comes_from_the_occasion_or_the_address(pool):
    world = pool.world
    occasion = pool.occasion

    def place(**fields):
        return place_of(
            CourseDay(occasion=occasion, date=D1, starts=datetime.time(9), ends=datetime.time(12), **fields), occasion
        )

    assert place(address="Kungsgatan 1, Avesta") == world.avesta
    assert place(address="Borlängevägen 3, Falun").name == "Falun"  # a street named after a town is not the town
    assert place(venue="Folkets hus Mora", address="").name == "Mora"
    assert place(venue="Stadshuset", address="Storgatan 1") is None
    assert place(mode="digital", link="https://meet.example.org/x") is None


def test_a_municipal_occasion_is_held_in_its_municipality(pool):
    world = pool.world
    occasion = make_occasion(
        world,
        [day(D1, address="Falun")],  # the address is not read when the occasion has a municipality
        actor=world["municipal_admin"],
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
    )
    assert place_of(occasion.days.get(), occasion) == world.avesta


def test_the_great_circle_distance():
    # Stockholm to Göteborg is about 398 km as the crow flies.
    assert haversine_km(59.3293, 18.0686, 57.7089, 11.9746) == pytest.approx(398, abs=3)
    assert haversine_km(60.0, 15.0, 60.0, 15.0) == 0


def test_ranking_reads_a_handful_of_queries_whatever_the_size_of_the_pool(pool, django_assert_num_queries):
    # The occasion, where the day is held, the pool ranked on plain values, the best loaded as trainers.
    _team(pool, mora=TeamRole.RESERVE)
    with django_assert_num_queries(4):
        small = substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER)
    for i in range(8):
        make_trainer(pool.world, f"extra_{i}", pool.world.falun)
    with django_assert_num_queries(4):
        large = substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER)
    assert len(large.candidates) == len(small.candidates) + 8 == large.total


def test_a_limit_loads_only_the_best_but_counts_them_all(pool):
    _team(pool, mora=TeamRole.RESERVE)
    everyone = substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER)
    best = substitutes_for(course_day=pool.days[0], role=DayRole.TRAINER, limit=2)

    assert [c.trainer for c in best.candidates] == [c.trainer for c in everyone.candidates][:2]
    assert best.candidates[0].trainer == pool["mora"]  # the reserve first
    assert best.total == everyone.total == len(everyone.candidates) > 2

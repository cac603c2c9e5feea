"""What the trainer pot pays from is never lost: moving, removing and cancelling course days keep who
taught which day, a held day is corrected only by a coordinator, and what is private about a trainer (the
coordinator's note, an absence's reason) stays with those who keep or lend them."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import occasion_cancel, occasion_create, occasion_save
from yrkesresan.trainers.models import DayAction, DayAssignment, DayAssignmentEvent, DayRole, TeamRole
from yrkesresan.trainers.selectors import days_taught_for_pot
from yrkesresan.trainers.services import absence_report, day_assign, team_member_add, trainer_profile_save

from .conftest import D1, D2, day, make_discussion_leader, make_occasion

LAST = timezone.localdate().year - 1
HELD = datetime.date(LAST, 3, 1)
LAST_YEAR = {"start": datetime.date(LAST, 1, 1), "end": datetime.date(LAST, 12, 31)}
WEEK = datetime.timedelta(days=7)


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _save_days(actor: Any, occasion: Occasion, days: list[Any], dates: list[datetime.date]) -> None:
    """Save the occasion with ``days`` (kept by id) on ``dates``; the days left out are removed."""
    occasion_save(
        actor=actor,
        occasion=occasion,
        course=occasion.course,
        delivery_level=occasion.delivery_level,
        region=occasion.region,
        name=occasion.name,
        capacity=occasion.capacity,
        days=[
            {
                "id": d.pk,
                "date": date,
                "starts": d.starts,
                "ends": d.ends,
                "mode": d.mode,
                "venue": d.venue,
                "address": d.address,
                "link": d.link,
            }
            for d, date in zip(days, dates, strict=True)
        ],
    )


def _teaches(pool: Any, occasion: Occasion, trainer: str, *days: Any) -> list[DayAssignment]:
    team_member_add(actor=pool.coordinator, occasion=occasion, trainer=pool[trainer], role=TeamRole.TRAINER)
    return [day_assign(actor=pool.coordinator, course_day=d, trainer=pool[trainer], role=DayRole.TRAINER) for d in days]


def test_moving_every_day_a_week_later_keeps_a_trainer_who_teaches_two_days_in_a_row(pool):
    # Day 1 moves to day 2's old date: the two moves must not be taken for a double booking.
    _teaches(pool, pool.occasion, "falun", pool.days[0], pool.days[1])
    _save_days(pool.coordinator, pool.occasion, pool.days, [d.date + WEEK for d in pool.days])

    dates = sorted(DayAssignment.objects.filter(trainer=pool["falun"]).values_list("date", flat=True))
    assert dates == [D1 + WEEK, D2 + WEEK]
    assert not DayAssignmentEvent.objects.filter(action=DayAction.REMOVED).exists()


def test_a_day_moved_onto_a_date_the_trainer_teaches_elsewhere_is_given_up_with_the_reason(pool):
    other = make_occasion(pool.world, [day(D1 + WEEK, address="Falun")], name="Annan")
    _teaches(pool, other, "falun", other.days.get())
    _teaches(pool, pool.occasion, "falun", pool.days[0])
    _save_days(pool.coordinator, pool.occasion, pool.days, [pool.days[0].date + WEEK, *[d.date for d in pool.days[1:]]])

    assert list(DayAssignment.objects.filter(trainer=pool["falun"]).values_list("course_day__occasion", flat=True)) == [
        other.pk
    ]
    removed = DayAssignmentEvent.objects.get(action=DayAction.REMOVED)
    assert "flyttades" in removed.reason


def test_removing_a_coming_course_day_keeps_its_trainer_in_the_history(pool):
    _teaches(pool, pool.occasion, "falun", pool.days[0])
    _save_days(pool.coordinator, pool.occasion, pool.days[1:], [d.date for d in pool.days[1:]])

    assert not DayAssignment.objects.filter(trainer=pool["falun"]).exists()
    event = DayAssignmentEvent.objects.get(action=DayAction.REMOVED)
    assert (event.trainer, event.date) == (pool["falun"], D1)


def test_a_course_day_that_has_been_taught_cannot_be_removed(pool):
    held = make_occasion(pool.world, [day(HELD, address="Avesta"), day(HELD + WEEK, address="Avesta")], name="Förra")
    first, second = held.days.order_by("date")
    _teaches(pool, held, "falun", first)
    before = days_taught_for_pot(region=pool.world.dalarna, **LAST_YEAR)

    with pytest.raises(ValidationError) as refused:
        _save_days(pool.coordinator, held, [second], [second.date])

    assert "kan inte tas bort" in " ".join(refused.value.messages)
    assert held.days.count() == 2
    assert days_taught_for_pot(region=pool.world.dalarna, **LAST_YEAR) == before != []


def test_cancelling_an_occasion_frees_the_coming_days_and_keeps_the_days_taught(pool):
    running = make_occasion(pool.world, [day(HELD, address="Avesta"), day(D1, address="Avesta")], name="Pågår")
    taught, coming = _teaches(pool, running, "falun", *running.days.order_by("date"))

    occasion_cancel(actor=pool.coordinator, occasion=running, reason="Lokalen brann")

    assert DayAssignment.objects.filter(pk=taught.pk).exists()
    assert not DayAssignment.objects.filter(pk=coming.pk).exists()
    rows = days_taught_for_pot(region=pool.world.dalarna, **LAST_YEAR)
    assert [(r.trainer_id, r.days_trained) for r in rows] == [(pool["falun"].pk, 1)]


def test_a_trainer_cannot_report_absence_for_a_day_already_held_but_a_coordinator_corrects_it(pool):
    held = make_occasion(pool.world, [day(HELD, address="Avesta")], name="Förra")
    team_member_add(actor=pool.coordinator, occasion=held, trainer=pool["avesta"], role=TeamRole.TRAINER)
    assignment = day_assign(
        actor=pool.coordinator, course_day=held.days.get(), trainer=pool["avesta"], role=DayRole.TRAINER
    )

    response = _api(pool.world["trainer"]).post(
        f"/api/v1/day-assignments/{assignment.pk}/absence/", {"reason": "Sjuk"}, format="json"
    )
    assert response.status_code == 400
    assert "redan hållits" in str(response.json())
    assert days_taught_for_pot(region=pool.world.dalarna, **LAST_YEAR)

    with pytest.raises(ValidationError):  # a coordinator says why
        absence_report(actor=pool.coordinator, assignment=assignment, reason="")
    absence_report(actor=pool.coordinator, assignment=assignment, reason="Var sjuk, rättat i efterhand")
    assert days_taught_for_pot(region=pool.world.dalarna, **LAST_YEAR) == []


def test_days_on_municipal_occasions_are_not_counted_for_the_trainer_pot(pool):
    world = pool.world
    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    municipal = occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=10,
        days=[{"date": HELD, "starts": datetime.time(9), "ends": datetime.time(12), "venue": "Kommunhuset"}],
    )
    team_member_add(actor=world["municipal_admin"], occasion=municipal, trainer=leader, role=TeamRole.LEADER)
    day_assign(actor=world["municipal_admin"], course_day=municipal.days.get(), trainer=leader, role=DayRole.LEADER)

    assert days_taught_for_pot(region=world.dalarna, **LAST_YEAR) == []


def test_a_trainer_does_not_read_the_coordinators_note_on_a_colleague(pool):
    falun = pool["falun"]
    trainer_profile_save(
        actor=pool.coordinator, person=falun.user, home_municipality=pool.world.falun, note="Sjukskriven ofta"
    )

    as_trainer = _api(pool.world["trainer"]).get("/api/v1/trainers/").json()["results"]
    as_coordinator = _api(pool.coordinator).get(f"/api/v1/trainers/{falun.pk}/").json()

    assert falun.pk in {row["id"] for row in as_trainer}
    assert all(row["note"] == "" for row in as_trainer if row["id"] == falun.pk)
    assert as_coordinator["note"] == "Sjukskriven ofta"


def test_a_team_mate_does_not_read_why_a_colleague_is_absent(pool):
    team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool["avesta"], role=TeamRole.LEADER)
    (assignment,) = _teaches(pool, pool.occasion, "falun", pool.days[0])
    absence_report(actor=pool.coordinator, assignment=assignment, reason="Sjukskriven, utmattning")

    as_team_mate = _api(pool.world["trainer"]).get("/api/v1/day-assignments/").json()["results"]
    as_coordinator = _api(pool.coordinator).get(f"/api/v1/day-assignments/{assignment.pk}/").json()

    assert [row["absent"] for row in as_team_mate if row["id"] == assignment.pk] == [True]
    assert all(row["absence_reason"] == "" for row in as_team_mate)
    assert as_coordinator["absence_reason"] == "Sjukskriven, utmattning"


def test_a_trainer_who_moves_is_lent_by_the_new_home_for_the_coming_days_only(pool):
    from yrkesresan.accounts import services as accounts

    held = make_occasion(pool.world, [day(HELD, address="Avesta")], name="Förra")
    (taught,) = _teaches(pool, held, "falun", held.days.get())
    (coming,) = _teaches(pool, pool.occasion, "falun", pool.days[0])
    falun = pool["falun"]
    accounts.role_assign(actor=pool.world["system_admin"], person=falun.user, role="trainer", place=pool.world.avesta)

    trainer_profile_save(actor=pool.coordinator, person=falun.user, home_municipality=pool.world.avesta)

    taught.refresh_from_db()
    coming.refresh_from_db()
    assert taught.lending_municipality == pool.world.falun
    assert coming.lending_municipality == pool.world.avesta

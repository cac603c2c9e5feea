"""Course days assigned at the same moment: the lock on the trainer's row keeps one course day a date
and the term's limit. Run on PostgreSQL only: the in-memory SQLite test database refuses a busy lock at
once instead of waiting (see occasions/tests/test_concurrency.py); the constraint is tested on both."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from yrkesresan.trainers.models import DayAssignment, DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, team_member_add

from .conftest import D1, day, make_occasion

requires_waiting_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database refuses a busy lock at once instead of waiting for it.",
)


def _race(pool, course_days) -> list[str]:
    barrier = threading.Barrier(len(course_days))

    def assign(course_day) -> str:
        try:
            barrier.wait(timeout=60)
            day_assign(actor=pool.coordinator, course_day=course_day, trainer=pool["falun"], role=DayRole.TRAINER)
            return "assigned"
        except ValidationError as exc:
            return " ".join(exc.messages)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(course_days)) as executor:
        return list(executor.map(assign, course_days))


def _occasions_with_falun(pool, dates):
    days = []
    for i, date in enumerate(dates):
        occasion = make_occasion(pool.world, [day(date)], name=f"Tråd {i}")
        team_member_add(actor=pool.coordinator, occasion=occasion, trainer=pool["falun"], role=TeamRole.TRAINER)
        days.append(occasion.days.get())
    return days


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_six_course_days_on_one_date_assigned_at_once_give_the_trainer_one(pool):
    answers = _race(pool, _occasions_with_falun(pool, [D1] * 6))

    assert answers.count("assigned") == 1
    assert DayAssignment.objects.filter(trainer=pool["falun"]).count() == 1


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_six_days_of_one_term_assigned_at_once_stop_at_the_terms_limit(pool):
    dates = [D1 + datetime.timedelta(days=i) for i in range(6)]
    answers = _race(pool, _occasions_with_falun(pool, dates))

    assert answers.count("assigned") == 2  # the two days a term their manager allows
    assert DayAssignment.objects.filter(trainer=pool["falun"]).count() == 2

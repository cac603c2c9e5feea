"""The read model of progress per municipality when a person's roles change while they start a course: the lock
on the person's row makes one wait for the other, so that the task reads the new places (without it, the task
wrote the course in Avesta only; before, a task on a course already started deadlocked with the role change).
Run on PostgreSQL only: the in-memory SQLite test database refuses a busy lock at once instead of waiting
(SQLite takes one write at a time anyway)."""

from __future__ import annotations

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.listing import people_listing_daily
from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.learning import services
from yrkesresan.learning.models import CourseProgress, ProgressPlace, ProgressState

requires_waiting_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database refuses a busy lock at once instead of waiting for it.",
)


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_a_task_done_while_the_persons_roles_change_leaves_the_rows_right(world):
    staff_id = world["staff"].pk
    first = world.bou_course.tasks.filter(mandatory=True).order_by("id").first()  # starts the course
    changed = threading.Event()

    def give_a_role_in_falun() -> str:
        try:
            with transaction.atomic():
                person = User.objects.get(pk=staff_id)
                accounts.role_assign(actor=world["regional_admin"], person=person, role="trainer", place=world.falun)
                changed.set()
                time.sleep(1.5)  # still uncommitted while the task is marked
            return "role given"
        except Exception as exc:  # noqa: BLE001 (the answer is what the test checks)
            return repr(exc)
        finally:
            connection.close()

    def mark_the_first_task() -> str:
        try:
            changed.wait(timeout=30)
            services.task_mark_done(actor=User.objects.get(pk=staff_id), task=first)
            return "task done"
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as executor:
        roles = executor.submit(give_a_role_in_falun)
        task = executor.submit(mark_the_first_task)
        answers = (roles.result(timeout=60), task.result(timeout=60))

    assert answers == ("role given", "task done")
    progress = CourseProgress.objects.get(user_id=staff_id, course=world.bou_course)
    assert (progress.state, progress.mandatory_done) == (ProgressState.ONGOING, 1)
    rows = ProgressPlace.objects.filter(progress=progress)
    assert sorted(rows.values_list("municipality__name", "state")) == [
        ("Avesta", ProgressState.ONGOING),
        ("Falun", ProgressState.ONGOING),
    ]


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_outside_a_transaction(world):
    """The nightly task is not inside a request's transaction: the refresh takes its own, with its locks."""
    staff_id = world["staff"].pk
    services.task_mark_done(actor=User.objects.get(pk=staff_id), task=world.bou_course.tasks.first())
    role = RoleAssignment.objects.get(user_id=staff_id, role="staff")
    day = role.valid_from + datetime.timedelta(days=400)
    RoleAssignment.objects.filter(pk=role.pk).update(valid_to=day)
    assert connection.get_autocommit()

    assert people_listing_daily(day=day) == 1

    assert not ProgressPlace.objects.filter(progress__user_id=staff_id).exists()

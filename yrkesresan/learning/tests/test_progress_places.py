"""``ProgressPlace``, the follow-up reports' read model of progress per municipality, follows every change.

The world (``demo.world``): ``staff`` works in Avesta (unit Avesta hemtjänst) and is booked on
``world.occasion`` of *Handläggning med barnet i centrum*; Falun is another municipality of Dalarna.
"""

from __future__ import annotations

import datetime

import pytest

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.listing import people_listing_daily
from yrkesresan.accounts.models import RoleAssignment
from yrkesresan.learning import services
from yrkesresan.learning.models import CourseProgress, ProgressPlace, ProgressState
from yrkesresan.learning.progress_places import progress_places_rebuild
from yrkesresan.occasions.services import attendance_mark

pytestmark = pytest.mark.django_db


def _rows(person=None) -> set[tuple[str, str, str, str, bool]]:
    """(person, course, municipality, state, completed) for every row of the read model (or one person's)."""
    qs = ProgressPlace.objects.select_related("progress__user", "course", "municipality")
    if person is not None:
        qs = qs.filter(progress__user=person)
    return {
        (r.progress.user.username, r.course.code, r.municipality.name, r.state, r.completed_at is not None) for r in qs
    }


def _start(world, person) -> None:
    task = world.bou_course.tasks.filter(mandatory=True).first()
    services.task_mark_done(actor=person, task=task)


def _complete(world, person) -> None:
    for task in world.bou_course.tasks.filter(mandatory=True):
        services.task_mark_done(actor=person, task=task)
    for day in world.occasion.days.all():
        attendance_mark(actor=world["regional_admin"], course_day=day, person=person, present=True, today=day.date)


def test_nothing_is_there_for_a_course_not_started(world):
    assert _rows(world["staff"]) == set()


def test_a_started_course_gets_a_row_in_the_persons_municipality_and_follows_its_state(world):
    staff = world["staff"]
    code = world.bou_course.code

    _start(world, staff)
    assert _rows(staff) == {("staff", code, "Avesta", ProgressState.ONGOING, False)}

    _complete(world, staff)
    assert _rows(staff) == {("staff", code, "Avesta", ProgressState.COMPLETED, True)}
    progress = CourseProgress.objects.get(user=staff, course=world.bou_course)
    row = ProgressPlace.objects.get(progress=progress)
    assert (row.started_at, row.completed_at, row.journey_id) == (
        progress.started_at,
        progress.completed_at,
        progress.journey_id,
    )


def test_a_role_in_a_second_municipality_adds_a_row_there_and_ending_it_takes_it_away(world):
    staff = world["staff"]
    code = world.bou_course.code
    _start(world, staff)

    role = accounts.role_assign(actor=world["regional_admin"], person=staff, role="trainer", place=world.falun)
    assert _rows(staff) == {
        ("staff", code, "Avesta", ProgressState.ONGOING, False),
        ("staff", code, "Falun", ProgressState.ONGOING, False),
    }

    accounts.role_end(actor=world["regional_admin"], assignment=role)
    assert _rows(staff) == {("staff", code, "Avesta", ProgressState.ONGOING, False)}


def test_a_person_who_moves_is_counted_where_they_are_now(world):
    staff = world["staff"]
    code = world.bou_course.code
    _start(world, staff)
    old = RoleAssignment.objects.get(user=staff, role="staff")

    accounts.role_assign(actor=world["regional_admin"], person=staff, role="staff", place=world.falun_home)
    accounts.role_end(actor=world["regional_admin"], assignment=old)

    assert _rows(staff) == {("staff", code, "Falun", ProgressState.ONGOING, False)}


def test_a_role_that_ends_by_date_is_caught_by_the_daily_task(world):
    staff = world["staff"]
    _start(world, staff)
    role = RoleAssignment.objects.get(user=staff, role="staff")
    day = role.valid_from + datetime.timedelta(days=400)
    RoleAssignment.objects.filter(pk=role.pk).update(valid_to=day)  # set earlier, ends on that day

    people_listing_daily(day=day)

    assert _rows(staff) == set()


def test_deleting_a_progress_row_deletes_its_rows(world):
    """A person's progress goes when the person or the course is deleted (people with bookings are kept)."""
    staff = world["staff"]
    _start(world, staff)

    CourseProgress.objects.filter(user=staff).delete()

    assert _rows() == set()


def test_the_rows_kept_step_by_step_are_those_a_rebuild_gives(world):
    _complete(world, world["staff"])
    _start(world, world["staff_boende"])
    accounts.role_assign(actor=world["regional_admin"], person=world["staff_boende"], role="trainer", place=world.falun)
    kept = _rows()
    assert len(kept) == 3

    assert progress_places_rebuild() == 3
    assert _rows() == kept

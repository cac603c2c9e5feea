"""Taking attendance for a course day: the list as it opens, a whole day at once, corrections kept in the
history, the booking's outcome and the participant's progress.

``booked_occasion`` builds an occasion of the world's BoU course with ``n`` people booked through the
services, and then moves its course days to the dates a test needs (booking is only possible before).
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.learning.models import CourseProgress, ProgressState
from yrkesresan.learning.services import task_mark_done
from yrkesresan.occasions.models import (
    AttendanceEvent,
    CourseDay,
    DayAttendance,
    Occasion,
    Registration,
    RegistrationEvent,
    RegistrationState,
)
from yrkesresan.occasions.selectors.attendance import attendance_list, day_summaries, days_to_take
from yrkesresan.occasions.services import (
    absence_announce,
    attendance_take,
    occasion_create,
    registration_cancel,
    registration_create,
)


def booked_occasion(world, n: int, *, day_offsets=(0, 7), first_name="Deltagare") -> Occasion:
    """An occasion in Dalarna with ``n`` new staff of Avesta hemtjänst booked, its days ``day_offsets``
    days from today (negative: past)."""
    admin = world["system_admin"]
    start = timezone.localdate() + datetime.timedelta(days=60)
    occasion = occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=max(n, 1),
        name="Omgång 9",
        days=[
            {
                "date": start + datetime.timedelta(days=i),
                "starts": datetime.time(9),
                "ends": datetime.time(15, 30),
                "venue": "Folkets hus",
                "address": "Kyrkogatan 1, Avesta",
            }
            for i in range(len(day_offsets))
        ],
    )
    for i in range(n):
        person = accounts.person_create(
            actor=admin,
            username=f"deltagare{occasion.pk}_{i:02d}",
            first_name=first_name,
            last_name=f"Nummer {i:02d}",
            email=f"deltagare{occasion.pk}_{i:02d}@example.org",
            role="staff",
            place=world.avesta_home,
            notify=False,
        )
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    move_days(occasion, day_offsets)
    return occasion


def move_days(occasion: Occasion, day_offsets) -> None:
    today = timezone.localdate()
    for day, offset in zip(occasion.days.order_by("id"), day_offsets, strict=True):
        CourseDay.objects.filter(pk=day.pk).update(date=today + datetime.timedelta(days=offset))
    dates = sorted(today + datetime.timedelta(days=o) for o in day_offsets)
    Occasion.objects.filter(pk=occasion.pk).update(first_day=dates[0], last_day=dates[-1])
    occasion.refresh_from_db()


def _days(occasion):
    return list(occasion.days.order_by("date", "id"))


def _registrations(occasion):
    return list(Registration.objects.filter(occasion=occasion).order_by("id"))


def _marks(day):
    return {m.registration_id: (m.present, m.reason) for m in DayAttendance.objects.filter(course_day=day)}


# --- taking a day ----------------------------------------------------------------------------------------


def test_taking_attendance_with_two_absent_of_five_marks_exactly_those_absent(world):
    occasion = booked_occasion(world, 5)
    day = _days(occasion)[0]
    regs = _registrations(occasion)

    counts = attendance_take(
        actor=world["regional_admin"], course_day=day, absent={regs[1].pk: "Sjuk", regs[3].pk: "Vård av barn"}
    )

    assert counts == {"present": 3, "absent": 2}
    assert _marks(day) == {
        regs[0].pk: (True, ""),
        regs[1].pk: (False, "Sjuk"),
        regs[2].pk: (True, ""),
        regs[3].pk: (False, "Vård av barn"),
        regs[4].pk: (True, ""),
    }
    assert AttendanceEvent.objects.filter(attendance__course_day=day).count() == 5


def test_saving_again_with_one_change_writes_exactly_one_correction(world):
    occasion = booked_occasion(world, 5)
    day = _days(occasion)[0]
    regs = _registrations(occasion)
    attendance_take(actor=world["regional_admin"], course_day=day, absent={regs[1].pk: "Sjuk"})

    attendance_take(actor=world["regional_project_leader"], course_day=day, absent={})

    events = AttendanceEvent.objects.filter(attendance__course_day=day)
    assert events.count() == 6
    correction = events.order_by("id").last()
    assert (correction.attendance.registration_id, correction.present, correction.by) == (
        regs[1].pk,
        True,
        world["regional_project_leader"],
    )
    day_list = attendance_list(actor=world["regional_admin"], course_day=day)
    assert [(c.name, c.was_present, c.was_reason, c.present) for c in day_list.corrections] == [
        ("Deltagare Nummer 01", False, "Sjuk", True)
    ]
    assert day_list.taken_by == world["regional_project_leader"]


def test_an_unchanged_save_writes_no_event(world):
    occasion = booked_occasion(world, 3)
    day = _days(occasion)[0]
    regs = _registrations(occasion)
    attendance_take(actor=world["regional_admin"], course_day=day, absent={regs[0].pk: "Sjuk"})

    attendance_take(actor=world["regional_admin"], course_day=day, absent={regs[0].pk: "Sjuk"})

    assert AttendanceEvent.objects.filter(attendance__course_day=day).count() == 3
    assert attendance_list(actor=world["regional_admin"], course_day=day).corrections == []


def test_the_list_opens_with_everyone_present_and_nobody_marked(world):
    occasion = booked_occasion(world, 3)
    day = _days(occasion)[0]

    day_list = attendance_list(actor=world["regional_admin"], course_day=day)

    assert [(r.name, r.present, r.marked) for r in day_list.rows] == [
        ("Deltagare Nummer 00", True, False),
        ("Deltagare Nummer 01", True, False),
        ("Deltagare Nummer 02", True, False),
    ]
    assert [r.workplace for r in day_list.rows] == ["Avesta hemtjänst"] * 3
    assert (day_list.present_count, day_list.total, day_list.taken, day_list.is_open) == (3, 3, False, True)


def test_an_absence_announced_in_advance_opens_as_absent_with_its_reason(world):
    occasion = booked_occasion(world, 3, day_offsets=(60, 67))
    day = _days(occasion)[0]
    regs = _registrations(occasion)
    absence_announce(actor=regs[2].user, registration=regs[2], course_day=day, reason="Läkarbesök")
    move_days(occasion, (0, 7))
    day.refresh_from_db()

    day_list = attendance_list(actor=world["regional_admin"], course_day=day)

    row = day_list.rows[2]
    assert (row.present, row.reason, row.announced, row.marked) == (False, "Läkarbesök", True, False)
    assert day_list.present_count == 2
    assert not day_list.taken
    # Saving the list as it opened confirms the absence; it is not a correction.
    attendance_take(actor=world["regional_admin"], course_day=day, absent={regs[2].pk: "Läkarbesök"})
    day_list = attendance_list(actor=world["regional_admin"], course_day=day)
    assert day_list.rows[2].marked and not day_list.rows[2].present
    assert day_list.corrections == []


def test_a_future_day_is_refused_and_nothing_changes(world):
    occasion = booked_occasion(world, 2, day_offsets=(1, 8))
    day = _days(occasion)[0]

    with pytest.raises(ValidationError, match="Attendance is taken from the course day itself|kursdagen"):
        attendance_take(actor=world["regional_admin"], course_day=day, absent={})

    assert not DayAttendance.objects.filter(course_day=day).exists()
    assert not attendance_list(actor=world["regional_admin"], course_day=day).is_open


def test_an_unknown_registration_is_refused_and_nothing_changes(world):
    occasion = booked_occasion(world, 2)
    day = _days(occasion)[0]
    other = world.occasion.registrations.first()

    with pytest.raises(ValidationError):
        attendance_take(actor=world["regional_admin"], course_day=day, absent={other.pk: "Sjuk"})

    assert not DayAttendance.objects.filter(course_day=day).exists()
    assert not AttendanceEvent.objects.exists()


def test_a_cancelled_booking_is_not_on_the_list(world):
    occasion = booked_occasion(world, 3)
    regs = _registrations(occasion)
    registration_cancel(actor=world["regional_admin"], registration=regs[0])

    day_list = attendance_list(actor=world["regional_admin"], course_day=_days(occasion)[0])

    assert [r.registration.pk for r in day_list.rows] == [regs[1].pk, regs[2].pk]


@pytest.mark.parametrize("role", ["manager", "municipal_admin", "staff", "regional_admin_gavleborg"])
def test_only_those_who_may_take_attendance_get_the_list_or_save_it(world, role):
    occasion = booked_occasion(world, 2)
    day = _days(occasion)[0]

    with pytest.raises(PermissionDenied):
        attendance_list(actor=world[role], course_day=day)
    with pytest.raises(PermissionDenied):
        attendance_take(actor=world[role], course_day=day, absent={})
    assert not DayAttendance.objects.exists()


# --- the outcome and progress ----------------------------------------------------------------------------


def _take_both_days(world, occasion, absent_on_days):
    """Take each day on its date (the last day's outcome counts once that day has come)."""
    for day, absent in zip(_days(occasion), absent_on_days, strict=True):
        attendance_take(actor=world["regional_admin"], course_day=day, absent=absent, today=day.date)


def test_after_the_last_day_the_bookings_become_attended_partly_attended_or_no_show(world):
    occasion = booked_occasion(world, 3, day_offsets=(-7, 0))
    all_there, one_day, never = _registrations(occasion)

    _take_both_days(world, occasion, [{one_day.pk: "Sjuk", never.pk: ""}, {never.pk: ""}])

    states = dict(Registration.objects.filter(occasion=occasion).values_list("pk", "state"))
    assert states == {
        all_there.pk: RegistrationState.ATTENDED,
        one_day.pk: RegistrationState.PARTLY_ATTENDED,
        never.pk: RegistrationState.NO_SHOW,
    }


def test_before_the_last_day_the_booking_stays_booked(world):
    occasion = booked_occasion(world, 2, day_offsets=(0, 7))

    attendance_take(actor=world["regional_admin"], course_day=_days(occasion)[0], absent={})

    assert set(Registration.objects.filter(occasion=occasion).values_list("state", flat=True)) == {"booked"}


def test_a_correction_flips_the_outcome_and_keeps_it_in_the_registrations_history(world):
    occasion = booked_occasion(world, 2, day_offsets=(-7, 0))
    first, _second = _registrations(occasion)
    _take_both_days(world, occasion, [{}, {}])
    assert Registration.objects.get(pk=first.pk).state == RegistrationState.ATTENDED

    attendance_take(actor=world["regional_admin"], course_day=_days(occasion)[0], absent={first.pk: "Sjuk"})

    assert Registration.objects.get(pk=first.pk).state == RegistrationState.PARTLY_ATTENDED
    last = RegistrationEvent.objects.filter(registration=first).order_by("id").last()
    assert (last.from_state, last.to_state, last.by) == ("attended", "partly_attended", world["regional_admin"])


def test_attendance_taken_for_the_whole_day_completes_the_course_for_those_present(world):
    """``staff`` and ``staff_boende`` are booked on the world's occasion and have done the preparation;
    ``staff_boende`` misses the second day, so their course stays open."""
    staff, boende = world["staff"], world["staff_boende"]
    for person in (staff, boende):
        for task in world.bou_course.tasks.filter(mandatory=True):
            task_mark_done(actor=person, task=task)
    first, second = _days(world.occasion)
    boende_reg = Registration.objects.get(occasion=world.occasion, user=boende)

    attendance_take(actor=world["regional_admin"], course_day=first, absent={}, today=first.date)
    attendance_take(actor=world["regional_admin"], course_day=second, absent={boende_reg.pk: "Sjuk"}, today=second.date)

    assert CourseProgress.objects.get(user=staff, course=world.bou_course).state == ProgressState.COMPLETED
    progress = CourseProgress.objects.get(user=boende, course=world.bou_course)
    assert (progress.state, progress.days_attended) == (ProgressState.ONGOING, 1)

    # A correction to present completes it, one to absent un-completes the other's.
    attendance_take(actor=world["regional_admin"], course_day=second, absent={}, today=second.date)
    assert CourseProgress.objects.get(user=boende, course=world.bou_course).state == ProgressState.COMPLETED


# --- summaries ---------------------------------------------------------------------------------------------


def test_the_summaries_say_which_days_are_taken_and_how_many_were_absent(world):
    occasion = booked_occasion(world, 4, day_offsets=(-1, 0))
    first, second = _days(occasion)
    regs = _registrations(occasion)
    attendance_take(actor=world["regional_admin"], course_day=first, absent={regs[0].pk: "", regs[1].pk: ""})

    summaries = day_summaries(days=[first, second])

    assert [(s.day, s.booked, s.marked, s.absent, s.taken, s.complete) for s in summaries] == [
        (first, 4, 4, 2, True, True),
        (second, 4, 0, 0, False, False),
    ]


def test_the_today_page_lists_today_and_recent_days_of_the_actors_occasions_only(world):
    occasion = booked_occasion(world, 1, day_offsets=(-3, 0))
    first, second = _days(occasion)

    assert [s.day for s in days_to_take(actor=world["regional_admin"])] == [second, first]
    assert days_to_take(actor=world["regional_admin_gavleborg"]) == []
    assert days_to_take(actor=world["manager"]) == []

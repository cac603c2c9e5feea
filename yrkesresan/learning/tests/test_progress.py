"""When a course and a level count as completed, and what the next step on the journey is.

The world (``demo.world``): ``staff`` and ``staff_boende`` are on BoU NY, whose one course,
*Handläggning med barnet i centrum*, has two mandatory preparation tasks and is given on
``world.occasion`` (two course days next month) where both are booked. ``staff_falun`` is on
Funk utförare BAS.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.catalog.services import course_save, task_save
from yrkesresan.learning import selectors, services
from yrkesresan.learning.models import ChecklistTick, CourseProgress, Enrolment, ProgressState, TaskCompletion
from yrkesresan.occasions.models import RegistrationState
from yrkesresan.occasions.services import attendance_mark, registration_cancel


def _progress(person, course) -> CourseProgress | None:
    return CourseProgress.objects.filter(user=person, course=course).first()


def _state(person, course) -> str:
    progress = _progress(person, course)
    return progress.state if progress else ProgressState.NOT_STARTED


def _do_tasks(person, course) -> None:
    for task in course.tasks.filter(mandatory=True):
        services.task_mark_done(actor=person, task=task)


def _attend(world, person, *, present: bool = True, days=None) -> None:
    """The regional administrator takes attendance, as on the attendance page."""
    for day in days if days is not None else world.occasion.days.all():
        attendance_mark(actor=world["regional_admin"], course_day=day, person=person, present=present, today=day.date)


def _web_course(world, *, journey=None, level=None, code="webbkurs"):
    admin = world["system_admin"]
    course = course_save(
        actor=admin,
        journey=journey or world.bou,
        level=level or world.bou_ny,
        code=code,
        title="Verktyg i vardagen",
        kind="web",
        mandatory=False,
    )
    task_save(actor=admin, course=course, title="Film om verktygen", format="text", minutes=20, body="Se filmen")
    return course


# --- a course with course days -------------------------------------------------------------------


def test_a_led_course_is_not_completed_by_preparation_alone(world):
    staff = world["staff"]

    _do_tasks(staff, world.bou_course)

    progress = _progress(staff, world.bou_course)
    assert progress.state == ProgressState.ONGOING
    assert progress.mandatory_done == progress.mandatory_total == 2
    assert progress.completed_at is None


def test_a_led_course_is_not_completed_by_attendance_alone(world):
    staff = world["staff"]

    _attend(world, staff)

    progress = _progress(staff, world.bou_course)
    assert progress.state == ProgressState.ONGOING
    assert progress.days_attended == 2
    assert progress.mandatory_done == 0


def test_a_led_course_is_completed_when_every_mandatory_task_is_done_and_every_day_attended(world):
    staff = world["staff"]
    first, second = world.occasion.days.all()
    _do_tasks(staff, world.bou_course)

    _attend(world, staff, days=[first])
    assert _state(staff, world.bou_course) == ProgressState.ONGOING

    _attend(world, staff, days=[second])
    assert _state(staff, world.bou_course) == ProgressState.COMPLETED


def test_the_last_task_done_after_the_course_days_completes_the_course(world):
    staff = world["staff"]
    _attend(world, staff)
    services.task_mark_done(actor=staff, task=world.bou_task)
    assert _state(staff, world.bou_course) == ProgressState.ONGOING

    progress = services.task_mark_done(actor=staff, task=world.bou_file_task)

    assert progress.state == ProgressState.COMPLETED


def test_completing_a_course_for_one_participant_leaves_the_other_participant_as_they_were(world):
    _do_tasks(world["staff"], world.bou_course)
    _attend(world, world["staff"])

    assert _state(world["staff"], world.bou_course) == ProgressState.COMPLETED
    assert _state(world["staff_boende"], world.bou_course) == ProgressState.NOT_STARTED


def test_optional_tasks_do_not_block_completion(world):
    staff = world["staff"]
    task_save(
        actor=world["system_admin"],
        course=world.bou_course,
        title="Fördjupning",
        format="text",
        minutes=60,
        mandatory=False,
    )

    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    progress = _progress(staff, world.bou_course)
    assert progress.state == ProgressState.COMPLETED
    assert progress.tasks_done == 2  # of three tasks: the optional one is left
    assert progress.mandatory_total == 2


def test_an_absent_day_keeps_the_course_open(world):
    staff = world["staff"]
    first, second = world.occasion.days.all()
    _do_tasks(staff, world.bou_course)

    _attend(world, staff, days=[first])
    _attend(world, staff, days=[second], present=False)

    progress = _progress(staff, world.bou_course)
    assert progress.state == ProgressState.ONGOING
    assert progress.days_attended == 1


def test_correcting_attendance_to_absent_un_completes_the_course(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)
    assert _state(staff, world.bou_course) == ProgressState.COMPLETED

    _attend(world, staff, days=[world.occasion.days.last()], present=False)

    progress = _progress(staff, world.bou_course)
    assert progress.state == ProgressState.ONGOING
    assert progress.completed_at is None


def test_undoing_a_task_un_completes_the_course(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    progress = services.task_mark_undone(actor=staff, task=world.bou_file_task)

    assert progress.state == ProgressState.ONGOING
    assert progress.completed_at is None
    assert not TaskCompletion.objects.filter(user=staff, task=world.bou_file_task).exists()


def test_leaving_the_occasion_un_completes_the_course(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    first, last = world.occasion.days.all()
    _attend(world, staff, days=[first])
    registration = world.occasion.registrations.get(user=staff)

    registration_cancel(actor=world["regional_admin"], registration=registration)

    assert _state(staff, world.bou_course) == ProgressState.ONGOING
    assert _progress(staff, world.bou_course).days_attended == 0


def test_a_held_occasion_cannot_be_cancelled_and_the_course_stays_completed(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)
    registration = world.occasion.registrations.get(user=staff)
    assert registration.state == RegistrationState.ATTENDED

    with pytest.raises(ValidationError, match="correct the attendance|rätta närvaron"):
        registration_cancel(actor=world["regional_admin"], registration=registration)

    assert _state(staff, world.bou_course) == ProgressState.COMPLETED


# --- a self-paced web course ------------------------------------------------------------------------


def test_a_web_course_is_completed_when_its_mandatory_tasks_are_done(world):
    staff = world["staff"]
    course = _web_course(world)

    progress = services.task_mark_done(actor=staff, task=course.tasks.get())

    assert progress.state == ProgressState.COMPLETED
    assert progress.completed_at is not None


def test_anyone_may_take_a_web_course_even_of_a_journey_they_are_not_on(world):
    outsider = world["staff_gavle"]  # on no journey at all
    course = _web_course(world)

    progress = services.task_mark_done(actor=outsider, task=course.tasks.get())

    assert progress.state == ProgressState.COMPLETED
    assert [s.course for s in selectors.my_journeys(user=outsider).web_courses] == [course]


# --- dates -----------------------------------------------------------------------------------------


def test_a_course_records_when_it_was_started_and_when_it_was_completed(world):
    staff = world["staff"]
    today = timezone.localdate()
    assert _progress(staff, world.bou_course) is None or _progress(staff, world.bou_course).started_at is None

    services.task_mark_done(actor=staff, task=world.bou_task)
    started = _progress(staff, world.bou_course)
    assert timezone.localtime(started.started_at).date() == today
    assert started.completed_at is None

    services.task_mark_done(actor=staff, task=world.bou_file_task)
    _attend(world, staff)
    completed = _progress(staff, world.bou_course)
    assert completed.started_at == started.started_at  # started once, not again with every task
    assert timezone.localtime(completed.completed_at).date() == today


def test_doing_something_more_after_completion_keeps_the_completion_date(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)
    completed_at = _progress(staff, world.bou_course).completed_at

    services.checklist_tick(actor=staff, item=world.bou_course.checklist.get(), ticked=True)
    _attend(world, staff)  # attendance taken again, unchanged

    assert _progress(staff, world.bou_course).completed_at == completed_at


# --- levels ---------------------------------------------------------------------------------------


def _current_level(person):
    route = selectors.my_journeys(user=person).routes[0]
    return next(level for level in route.levels if level.is_current)


def test_a_level_is_completed_when_its_mandatory_course_is(world):
    staff = world["staff"]
    assert not _current_level(staff).is_completed

    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    level = _current_level(staff)
    assert level.level == world.bou_ny
    assert level.is_completed
    assert level.state == ProgressState.COMPLETED
    assert level.completed_at == _progress(staff, world.bou_course).completed_at


def test_an_optional_course_does_not_block_the_level(world):
    staff = world["staff"]
    _web_course(world)  # optional for the level (Course.mandatory=False), not started

    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    level = _current_level(staff)
    assert level.is_completed
    assert len(level.stops) == 2 and len(level.mandatory) == 1


def test_a_level_with_a_mandatory_course_left_is_not_completed(world):
    staff = world["staff"]
    course_save(
        actor=world["system_admin"],
        journey=world.bou,
        level=world.bou_ny,
        code="samtal",
        title="Samtal och delaktighet",
        kind="led",
        day_count=2,
        day_mode="on_site",
    )
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    level = _current_level(staff)
    assert not level.is_completed
    assert level.state == ProgressState.ONGOING
    assert level.completed_count == 1
    assert level.completed_at is None


# --- the next step ---------------------------------------------------------------------------------


def test_the_next_step_is_the_first_mandatory_task_not_done(world):
    staff = world["staff"]
    # An optional task placed first in the course does not come before the mandatory ones.
    optional = task_save(
        actor=world["system_admin"],
        course=world.bou_course,
        title="Valfritt",
        format="text",
        minutes=5,
        mandatory=False,
    )
    task_save(actor=world["system_admin"], course=world.bou_course, task=optional, order=0)
    task_save(actor=world["system_admin"], course=world.bou_course, task=world.bou_task, order=1)
    assert [t.title for t in world.bou_course.tasks.order_by("order", "id")][0] == "Valfritt"

    step = selectors.my_journeys(user=staff).next_step
    assert step.kind == "task"
    assert step.task.id == world.bou_task.pk

    services.task_mark_done(actor=staff, task=world.bou_task)
    assert selectors.my_journeys(user=staff).next_step.task.id == world.bou_file_task.pk


def test_with_preparation_done_the_next_step_is_the_coming_course_day(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)

    step = selectors.my_journeys(user=staff).next_step

    assert step.kind == "day"
    assert step.day == world.occasion.days.first()
    assert step.course == world.bou_course


def test_after_the_first_course_day_the_next_step_is_the_second(world):
    staff = world["staff"]
    first, second = world.occasion.days.all()
    _do_tasks(staff, world.bou_course)

    step = selectors.my_journeys(user=staff, today=first.date + datetime.timedelta(days=1)).next_step

    assert step.kind == "day"
    assert step.day == second


def test_with_preparation_done_and_no_booking_the_next_step_is_to_book_a_course_day(world):
    staff_falun = world["staff_falun"]  # Funk BAS: no occasion of the course yet
    services.task_mark_done(actor=staff_falun, task=world.funk_task)

    step = selectors.my_journeys(user=staff_falun).next_step

    assert step.kind == "booking"
    assert step.course == world.funk_course


def test_a_cancelled_booking_makes_the_next_step_a_booking_again(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    registration_cancel(actor=staff, registration=world.occasion.registrations.get(user=staff))

    assert selectors.my_journeys(user=staff).next_step.kind == "booking"


def test_a_paused_journey_shows_paused_as_its_next_step(world):
    staff = world["staff"]
    enrolment = Enrolment.objects.get(user=staff, journey=world.bou)

    services.enrolment_pause(actor=staff, enrolment=enrolment)

    assert selectors.my_journeys(user=staff).next_step.kind == "paused"


def test_a_completed_level_says_so_as_the_next_step(world):
    staff = world["staff"]
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)

    step = selectors.my_journeys(user=staff).next_step

    assert step.kind == "level_done"
    assert step.level == world.bou_ny


# --- the checklist after the course ------------------------------------------------------------------


def test_a_checklist_tick_starts_the_course_without_completing_it(world):
    staff = world["staff"]
    item = world.bou_course.checklist.get()

    progress = services.checklist_tick(actor=staff, item=item, ticked=True)

    assert progress.state == ProgressState.ONGOING
    assert progress.tasks_done == 0
    assert ChecklistTick.objects.filter(user=staff, item=item).exists()


def test_a_checklist_tick_counts_as_activity_on_the_journey(world):
    staff = world["staff"]
    assert Enrolment.objects.get(user=staff, journey=world.bou).last_activity_at is None

    services.checklist_tick(actor=staff, item=world.bou_course.checklist.get(), ticked=True)

    assert Enrolment.objects.get(user=staff, journey=world.bou).last_activity_at is not None
    assert _progress(staff, world.bou_course).last_activity_at is not None


def test_unticking_the_checklist_does_not_un_complete_the_course(world):
    staff = world["staff"]
    item = world.bou_course.checklist.get()
    _do_tasks(staff, world.bou_course)
    _attend(world, staff)
    services.checklist_tick(actor=staff, item=item, ticked=True)

    progress = services.checklist_tick(actor=staff, item=item, ticked=False)

    assert progress.state == ProgressState.COMPLETED
    assert not ChecklistTick.objects.filter(user=staff, item=item).exists()


# --- doing a task -------------------------------------------------------------------------------------


def test_marking_a_task_done_twice_records_it_once(world):
    staff = world["staff"]
    first = services.task_mark_done(actor=staff, task=world.bou_task)

    again = services.task_mark_done(actor=staff, task=world.bou_task)

    assert TaskCompletion.objects.filter(user=staff, task=world.bou_task).count() == 1
    assert again.tasks_done == first.tasks_done == 1
    assert again.started_at == first.started_at


def test_a_person_not_on_the_journey_cannot_mark_its_task_done(world):
    with pytest.raises(PermissionDenied):
        services.task_mark_done(actor=world["staff_falun"], task=world.bou_task)

    assert not TaskCompletion.objects.filter(user=world["staff_falun"]).exists()
    assert _progress(world["staff_falun"], world.bou_course) is None


def test_a_person_not_on_the_journey_cannot_tick_its_checklist(world):
    with pytest.raises(PermissionDenied):
        services.checklist_tick(actor=world["staff_falun"], item=world.bou_course.checklist.get(), ticked=True)

    assert not ChecklistTick.objects.filter(user=world["staff_falun"]).exists()


def test_a_paused_participant_cannot_undo_a_task_either(world):
    staff = world["staff"]
    services.task_mark_done(actor=staff, task=world.bou_task)
    services.enrolment_pause(actor=staff, enrolment=Enrolment.objects.get(user=staff, journey=world.bou))

    with pytest.raises(ValidationError):
        services.task_mark_undone(actor=staff, task=world.bou_task)

    assert TaskCompletion.objects.filter(user=staff, task=world.bou_task).exists()


def test_someone_booked_on_an_occasion_prepares_for_it_without_being_placed_on_the_journey(world):
    from yrkesresan.occasions.services import registration_create

    person = world["staff_falun"]  # on Funk utförare, not on BoU
    with pytest.raises(PermissionDenied):
        services.task_mark_done(actor=person, task=world.bou_task)

    registration_create(actor=world["regional_admin"], occasion=world.occasion, person=person)
    progress = services.task_mark_done(actor=person, task=world.bou_task)

    assert progress.state == ProgressState.ONGOING

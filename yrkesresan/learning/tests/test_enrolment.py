"""Placing people on a journey, moving them between levels, pausing and resuming."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yrkesresan.accounts import services as accounts
from yrkesresan.catalog.services import level_save
from yrkesresan.core.models import AuditEvent
from yrkesresan.demo.world import PASSWORD
from yrkesresan.learning import selectors, services
from yrkesresan.learning.models import (
    CourseProgress,
    Enrolment,
    EnrolmentEvent,
    EnrolmentEventKind,
    EnrolmentStatus,
    ProgressState,
    TaskCompletion,
)


def _new_staff(world, username, *, unit=None, email=None):
    return accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name=username.title(),
        last_name="Nysson",
        email=f"{username}@example.org" if email is None else email,
        role="staff",
        place=unit or world.avesta_home,
        password=PASSWORD,
    )


def _van(world):
    return level_save(actor=world["system_admin"], journey=world.bou, code="van", name="VAN")


def _enrolment(person, journey):
    return Enrolment.objects.get(user=person, journey=journey)


# --- who places whom ---------------------------------------------------------------------------------


def test_a_manager_places_staff_of_their_unit_on_a_journey(world):
    anna = _new_staff(world, "anna")

    enrolment = services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny)

    assert (enrolment.user, enrolment.journey, enrolment.level) == (anna, world.bou, world.bou_ny)
    assert enrolment.status == EnrolmentStatus.ACTIVE
    event = enrolment.events.get()
    assert (event.kind, event.to_level, event.by) == (EnrolmentEventKind.ENROLLED, world.bou_ny, world["manager"])


def test_a_newly_placed_person_may_take_the_journeys_courses_at_once(world):
    anna = _new_staff(world, "anna")
    services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny)

    progress = services.task_mark_done(actor=anna, task=world.bou_task)

    assert progress.tasks_done == 1


def test_a_manager_cannot_place_staff_of_another_unit(world):
    with pytest.raises(PermissionDenied):
        services.enrolment_place(
            actor=world["manager"], person=world["staff_boende"], journey=world.funk, level=world.funk_bas
        )

    assert not Enrolment.objects.filter(user=world["staff_boende"], journey=world.funk).exists()


def test_a_manager_cannot_place_staff_of_another_municipality(world):
    with pytest.raises(PermissionDenied):
        services.enrolment_place(
            actor=world["manager"], person=world["staff_falun"], journey=world.bou, level=world.bou_ny
        )

    assert not Enrolment.objects.filter(user=world["staff_falun"], journey=world.bou).exists()


@pytest.mark.parametrize("who", ["manager", "municipal_admin", "regional_admin", "system_admin"])
def test_nobody_places_themselves_on_a_journey(world, who):
    with pytest.raises(PermissionDenied):
        services.enrolment_place(actor=world[who], person=world[who], journey=world.bou, level=world.bou_ny)

    assert not Enrolment.objects.filter(user=world[who]).exists()


def test_a_municipal_admin_places_staff_of_any_unit_in_their_municipality(world):
    placed = services.enrolment_place(
        actor=world["municipal_admin"], person=world["staff_boende"], journey=world.funk, level=world.funk_bas
    )

    assert placed.level == world.funk_bas


def test_a_municipal_admin_cannot_place_staff_of_another_municipality(world):
    with pytest.raises(PermissionDenied):
        services.enrolment_place(
            actor=world["municipal_admin"], person=world["staff_falun"], journey=world.bou, level=world.bou_ny
        )


def test_staff_cannot_place_a_colleague(world):
    anna = _new_staff(world, "anna")

    with pytest.raises(PermissionDenied):
        services.enrolment_place(actor=world["staff"], person=anna, journey=world.bou, level=world.bou_ny)


def test_a_level_of_another_journey_is_refused(world):
    anna = _new_staff(world, "anna")

    with pytest.raises(ValidationError) as refused:
        services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.funk_bas)

    assert "level" in refused.value.message_dict
    assert not Enrolment.objects.filter(user=anna).exists()


# --- changing level ------------------------------------------------------------------------------------


def test_changing_level_keeps_the_history_of_levels(world):
    staff = world["staff"]
    van = _van(world)

    enrolment = services.enrolment_place(actor=world["manager"], person=staff, journey=world.bou, level=van)

    assert enrolment.level == van
    assert Enrolment.objects.filter(user=staff, journey=world.bou).count() == 1
    history = list(EnrolmentEvent.objects.filter(enrolment=enrolment).values_list("kind", "from_level", "to_level"))
    assert history == [
        (EnrolmentEventKind.ENROLLED, None, world.bou_ny.pk),
        (EnrolmentEventKind.LEVEL_CHANGED, world.bou_ny.pk, van.pk),
    ]


def test_changing_level_keeps_the_tasks_done(world):
    staff = world["staff"]
    services.task_mark_done(actor=staff, task=world.bou_task)

    services.enrolment_place(actor=world["manager"], person=staff, journey=world.bou, level=_van(world))

    assert TaskCompletion.objects.filter(user=staff, task=world.bou_task).exists()
    assert CourseProgress.objects.get(user=staff, course=world.bou_course).tasks_done == 1


def test_placing_someone_on_the_level_they_are_on_changes_nothing(world):
    staff = world["staff"]

    services.enrolment_place(actor=world["manager"], person=staff, journey=world.bou, level=world.bou_ny)

    assert _enrolment(staff, world.bou).events.count() == 1


def test_a_manager_sees_the_history_of_their_staffs_levels(world):
    staff = world["staff"]
    van = _van(world)
    services.enrolment_place(actor=world["manager"], person=staff, journey=world.bou, level=van)

    history = selectors.enrolment_history(actor=world["manager"], person=staff)

    assert [e.kind for e in history] == [EnrolmentEventKind.LEVEL_CHANGED, EnrolmentEventKind.ENROLLED]
    assert not selectors.enrolment_history(actor=world["municipal_admin_falun"], person=staff).exists()


# --- many at once ----------------------------------------------------------------------------------------


def test_placing_many_counts_who_was_placed_moved_unchanged_and_left_out(world):
    van = _van(world)
    anna, bert = _new_staff(world, "anna"), _new_staff(world, "bert")
    services.enrolment_place(actor=world["manager"], person=bert, journey=world.bou, level=van)
    people = [anna, bert, world["staff"], world["staff_falun"], world["manager"]]

    outcome = services.enrolment_place_many(actor=world["manager"], people=people, journey=world.bou, level=van)

    # anna is new, bert is already on VAN, staff moves from NY, staff_falun and the manager are not theirs to place
    assert dict(outcome) == {"enrolled": 1, "unchanged": 1, "moved": 1, "skipped": 2}
    assert _enrolment(anna, world.bou).level == van
    assert _enrolment(world["staff"], world.bou).level == van
    assert not Enrolment.objects.filter(user=world["staff_falun"], journey=world.bou).exists()
    assert not Enrolment.objects.filter(user=world["manager"]).exists()


def test_placing_many_on_a_level_of_another_journey_places_nobody(world):
    anna = _new_staff(world, "anna")

    with pytest.raises(ValidationError):
        services.enrolment_place_many(actor=world["manager"], people=[anna], journey=world.bou, level=world.funk_bas)

    assert not Enrolment.objects.filter(user=anna).exists()


# --- pausing and resuming --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_a_journey_paused_and_resumed_keeps_everything_done(world, who):
    staff = world["staff"]
    services.task_mark_done(actor=staff, task=world.bou_task)
    enrolment = _enrolment(staff, world.bou)

    paused = services.enrolment_pause(actor=world[who], enrolment=enrolment, reason="Språkstudier")
    assert paused.status == EnrolmentStatus.PAUSED
    resumed = services.enrolment_resume(actor=world[who], enrolment=paused)

    assert resumed.status == EnrolmentStatus.ACTIVE
    assert resumed.level == world.bou_ny
    assert TaskCompletion.objects.filter(user=staff, task=world.bou_task).exists()
    assert CourseProgress.objects.get(user=staff, course=world.bou_course).state == ProgressState.ONGOING
    events = list(enrolment.events.values_list("kind", "by", "reason"))
    assert events[1:] == [
        (EnrolmentEventKind.PAUSED, world[who].pk, "Språkstudier"),
        (EnrolmentEventKind.RESUMED, world[who].pk, ""),
    ]


def test_pausing_a_paused_journey_again_adds_no_history(world):
    enrolment = _enrolment(world["staff"], world.bou)
    services.enrolment_pause(actor=world["staff"], enrolment=enrolment)

    services.enrolment_pause(actor=world["staff"], enrolment=enrolment)

    assert enrolment.events.filter(kind=EnrolmentEventKind.PAUSED).count() == 1


@pytest.mark.parametrize("who", ["staff_boende", "municipal_admin_falun", "staff_falun"])
def test_nobody_else_may_pause_a_journey(world, who):
    enrolment = _enrolment(world["staff"], world.bou)

    with pytest.raises(PermissionDenied):
        services.enrolment_pause(actor=world[who], enrolment=enrolment)

    assert _enrolment(world["staff"], world.bou).status == EnrolmentStatus.ACTIVE


def test_a_paused_journey_refuses_task_marking_with_a_clear_reason(world):
    staff = world["staff"]
    services.enrolment_pause(actor=world["manager"], enrolment=_enrolment(staff, world.bou))

    with pytest.raises(ValidationError) as refused:
        services.task_mark_done(actor=staff, task=world.bou_task)

    assert refused.value.messages == [
        translation.gettext("Your journey is paused. Resume it to go on where you left off.")
    ]
    assert not TaskCompletion.objects.filter(user=staff).exists()


def test_a_resumed_journey_accepts_tasks_again(world):
    staff = world["staff"]
    enrolment = services.enrolment_pause(actor=staff, enrolment=_enrolment(staff, world.bou))
    services.enrolment_resume(actor=staff, enrolment=enrolment)

    progress = services.task_mark_done(actor=staff, task=world.bou_task)

    assert progress.tasks_done == 1


def test_a_paused_participant_is_not_counted_as_stalled(world):
    staff = world["staff"]
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - datetime.timedelta(weeks=3)):
        services.task_mark_done(actor=staff, task=world.bou_task)

    def listed(status):
        return [row.person for row in selectors.staff_progress(actor=world["manager"], status=status, weeks=2)[:50]]

    assert listed("stalled") == [staff]

    services.enrolment_pause(actor=staff, enrolment=_enrolment(staff, world.bou))

    assert listed("stalled") == []
    assert listed("paused") == [staff]


# --- e-mail and audit --------------------------------------------------------------------------------------


def test_a_person_placed_on_a_journey_gets_an_e_mail_about_it(world, django_capture_on_commit_callbacks):
    anna = _new_staff(world, "anna")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny)

    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert world.bou.name in mail.outbox[0].subject
    assert "/min-resa/" in mail.outbox[0].body


def test_no_e_mail_is_sent_when_the_placing_is_rolled_back(world, django_capture_on_commit_callbacks):
    anna = _new_staff(world, "anna")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny)

    assert mail.outbox == []  # sent only once the transaction commits
    assert len(callbacks) == 1


def test_moving_a_level_or_asking_for_no_notice_sends_no_e_mail(world, django_capture_on_commit_callbacks):
    anna = _new_staff(world, "anna")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_place(
            actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny, notify=False
        )
        services.enrolment_place(actor=world["manager"], person=world["staff"], journey=world.bou, level=_van(world))

    assert mail.outbox == []


def test_a_person_without_e_mail_is_placed_without_error(world, django_capture_on_commit_callbacks):
    anna = _new_staff(world, "anna", email="")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.enrolment_place(actor=world["manager"], person=anna, journey=world.bou, level=world.bou_ny)

    assert mail.outbox == []
    assert Enrolment.objects.filter(user=anna).exists()


def test_placing_moving_and_pausing_are_in_the_audit_trail(world):
    staff = world["staff"]
    enrolment = _enrolment(staff, world.bou)
    van = _van(world)

    services.enrolment_place(actor=world["manager"], person=staff, journey=world.bou, level=van)
    services.enrolment_pause(actor=staff, enrolment=enrolment)
    services.enrolment_resume(actor=world["manager"], enrolment=enrolment)

    trail = list(
        AuditEvent.objects.filter(target_type__icontains="enrolment", target_id=enrolment.pk)
        .order_by("id")
        .values_list("action", "actor")
    )
    assert trail == [
        ("enrolment.create", world["manager"].pk),
        ("enrolment.level", world["manager"].pk),
        ("enrolment.paused", staff.pk),
        ("enrolment.resumed", world["manager"].pk),
    ]
    level_change = AuditEvent.objects.get(action="enrolment.level", target_id=enrolment.pk)
    assert level_change.changes == {"level": [str(world.bou_ny), str(van)]}
    assert level_change.municipality_id == world.avesta.pk

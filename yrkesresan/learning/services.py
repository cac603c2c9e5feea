"""Writes of the journey: placing people on journeys, pausing and resuming, doing tasks,
ticking the checklist, asking for or offering support, and the reminders.

Progress is a read model (``CourseProgress``): every write that can change a person's state
on a course recomputes that one row here, in the same transaction. The completion rules:

* a course with course days (``tasks_and_days``) is completed when every mandatory preparation
  task is done and every course day of an occasion the person is booked on was attended;
* a self-paced web course (``tasks``) is completed when every mandatory task is done;
* a level is completed when every mandatory course of it is (``selectors.level_state``).

Nothing is deleted by a pause or a change of level: tasks done stay done.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.catalog.models import ChecklistItem, CompletionRule, Course, Journey, Level, PreparationTask
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record
from yrkesresan.core.email import email_send_later
from yrkesresan.occasions import selectors as occasions

from .models import (
    ChecklistTick,
    CourseProgress,
    Enrolment,
    EnrolmentEvent,
    EnrolmentEventKind,
    EnrolmentStatus,
    PreparationReminder,
    ProgressState,
    SupportFlag,
    SupportKind,
    TaskCompletion,
)
from .policies import forget_enrolments
from .progress_places import on_places_changed, progress_place_refresh

# --- progress -------------------------------------------------------------------------------


def course_progress_refresh(*, user_id: int, course: Course, activity: bool = False) -> CourseProgress:
    """Recompute one person's progress on one course from what they have done. ``activity``:
    the person just did something (it moves ``last_activity_at``)."""
    now = timezone.now()
    tasks = list(PreparationTask.objects.filter(course=course).values_list("id", "mandatory"))
    mandatory = {task_id for task_id, is_mandatory in tasks if is_mandatory}
    done = set(TaskCompletion.objects.filter(user_id=user_id, course=course).values_list("task_id", flat=True))
    ticked = ChecklistTick.objects.filter(user_id=user_id, course=course).exists()
    days_attended, attended_all = (
        (0, False) if course.is_web else occasions.attended_all_days(user_id=user_id, course_id=course.pk)
    )
    prepared = mandatory <= done
    if course.completion_rule == CompletionRule.TASKS or course.is_web:
        completed = prepared
    else:
        completed = prepared and attended_all
    if completed:
        state = ProgressState.COMPLETED
    elif done or ticked or days_attended:
        state = ProgressState.ONGOING
    else:
        state = ProgressState.NOT_STARTED

    # The person's row first: a change of their roles (accounts.listing) takes the same lock before it rewrites
    # their places and the read model ProgressPlace, so the two wait for each other instead of deadlocking or
    # writing from a stale view (learning/tests/test_progress_places_concurrency.py). No key update: inserts
    # that refer to the person (their task done, the audit trail) do not wait for it.
    list(User.objects.select_for_update(no_key=True).filter(pk=user_id).values_list("pk", flat=True))
    progress, _created = CourseProgress.objects.select_for_update().get_or_create(
        user_id=user_id, course=course, defaults={"journey_id": course.journey_id}
    )
    counted_before = (progress.state, progress.started_at, progress.completed_at)
    progress.state = state
    progress.tasks_done = len(done & {task_id for task_id, _m in tasks})
    progress.mandatory_done = len(done & mandatory)
    progress.mandatory_total = len(mandatory)
    progress.days_attended = days_attended
    if state != ProgressState.NOT_STARTED and progress.started_at is None:
        progress.started_at = now
    if state == ProgressState.NOT_STARTED:
        progress.started_at = None
    newly_completed = completed and progress.completed_at is None
    if newly_completed:
        progress.completed_at = now
    elif not completed:
        progress.completed_at = None  # e.g. attendance corrected to absent
    if activity:
        progress.last_activity_at = now
    progress.save()
    if (progress.state, progress.started_at, progress.completed_at) != counted_before:
        # The follow-up's copy changes only with what it counts by (most tasks done leave it as it was).
        progress_place_refresh(progress=progress)
    if activity:
        Enrolment.objects.filter(user_id=user_id, journey_id=course.journey_id).update(last_activity_at=now)
    if newly_completed and course.mandatory and _level_completed(user_id=user_id, level_id=course.level_id):
        events.announce("level.completed", user_id=user_id, level_id=course.level_id, journey_id=course.journey_id)
    return progress


def _level_completed(*, user_id: int, level_id: int) -> bool:
    """Every mandatory course of the level is completed by the person."""
    return (
        not Course.objects.filter(level_id=level_id, mandatory=True)
        .exclude(
            pk__in=CourseProgress.objects.filter(user_id=user_id, state=ProgressState.COMPLETED).values("course_id")
        )
        .exists()
    )


def _participation(actor: Any, course: Course) -> None:
    """The person may take this course, and their journey is not paused."""
    if not policy.can(actor, "learning.participate", course):
        raise PermissionDenied("learning.participate")
    status = (
        Enrolment.objects.filter(user_id=actor.pk, journey_id=course.journey_id)
        .values_list("status", flat=True)
        .first()
    )
    if status == EnrolmentStatus.PAUSED:
        raise ValidationError(_("Your journey is paused. Resume it to go on where you left off."))
    if status == EnrolmentStatus.FINISHED:
        raise ValidationError(_("This journey is finished."))


@transaction.atomic
def task_mark_done(*, actor: Any, task: PreparationTask) -> CourseProgress:
    """The participant has done a preparation task. Doing it twice changes nothing."""
    course = task.course
    _participation(actor, course)
    TaskCompletion.objects.get_or_create(user_id=actor.pk, task=task, defaults={"course": course})
    return course_progress_refresh(user_id=actor.pk, course=course, activity=True)


@transaction.atomic
def task_mark_undone(*, actor: Any, task: PreparationTask) -> CourseProgress:
    """Undo a task marked done by mistake."""
    course = task.course
    _participation(actor, course)
    TaskCompletion.objects.filter(user_id=actor.pk, task=task).delete()
    return course_progress_refresh(user_id=actor.pk, course=course, activity=True)


@transaction.atomic
def checklist_tick(*, actor: Any, item: ChecklistItem, ticked: bool) -> CourseProgress:
    """Tick (or untick) an optional after-course task. It does not change completion."""
    course = item.course
    _participation(actor, course)
    if ticked:
        ChecklistTick.objects.get_or_create(user_id=actor.pk, item=item, defaults={"course": course})
    else:
        ChecklistTick.objects.filter(user_id=actor.pk, item=item).delete()
    return course_progress_refresh(user_id=actor.pk, course=course, activity=True)


def _refresh_many(*, user_ids: Iterable[int], course_id: int, activity: bool) -> None:
    course = Course.objects.get(pk=course_id)
    for user_id in sorted(set(user_ids)):  # in one order, so that two such runs lock people in the same order
        course_progress_refresh(user_id=user_id, course=course, activity=activity)


def on_attendance_changed(*, user_ids: Iterable[int], course_id: int) -> None:
    """Subscribed to ``attendance.changed``: a course day attended may complete the course."""
    _refresh_many(user_ids=user_ids, course_id=course_id, activity=True)


def on_registration_changed(*, user_ids: Iterable[int], course_id: int) -> None:
    """Subscribed to ``registration.changed``: leaving an occasion can undo a completion."""
    _refresh_many(user_ids=user_ids, course_id=course_id, activity=False)


# --- support -------------------------------------------------------------------------------


def _home_region_id(user_id: int) -> int | None:
    return (
        RoleAssignment.objects.active()
        .filter(user_id=user_id, region__isnull=False)
        .order_by("id")
        .values_list("region_id", flat=True)
        .first()
    )


@transaction.atomic
def support_flag_set(*, actor: Any, task: PreparationTask, kind: str, message: str = "") -> SupportFlag:
    """Ask for support with a task, or offer it to the others on the course."""
    if kind not in SupportKind.values:
        raise ValidationError({"kind": _("Choose whether you ask for or offer support.")})
    if not policy.can(actor, "learning.participate", task.course):
        raise PermissionDenied("learning.participate")
    message = message.strip()
    if len(message) > 500:
        raise ValidationError({"message": _("Write at most 500 characters.")})
    flag, created = SupportFlag.objects.get_or_create(
        user_id=actor.pk,
        task=task,
        kind=kind,
        defaults={"course": task.course, "message": message, "region_id": _home_region_id(actor.pk)},
    )
    if not created and flag.message != message:
        flag.message = message
        flag.save(update_fields=["message"])
    return flag


@transaction.atomic
def support_flag_withdraw(*, actor: Any, task: PreparationTask, kind: str) -> None:
    SupportFlag.objects.filter(user_id=actor.pk, task=task, kind=kind).delete()


# --- enrolment -------------------------------------------------------------------------------


def _enrolment_audit(*, actor: Any, enrolment: Enrolment, action: str, changes: dict[str, Any]) -> None:
    place = (
        RoleAssignment.objects.active()
        .filter(user_id=enrolment.user_id)
        .order_by("id")
        .values_list("region_id", "municipality_id")
        .first()
    ) or (None, None)
    audit_record(
        actor=actor, action=action, target=enrolment, changes=changes, region_id=place[0], municipality_id=place[1]
    )


def _notify_enrolled(enrolment: Enrolment) -> None:
    user = enrolment.user
    if not user.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": user,
            "journey": enrolment.journey,
            "level": enrolment.level,
            "url": settings.SITE_URL + reverse("my_journey"),
        }
        email_send_later(
            subject=_("Yrkesresan: you are on the journey %(journey)s") % {"journey": enrolment.journey.name},
            body=render_to_string("learning/email/enrolled.txt", context),
            to=[user.email],
        )


def _place(*, actor: Any, person: User, journey: Journey, level: Level, notify: bool) -> tuple[Enrolment, str]:
    if level.journey_id != journey.pk:
        raise ValidationError({"level": _("Choose a level of this journey.")})
    if not policy.can(actor, "learning.enrol", person):
        raise PermissionDenied("learning.enrol")
    enrolment = Enrolment.objects.select_for_update().filter(user=person, journey=journey).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(user=person, journey=journey, level=level)
        EnrolmentEvent.objects.create(enrolment=enrolment, kind=EnrolmentEventKind.ENROLLED, to_level=level, by=actor)
        _enrolment_audit(
            actor=actor, enrolment=enrolment, action="enrolment.create", changes={"level": [None, str(level)]}
        )
        forget_enrolments(person)
        if notify:
            _notify_enrolled(enrolment)
        return enrolment, "enrolled"
    if enrolment.level_id == level.pk:
        return enrolment, "unchanged"
    before = enrolment.level
    enrolment.level = level
    enrolment.save(update_fields=["level"])
    EnrolmentEvent.objects.create(
        enrolment=enrolment, kind=EnrolmentEventKind.LEVEL_CHANGED, from_level=before, to_level=level, by=actor
    )
    _enrolment_audit(
        actor=actor, enrolment=enrolment, action="enrolment.level", changes={"level": [str(before), str(level)]}
    )
    return enrolment, "moved"


@transaction.atomic
def enrolment_place(*, actor: Any, person: User, journey: Journey, level: Level, notify: bool = True) -> Enrolment:
    """Place a person on a journey at a level; if they are already on it, move them to that level.
    Moving keeps everything done so far, and the history keeps the earlier level."""
    enrolment, _outcome = _place(actor=actor, person=person, journey=journey, level=level, notify=notify)
    return enrolment


@transaction.atomic
def enrolment_place_many(
    *, actor: Any, people: Iterable[User], journey: Journey, level: Level, notify: bool = True
) -> Counter[str]:
    """Place many people at once (a unit, a filtered list). Returns how many were placed, moved,
    already there, and skipped because the actor may not place them (nobody is half-placed:
    either every allowed person is placed or, on an error, nobody)."""
    if level.journey_id != journey.pk:
        raise ValidationError({"level": _("Choose a level of this journey.")})
    outcome: Counter[str] = Counter()
    for person in people:
        if not policy.can(actor, "learning.enrol", person):
            outcome["skipped"] += 1
            continue
        _enrolment, result = _place(actor=actor, person=person, journey=journey, level=level, notify=notify)
        outcome[result] += 1
    return outcome


def _set_status(*, actor: Any, enrolment: Enrolment, status: str, kind: str, reason: str = "") -> Enrolment:
    if not policy.can(actor, "learning.pause", enrolment):
        raise PermissionDenied("learning.pause")
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == status:
        return enrolment
    if enrolment.status == EnrolmentStatus.FINISHED:
        raise ValidationError(_("This journey is finished."))
    before = enrolment.status
    enrolment.status = status
    enrolment.status_changed_at = timezone.now()
    enrolment.save(update_fields=["status", "status_changed_at"])
    EnrolmentEvent.objects.create(enrolment=enrolment, kind=kind, by=actor, reason=reason[:300])
    _enrolment_audit(actor=actor, enrolment=enrolment, action=f"enrolment.{kind}", changes={"status": [before, status]})
    return enrolment


@transaction.atomic
def enrolment_pause(*, actor: Any, enrolment: Enrolment, reason: str = "") -> Enrolment:
    """Pause a journey (the participant or their manager). Nothing done so far is lost, the
    person is not counted as stalled and gets no reminders about preparation."""
    return _set_status(
        actor=actor, enrolment=enrolment, status=EnrolmentStatus.PAUSED, kind=EnrolmentEventKind.PAUSED, reason=reason
    )


@transaction.atomic
def enrolment_resume(*, actor: Any, enrolment: Enrolment) -> Enrolment:
    """Resume a paused journey where it was left."""
    return _set_status(actor=actor, enrolment=enrolment, status=EnrolmentStatus.ACTIVE, kind=EnrolmentEventKind.RESUMED)


# --- reminders ---------------------------------------------------------------------------------


def preparation_reminders_send(*, today: datetime.date | None = None, days_ahead: int | None = None) -> int:
    """E-mail everyone booked on an occasion whose first remaining course day is within
    ``days_ahead`` days and who has mandatory preparation left. Once per person and occasion;
    nobody whose journey is paused.
    Returns the number of reminders sent. Runs nation-wide: a background job (``learning.tasks``)."""
    today = today or timezone.localdate()
    days_ahead = settings.PREPARATION_REMINDER_DAYS if days_ahead is None else days_ahead
    upcoming: dict[int, Any] = {}
    for day in occasions.course_days_between(start=today, end=today + datetime.timedelta(days=days_ahead)):
        if day.occasion.first_day in (None, day.date):  # before the first day; not between the days
            upcoming.setdefault(day.occasion_id, day)
    sent = 0
    for occasion_id, day in upcoming.items():
        course = day.occasion.course
        registrations = occasions.booked_people(occasion_ids=[occasion_id]).select_related("user")
        already = set(PreparationReminder.objects.filter(occasion_id=occasion_id).values_list("user_id", flat=True))
        # A paused journey gets no reminders (the participant asked for a break).
        already |= set(
            Enrolment.objects.filter(
                journey_id=course.journey_id, status=EnrolmentStatus.PAUSED, user_id__in=registrations.values("user_id")
            ).values_list("user_id", flat=True)
        )
        mandatory = list(course.tasks.filter(mandatory=True).order_by("order", "id"))
        if not mandatory:
            continue
        for registration in registrations:
            user = registration.user
            if user.pk in already or not user.is_active:
                continue
            done = set(TaskCompletion.objects.filter(user=user, course=course).values_list("task_id", flat=True))
            left = [task for task in mandatory if task.pk not in done]
            if not left:
                continue
            if not user.email:
                continue  # nothing is recorded: once they have an address, the next run reminds them
            with transaction.atomic():
                _, created = PreparationReminder.objects.get_or_create(user=user, occasion_id=occasion_id)
                if created:
                    _send_reminder(user=user, course=course, day=day, left=left)
                    sent += 1
    return sent


def _send_reminder(*, user: User, course: Course, day: Any, left: list[PreparationTask]) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "person": user,
            "course": course,
            "day": day,
            "left": left,
            "minutes": sum(task.minutes for task in left),
            "url": settings.SITE_URL + reverse("my_course", args=[course.pk]),
        }
        email_send_later(
            subject=_("Yrkesresan: prepare for %(course)s") % {"course": course.title},
            body=render_to_string("learning/email/reminder.txt", context),
            to=[user.email],
        )


def subscribe_to_events() -> None:
    events.subscribe("attendance.changed", on_attendance_changed)
    events.subscribe("registration.changed", on_registration_changed)
    events.subscribe("places.changed", on_places_changed)

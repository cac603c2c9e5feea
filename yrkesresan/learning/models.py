"""Each person's journey: enrolments, the tasks they have done, the checklist they ticked,
their progress per course, and their requests and offers of support.

``CourseProgress`` is a read model kept by ``learning.services`` whenever a task is done,
a day attended or a booking changes, so that the journey page and the managers' hub read one
row per course instead of recomputing from millions of task completions.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import ChecklistItem, Course, Journey, Level, PreparationTask
from yrkesresan.occasions.models import Occasion
from yrkesresan.organisations.models import Municipality


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class Enrolment(models.Model):
    """A person on a journey, at a level. One per person and journey; the history of levels,
    pauses and resumptions is kept in ``EnrolmentEvent``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ACTIVE
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    #: The last time the person did something on this journey (a task, a tick, a course day).
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        constraints = [models.UniqueConstraint(fields=["user", "journey"], name="one_enrolment_per_journey")]
        indexes = [models.Index(fields=["journey", "status", "last_activity_at"], name="enrolment_activity")]

    def __str__(self) -> str:
        return f"{self.user} – {self.journey.short_name} {self.level.name}"


class EnrolmentEventKind(models.TextChoices):
    ENROLLED = "enrolled", _("Placed on the journey")
    LEVEL_CHANGED = "level_changed", _("Level changed")
    PAUSED = "paused", _("Paused")
    RESUMED = "resumed", _("Resumed")
    FINISHED = "finished", _("Finished")


class EnrolmentEvent(models.Model):
    """Append-only history of an enrolment: who placed the person, moved them, paused or resumed."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EnrolmentEventKind.choices)
    from_level = models.ForeignKey(Level, null=True, on_delete=models.PROTECT, related_name="+")
    to_level = models.ForeignKey(Level, null=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.kind}"


class TaskCompletion(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(PreparationTask, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")  # copied from the task
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "task"], name="task_done_once")]
        indexes = [models.Index(fields=["user", "course"], name="task_done_by_course")]

    def __str__(self) -> str:
        return f"{self.user_id} did {self.task_id}"


class ChecklistTick(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item"], name="checklist_tick_once")]
        indexes = [models.Index(fields=["user", "course"], name="checklist_tick_by_course")]

    def __str__(self) -> str:
        return f"{self.user_id} ticked {self.item_id}"


class ProgressState(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")


class CourseProgress(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="+")  # copied from the course
    state = models.CharField(max_length=12, choices=ProgressState.choices, default=ProgressState.NOT_STARTED)
    tasks_done = models.PositiveSmallIntegerField(default=0)
    mandatory_done = models.PositiveSmallIntegerField(default=0)
    mandatory_total = models.PositiveSmallIntegerField(default=0)
    days_attended = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True)
    completed_at = models.DateTimeField(null=True)
    last_activity_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="course_progress_once")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.course_id}: {self.state}"

    @property
    def is_completed(self) -> bool:
        return self.state == ProgressState.COMPLETED


class ProgressPlace(models.Model):
    """A read model for the follow-up reports: one row for every started ``CourseProgress`` row (ongoing or
    completed) and every municipality its person belongs to today (``accounts.PersonPlace``), with the
    figures the reports count by. "How many in this region completed each course this year" is then one
    range of one index per municipality, instead of a join of the region's people to 2,000,000 progress rows
    (docs/decisions/0013-followup.md, docs/benchmarks.md).

    Kept by ``learning.progress_places``: when a progress row is recomputed (``services.course_progress_refresh``)
    and when a person's places change (the event ``places.changed`` from ``accounts.listing``), in the same
    transaction. A person in two municipalities has two rows per course; the reports count them once in the
    totals. Deleting the progress row, or the municipality, deletes these.
    """

    progress = models.ForeignKey(CourseProgress, on_delete=models.CASCADE, related_name="+", db_index=False)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Copied from the progress row. Deleting a course or journey deletes its progress rows and so these first.
    course = models.ForeignKey(Course, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    journey = models.ForeignKey(Journey, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    state = models.CharField(max_length=12, choices=ProgressState.choices)
    started_at = models.DateTimeField(null=True)
    completed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            # Leads with the progress row: serves refreshing one row and the cascade when it is deleted.
            models.UniqueConstraint(fields=["progress", "municipality"], name="progress_place_once"),
        ]
        indexes = [
            # Every column a report reads: a municipality's cells are one range of this index, read alone
            # (an index-only scan on PostgreSQL), already in the order the report groups them.
            models.Index(
                fields=["municipality", "course", "state", "started_at", "completed_at", "journey"],
                name="progress_place_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.progress_id} in {self.municipality_id}: {self.state}"


class SupportKind(models.TextChoices):
    ASKS = "asks", _("Asks for support")
    OFFERS = "offers", _("Offers support")


class SupportFlag(models.Model):
    """After a preparation task a participant may ask for support, or offer it to others.
    Seen by the other participants of the same occasion and by the trainers of the region."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    task = models.ForeignKey(PreparationTask, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    region_id = models.IntegerField(null=True)  # the person's region when they raised it
    kind = models.CharField(_("kind"), max_length=8, choices=SupportKind.choices)
    message = models.CharField(_("message"), max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "task", "kind"], name="support_flag_once")]
        indexes = [
            models.Index(fields=["course", "at"], name="support_flag_by_course"),
            models.Index(fields=["region_id", "at"], name="support_flag_by_region"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} on {self.task_id}"


class PreparationReminder(models.Model):
    """A reminder about unfinished preparation was sent for this occasion: at most one per person."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "occasion"], name="one_reminder_per_occasion")]

    def __str__(self) -> str:
        return f"{self.user_id} reminded for {self.occasion_id}"

"""Trainer teams: the pool of trainers, their teams on occasions, and who taught which course day.

A trainer (*utbildare*) is lent by their home municipality to the region; a discussion leader
(*samtalsledare*) belongs to their municipality's own pool and leads municipal and workplace-level
courses. Each is qualified per course. An occasion's team has a course leader, trainers and a
reserve. ``DayAssignment`` records who led and who trained each course day, and from which
municipality: it is what the trainer pot is paid out from, so it is never edited away. An absent
trainer's assignment stays (marked absent) and the substitute gets a new one; every change is kept
in ``DayAssignmentEvent``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Course
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.organisations.models import Municipality, Region

# --- terms -------------------------------------------------------------------------------------------

SPRING = "VT"  # vårtermin: January–June
AUTUMN = "HT"  # hösttermin: July–December


def term_of(day: datetime.date) -> tuple[int, str]:
    """The term a date falls in: ``(2026, "VT")`` for 1 January–30 June, ``(2026, "HT")`` for July–December."""
    return day.year, SPRING if day.month <= 6 else AUTUMN


def term_range(year: int, term: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a term (both inclusive)."""
    if term == SPRING:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    if term == AUTUMN:
        return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
    raise ValueError(f"Unknown term {term!r}")


def term_range_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    return term_range(*term_of(day))


# --- the pool ----------------------------------------------------------------------------------------


class TrainerKind(models.TextChoices):
    TRAINER = "trainer", _("Trainer")
    DISCUSSION_LEADER = "discussion_leader", _("Discussion leader")


#: A trainer gives 1–2 course days a term (DOMAIN.md: about a working week a year in all).
DEFAULT_MAX_DAYS_PER_TERM = 2


class TrainerProfile(models.Model):
    """A person in a trainer pool: the region's (trainers) or their municipality's (discussion leaders)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainer_profile")
    kind = models.CharField(_("kind"), max_length=20, choices=TrainerKind.choices, default=TrainerKind.TRAINER)
    #: The municipality that lends the trainer: the trainer pot pays it for the days taught.
    home_municipality = models.ForeignKey(
        Municipality, verbose_name=_("home municipality"), on_delete=models.PROTECT, related_name="+"
    )
    #: The home municipality's region, kept by the services: the pool a regional occasion draws from.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", editable=False)
    max_days_per_term = models.PositiveSmallIntegerField(
        _("course days a term"),
        default=DEFAULT_MAX_DAYS_PER_TERM,
        validators=[MaxValueValidator(60)],
        help_text=_("How many course days a term the trainer's manager allows."),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        indexes = [
            # The pool of a region (trainers) or of a municipality (discussion leaders).
            models.Index(fields=["region", "kind", "active"], name="trainer_pool_by_region"),
            models.Index(fields=["home_municipality", "kind", "active"], name="trainer_pool_by_municipality"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Qualification(models.Model):
    """The trainer is trained to give this course."""

    trainer = models.ForeignKey(TrainerProfile, on_delete=models.CASCADE, related_name="qualifications")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("since"))

    class Meta:
        ordering = ["course__title", "id"]
        verbose_name = _("qualification")
        constraints = [models.UniqueConstraint(fields=["trainer", "course"], name="qualified_once_per_course")]
        indexes = [models.Index(fields=["course", "trainer"], name="qualification_by_course")]

    def __str__(self) -> str:
        return f"{self.trainer_id} for {self.course_id}"


class Unavailability(models.Model):
    """Days the trainer cannot teach, ``start`` to ``end`` inclusive."""

    trainer = models.ForeignKey(TrainerProfile, on_delete=models.CASCADE, related_name="unavailable")
    start = models.DateField(_("from"))
    end = models.DateField(_("to and including"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("unavailability")
        indexes = [models.Index(fields=["trainer", "start", "end"], name="unavailable_by_trainer")]
        constraints = [
            models.CheckConstraint(name="unavailable_end_not_before_start", condition=Q(end__gte=models.F("start")))
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id}: {self.start}–{self.end}"


# --- teams and days ----------------------------------------------------------------------------------


class TeamRole(models.TextChoices):
    LEADER = "leader", _("Course leader")
    TRAINER = "trainer", _("Trainer")
    RESERVE = "reserve", _("Reserve")


class TeamMember(models.Model):
    """A trainer on an occasion's team. One course leader per occasion; a person is on a team once."""

    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="+")
    trainer = models.ForeignKey(TrainerProfile, on_delete=models.PROTECT, related_name="teams")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occasion", "role", "id"]
        verbose_name = _("team member")
        constraints = [
            models.UniqueConstraint(fields=["occasion", "trainer"], name="team_member_once"),
            models.UniqueConstraint(fields=["occasion"], condition=Q(role="leader"), name="team_one_leader"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} on {self.occasion_id} ({self.role})"


class DayRole(models.TextChoices):
    LEADER = "leader", _("Course leader")
    TRAINER = "trainer", _("Trainer")


class DayAssignment(models.Model):
    """Who leads or trains a course day, and from which municipality: the record the trainer pot pays from.

    ``date`` and ``lending_municipality`` are copied when the assignment is made: the date lets the
    database refuse a second day for the same trainer on the same date, and the municipality is the
    one that lent the trainer then, even if they later move. An absence keeps the row (``absent``) and
    the substitute gets a row of their own with ``substitute_for``.
    """

    #: A course day that is removed before it is held takes its assignments with it (its history stays).
    course_day = models.ForeignKey(CourseDay, on_delete=models.CASCADE, related_name="+")
    trainer = models.ForeignKey(TrainerProfile, on_delete=models.PROTECT, related_name="days")
    role = models.CharField(_("role"), max_length=10, choices=DayRole.choices)
    date = models.DateField(_("date"))
    lending_municipality = models.ForeignKey(
        Municipality, verbose_name=_("lending municipality"), on_delete=models.PROTECT, related_name="+"
    )
    substitute_for = models.ForeignKey(
        TrainerProfile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    absent = models.BooleanField(_("absent"), default=False)
    absence_reason = models.CharField(_("reason for the absence"), max_length=300, blank=True)
    absent_reported_at = models.DateTimeField(null=True, blank=True)
    absent_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "course_day", "role", "id"]
        verbose_name = _("course day assignment")
        constraints = [
            # No double booking: one course day a date for a trainer, absences aside.
            models.UniqueConstraint(
                fields=["trainer", "date"], condition=Q(absent=False), name="trainer_one_course_day_a_date"
            ),
            models.UniqueConstraint(
                fields=["course_day"], condition=Q(absent=False, role="leader"), name="course_day_one_leader"
            ),
        ]
        indexes = [
            models.Index(fields=["trainer", "date"], name="assignment_by_trainer_date"),
            models.Index(fields=["date", "trainer"], name="assignment_by_date"),
        ]

    def __str__(self) -> str:
        return f"{self.trainer_id} {self.role} on {self.date}"


class DayAction(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    ABSENCE_REPORTED = "absence_reported", _("Reported absent")
    REPLACED = "replaced", _("Replaced by a substitute")
    REMOVED = "removed", _("Removed")


class DayAssignmentEvent(models.Model):
    """Append-only history of who was put on or taken off a course day, by whom, when and why."""

    course_day = models.ForeignKey(CourseDay, null=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField()
    trainer = models.ForeignKey(TrainerProfile, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=DayRole.choices)
    action = models.CharField(max_length=20, choices=DayAction.choices)
    reason = models.CharField(max_length=300, blank=True)
    #: The substitute (for "replaced") or the trainer replaced (for a substitute's "assigned").
    other_trainer = models.ForeignKey(TrainerProfile, null=True, on_delete=models.PROTECT, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["course_day", "at"], name="day_event_by_course_day")]

    def __str__(self) -> str:
        return f"{self.date} {self.trainer_id}: {self.action}"

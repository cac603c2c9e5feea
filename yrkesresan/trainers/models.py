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


# --- recruiting --------------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Team formed")
    CANCELLED = "cancelled", _("Cancelled")


class TrainerCall(models.Model):
    """A coordinator's call for trainers: for one occasion, or for a course and a term (to form the teams
    of that term's occasions). Qualified trainers of the region see it and answer; the coordinator
    confirms those they take."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    #: The occasion the call forms a team for; empty for a call for a course and a term.
    occasion = models.ForeignKey(Occasion, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    term = models.CharField(_("term"), max_length=2, choices=[(SPRING, _("Spring")), (AUTUMN, _("Autumn"))])
    #: How many trainers (course leader included) the coordinator needs.
    needed = models.PositiveSmallIntegerField(_("trainers needed"), default=2)
    answer_by = models.DateField(_("answer by"))
    message = models.TextField(_("message"), blank=True)
    #: Whether a "yes" also needs the trainer's manager's approval before it can be confirmed.
    manager_approval = models.BooleanField(_("ask the manager to approve"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["answer_by", "id"]
        verbose_name = _("call for trainers")
        verbose_name_plural = _("calls for trainers")
        indexes = [
            models.Index(fields=["region", "status", "answer_by"], name="call_by_region"),
            models.Index(fields=["course", "status"], name="call_by_course"),
        ]

    def __str__(self) -> str:
        return f"Call {self.pk}: course {self.course_id} {self.term} {self.year}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    RESERVE = "reserve", _("Yes, as a reserve")
    NO = "no", _("No")


class Approval(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    PENDING = "pending", _("Waiting for the manager")
    APPROVED = "approved", _("Approved by the manager")
    DECLINED = "declined", _("Declined by the manager")


class CallAnswer(models.Model):
    """A trainer's answer to a call, their manager's approval, and the coordinator's confirmation."""

    call = models.ForeignKey(TrainerCall, on_delete=models.CASCADE, related_name="answers")
    trainer = models.ForeignKey(TrainerProfile, on_delete=models.PROTECT, related_name="call_answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    answered_at = models.DateTimeField(auto_now=True)
    approval = models.CharField(
        _("manager's approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_NEEDED
    )
    approval_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approval_at = models.DateTimeField(null=True, blank=True)
    approval_note = models.CharField(_("manager's note"), max_length=300, blank=True)
    #: Set when the coordinator takes the trainer: the role on the team (for an occasion's call).
    confirmed_role = models.CharField(_("confirmed as"), max_length=10, choices=TeamRole.choices, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["call", "answered_at", "id"]
        verbose_name = _("answer to a call")
        constraints = [models.UniqueConstraint(fields=["call", "trainer"], name="call_answered_once")]
        indexes = [models.Index(fields=["trainer", "call"], name="call_answer_by_trainer")]

    def __str__(self) -> str:
        return f"{self.trainer_id} to call {self.call_id}: {self.answer}"


# --- trainer meetings --------------------------------------------------------------------------------


class TrainerMeeting(models.Model):
    """An *utbildarträff*: an open forum where the region's (or a municipality's) trainers meet."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    #: For a municipality's own discussion leaders; empty for the whole region's pool.
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    link = models.URLField(_("link for taking part online"), blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "starts", "id"]
        verbose_name = _("trainer meeting")
        verbose_name_plural = _("trainer meetings")
        indexes = [models.Index(fields=["region", "date"], name="meeting_by_region_date")]
        constraints = [
            models.CheckConstraint(name="meeting_ends_after_start", condition=Q(ends__gt=models.F("starts")))
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date})"


class Reply(models.TextChoices):
    NONE = "", _("Not answered")
    YES = "yes", _("Coming")
    NO = "no", _("Not coming")


class MeetingInvitation(models.Model):
    """A trainer invited to a meeting: their reply, and whether they came (marked afterwards)."""

    meeting = models.ForeignKey(TrainerMeeting, on_delete=models.CASCADE, related_name="invitations")
    trainer = models.ForeignKey(TrainerProfile, on_delete=models.PROTECT, related_name="meeting_invitations")
    reply = models.CharField(_("reply"), max_length=3, choices=Reply.choices, blank=True, default=Reply.NONE)
    replied_at = models.DateTimeField(null=True, blank=True)
    #: None until attendance is taken.
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("invitation to a trainer meeting")
        constraints = [models.UniqueConstraint(fields=["meeting", "trainer"], name="invited_once")]
        indexes = [models.Index(fields=["trainer", "meeting"], name="invitation_by_trainer")]

    def __str__(self) -> str:
        return f"{self.trainer_id} to meeting {self.meeting_id}"

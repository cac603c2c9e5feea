"""Course occasions (kurstillfällen), their course days, registrations and attendance.

This is the part that the journey needs today: which course days a participant is booked on,
and whether they attended. Planning, waitlists and the administrators' pages come with the
occasions issue; the shapes here follow DESIGN.md so that it extends them rather than
replacing them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Course
from yrkesresan.organisations.models import Municipality, Region, Unit


class DeliveryLevel(models.TextChoices):
    REGIONAL = "regional", _("Regional")
    MUNICIPAL = "municipal", _("Municipal")
    WORKPLACE = "workplace", _("Workplace")
    NATIONAL = "national", _("National")


class OccasionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class Occasion(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    delivery_level = models.CharField(
        _("given at"), max_length=10, choices=DeliveryLevel.choices, default=DeliveryLevel.REGIONAL
    )
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120, blank=True, help_text=_("For example “Omgång 1, våren”."))
    capacity = models.PositiveIntegerField(_("places"))
    status = models.CharField(
        _("status"), max_length=10, choices=OccasionStatus.choices, default=OccasionStatus.PLANNED
    )
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancel_deadline = models.DateField(
        _("last day to cancel"), null=True, blank=True, help_text=_("A cancellation after this day is late.")
    )
    needs_approval = models.BooleanField(_("sign-ups need the manager's approval"), default=False)
    waitlist_stops_days = models.PositiveSmallIntegerField(
        _("no promotion from the waitlist in the last days"),
        default=2,
        help_text=_("Places that free up this many days before the first day are not filled automatically."),
    )
    # Who may register: empty means everyone the occasion is given for (its region, municipality or unit).
    target_municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("open to the municipalities"), blank=True, related_name="+"
    )
    target_units = models.ManyToManyField(Unit, verbose_name=_("open to the units"), blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True, help_text=_("Refreshments, material, anything the day needs."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("course occasion")
        constraints = [models.CheckConstraint(name="occasion_capacity_positive", condition=models.Q(capacity__gte=1))]

    def __str__(self) -> str:
        return f"{self.course.title} {self.name}".strip()


class DayMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    DIGITAL = "digital", _("Digital")


class CourseDay(models.Model):
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    mode = models.CharField(_("on site or digital"), max_length=8, choices=DayMode.choices, default=DayMode.ON_SITE)
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["date", "starts", "id"]
        verbose_name = _("course day")
        indexes = [models.Index(fields=["date", "occasion"], name="course_day_by_date")]
        constraints = [
            models.CheckConstraint(name="course_day_ends_after_start", condition=models.Q(ends__gt=models.F("starts")))
        ]

    def __str__(self) -> str:
        return f"{self.occasion} {self.date:%Y-%m-%d}"


class RegistrationState(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the manager's approval")
    DECLINED = "declined", _("Declined")
    BOOKED = "booked", _("Booked")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")
    CANCELLED_LATE = "cancelled_late", _("Cancelled late")


#: A person holds a place, or a claim to one: at most one such registration per person and occasion.
ACTIVE_STATES = (RegistrationState.REQUESTED, RegistrationState.BOOKED, RegistrationState.WAITLISTED)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def booked(self) -> RegistrationQuerySet:
        return self.filter(state=RegistrationState.BOOKED)


class Registration(models.Model):
    occasion = models.ForeignKey(Occasion, on_delete=models.PROTECT, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="registrations")
    state = models.CharField(_("state"), max_length=16, choices=RegistrationState.choices)
    #: Order on the waitlist (the arrival order, from one counter per occasion); empty when not waitlisted.
    position = models.PositiveIntegerField(_("place on the waitlist"), null=True, blank=True)
    municipality_at_signup = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("registration")
        indexes = [models.Index(fields=["user", "state"], name="registration_by_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["occasion", "user"],
                condition=models.Q(state__in=["requested", "booked", "waitlisted"]),
                name="one_active_registration_per_person",
            ),
            models.UniqueConstraint(
                fields=["occasion", "position"],
                condition=models.Q(state="waitlisted"),
                name="one_person_per_waitlist_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.occasion_id} ({self.state})"


class RegistrationEvent(models.Model):
    """Append-only history of a registration: every change of state, by whom, when and why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_state or '-'} → {self.to_state}"


class DayAttendance(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    course_day = models.ForeignKey(CourseDay, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "course_day"], name="attendance_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} on {self.course_day_id}: {self.present}"

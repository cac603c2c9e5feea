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

from yrkesresan.catalog.models import Course, Level
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
    min_participants = models.PositiveIntegerField(
        _("minimum number of participants"),
        default=0,
        help_text=_("Below this the occasion may be cancelled. 0 means no minimum."),
    )
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
    #: Only people on the journey at one of these levels (checked by ``learning`` through the policy rule
    #: ``occasions.in_target_levels``, since occasions know nothing of progress).
    target_levels = models.ManyToManyField(Level, verbose_name=_("open to the levels"), blank=True, related_name="+")
    notes = models.TextField(_("notes"), blank=True, help_text=_("Refreshments, material, anything the day needs."))
    cancel_reason = models.CharField(_("why the occasion was cancelled"), max_length=300, blank=True)
    #: The first and last course day, kept by the services that write the days (for sorting and filtering).
    first_day = models.DateField(null=True, blank=True, editable=False)
    last_day = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("course occasion")
        indexes = [
            models.Index(fields=["region", "first_day"], name="occasion_by_region_date"),
            models.Index(fields=["municipality", "first_day"], name="occasion_by_municipality_date"),
        ]
        constraints = [models.CheckConstraint(name="occasion_capacity_positive", condition=models.Q(capacity__gte=1))]

    def __str__(self) -> str:
        return f"{self.course.title} {self.name}".strip()


class SeatQuota(models.Model):
    """Places kept for one municipality's staff until ``release_at``; after it they are open to all."""

    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="quotas")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    seats = models.PositiveIntegerField(_("places kept"))
    release_at = models.DateTimeField(_("kept until"))

    class Meta:
        ordering = ["municipality__name", "id"]
        verbose_name = _("places kept for a municipality")
        constraints = [
            models.UniqueConstraint(fields=["occasion", "municipality"], name="one_quota_per_municipality"),
            models.CheckConstraint(name="quota_seats_positive", condition=models.Q(seats__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.occasion_id}: {self.seats} for {self.municipality_id}"


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
    ATTENDED = "attended", _("Attended")
    PARTLY_ATTENDED = "partly_attended", _("Partly attended")
    NO_SHOW = "no_show", _("Did not come")


#: A sign-up that is still open: it can be cancelled, and a person has at most one per occasion.
ACTIVE_STATES = (RegistrationState.REQUESTED, RegistrationState.BOOKED, RegistrationState.WAITLISTED)
#: What became of a booking once every course day's attendance is taken and the last day has come.
OUTCOME_STATES = (RegistrationState.ATTENDED, RegistrationState.PARTLY_ATTENDED, RegistrationState.NO_SHOW)
#: The registration holds a place on the occasion (it counts against the capacity and takes part).
PLACE_STATES = (RegistrationState.BOOKED, *OUTCOME_STATES)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def booked(self) -> RegistrationQuerySet:
        """Those holding a place: booked, or booked and the attendance since taken."""
        return self.filter(state__in=PLACE_STATES)


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
                condition=models.Q(
                    state__in=["requested", "booked", "waitlisted", "attended", "partly_attended", "no_show"]
                ),
                name="one_live_registration_per_person",
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
    """Whether a booked participant was there on a course day. ``announced`` marks an absence that the
    participant (or their manager) announced in advance; taking attendance may later overwrite it. Every
    change is kept in ``AttendanceEvent``."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendance")
    course_day = models.ForeignKey(CourseDay, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    announced = models.BooleanField(_("absence announced in advance"), default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "course_day"], name="attendance_once_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} on {self.course_day_id}: {self.present}"


class AttendanceEvent(models.Model):
    """Append-only history of one participant's attendance on one day: the first mark and every correction."""

    attendance = models.ForeignKey(DayAttendance, on_delete=models.CASCADE, related_name="events")
    present = models.BooleanField()
    reason = models.CharField(max_length=200, blank=True)
    announced = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.attendance_id}: {self.present} at {self.at}"


class CalendarFeed(models.Model):
    """A person's secret address for subscribing to their course days in a calendar app. A new token
    replaces the old one (and so revokes any address that was shared by mistake)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"

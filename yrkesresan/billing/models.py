"""Money between public bodies: fee schedules, invoicing bases, the trainer pot and the cost split.

Every amount is a ``Decimal`` in kronor (SEK, excluding VAT). What is charged is computed from the
data that occasions (attendance) and trainers (who taught which day) keep; nothing here is typed in
twice. A draft recomputes from that data every time it is read. Issuing copies every line, name and
price onto the document (``InvoiceLine``, ``PotShare``, ``PotPayout``) and locks it: an issued
document never changes, and whatever changes later (a corrected attendance, a person who moved)
reaches the *next* basis as a correction line (decision 0012).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yrkesresan.organisations.models import Municipality, Region

#: Default weights of the trainer pot (DOMAIN.md): a course leader earns 1.5 shares a day taught, a trainer 1.
DEFAULT_LEADER_SHARES = Decimal("1.5")
DEFAULT_TRAINER_SHARES = Decimal("1")


class FeeSchedule(models.Model):
    """A region's course fee for one year: a price per participant per course day, in named parts."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    charge_late_cancellations = models.BooleanField(_("late cancellations are charged"), default=True)
    charge_no_shows = models.BooleanField(
        _("no-shows are charged"), default=True, help_text=_("A day missed without an absence announced in advance.")
    )
    charge_regional = models.BooleanField(_("regional occasions are charged"), default=True)
    charge_national = models.BooleanField(_("national occasions are charged"), default=False)
    #: Shares of the trainer pot a course day taught earns (DOMAIN.md: 1.5 and 1).
    leader_shares = models.DecimalField(
        _("shares for a course leader's day"), max_digits=5, decimal_places=2, default=DEFAULT_LEADER_SHARES
    )
    trainer_shares = models.DecimalField(
        _("shares for a trainer's day"), max_digits=5, decimal_places=2, default=DEFAULT_TRAINER_SHARES
    )
    #: The trainer pot's period; empty means the calendar year.
    pot_start = models.DateField(_("trainer pot from"), null=True, blank=True)
    pot_end = models.DateField(_("trainer pot to and including"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__name", "-year"]
        verbose_name = _("fee schedule")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="fee_schedule_one_per_region_year"),
            models.CheckConstraint(
                name="fee_schedule_shares_not_negative", condition=Q(leader_shares__gte=0, trainer_shares__gte=0)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    @property
    def pot_period(self) -> tuple[datetime.date, datetime.date]:
        return (
            self.pot_start or datetime.date(self.year, 1, 1),
            self.pot_end or datetime.date(self.year, 12, 31),
        )


class FeeComponent(models.Model):
    """One named part of the fee (venue and refreshments, administration, trainer pot, material, buffer)."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="components")
    name = models.CharField(_("name"), max_length=120)
    amount = models.DecimalField(
        _("amount (kr)"), validators=[MinValueValidator(Decimal("0"))], max_digits=14, decimal_places=2
    )
    is_pot = models.BooleanField(_("goes to the trainer pot"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("fee component")
        constraints = [
            models.UniqueConstraint(fields=["schedule"], condition=Q(is_pot=True), name="fee_one_pot_component"),
            models.CheckConstraint(name="fee_component_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    TERM = "term", _("Term")
    YEAR = "year", _("Year")


class BasisState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class InvoiceBasis(models.Model):
    """A municipality's invoicing basis (*faktureringsunderlag*) for a month, a term or a year.

    A draft has no lines of its own: they are computed from the data whenever it is read. Issuing
    writes every line, the names and the total, and gives the basis its number; from then on it is
    read from those rows only.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    period_kind = models.CharField(_("period"), max_length=5, choices=PeriodKind.choices)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to and including"))
    state = models.CharField(_("state"), max_length=6, choices=BasisState.choices, default=BasisState.DRAFT)
    #: Given on issue: county code, year and a sequence per region and year ("20-2024-0007").
    number = models.CharField(_("number"), max_length=20, null=True, blank=True, unique=True)
    #: Copied on issue, so that the document reads the same if the municipality is renamed.
    municipality_name = models.CharField(max_length=120, blank=True)
    region_name = models.CharField(max_length=120, blank=True)
    total = models.DecimalField(_("total (kr)"), null=True, blank=True, max_digits=14, decimal_places=2)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "municipality__name", "id"]
        verbose_name = _("invoicing basis")
        verbose_name_plural = _("invoicing bases")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period_kind", "period_start"], name="invoice_basis_one_per_period"
            ),
            models.CheckConstraint(
                name="invoice_basis_issued_has_number",
                condition=Q(state="draft") | Q(number__isnull=False, total__isnull=False, issued_at__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["region", "period_start"], name="invoice_basis_by_region")]

    def __str__(self) -> str:
        return self.number or f"{self.municipality_name or self.municipality_id} {self.period_start:%Y-%m-%d}"

    @property
    def is_issued(self) -> bool:
        return self.state == BasisState.ISSUED

    @property
    def is_year_end(self) -> bool:
        """The basis that ends the year deducts the municipality's trainer-pot payout."""
        return self.period_end.month == 12 and self.period_end.day == 31


class LineKind(models.TextChoices):
    FEE = "fee", _("Course fee")
    CORRECTION = "correction", _("Correction")
    POT_PAYOUT = "pot_payout", _("Trainer pot payout")


class ChargeReason(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    LATE_CANCELLATION = "late_cancellation", _("Cancelled late")
    NONE = "", _("Not charged")


class InvoiceLine(models.Model):
    """One line of an issued basis, copied in full. A fee or correction line is one participant on one
    course day (``registration_id``, ``course_day_id`` are its key in the ledger); a pot-payout line is
    the municipality's share of the trainer pot, negative."""

    basis = models.ForeignKey(InvoiceBasis, on_delete=models.PROTECT, related_name="lines")
    #: Copied from ``basis`` so that "what has been invoiced for this participant-day" is one index range.
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=LineKind.choices)
    reason = models.CharField(max_length=20, choices=ChargeReason.choices, blank=True)
    # The key of a participant-day (plain ids: the ledger must outlive any later change to those rows).
    registration_id = models.BigIntegerField(null=True, blank=True)
    course_day_id = models.BigIntegerField(null=True, blank=True)
    person_id = models.BigIntegerField(null=True, blank=True)
    occasion_id = models.BigIntegerField(null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    # What the document shows, copied.
    person_name = models.CharField(max_length=200, blank=True)
    occasion_name = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=300, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    #: The trainer pot a payout line deducts (each municipality's payout is deducted once).
    pot = models.ForeignKey("TrainerPot", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["basis", "kind", "occasion_name", "date", "person_name", "id"]
        indexes = [
            models.Index(fields=["registration_id", "course_day_id"], name="invoice_line_by_key"),
            models.Index(fields=["basis", "kind"], name="invoice_line_by_basis"),
        ]

    def __str__(self) -> str:
        return f"{self.basis_id}: {self.kind} {self.amount}"


class InvoiceNumberSeries(models.Model):
    """The last number given to a basis of a region in a year: issuing locks this row and counts on."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="invoice_series_one_per_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.last}"


class TrainerPot(models.Model):
    """A region's trainer pot (*utbildarpott*) for a year. A draft is computed from the data; issuing
    copies every share and payout, after which the year-end bases deduct the payouts."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField()
    period_end = models.DateField()
    total = models.DecimalField(max_digits=14, decimal_places=2)
    total_shares = models.DecimalField(max_digits=12, decimal_places=2)
    #: The charged participant-days the pot was filled from.
    participant_days = models.PositiveIntegerField(default=0)
    leader_shares = models.DecimalField(max_digits=5, decimal_places=2)
    trainer_shares = models.DecimalField(max_digits=5, decimal_places=2)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["region__name", "-year"]
        verbose_name = _("trainer pot")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="trainer_pot_one_per_region_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"


class PotShare(models.Model):
    """One trainer's shares for one course day taught, copied when the pot was issued."""

    pot = models.ForeignKey(TrainerPot, on_delete=models.PROTECT, related_name="shares")
    trainer_id = models.BigIntegerField()
    trainer_name = models.CharField(max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    course_day_id = models.BigIntegerField(null=True)
    date = models.DateField()
    occasion_name = models.CharField(max_length=300)
    role = models.CharField(max_length=10)
    shares = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["pot", "trainer_name", "date", "id"]

    def __str__(self) -> str:
        return f"{self.trainer_name} {self.date}: {self.shares}"


class PotPayout(models.Model):
    """What one trainer's days earned their lending municipality, to the krona, copied on issue."""

    pot = models.ForeignKey(TrainerPot, on_delete=models.PROTECT, related_name="payouts")
    trainer_id = models.BigIntegerField()
    trainer_name = models.CharField(max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    municipality_name = models.CharField(max_length=120)
    shares = models.DecimalField(max_digits=12, decimal_places=2)
    amount = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["pot", "municipality_name", "trainer_name", "id"]
        indexes = [models.Index(fields=["municipality", "pot"], name="pot_payout_by_municipality")]

    def __str__(self) -> str:
        return f"{self.trainer_name}: {self.amount}"


class RegionalCost(models.Model):
    """A region's fixed costs for a year (Dalarna 2024: 1,030,000 kr), shared between its municipalities
    by their population on 31 December of ``population_year``."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(
        _("fixed costs (kr)"), validators=[MinValueValidator(Decimal("0"))], max_digits=14, decimal_places=2
    )
    population_year = models.PositiveSmallIntegerField(
        _("population on 31 December of"), help_text=_("Usually the year before.")
    )
    description = models.CharField(_("what the costs are"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region__name", "-year"]
        verbose_name = _("regional fixed costs")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="regional_cost_one_per_year"),
            models.CheckConstraint(name="regional_cost_not_negative", condition=Q(total__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.total}"

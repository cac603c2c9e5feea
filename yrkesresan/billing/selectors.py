"""Reads for billing: what is charged, the ledger of what has been invoiced, drafts, the pot, the split.

**Charged participant-days.** A participant-day is one person on one course day of an occasion of
the region that the year's fee schedule charges (regional, and national if the schedule says so;
municipal and workplace occasions are free). Once the day has been held it is charged the full fee
when the person was there, when they did not come without announcing it in advance (if no-shows are
charged), and, for a person who cancelled late, for every day of the occasion (if late
cancellations are charged). An absence announced in advance is not charged; a day whose attendance
is not taken yet is not charged yet. The day is charged to the municipality the person belonged to
*on that day* (their staff role, else another role held at a municipality, else where they were
when they signed up).

**The ledger.** Every fee and correction line of an issued basis carries its participant-day's key
(registration, course day). What a municipality owes for a key is the current truth; what it has
been invoiced is the sum of its issued lines for that key. A draft basis for a period lists the
difference: a *fee* line for a day of the period that has never been invoiced, a *correction* line
for a key that has been invoiced before and whose truth has changed since (an attendance corrected,
a person who moved). So nothing is invoiced twice, and an issued basis never has to change.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import BooleanField, Case, Exists, OuterRef, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.core import policy
from yrkesresan.core.money import allocate, unit_for
from yrkesresan.occasions.models import (
    PLACE_STATES,
    AttendanceEvent,
    DayAttendance,
    DeliveryLevel,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
)
from yrkesresan.organisations.models import Municipality, Population, Region
from yrkesresan.trainers import selectors as trainer_selectors

from .models import (
    BasisState,
    ChargeReason,
    FeeComponent,
    FeeSchedule,
    InvoiceBasis,
    InvoiceLine,
    LineKind,
    PeriodKind,
    PotPayout,
    PotShare,
    RegionalCost,
    TrainerPot,
)

ZERO = Decimal("0")

#: The order in which a person's roles say which municipality they belong to on a day.
_HOME_ROLE_ORDER: dict[str, int] = {
    Role.STAFF: 0,
    Role.MANAGER: 1,
    Role.MUNICIPAL_ADMIN: 2,
    Role.TRAINER: 3,
}


# --- periods -----------------------------------------------------------------------------------------


def period_range(kind: str, year: int, number: int = 1) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a month (``number`` 1–12), a term (1 = spring, 2 = autumn) or a year."""
    if kind == PeriodKind.MONTH:
        if not 1 <= number <= 12:
            raise ValueError("month")
        first = datetime.date(year, number, 1)
        nxt = datetime.date(year + (number == 12), number % 12 + 1, 1)
        return first, nxt - datetime.timedelta(days=1)
    if kind == PeriodKind.TERM:
        if number == 1:
            return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
        if number == 2:
            return datetime.date(year, 7, 1), datetime.date(year, 12, 31)
        raise ValueError("term")
    if kind == PeriodKind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise ValueError(kind)


def period_label(kind: str, start: datetime.date) -> str:
    if kind == PeriodKind.MONTH:
        return f"{start:%Y-%m}"
    if kind == PeriodKind.TERM:
        return f"{'VT' if start.month <= 6 else 'HT'} {start.year}"
    return str(start.year)


# --- fee schedules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fee:
    """A schedule's price for a participant-day and the part of it that goes to the trainer pot."""

    schedule: FeeSchedule
    price: Decimal
    pot: Decimal

    def charges(self, delivery_level: str) -> bool:
        if delivery_level == DeliveryLevel.REGIONAL:
            return self.schedule.charge_regional
        if delivery_level == DeliveryLevel.NATIONAL:
            return self.schedule.charge_national
        return False  # municipal and workplace occasions are free


def fee_of(schedule: FeeSchedule) -> Fee:
    components = list(schedule.components.all())
    return Fee(
        schedule=schedule,
        price=sum((c.amount for c in components), ZERO),
        pot=sum((c.amount for c in components if c.is_pot), ZERO),
    )


def fees_for(*, region_id: int, years: Iterable[int]) -> dict[int, Fee]:
    schedules = FeeSchedule.objects.filter(region_id=region_id, year__in=list(years)).prefetch_related(
        Prefetch("components", queryset=FeeComponent.objects.order_by("position", "pk"))
    )
    return {s.year: fee_of(s) for s in schedules}


def fee_schedule_list(*, actor: Any, region: Region | None = None) -> QuerySet[FeeSchedule]:
    qs = policy.visible(actor, FeeSchedule.objects.all())
    if region is not None:
        qs = qs.filter(region=region)
    return qs.select_related("region").prefetch_related(
        Prefetch("components", queryset=FeeComponent.objects.order_by("position", "pk"))
    )


# --- charged participant-days ------------------------------------------------------------------------


class ChargedDay(NamedTuple):
    """One charged participant-day (a tuple: a region's year is tens of thousands of them)."""

    registration_id: int
    course_day_id: int
    person_id: int
    person_name: str
    occasion_id: int
    occasion_name: str
    date: datetime.date
    municipality_id: int | None
    reason: str
    amount: Decimal
    pot: Decimal
    level: str = DeliveryLevel.REGIONAL

    @property
    def key(self) -> tuple[int, int]:
        return (self.registration_id, self.course_day_id)


def _name(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


def _names_of(person_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(person_ids)
    names: dict[int, str] = {}
    for i in range(0, len(ids), 10_000):
        for pk, first, last, username in User.objects.filter(pk__in=ids[i : i + 10_000]).values_list(
            "pk", "first_name", "last_name", "username"
        ):
            names[pk] = _name(first, last, username)
    return names


def _occasion_name(title: str, name: str) -> str:
    return f"{title}, {name}" if name else title


class _Homes:
    """Which municipality each person belonged to on a date, from their roles (one query per 10,000 people: under
    SQLite's limit of 32,766 parameters)."""

    def __init__(self, person_ids: Iterable[int]) -> None:
        self._rows: dict[int, list[tuple[int, datetime.date, datetime.date | None, int]]] = defaultdict(list)
        ids = sorted(set(person_ids))
        for i in range(0, len(ids), 10_000):
            rows = RoleAssignment.objects.filter(
                user_id__in=ids[i : i + 10_000], municipality__isnull=False, role__in=list(_HOME_ROLE_ORDER)
            ).values_list("user_id", "role", "valid_from", "valid_to", "municipality_id")
            for user_id, role, valid_from, valid_to, municipality_id in rows:
                self._rows[user_id].append((_HOME_ROLE_ORDER[role], valid_from, valid_to, municipality_id))
        for rows_of in self._rows.values():
            rows_of.sort(key=lambda r: (r[0], -r[1].toordinal()))

    def on(self, person_id: int, day: datetime.date, fallback: int | None) -> int | None:
        """The role that covers ``day``; else where they were at sign-up; else (an account made after the course)
        the first role they were given after it."""
        rows = self._rows.get(person_id, ())
        for _order, valid_from, valid_to, municipality_id in rows:
            if valid_from <= day and (valid_to is None or valid_to > day):
                return municipality_id
        if fallback is not None:
            return fallback
        later = sorted((valid_from, order, m) for order, valid_from, _to, m in rows if valid_from > day)
        return later[0][2] if later else None


def charged_days(
    *, region: Region, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> tuple[list[ChargedDay], set[int]]:
    """Every charged participant-day of ``region``'s occasions held from ``start`` to ``end`` (and not after
    ``today``), and the years in that range that have no fee schedule (nothing is charged for those).
    Unscoped: the caller has checked the actor may see the region's billing."""
    last = min(end, today or timezone.localdate())
    if last < start:
        return [], set()
    years = range(start.year, last.year + 1)
    fees = fees_for(region_id=region.pk, years=years)
    missing = {y for y in years if y not in fees}
    if not fees:
        return [], missing
    levels = [DeliveryLevel.REGIONAL, DeliveryLevel.NATIONAL]
    # National occasions belong to no region (occasions refuses one): when a schedule charges them, the region
    # charges the days of the people who belonged to one of its municipalities that day (checked below).
    national = any(f.schedule.charge_national for f in fees.values())
    people_of_region = RoleAssignment.objects.filter(municipality__region_id=region.pk).values("user_id")

    def of_region(occasion: str, user: str, signup: str) -> Q:
        where = Q(**{f"{occasion}__region_id": region.pk, f"{occasion}__delivery_level__in": levels})
        if national:
            where |= Q(
                Q(**{f"{user}__in": people_of_region}) | Q(**{f"{signup}__region_id": region.pk}),
                **{f"{occasion}__region__isnull": True, f"{occasion}__delivery_level": DeliveryLevel.NATIONAL},
            )
        return where

    attendance = (
        DayAttendance.objects.filter(
            of_region("course_day__occasion", "registration__user_id", "registration__municipality_at_signup"),
            course_day__date__gte=start,
            course_day__date__lte=last,
            registration__state__in=PLACE_STATES,
        )
        # Taking the day's attendance turns an announced absence into a marked one; its history still says it
        # was announced in advance, and that is what decides that it is not charged.
        .annotate(
            was_announced=Case(
                When(
                    present=False,
                    then=Exists(AttendanceEvent.objects.filter(attendance_id=OuterRef("pk"), announced=True)),
                ),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by()
        .values_list(
            "registration_id",
            "course_day_id",
            "registration__user_id",
            "registration__municipality_at_signup_id",
            "course_day__occasion_id",
            "course_day__occasion__delivery_level",
            "course_day__date",
            "present",
            "announced",
            "was_announced",
        )
    )
    late = (
        Registration.objects.filter(
            of_region("occasion", "user_id", "municipality_at_signup"),
            state=RegistrationState.CANCELLED_LATE,
            occasion__status=OccasionStatus.PLANNED,
            occasion__days__date__gte=start,
            occasion__days__date__lte=last,
        )
        .order_by()
        .values_list(
            "pk",
            "occasion__days__id",
            "user_id",
            "municipality_at_signup_id",
            "occasion_id",
            "occasion__delivery_level",
            "occasion__days__date",
        )
    )
    raw: list[tuple[Any, ...]] = []
    for reg, day, user, signup_m, occ, level, date, present, announced, was_announced in attendance:
        if present:
            reason = ChargeReason.ATTENDED
        elif announced or was_announced:
            continue
        else:
            reason = ChargeReason.NO_SHOW
        raw.append((reg, day, user, signup_m, occ, level, date, reason))
    for reg, day, user, signup_m, occ, level, date in late:
        raw.append((reg, day, user, signup_m, occ, level, date, ChargeReason.LATE_CANCELLATION))
    # Names once per person and occasion, not on every one of tens of thousands of rows.
    person_ids = {r[2] for r in raw}
    homes = _Homes(person_ids)
    people = _names_of(person_ids)
    occasions = {
        pk: _occasion_name(title, name)
        for pk, title, name in Occasion.objects.filter(pk__in={r[4] for r in raw}).values_list(
            "pk", "course__title", "name"
        )
    }
    ours = set(Municipality.objects.filter(region_id=region.pk).values_list("pk", flat=True)) if national else set()
    result = []
    for reg, day, user, signup_m, occ, level, date, reason in raw:
        fee = fees.get(date.year)
        if fee is None or not fee.charges(level):
            continue
        municipality_id = homes.on(user, date, signup_m)
        if level == DeliveryLevel.NATIONAL and municipality_id not in ours:
            continue  # a national occasion's day is charged by the region the person belonged to that day
        if reason == ChargeReason.NO_SHOW and not fee.schedule.charge_no_shows:
            continue
        if reason == ChargeReason.LATE_CANCELLATION and not fee.schedule.charge_late_cancellations:
            continue
        result.append(
            ChargedDay(
                registration_id=reg,
                course_day_id=day,
                person_id=user,
                person_name=people.get(user, ""),
                occasion_id=occ,
                occasion_name=occasions.get(occ, ""),
                date=date,
                municipality_id=municipality_id,
                reason=reason,
                amount=fee.price,
                pot=fee.pot,
                level=level,
            )
        )
    return result, missing


# --- the ledger and drafts ---------------------------------------------------------------------------


class DraftLine(NamedTuple):
    """A draft's line, with the same attributes as an issued ``InvoiceLine``."""

    kind: str
    reason: str
    registration_id: int | None
    course_day_id: int | None
    person_id: int | None
    person_name: str
    occasion_id: int | None
    occasion_name: str
    date: datetime.date | None
    description: str
    amount: Decimal
    pot_id: int | None = None


@dataclass
class BasisView:
    """A basis as a page, an export or the API shows it: its lines (computed for a draft, copied for an
    issued one), grouped per occasion and per person, and what stops it from being issued."""

    basis: InvoiceBasis
    lines: list[Any]  # DraftLine or InvoiceLine: both have the same attributes
    warnings: list[str] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        if self.basis.is_issued and self.basis.total is not None:
            return self.basis.total
        return sum((line.amount for line in self.lines), ZERO)

    @property
    def fees_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind == LineKind.FEE), ZERO)

    @property
    def corrections_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind == LineKind.CORRECTION), ZERO)

    @property
    def pot_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind == LineKind.POT_PAYOUT), ZERO)

    @property
    def is_credit(self) -> bool:
        return self.total < 0

    @property
    def participant_days(self) -> int:
        return sum(1 for line in self.lines if line.kind == LineKind.FEE)

    def per_occasion(self) -> list[dict[str, Any]]:
        groups: dict[tuple[Any, str], dict[str, Any]] = {}
        for line in self.lines:
            if line.kind == LineKind.POT_PAYOUT:
                continue
            key = (line.occasion_id, line.occasion_name)
            g = groups.setdefault(key, {"occasion": line.occasion_name, "days": 0, "corrections": 0, "amount": ZERO})
            if line.kind == LineKind.FEE:
                g["days"] += 1
            else:
                g["corrections"] += 1
            g["amount"] += line.amount
        return sorted(groups.values(), key=lambda g: g["occasion"].casefold())

    def per_person(self) -> list[dict[str, Any]]:
        groups: dict[tuple[Any, str], dict[str, Any]] = {}
        for line in self.lines:
            if line.kind == LineKind.POT_PAYOUT:
                continue
            g = groups.setdefault(
                (line.person_id, line.person_name), {"person": line.person_name, "days": 0, "amount": ZERO}
            )
            if line.kind == LineKind.FEE:
                g["days"] += 1
            g["amount"] += line.amount
        return sorted(groups.values(), key=lambda g: g["person"].casefold())


class Ledger:
    """The region's truth and what has been invoiced, read once for every municipality's draft."""

    def __init__(self, *, region: Region, end: datetime.date, today: datetime.date | None = None) -> None:
        self.region = region
        self.end = end
        self.today = today or timezone.localdate()
        self._pot_due: dict[int, bool] = {}
        self._payouts: dict[int, dict[int, PotPayoutLine]] = {}
        self._grouped: tuple[Any, dict[int | None, list[ChargedDay]], dict[int | None, set[tuple[int, int]]]] | None = (
            None
        )
        # What has been invoiced: {key: {municipality: amount}} and the date of each key.
        self.billed: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
        lines = (
            InvoiceLine.objects.filter(
                basis__region_id=region.pk,
                kind__in=[LineKind.FEE, LineKind.CORRECTION],
                date__lte=end,
            )
            .order_by()
            .values_list("registration_id", "course_day_id", "municipality_id", "date")
            .annotate(total=Sum("amount"))
        )
        self.dates: dict[tuple[int, int], datetime.date] = {}
        earliest = None
        for reg, day, municipality_id, date, total in lines:
            self.dates[(reg, day)] = date
            by_m = self.billed[(reg, day)]
            by_m[municipality_id] = by_m.get(municipality_id, ZERO) + total
            earliest = date if earliest is None or date < earliest else earliest
        # Days of periods already invoiced that were charged only later (attendance taken late) go on the
        # next basis, so the truth is read from the first invoiced period on.
        self.issued_periods: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
        for municipality_id, p_start, p_end in InvoiceBasis.objects.filter(
            region_id=region.pk, state=BasisState.ISSUED, period_start__lte=end
        ).values_list("municipality_id", "period_start", "period_end"):
            self.issued_periods[municipality_id].append((p_start, p_end))
            earliest = p_start if earliest is None or p_start < earliest else earliest
        self.earliest_billed = earliest

    def keys_of(
        self, truth_days: dict[tuple[int, int], ChargedDay], municipality_id: int
    ) -> tuple[list[ChargedDay], set[tuple[int, int]]]:
        """A municipality's participant-days, grouped once per reading of the truth (a region's drafts all use the
        same): the days charged to it that were never invoiced anywhere (most of them), and the keys it is charged
        for or was invoiced for that the ledger already knows."""
        if self._grouped is None or self._grouped[0] is not truth_days:
            fresh: dict[int | None, list[ChargedDay]] = defaultdict(list)
            known: dict[int | None, set[tuple[int, int]]] = defaultdict(set)
            billed = self.billed
            for key, d in truth_days.items():
                if key in billed:
                    known[d.municipality_id].add(key)
                else:
                    fresh[d.municipality_id].append(d)
            for key, billed_to in billed.items():
                for m in billed_to:
                    known[m].add(key)
            self._grouped = (truth_days, fresh, known)
        return self._grouped[1].get(municipality_id, []), self._grouped[2].get(municipality_id, set())

    def payout(self, year: int, municipality_id: int) -> PotPayoutLine | None:
        """The municipality's payout from the region's issued pot for ``year`` (two queries for all of them)."""
        if year not in self._payouts:
            self._payouts[year] = pot_payouts(region=self.region, year=year)
        return self._payouts[year].get(municipality_id)

    def pot_due(self, year: int) -> bool:
        """``pot_is_due`` for the region, asked once for all its municipalities' drafts."""
        if year not in self._pot_due:
            self._pot_due[year] = pot_is_due(region=self.region, year=year)
        return self._pot_due[year]

    def truth(self, start: datetime.date) -> tuple[dict[tuple[int, int], ChargedDay], set[int]]:
        """The charged days from ``start`` (or the earliest invoiced day, if earlier) to the end."""
        since = min(start, self.earliest_billed) if self.earliest_billed else start
        days, missing = charged_days(region=self.region, start=since, end=self.end, today=self.today)
        return {(d.registration_id, d.course_day_id): d for d in days}, missing


def _reason_labels() -> tuple[dict[str, str], dict[str, str], str]:
    """The lines' descriptions, translated once per draft rather than once per line."""
    labels = {value: str(label) for value, label in ChargeReason.choices}
    corrections = {value: _("Correction: %(what)s") % {"what": label} for value, label in labels.items()}
    return labels, corrections, _("Correction: no longer charged")


def _draft_lines(
    *,
    municipality_id: int,
    fresh: list[ChargedDay],
    keys: set[tuple[int, int]],
    start: datetime.date,
    end: datetime.date,
    truth: dict[tuple[int, int], ChargedDay],
    billed: dict[tuple[int, int], dict[int, Decimal]],
    key_dates: dict[tuple[int, int], datetime.date],
    issued_periods: list[tuple[datetime.date, datetime.date]],
) -> list[DraftLine]:
    """The lines of one municipality's draft: ``fresh`` are the days charged to it that were never invoiced, ``keys``
    the participant-days it is or was charged for that the ledger knows."""
    lines = []
    labels, corrections, no_longer = _reason_labels()
    for fresh_day in fresh:  # never invoiced: the difference is the whole fee
        if not fresh_day.amount:
            continue
        if start <= fresh_day.date <= end:
            kind, description = LineKind.FEE, labels[fresh_day.reason]
        elif any(p_start <= fresh_day.date <= p_end for p_start, p_end in issued_periods):
            kind, description = (
                LineKind.CORRECTION,
                corrections[fresh_day.reason],
            )  # charged after its period was issued
        else:
            continue  # it belongs to its own period's basis
        lines.append(
            DraftLine(
                kind,
                fresh_day.reason,
                fresh_day.registration_id,
                fresh_day.course_day_id,
                fresh_day.person_id,
                fresh_day.person_name,
                fresh_day.occasion_id,
                fresh_day.occasion_name,
                fresh_day.date,
                description,
                fresh_day.amount,
            )
        )
    for key in keys:
        day = truth.get(key)
        expected = day.amount if day is not None and day.municipality_id == municipality_id else ZERO
        by_m = billed.get(key)
        invoiced = by_m.get(municipality_id, ZERO) if by_m else ZERO
        difference = expected - invoiced
        if difference == 0:
            continue
        date = day.date if day is not None else key_dates.get(key)
        in_period = date is not None and start <= date <= end
        if by_m is None:
            if in_period:
                kind = LineKind.FEE
            elif date is not None and any(p_start <= date <= p_end for p_start, p_end in issued_periods):
                kind = LineKind.CORRECTION  # charged after its period's basis was issued
            else:
                continue  # never invoiced: it belongs to its own period's basis
        else:
            kind = LineKind.CORRECTION
        if day is not None:
            description = (corrections if kind == LineKind.CORRECTION else labels)[day.reason]
        else:
            description = no_longer
        lines.append(
            DraftLine(
                kind=kind,
                reason=day.reason if day is not None else "",
                registration_id=key[0],
                course_day_id=key[1],
                person_id=day.person_id if day else None,
                person_name=day.person_name if day else "",
                occasion_id=day.occasion_id if day else None,
                occasion_name=day.occasion_name if day else "",
                date=date,
                description=description,
                amount=difference,
            )
        )
    return lines


def _fill_removed(lines: list[DraftLine], municipality_id: int) -> list[DraftLine]:
    """A correction for a day no longer charged anywhere: name it from the line it corrects."""
    missing = [line for line in lines if not line.person_name and line.registration_id is not None]
    if not missing:
        return lines
    first: dict[tuple[Any, Any], tuple[Any, ...]] = {}
    for reg, day, person_id, person_name, occasion_id, occasion_name, date in (
        InvoiceLine.objects.filter(registration_id__in={line.registration_id for line in missing})
        .order_by("id")
        .values_list(
            "registration_id", "course_day_id", "person_id", "person_name", "occasion_id", "occasion_name", "date"
        )
    ):
        first.setdefault((reg, day), (person_id, person_name, occasion_id, occasion_name, date))
    result = []
    for line in lines:
        found = first.get((line.registration_id, line.course_day_id)) if not line.person_name else None
        if found:
            person_id, person_name, occasion_id, occasion_name, date = found
            line = line._replace(
                person_id=person_id,
                person_name=person_name,
                occasion_id=occasion_id,
                occasion_name=occasion_name,
                date=date,
            )
        result.append(line)
    return result


@dataclass(frozen=True)
class PotPayoutLine:
    pot: TrainerPot
    amount: Decimal
    already_on: str | None  # the number of the issued basis that deducted it


def pot_payouts(*, region: Region, year: int) -> dict[int, PotPayoutLine]:
    """Each municipality's payout from the region's issued pot for ``year``, and the issued basis that already
    deducted it, if any."""
    pot = TrainerPot.objects.filter(region=region, year=year).first()
    if pot is None:
        return {}
    amounts = dict(
        PotPayout.objects.filter(pot=pot)
        .order_by()
        .values_list("municipality_id")
        .annotate(s=Sum("amount"))
        .values_list("municipality_id", "s")
    )
    deducted = dict(
        InvoiceLine.objects.filter(pot=pot, basis__state=BasisState.ISSUED).values_list(
            "municipality_id", "basis__number"
        )
    )
    return {
        m: PotPayoutLine(pot=pot, amount=amount, already_on=deducted.get(m)) for m, amount in amounts.items() if amount
    }


def pot_payout_for(*, region: Region, municipality_id: int, year: int) -> PotPayoutLine | None:
    """The municipality's payout from the region's issued pot for ``year``, if any."""
    return pot_payouts(region=region, year=year).get(municipality_id)


def pot_is_due(*, region: Region, year: int) -> bool:
    """Does the region have a trainer pot for ``year`` that is not issued yet: a fee with a pot part, and course
    days taught in the pot's period to share it by? (Where nobody taught, there is nothing to pay out.)"""
    if TrainerPot.objects.filter(region=region, year=year).exists():
        return False
    schedule = FeeSchedule.objects.filter(region=region, year=year).first()
    if schedule is None or not schedule.components.filter(is_pot=True, amount__gt=0).exists():
        return False
    start, end = schedule.pot_period
    return bool(trainer_selectors.days_taught_for_pot(region=region, start=start, end=end))


def basis_draft_lines(
    basis: InvoiceBasis, *, ledger: Ledger | None = None, truth: Any = None, today: datetime.date | None = None
) -> BasisView:
    """A draft's lines, computed now. Pass a ``ledger`` (and its ``truth``) to draft many municipalities of a
    region from one reading of the data."""
    region = basis.region
    ledger = ledger or Ledger(region=region, end=basis.period_end, today=today)
    if truth is None:
        truth = ledger.truth(basis.period_start)
    truth_days, missing = truth
    fresh, known = ledger.keys_of(truth_days, basis.municipality_id)
    lines = _draft_lines(
        municipality_id=basis.municipality_id,
        fresh=fresh,
        keys=known,
        start=basis.period_start,
        end=basis.period_end,
        truth=truth_days,
        billed=ledger.billed,
        key_dates=ledger.dates,
        issued_periods=ledger.issued_periods.get(basis.municipality_id, []),
    )
    lines = _fill_removed(lines, basis.municipality_id)
    warnings = [
        _("There is no fee schedule for %(year)s: nothing is charged for its course days.") % {"year": y}
        for y in sorted(missing)
        if basis.period_start.year <= y <= basis.period_end.year
    ]
    blockers = []
    if basis.is_year_end:
        year = basis.period_end.year
        payout = ledger.payout(year, basis.municipality_id)
        if payout is not None and payout.already_on is None:
            lines.append(
                DraftLine(
                    kind=LineKind.POT_PAYOUT,
                    reason="",
                    registration_id=None,
                    course_day_id=None,
                    person_id=None,
                    person_name="",
                    occasion_id=None,
                    occasion_name="",
                    date=basis.period_end,
                    description=_("Trainer pot %(year)s: payout for the course days your trainers taught")
                    % {"year": year},
                    amount=-payout.amount,
                    pot_id=payout.pot.pk,
                )
            )
        elif payout is None and ledger.pot_due(year):
            blockers.append(
                _("Issue the trainer pot for %(year)s first: this basis ends the year and deducts its payout.")
                % {"year": year}
            )
    return BasisView(basis=basis, lines=_sort_lines(lines), warnings=warnings, blockers=blockers)


_KIND_ORDER = {LineKind.FEE: 0, LineKind.CORRECTION: 1, LineKind.POT_PAYOUT: 2}


def _sort_lines(lines: list[Any]) -> list[Any]:
    """Fees, then corrections, then the pot payout; by occasion, date and person (names folded once each)."""
    folded: dict[str, str] = {}

    def fold(text: str) -> str:
        value = folded.get(text)
        if value is None:
            value = folded[text] = text.casefold()
        return value

    return sorted(
        lines,
        key=lambda line: (
            _KIND_ORDER.get(line.kind, 3),
            fold(line.occasion_name),
            line.date or datetime.date.min,
            fold(line.person_name),
            line.registration_id or 0,
            line.course_day_id or 0,
        ),
    )


def basis_view(basis: InvoiceBasis, *, today: datetime.date | None = None) -> BasisView:
    """What a basis says: an issued one from its copied lines, a draft computed now."""
    if basis.is_issued:
        return BasisView(basis=basis, lines=_sort_lines(list(basis.lines.all())))
    return basis_draft_lines(basis, today=today)


def basis_list(
    *,
    actor: Any,
    region: Region | None = None,
    municipality: Municipality | None = None,
    year: int | None = None,
    state: str | None = None,
) -> QuerySet[InvoiceBasis]:
    qs = policy.visible(actor, InvoiceBasis.objects.all()).select_related("municipality", "region")
    if region is not None:
        qs = qs.filter(region=region)
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    if year is not None:
        qs = qs.filter(period_start__year=year)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-period_start", "municipality__name", "period_kind", "pk")


def basis_get(*, actor: Any, pk: int) -> InvoiceBasis:
    """A basis the actor sees (404 for missing and not yours); 403 for who has no billing at all."""
    policy.require(actor, "billing.view")
    return policy.get_visible_or_404(actor, InvoiceBasis.objects.select_related("municipality", "region"), pk=pk)


def year_end_bases(
    *, region: Region, year: int, today: datetime.date | None = None, ledger: Ledger | None = None, truth: Any = None
) -> list[BasisView]:
    """Every municipality's year-end basis of ``region`` for ``year`` as drafts (unsaved), from one reading of
    the data."""
    start, end = period_range(PeriodKind.YEAR, year)
    ledger = ledger or Ledger(region=region, end=end, today=today)
    truth = truth if truth is not None else ledger.truth(start)
    views = []
    for municipality in Municipality.objects.filter(region=region).order_by("name"):
        basis = InvoiceBasis(
            region=region,
            municipality=municipality,
            period_kind=PeriodKind.YEAR,
            period_start=start,
            period_end=end,
        )
        views.append(basis_draft_lines(basis, ledger=ledger, truth=truth, today=today))
    return views


def year_close(*, region: Region, year: int, today: datetime.date | None = None) -> tuple[PotView, list[BasisView]]:
    """What closing the year shows: the region's trainer pot and every municipality's year-end basis, from one
    reading of the attendance (the pot's period is usually the year, which the ledger's reading covers)."""
    start, end = period_range(PeriodKind.YEAR, year)
    ledger = Ledger(region=region, end=end, today=today)
    truth = ledger.truth(start)
    since = min(start, ledger.earliest_billed) if ledger.earliest_billed else start
    pot = pot_compute(region=region, year=year, today=today, charged=(list(truth[0].values()), since, end))
    return pot, year_end_bases(region=region, year=year, today=today, ledger=ledger, truth=truth)


# --- the trainer pot ---------------------------------------------------------------------------------


@dataclass
class PotTrainer:
    trainer_id: int
    name: str
    municipality_id: int
    municipality: str
    days_led: int = 0
    days_trained: int = 0
    shares: Decimal = ZERO
    exact: Decimal = ZERO
    payout: Decimal = ZERO


@dataclass
class PotDay:
    course_day_id: int | None
    date: datetime.date
    occasion: str
    shares: list[tuple[str, str, Decimal]]  # (trainer, role, shares)
    #: (trainer id, lending municipality id) of each entry of ``shares``, in the same order.
    keys: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class PotMunicipality:
    municipality_id: int
    name: str
    shares: Decimal
    payout: Decimal


@dataclass
class PotView:
    """The whole calculation of a region's trainer pot for a year: computed now (draft) or as issued."""

    region: Region
    year: int
    start: datetime.date
    end: datetime.date
    total: Decimal
    participant_days: int
    leader_shares: Decimal
    trainer_shares: Decimal
    trainers: list[PotTrainer]
    days: list[PotDay]
    issued: TrainerPot | None = None
    warnings: list[str] = field(default_factory=list)
    #: The whole region's shares, when ``trainers`` holds only some municipalities' (``for_municipalities``).
    region_shares: Decimal | None = None

    @property
    def total_shares(self) -> Decimal:
        if self.region_shares is not None:
            return self.region_shares
        return sum((t.shares for t in self.trainers), ZERO)

    @property
    def value_per_share(self) -> Decimal | None:
        if not self.total_shares:
            return None
        return (self.total / self.total_shares).quantize(Decimal("0.01"))

    @property
    def paid_out(self) -> Decimal:
        return sum((t.payout for t in self.trainers), ZERO)

    @property
    def municipalities(self) -> list[PotMunicipality]:
        by_m: dict[int, PotMunicipality] = {}
        for t in self.trainers:
            m = by_m.setdefault(t.municipality_id, PotMunicipality(t.municipality_id, t.municipality, ZERO, ZERO))
            m.shares += t.shares
            m.payout += t.payout
        return sorted(by_m.values(), key=lambda m: m.name.casefold())

    def for_municipalities(self, ids: Iterable[int]) -> PotView:
        """Only the given municipalities' trainers and days (a k-admin's or manager's view); the pot's totals and
        the value of a share stay the region's."""
        keep = set(ids)
        days = []
        for d in self.days:
            kept = [i for i, (_trainer, municipality) in enumerate(d.keys) if municipality in keep]
            if kept:
                days.append(
                    PotDay(d.course_day_id, d.date, d.occasion, [d.shares[i] for i in kept], [d.keys[i] for i in kept])
                )
        return PotView(
            region=self.region,
            year=self.year,
            start=self.start,
            end=self.end,
            total=self.total,
            participant_days=self.participant_days,
            leader_shares=self.leader_shares,
            trainer_shares=self.trainer_shares,
            trainers=[t for t in self.trainers if t.municipality_id in keep],
            days=days,
            issued=self.issued,
            warnings=self.warnings,
            region_shares=self.total_shares,
        )


def _pay_out(total: Decimal, trainers: list[PotTrainer]) -> None:
    total_shares = sum((t.shares for t in trainers), ZERO)
    if not total_shares:
        return
    parts = allocate(total, [t.shares for t in trainers], unit=unit_for(total))
    for t, part in zip(trainers, parts, strict=True):
        t.exact = (total * t.shares / total_shares).quantize(Decimal("0.01"))
        t.payout = part


def pot_compute(
    *,
    region: Region,
    year: int,
    today: datetime.date | None = None,
    charged: tuple[list[ChargedDay], datetime.date, datetime.date] | None = None,
) -> PotView:
    """The pot as the data say now: the pot part of every charged participant-day of the period, shared
    by the shares each course day taught earns (course leader 1.5, trainer 1 by default; a reserve who
    was never called in has no day and earns nothing; a substitute earns the day they taught).
    ``charged``: the charged days already read for a range (days, from, to), used where it covers the period."""
    schedule = (
        FeeSchedule.objects.filter(region=region, year=year)
        .prefetch_related(Prefetch("components", queryset=FeeComponent.objects.all()))
        .first()
    )
    if schedule is not None:
        start, end = schedule.pot_period
        leader, trainer = schedule.leader_shares, schedule.trainer_shares
    else:
        start, end = period_range(PeriodKind.YEAR, year)
        leader, trainer = Decimal("1.5"), Decimal("1")
    if charged is not None and charged[1] <= start and end <= charged[2]:
        days = [d for d in charged[0] if start <= d.date <= end]
    else:
        days, _missing = charged_days(region=region, start=start, end=end, today=today)
    # The pot is paid by the region's own courses, which its trainers teach; a national occasion the schedule
    # charges is taught by others and puts nothing in it.
    days = [d for d in days if d.level == DeliveryLevel.REGIONAL]
    total = sum((d.pot for d in days), ZERO)
    taught = trainer_selectors.days_taught_for_pot_by_day(region=region, start=start, end=end, today=today)
    trainers: dict[tuple[int, int], PotTrainer] = {}
    pot_days: dict[int, PotDay] = {}
    weight = {"leader": leader, "trainer": trainer}
    for row in taught:
        t = trainers.setdefault(
            (row.trainer_id, row.municipality_id),
            PotTrainer(row.trainer_id, row.name, row.municipality_id, row.municipality),
        )
        if row.role == "leader":
            t.days_led += 1
        else:
            t.days_trained += 1
        t.shares += weight.get(row.role, ZERO)
        pot_day = pot_days.setdefault(row.course_day_id, PotDay(row.course_day_id, row.date, row.occasion, []))
        pot_day.shares.append((row.name, row.role, weight.get(row.role, ZERO)))
        pot_day.keys.append((row.trainer_id, row.municipality_id))
    ordered = sorted(trainers.values(), key=lambda t: (t.municipality.casefold(), t.name.casefold(), t.trainer_id))
    _pay_out(total, ordered)
    warnings = []
    if schedule is None:
        warnings.append(_("There is no fee schedule for %(year)s, so nothing goes into the pot.") % {"year": year})
    if total and not ordered:
        warnings.append(_("No course day has been taught in the period: the pot cannot be shared out yet."))
    return PotView(
        region=region,
        year=year,
        start=start,
        end=end,
        total=total,
        participant_days=len(days),
        leader_shares=leader,
        trainer_shares=trainer,
        trainers=ordered,
        days=sorted(pot_days.values(), key=lambda d: (d.date, d.occasion)),
        warnings=warnings,
    )


def pot_issued_view(pot: TrainerPot) -> PotView:
    """An issued pot, read from what was copied when it was issued."""
    trainers: dict[tuple[int, int], PotTrainer] = {}
    for p in pot.payouts.all().order_by("municipality_name", "trainer_name", "pk"):
        trainers[(p.trainer_id, p.municipality_id)] = PotTrainer(
            p.trainer_id, p.trainer_name, p.municipality_id, p.municipality_name, shares=p.shares, payout=p.amount
        )
    days: dict[Any, PotDay] = {}
    for s in PotShare.objects.filter(pot=pot).order_by("date", "occasion_name", "pk"):
        t = trainers.get((s.trainer_id, s.municipality_id))
        if t is not None:
            if s.role == "leader":
                t.days_led += 1
            else:
                t.days_trained += 1
        pot_day = days.setdefault((s.course_day_id, s.date), PotDay(s.course_day_id, s.date, s.occasion_name, []))
        pot_day.shares.append((s.trainer_name, s.role, s.shares))
        pot_day.keys.append((s.trainer_id, s.municipality_id))
    ordered = list(trainers.values())
    if pot.total_shares:
        for t in ordered:
            t.exact = (pot.total * t.shares / pot.total_shares).quantize(Decimal("0.01"))
    return PotView(
        region=pot.region,
        year=pot.year,
        start=pot.period_start,
        end=pot.period_end,
        total=pot.total,
        participant_days=pot.participant_days,
        leader_shares=pot.leader_shares,
        trainer_shares=pot.trainer_shares,
        trainers=ordered,
        days=list(days.values()),
        issued=pot,
    )


def pot_view(*, region: Region, year: int, today: datetime.date | None = None) -> PotView:
    pot = TrainerPot.objects.filter(region=region, year=year).select_related("region").first()
    if pot is not None:
        return pot_issued_view(pot)
    return pot_compute(region=region, year=year, today=today)


def payouts_of(*, actor: Any, municipality: Municipality | None = None) -> QuerySet[PotPayout]:
    qs = policy.visible(actor, PotPayout.objects.all()).select_related("pot", "pot__region")
    if municipality is not None:
        qs = qs.filter(municipality=municipality)
    return qs.order_by("-pot__year", "municipality_name", "trainer_name")


# --- the cost split and the national fee -------------------------------------------------------------


@dataclass(frozen=True)
class CostShareRow:
    municipality_id: int
    name: str
    population: int | None
    share: Decimal | None  # of the fixed costs, to the krona
    national_fee: Decimal | None  # population × the national rate


@dataclass
class CostSplitView:
    region: Region
    year: int
    cost: RegionalCost | None
    population_year: int
    rate: Decimal
    rows: list[CostShareRow]
    missing: list[str]

    @property
    def population(self) -> int:
        return sum(r.population or 0 for r in self.rows)

    @property
    def shared(self) -> Decimal:
        return sum((r.share or ZERO for r in self.rows), ZERO)

    @property
    def national_fee_total(self) -> Decimal:
        return sum((r.national_fee or ZERO for r in self.rows), ZERO)


def national_rate() -> Decimal:
    return Decimal(str(settings.NATIONAL_FEE_PER_INHABITANT))


def cost_split(*, region: Region, year: int, population_year: int | None = None) -> CostSplitView:
    """The region's fixed costs for ``year`` shared by population (to the krona, the total kept), and each
    municipality's national fee. A municipality without a population figure stops the split (and is named)."""
    cost = RegionalCost.objects.filter(region=region, year=year).first()
    pop_year = cost.population_year if cost else (population_year or year - 1)
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    counts = dict(
        Population.objects.filter(municipality__region=region, year=pop_year).values_list("municipality_id", "count")
    )
    rate = national_rate()
    missing = [m.name for m in municipalities if m.pk not in counts]
    shares: list[Decimal | None] = [None] * len(municipalities)
    if cost is not None and not missing and municipalities:
        shares = list(allocate(cost.total, [counts[m.pk] for m in municipalities], unit=unit_for(cost.total)))
    rows = [
        CostShareRow(
            municipality_id=m.pk,
            name=m.name,
            population=counts.get(m.pk),
            share=share,
            national_fee=(rate * counts[m.pk]).quantize(Decimal("0.01")) if m.pk in counts else None,
        )
        for m, share in zip(municipalities, shares, strict=True)
    ]
    return CostSplitView(
        region=region, year=year, cost=cost, population_year=pop_year, rate=rate, rows=rows, missing=missing
    )

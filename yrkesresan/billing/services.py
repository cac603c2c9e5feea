"""Writes for billing: fee schedules, drafting and issuing invoicing bases, issuing the trainer pot, and
the region's fixed costs. Only the region's administrators and project leaders (and system admins) may
make any of them; every one is in the audit trail.

Issuing is the only way a document gets lines of its own, and an issued document is never written
again: a later change reaches the next basis as a correction (see ``selectors``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record
from yrkesresan.organisations.models import Municipality, Region

from . import selectors
from .models import (
    BasisState,
    FeeComponent,
    FeeSchedule,
    InvoiceBasis,
    InvoiceLine,
    InvoiceNumberSeries,
    PeriodKind,
    PotPayout,
    PotShare,
    RegionalCost,
    TrainerPot,
)


def _require_prepare(actor: Any, region: Region) -> None:
    if not policy.can(actor, "billing.prepare", region):
        raise PermissionDenied("billing.prepare")


def _money(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(" ", "").replace("\u00a0", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Give an amount in kronor, for example 400 or 412,50.")}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({field: _("The amount cannot be negative.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Give the amount to the öre at most (two decimals).")})
    return amount.quantize(Decimal("0.01"))


# --- fee schedules -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentInput:
    name: str
    amount: Decimal | str | int
    is_pot: bool = False


def fee_schedule_save(
    *,
    actor: Any,
    region: Region,
    year: int,
    components: list[ComponentInput],
    schedule: FeeSchedule | None = None,
    charge_late_cancellations: bool = True,
    charge_no_shows: bool = True,
    charge_regional: bool = True,
    charge_national: bool = False,
    leader_shares: Decimal | str = "1.5",
    trainer_shares: Decimal | str = "1",
    pot_start: datetime.date | None = None,
    pot_end: datetime.date | None = None,
    note: str = "",
) -> FeeSchedule:
    """Create or change a region's fee for a year: the price per participant per course day is the sum of
    its named parts, of which at most one goes to the trainer pot. Bases already issued keep the prices
    they were issued with; drafts and the pot use the schedule as it is now."""
    _require_prepare(actor, region)
    errors: dict[str, list[str]] = {}
    if not 2000 <= int(year) <= 2100:
        errors.setdefault("year", []).append(_("Give a year between 2000 and 2100."))
    parts = []
    for i, c in enumerate(components):
        name = (c.name or "").strip()
        if not name:
            errors.setdefault("components", []).append(_("Part %(n)s has no name.") % {"n": i + 1})
            continue
        try:
            amount = _money(c.amount, "components")
        except ValidationError as exc:
            errors.setdefault("components", []).append(f"{name}: {' '.join(exc.messages)}")
            continue
        parts.append((name, amount, bool(c.is_pot)))
    if not components:
        errors.setdefault("components", []).append(_("Give at least one part of the fee."))
    if sum(1 for p in parts if p[2]) > 1:
        errors.setdefault("components", []).append(_("Only one part of the fee can go to the trainer pot."))
    names = [p[0].casefold() for p in parts]
    if len(set(names)) != len(names):
        errors.setdefault("components", []).append(_("Two parts have the same name."))
    try:
        leader = _money(leader_shares, "leader_shares")
    except ValidationError as exc:
        errors.setdefault("leader_shares", []).extend(exc.messages)
        leader = Decimal(0)
    try:
        trainer = _money(trainer_shares, "trainer_shares")
    except ValidationError as exc:
        errors.setdefault("trainer_shares", []).extend(exc.messages)
        trainer = Decimal(0)
    if (pot_start is None) != (pot_end is None):
        errors.setdefault("pot_end", []).append(_("Give both the first and the last day of the pot's period."))
    elif pot_start and pot_end and pot_end < pot_start:
        errors.setdefault("pot_end", []).append(_("The period cannot end before it starts."))
    taken = FeeSchedule.objects.filter(region=region, year=year)
    if schedule is not None:
        taken = taken.exclude(pk=schedule.pk)
    if taken.exists():
        errors.setdefault("year", []).append(
            _("%(region)s already has a fee schedule for %(year)s.") % {"region": region, "year": year}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = None
        if schedule is None:
            schedule = FeeSchedule(region=region)
        else:
            schedule = FeeSchedule.objects.select_for_update().get(pk=schedule.pk)
            before = _schedule_summary(schedule)
        schedule.year = year
        schedule.charge_late_cancellations = charge_late_cancellations
        schedule.charge_no_shows = charge_no_shows
        schedule.charge_regional = charge_regional
        schedule.charge_national = charge_national
        schedule.leader_shares = leader
        schedule.trainer_shares = trainer
        schedule.pot_start = pot_start
        schedule.pot_end = pot_end
        schedule.note = note.strip()
        schedule.save()
        schedule.components.all().delete()
        FeeComponent.objects.bulk_create(
            FeeComponent(schedule=schedule, name=name, amount=amount, is_pot=is_pot, position=i)
            for i, (name, amount, is_pot) in enumerate(parts)
        )
        after = _schedule_summary(schedule)
        audit_record(
            actor=actor,
            action="fee_schedule.save",
            target=schedule,
            changes={"before": before, "after": after} if before else after,
            region_id=region.pk,
        )
    return schedule


def _schedule_summary(schedule: FeeSchedule) -> dict[str, Any]:
    return {
        "year": schedule.year,
        "components": [f"{c.name}: {c.amount}{' (pot)' if c.is_pot else ''}" for c in schedule.components.all()],
        "late_cancellations": schedule.charge_late_cancellations,
        "no_shows": schedule.charge_no_shows,
        "regional": schedule.charge_regional,
        "national": schedule.charge_national,
        "shares": [str(schedule.leader_shares), str(schedule.trainer_shares)],
    }


# --- invoicing bases ---------------------------------------------------------------------------------


def invoice_basis_create(
    *, actor: Any, municipality: Municipality, period_kind: str, year: int, number: int = 1
) -> InvoiceBasis:
    """Draft a municipality's basis for a month (1–12), a term (1 spring, 2 autumn) or a year. A draft holds no
    lines: they are computed from the data until it is issued."""
    region = municipality.region
    _require_prepare(actor, region)
    if period_kind not in PeriodKind.values:
        raise ValidationError({"period_kind": _("Choose month, term or year.")})
    try:
        start, end = selectors.period_range(period_kind, int(year), int(number))
    except (ValueError, TypeError):
        raise ValidationError({"number": _("Choose a month or a term that exists.")}) from None
    with transaction.atomic():
        existing = InvoiceBasis.objects.filter(
            municipality=municipality, period_kind=period_kind, period_start=start
        ).first()
        if existing is not None:
            message = _("%(municipality)s already has a basis for %(period)s (%(state)s).") % {
                "municipality": municipality,
                "period": selectors.period_label(period_kind, start),
                "state": existing.get_state_display(),
            }
            raise ValidationError({"period_kind": ValidationError(message, code="exists")})
        basis = InvoiceBasis.objects.create(
            region=region,
            municipality=municipality,
            period_kind=period_kind,
            period_start=start,
            period_end=end,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="invoice_basis.create",
            target=basis,
            changes={"period": selectors.period_label(period_kind, start)},
            region_id=region.pk,
            municipality_id=municipality.pk,
        )
    return basis


def invoice_basis_delete(*, actor: Any, basis: InvoiceBasis) -> None:
    """Remove a draft. An issued basis cannot be removed: correct it on the next one."""
    _require_prepare(actor, basis.region)
    with transaction.atomic():
        basis = InvoiceBasis.objects.select_for_update().get(pk=basis.pk)
        if basis.is_issued:
            raise ValidationError(_("An issued basis cannot be removed; later changes go on the next basis."))
        audit_record(
            actor=actor,
            action="invoice_basis.delete",
            target=basis,
            changes={"period": selectors.period_label(basis.period_kind, basis.period_start)},
            region_id=basis.region_id,
            municipality_id=basis.municipality_id,
        )
        basis.delete()


def _next_number(region: Region, year: int) -> str:
    series, _created = InvoiceNumberSeries.objects.select_for_update().get_or_create(region=region, year=year)
    series.last += 1
    series.save(update_fields=["last"])
    return f"{region.county_code}-{year}-{series.last:04d}"


def invoice_basis_issue(*, actor: Any, basis: InvoiceBasis, today: datetime.date | None = None) -> InvoiceBasis:
    """Lock a draft: copy every line as it is computed now, with names and prices, give it the region's next
    number and its total. From then on it never changes. Issuing locks the municipality, so two bases of one
    municipality are never issued at the same time and no participant-day is invoiced twice."""
    _require_prepare(actor, basis.region)
    with transaction.atomic():
        Municipality.objects.select_for_update().filter(pk=basis.municipality_id).first()
        basis = InvoiceBasis.objects.select_for_update().select_related("region", "municipality").get(pk=basis.pk)
        if basis.is_issued:
            raise ValidationError(_("This basis is already issued (%(number)s).") % {"number": basis.number})
        view = selectors.basis_draft_lines(basis, today=today)
        if view.blockers:
            raise ValidationError(view.blockers)
        InvoiceLine.objects.bulk_create(
            [
                InvoiceLine(
                    basis=basis,
                    municipality_id=basis.municipality_id,
                    kind=line.kind,
                    reason=line.reason,
                    registration_id=line.registration_id,
                    course_day_id=line.course_day_id,
                    person_id=line.person_id,
                    occasion_id=line.occasion_id,
                    date=line.date,
                    person_name=line.person_name[:200],
                    occasion_name=line.occasion_name[:300],
                    description=line.description[:300],
                    amount=line.amount,
                    pot_id=line.pot_id,
                )
                for line in view.lines
            ],
            batch_size=1000,
        )
        basis.number = _next_number(basis.region, basis.period_end.year)
        basis.total = view.total
        basis.state = BasisState.ISSUED
        basis.issued_at = timezone.now()
        basis.issued_by = actor
        basis.municipality_name = basis.municipality.name
        basis.region_name = basis.region.name
        basis.save()
        audit_record(
            actor=actor,
            action="invoice_basis.issue",
            target=basis,
            changes={
                "number": basis.number,
                "total": str(basis.total),
                "lines": len(view.lines),
                "fees": str(view.fees_total),
                "corrections": str(view.corrections_total),
                "pot_payout": str(view.pot_total),
            },
            region_id=basis.region_id,
            municipality_id=basis.municipality_id,
        )
    return basis


# --- the trainer pot ---------------------------------------------------------------------------------


def trainer_pot_issue(*, actor: Any, region: Region, year: int, today: datetime.date | None = None) -> TrainerPot:
    """Share out the region's pot for ``year`` as the data say now and lock it: every share and payout is copied,
    and the year-end bases deduct the payouts. A pot is issued once."""
    _require_prepare(actor, region)
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        if TrainerPot.objects.filter(region=region, year=year).exists():
            raise ValidationError(_("The trainer pot for %(year)s is already issued.") % {"year": year})
        view = selectors.pot_compute(region=region, year=year, today=today)
        if (today or timezone.localdate()) <= view.end:
            raise ValidationError(
                _("The pot's period ends on %(end)s: issue it after that, when every course day has been taught.")
                % {"end": view.end.isoformat()}
            )
        if view.total and not view.trainers:
            raise ValidationError(_("No course day has been taught in the period: the pot cannot be shared out."))
        if view.paid_out != view.total and view.trainers:
            raise ValidationError(_("The payouts do not add up to the pot."))  # allocate() guarantees it
        pot = TrainerPot.objects.create(
            region=region,
            year=year,
            period_start=view.start,
            period_end=view.end,
            total=view.total,
            total_shares=view.total_shares,
            participant_days=view.participant_days,
            leader_shares=view.leader_shares,
            trainer_shares=view.trainer_shares,
            issued_by=actor,
            issued_at=timezone.now(),
        )
        names = {(t.trainer_id, t.municipality_id): t for t in view.trainers}
        taught = selectors.trainer_selectors.days_taught_for_pot_by_day(
            region=region, start=view.start, end=view.end, today=today
        )
        weight = {"leader": view.leader_shares, "trainer": view.trainer_shares}
        PotShare.objects.bulk_create(
            [
                PotShare(
                    pot=pot,
                    trainer_id=row.trainer_id,
                    trainer_name=row.name[:200],
                    municipality_id=row.municipality_id,
                    course_day_id=row.course_day_id,
                    date=row.date,
                    occasion_name=row.occasion[:300],
                    role=row.role,
                    shares=weight.get(row.role, Decimal(0)),
                )
                for row in taught
                if (row.trainer_id, row.municipality_id) in names
            ],
            batch_size=1000,
        )
        PotPayout.objects.bulk_create(
            PotPayout(
                pot=pot,
                trainer_id=t.trainer_id,
                trainer_name=t.name[:200],
                municipality_id=t.municipality_id,
                municipality_name=t.municipality,
                shares=t.shares,
                amount=t.payout,
            )
            for t in view.trainers
        )
        audit_record(
            actor=actor,
            action="trainer_pot.issue",
            target=pot,
            changes={
                "total": str(view.total),
                "shares": str(view.total_shares),
                "payouts": {m.name: str(m.payout) for m in view.municipalities},
            },
            region_id=region.pk,
        )
    return pot


# --- fixed costs -------------------------------------------------------------------------------------


def regional_cost_save(
    *,
    actor: Any,
    region: Region,
    year: int,
    total: Decimal | str | int,
    population_year: int | None = None,
    description: str = "",
) -> RegionalCost:
    """Set the region's fixed costs for ``year``, shared by the municipalities' population on 31 December of
    ``population_year`` (the year before, unless said)."""
    _require_prepare(actor, region)
    amount = _money(total, "total")
    if amount != amount.to_integral_value():
        raise ValidationError({"total": _("Give the fixed costs in whole kronor: they are shared out to the krona.")})
    pop_year = population_year if population_year is not None else year - 1
    with transaction.atomic():
        cost, created = RegionalCost.objects.select_for_update().get_or_create(
            region=region,
            year=year,
            defaults={"total": amount, "population_year": pop_year, "description": description.strip()},
        )
        before = {"total": str(cost.total), "population_year": cost.population_year}
        if not created:
            cost.total = amount
            cost.population_year = pop_year
            cost.description = description.strip()
            cost.save()
        audit_record(
            actor=actor,
            action="regional_cost.save",
            target=cost,
            changes={"total": [None if created else before["total"], str(amount)], "population_year": pop_year},
            region_id=region.pk,
        )
    return cost

"""Billing at national scale, for the benchmark of issue 6 (``manage.py bench_billing``, ``manage.py bench``).

The national generator (``national``) already writes what billing reads: the regional occasions, their course
days, the registrations and every held day's attendance (present or absent), and who led and trained each day
(``national_trainers``). What billing needs besides is a **fee schedule per region and year**: without one nothing
is charged and the pot is empty. This module adds, in bulk, Dalarna's schedule of DOMAIN.md (600 kr a
participant-day: 200 material, administration, fika and buffer, 400 to the trainer pot; no-shows and late
cancellations charged) for every region and every year its course days fall in, and the regions' and
municipalities' organisation numbers (illustrative, ten digits), so that a basis could be exported.

Idempotent: a region and year that already has a schedule keeps it. Deterministic.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.db import transaction

from yrkesresan.billing.models import FeeComponent, FeeSchedule
from yrkesresan.occasions.models import CourseDay, DeliveryLevel
from yrkesresan.organisations.models import Municipality, Region

COMPONENTS = [
    ("Material, administration, fika och buffert", Decimal("200"), False),
    ("Utbildarpott", Decimal("400"), True),
]


def _orgnr(prefix: str, serial: int) -> str:
    nine = f"{prefix}{serial:03d}"
    total = 0
    for i, ch in enumerate(nine):
        n = int(ch) * (2 if i % 2 == 0 else 1)
        total += n // 10 + n % 10
    return f"{nine[:6]}-{nine[6:]}{(10 - total % 10) % 10}"


@transaction.atomic
def generate(*, log: Callable[[str], None] = lambda _line: None) -> dict[str, int]:
    """Fee schedules for every region and year with regional course days, and organisation numbers."""
    years = sorted(
        {
            d.year
            for d in CourseDay.objects.filter(occasion__delivery_level=DeliveryLevel.REGIONAL)
            .dates("date", "year")
            .order_by()
        }
    )
    have = set(FeeSchedule.objects.values_list("region_id", "year"))
    new = [
        FeeSchedule(region_id=region_id, year=year, note="Generated for the benchmark (Dalarna 2024's fee).")
        for region_id in Region.objects.order_by("pk").values_list("pk", flat=True)
        for year in years
        if (region_id, year) not in have
    ]
    FeeSchedule.objects.bulk_create(new, batch_size=1000)
    created = list(FeeSchedule.objects.filter(components__isnull=True).order_by("pk"))
    FeeComponent.objects.bulk_create(
        [
            FeeComponent(schedule=s, name=name, amount=amount, is_pot=is_pot, position=i)
            for s in created
            for i, (name, amount, is_pot) in enumerate(COMPONENTS)
        ],
        batch_size=1000,
    )
    regions = list(Region.objects.filter(organisation_number="").order_by("pk"))
    for r in regions:
        r.organisation_number = _orgnr("232100", int(r.county_code or 0))
    Region.objects.bulk_update(regions, ["organisation_number"], batch_size=500)
    municipalities = list(Municipality.objects.filter(organisation_number="").order_by("pk"))
    for m in municipalities:
        m.organisation_number = _orgnr("212000", int(m.scb_code) % 1000)
    Municipality.objects.bulk_update(municipalities, ["organisation_number"], batch_size=500)
    log(f"  billing: {len(created)} fee schedules for {years[0] if years else '-'}–{years[-1] if years else '-'}")
    return {"fee schedules": len(created)}

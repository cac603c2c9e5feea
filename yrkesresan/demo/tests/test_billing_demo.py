"""The demo's billing (``yrkesresan.demo.billing``): schedules, an issued basis, a correction on a later draft, the
draft trainer pot and Dalarna's fixed costs split by population."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from yrkesresan.billing import peppol, selectors
from yrkesresan.billing.models import BasisState, FeeSchedule, InvoiceBasis, LineKind, TrainerPot
from yrkesresan.organisations.models import Region


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Region.objects.get(name="Region Dalarna")


def _price(region: Region, year: int) -> tuple[Decimal, Decimal]:
    fee = selectors.fees_for(region_id=region.pk, years=[year])[year]
    return fee.price, fee.pot


def test_the_demo_has_dalarnas_and_gavleborgs_fee_schedules(demo):
    year = timezone.localdate().year
    assert _price(demo, 2024) == (Decimal("600"), Decimal("400"))
    assert _price(demo, year) == (Decimal("600"), Decimal("400"))
    gavleborg = Region.objects.get(name="Region Gävleborg")
    assert _price(gavleborg, year) == (Decimal("1250"), Decimal("400"))
    assert FeeSchedule.objects.get(region=gavleborg, year=year).components.count() == 5


def test_an_issued_basis_adds_up_to_its_lines_and_exports_to_peppol(demo):
    issued = InvoiceBasis.objects.filter(region=demo, state=BasisState.ISSUED).order_by("number")
    assert [b.municipality.name for b in issued] == ["Avesta", "Borlänge"]
    for basis in issued:
        assert basis.total is not None and basis.total > 0
        assert basis.total == basis.lines.aggregate(s=Sum("amount"))["s"]
        assert b"<Invoice" in peppol.peppol_invoice_xml(basis)


def test_a_corrected_attendance_reaches_the_next_draft_and_the_pot_is_a_draft(demo):
    year = timezone.localdate().year
    borlange = InvoiceBasis.objects.get(municipality__name="Borlänge", period_kind="year", period_start__year=year)
    view = selectors.basis_view(borlange)
    assert [(line.kind, line.amount) for line in view.lines] == [(LineKind.CORRECTION, Decimal("-600"))]
    assert view.blockers  # the year-end basis waits for the trainer pot
    assert not TrainerPot.objects.filter(region=demo).exists()
    pot = selectors.pot_compute(region=demo, year=year)
    assert pot.total > 0 and pot.trainers and pot.paid_out == pot.total


def test_dalarnas_fixed_costs_are_split_by_population_to_the_krona(demo):
    split = selectors.cost_split(region=demo, year=2024)
    assert split.cost is not None and split.cost.total == Decimal("1030000")
    assert not split.missing and split.population == 287_253
    assert split.shared == Decimal("1030000")
    assert selectors.cost_split(region=demo, year=timezone.localdate().year).shared == Decimal("1030000")

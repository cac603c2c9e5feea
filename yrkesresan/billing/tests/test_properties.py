"""Money is conserved whatever the numbers: allocate's parts add up to the total, the population split and the
trainer pot pay out exactly what there is, lines have the sign their kind allows, and an issued basis never
changes whatever happens to the attendance afterwards.

The database properties build on the ``world`` once per test and run each example inside a transaction that is
rolled back at its end, so every example starts from the same world."""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

import pytest
from django.db import transaction
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from yrkesresan.billing import selectors, services
from yrkesresan.billing.models import FeeSchedule, InvoiceBasis, InvoiceLine, LineKind, PeriodKind
from yrkesresan.billing.selectors import PotTrainer, _pay_out
from yrkesresan.core.money import allocate
from yrkesresan.occasions.models import DayAttendance, Registration
from yrkesresan.occasions.services import attendance_mark
from yrkesresan.organisations.services import municipality_create, population_save

from .test_worked_example import YEAR, Dalarna2024, build_worked_example, fee_schedule

DB_SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

kronor = st.integers(min_value=0, max_value=10**9).map(Decimal)
ore = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n) / 100)
weight = st.one_of(
    st.integers(min_value=0, max_value=10**7).map(Decimal),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
weights = st.lists(weight, min_size=1, max_size=30).filter(lambda ws: sum(ws) > 0)


class _RolledBack(Exception):
    pass


def _in_rolled_back_transaction(check) -> None:
    """Run ``check`` and undo whatever it wrote, so the next example finds the same world."""
    try:
        with transaction.atomic():
            check()
            raise _RolledBack
    except _RolledBack:
        pass


# --- allocate --------------------------------------------------------------------------------------------


@given(total=st.one_of(kronor, ore), ws=weights)
def test_allocate_keeps_the_total_and_gives_each_party_its_share_within_one_unit(total, ws):
    parts = allocate(total, ws)

    unit = Decimal("1") if total == total.to_integral_value() else Decimal("0.01")
    assert sum(parts) == total
    assert all(p >= 0 for p in parts)
    assert all(p % unit == 0 for p in parts)
    weight_sum = sum(Fraction(w) for w in ws)
    for part, w in zip(parts, ws, strict=True):
        exact = Fraction(total) * Fraction(w) / weight_sum
        assert abs(Fraction(part) - exact) < Fraction(unit)


@given(total=st.one_of(kronor, ore), ws=weights)
def test_allocate_never_gives_a_party_less_than_one_with_a_smaller_weight(total, ws):
    parts = allocate(total, ws)

    for i, j in zip(range(len(ws)), range(1, len(ws)), strict=False):
        if ws[i] < ws[j]:
            assert parts[i] <= parts[j]


@given(
    total=st.one_of(kronor, ore),
    shares=st.lists(st.integers(min_value=0, max_value=100).map(lambda n: Decimal(n) / 2), min_size=1, max_size=20),
)
def test_a_pot_shared_by_any_shares_pays_out_exactly_the_pot(total, shares):
    assume(sum(shares) > 0)
    trainers = [PotTrainer(i, f"T{i}", i, f"M{i}", shares=s) for i, s in enumerate(shares)]

    _pay_out(total, trainers)

    assert sum(t.payout for t in trainers) == total
    assert all(t.payout >= 0 for t in trainers)
    assert all(t.payout == 0 for t in trainers if t.shares == 0)


# --- the population split --------------------------------------------------------------------------------


@pytest.mark.django_db
@DB_SETTINGS
@given(
    total=st.integers(min_value=0, max_value=10**8),
    populations=st.lists(st.integers(min_value=0, max_value=2_000_000), min_size=2, max_size=15).filter(
        lambda ps: sum(ps) > 0
    ),
)
def test_the_fixed_costs_split_by_any_populations_sums_to_the_total(world, total, populations):
    def check() -> None:
        municipalities = [world.avesta, world.falun]
        for i in range(len(populations) - 2):
            municipalities.append(municipality_create(region=world.dalarna, name=f"Kommun {i}", scb_code=f"9{i:03d}"))
        for municipality, count in zip(municipalities, populations, strict=True):
            population_save(actor=world["regional_admin"], municipality=municipality, year=YEAR - 1, count=count)
        services.regional_cost_save(actor=world["regional_admin"], region=world.dalarna, year=YEAR, total=total)

        split = selectors.cost_split(region=world.dalarna, year=YEAR)

        assert split.missing == []
        assert split.shared == total
        assert all(r.share is not None and r.share >= 0 for r in split.rows)

    _in_rolled_back_transaction(check)


# --- lines, totals and issued bases ----------------------------------------------------------------------


def _assert_lines_have_their_sign(basis: InvoiceBasis) -> None:
    view = selectors.basis_view(basis)
    for line in view.lines:
        if line.kind == LineKind.FEE:
            assert line.amount > 0
        elif line.kind == LineKind.POT_PAYOUT:
            assert line.amount < 0
    if view.corrections_total >= 0:
        # Without a credit correction a basis is a credit only when the payout exceeds the fees.
        assert (view.total < 0) == (-view.pot_total > view.fees_total + view.corrections_total)


@pytest.mark.django_db
@settings(DB_SETTINGS, max_examples=10)
@given(
    absent=st.sets(st.integers(min_value=0, max_value=49), max_size=50),
    no_shows_charged=st.booleans(),
)
def test_year_end_bases_of_the_worked_example_with_any_attendance_keep_the_money(world, absent, no_shows_charged):
    """Whoever did not come, the pot is 400 kr per charged participant-day, paid out to the krona, and each
    municipality's year-end total is its fees less its payout: a credit exactly when the payout is larger."""

    def check() -> None:
        example = build_worked_example(world)
        d = example.dalarna
        FeeSchedule.objects.filter(region=world.dalarna, year=YEAR).update(charge_no_shows=no_shows_charged)
        marks = list(DayAttendance.objects.select_related("registration__user", "course_day").order_by("pk"))
        for i in sorted(absent):
            mark = marks[i]
            attendance_mark(actor=d.admin, course_day=mark.course_day, person=mark.registration.user, present=False)
        charged = 50 if no_shows_charged else 50 - len(absent)

        pot = d.issue_pot()
        assert pot.total == 400 * charged
        assert sum(p.amount for p in pot.payouts.all()) == pot.total
        bases = [d.issue(d.basis(name)) for name in d.municipalities]

        assert sum(b.total for b in bases) == 200 * charged  # the fees less the whole pot
        for basis in bases:
            _assert_lines_have_their_sign(basis)
            view = selectors.basis_view(basis)
            assert basis.total == view.fees_total + view.pot_total

    _in_rolled_back_transaction(check)


@pytest.mark.django_db
@DB_SETTINGS
@given(
    marks=st.lists(
        st.tuples(st.integers(min_value=0, max_value=2), st.integers(min_value=0, max_value=1), st.booleans()),
        min_size=1,
        max_size=8,
    ),
    no_shows_charged=st.booleans(),
)
def test_an_issued_basis_never_changes_whatever_the_attendance_does_later(world, marks, no_shows_charged):
    """Three people on two March days; March is issued; then any sequence of marks and corrections. March reads
    the same; what changed reaches April as corrections, after which nothing is left to correct."""

    def check() -> None:
        d = Dalarna2024.build(world)
        fee_schedule(world, charge_no_shows=no_shows_charged)
        occasion = d.occasion([datetime.date(YEAR, 3, 5), datetime.date(YEAR, 3, 6)])
        people = d.participants(occasion, Avesta=2, Falun=1)
        days = list(occasion.days.order_by("date"))
        for course_day in days:
            d.take(course_day)
        march = {m: d.issue(d.basis(m, PeriodKind.MONTH, 3)) for m in ["Avesta", "Falun"]}
        before = {m: _snapshot(b) for m, b in march.items()}

        for person, day, present in marks:
            attendance_mark(actor=d.admin, course_day=days[day], person=people[person], present=present)

        assert {m: _snapshot(b) for m, b in march.items()} == before
        for m in ["Avesta", "Falun"]:
            april = d.basis(m, PeriodKind.MONTH, 4)
            for line in selectors.basis_view(april).lines:
                assert line.kind == LineKind.CORRECTION
            d.issue(april)
            assert selectors.basis_view(d.basis(m, PeriodKind.MONTH, 5)).lines == []
        # What has been invoiced for each participant-day is what is charged now.
        charged = {
            (r.pk, mark.course_day_id)
            for r in Registration.objects.filter(occasion=occasion)
            for mark in r.attendance.all()
            if mark.present or no_shows_charged
        }
        invoiced: dict[tuple[int, int], Decimal] = {}
        for reg, day, amount in InvoiceLine.objects.values_list("registration_id", "course_day_id", "amount"):
            invoiced[(reg, day)] = invoiced.get((reg, day), Decimal(0)) + amount
        assert {k for k, v in invoiced.items() if v} == charged
        assert set(invoiced.values()) <= {Decimal(0), Decimal(600)}

    _in_rolled_back_transaction(check)


def _snapshot(basis: InvoiceBasis) -> tuple[object, ...]:
    basis = InvoiceBasis.objects.get(pk=basis.pk)
    lines = list(
        InvoiceLine.objects.filter(basis=basis)
        .order_by("pk")
        .values_list("pk", "kind", "amount", "registration_id", "course_day_id", "municipality_id")
    )
    return basis.number, basis.total, basis.state, basis.issued_at, lines

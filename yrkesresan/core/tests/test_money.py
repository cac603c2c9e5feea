"""core.money.allocate, the one rounding rule: parts rounded down to the krona (the öre when the total has öre),
the units left to the largest remainders, ties to the earlier party; the parts add up to the total exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from yrkesresan.core.money import allocate

#: Dalarna's municipalities on 31 December 2023 (SCB), as DOMAIN.md lists them.
DALARNA_2023 = {
    "Avesta": 22753,
    "Borlänge": 51735,
    "Falun": 59986,
    "Gagnef": 10430,
    "Hedemora": 15345,
    "Leksand": 16043,
    "Ludvika": 26402,
    "Malung-Sälen": 10260,
    "Mora": 20536,
    "Orsa": 6908,
    "Rättvik": 11042,
    "Smedjebacken": 10913,
    "Säter": 11243,
    "Vansbro": 6728,
    "Älvdalen": 6929,
}


def test_the_worked_examples_pot_of_20000_by_3_2_5_2_and_0_shares_pays_8000_6667_5333_and_0():
    parts = allocate(Decimal("20000"), [Decimal("3"), Decimal("2.5"), Decimal("2"), Decimal("0")])

    assert parts == [Decimal("8000"), Decimal("6667"), Decimal("5333"), Decimal("0")]


def test_dalarnas_fixed_costs_of_1030000_by_population_sum_to_the_krona():
    assert sum(DALARNA_2023.values()) == 287253  # as DOMAIN.md says
    parts = allocate(Decimal("1030000"), list(DALARNA_2023.values()))

    assert sum(parts) == Decimal("1030000")
    assert all(p == p.to_integral_value() for p in parts)
    shares = dict(zip(DALARNA_2023, parts, strict=True))
    # Rounded down, 7 kronor are left; they go to the 7 largest remainders (Orsa's .94 … Vansbro's .52).
    assert shares["Falun"] == Decimal("215091")  # 215,091.16: rounded down
    assert shares["Vansbro"] == Decimal("24125")  # 24,124.52: the seventh largest remainder, one krona up
    assert shares["Hedemora"] == Decimal("55022")  # 55,022.40: the eighth, rounded down
    assert shares["Orsa"] == Decimal("24770")  # 24,769.94: the largest remainder


def test_ties_go_to_the_earlier_party():
    assert allocate(Decimal("1"), [1, 1, 1]) == [Decimal("1"), Decimal("0"), Decimal("0")]
    assert allocate(Decimal("2"), [1, 1, 1]) == [Decimal("1"), Decimal("1"), Decimal("0")]
    assert allocate(Decimal("100"), [1, 1, 1]) == [Decimal("34"), Decimal("33"), Decimal("33")]


def test_the_unit_left_goes_to_the_largest_remainder_not_the_first_party():
    # 10 by 1 and 2: exact 3.33 and 6.67; the krona left goes to the second.
    assert allocate(Decimal("10"), [1, 2]) == [Decimal("3"), Decimal("7")]


def test_a_total_with_ore_is_shared_to_the_ore():
    parts = allocate(Decimal("412.50"), [1, 1, 1])

    assert parts == [Decimal("137.50"), Decimal("137.50"), Decimal("137.50")]
    assert allocate(Decimal("100.01"), [1, 1]) == [Decimal("50.01"), Decimal("50.00")]


def test_no_weight_at_all_shares_nothing():
    assert allocate(Decimal("500"), [0, 0]) == [Decimal("0"), Decimal("0")]
    assert allocate(Decimal("500"), []) == []


@pytest.mark.parametrize("total", [Decimal("-1"), Decimal("-0.01")])
def test_a_negative_total_is_refused(total):
    with pytest.raises(ValueError, match="zero or more"):
        allocate(total, [1, 2])


def test_a_total_that_is_not_a_whole_number_of_units_is_refused():
    with pytest.raises(ValueError, match="not a whole number"):
        allocate(Decimal("10.5"), [1, 1], unit=Decimal("1"))
    with pytest.raises(ValueError, match="not a whole number"):
        allocate(Decimal("10.005"), [1, 1])


def test_a_negative_weight_is_refused():
    with pytest.raises(ValueError, match="negative"):
        allocate(Decimal("10"), [2, -1])

"""Money: the one rounding rule for amounts that are shared out.

Amounts are ``Decimal`` kronor. When a total is shared between several parties by weight (a trainer
pot by shares, fixed costs by population), each party gets its exact part rounded *down* to the
unit (the krona), and the units left over go one each to the parties with the largest remainders.
So the parts always add up to the total exactly: nothing lost, nothing invented by rounding
(the largest-remainder method; decision 0012). Ties go to the earlier party in the order given,
so the same input always gives the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

KRONA = Decimal("1")
ORE = Decimal("0.01")


def unit_for(total: Decimal) -> Decimal:
    """Whole kronor where the total is whole kronor, else öre (a pot of 412.50 kr parts keep the öre)."""
    return KRONA if total == total.to_integral_value() else ORE


def allocate(total: Decimal, weights: Sequence[Decimal | int], *, unit: Decimal | None = None) -> list[Decimal]:
    """Share ``total`` by ``weights`` into parts that are multiples of ``unit`` and add up to ``total``.

    ``total`` must be a whole number of units and not negative; weights must not be negative. With no
    weight at all (or all zero) nothing can be shared and every part is zero, so the caller must treat
    a total that found no one to go to.
    """
    total = Decimal(total)
    unit = unit if unit is not None else unit_for(total)
    if total < 0:
        raise ValueError("Only a total of zero or more can be shared out.")
    if total % unit != 0:
        raise ValueError(f"The total {total} is not a whole number of {unit}.")
    ws = [Decimal(w) for w in weights]
    if any(w < 0 for w in ws):
        raise ValueError("A weight cannot be negative.")
    weight_sum = sum(ws, Decimal(0))
    if not ws or weight_sum == 0:
        return [Decimal(0) * unit for _ in ws]
    units_total = int(total / unit)
    # Exact fractions of units, whatever the weights' decimals: no rounding before the rule's own.
    exact = [Fraction(w) * units_total / Fraction(weight_sum) for w in ws]
    floors = [e.numerator // e.denominator for e in exact]
    left = units_total - sum(floors)
    by_remainder = sorted(range(len(ws)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [Decimal(n) * unit for n in floors]

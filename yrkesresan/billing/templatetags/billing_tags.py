"""Amounts and figures as a Swedish reader writes them: ``1 250,00 kr``, ``8 000 kr``, ``2,5``.

Thousands are grouped with a non-breaking space (U+00A0), the decimal mark is a comma, a negative
amount gets a real minus sign (U+2212), and "kr" is kept on the same line as its number. Templates:
``{% load billing_tags %}`` then ``{{ amount|money }}`` (always öre: "1 250,00 kr"),
``{{ amount|money:"whole" }}`` (whole kronor without öre: "8 000 kr", öre kept where there are any),
``{{ population|number }}`` ("22 753") and ``{{ shares|number }}`` ("1,5": trailing zeros dropped).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()

NBSP = "\u00a0"
MINUS = "\u2212"


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _group(digits: str) -> str:
    """``"1250000"`` → ``"1 250 000"`` with non-breaking spaces."""
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return NBSP.join(groups)


def format_number(value: Any, *, places: int | None = None) -> str:
    """A number Swedish-style. ``places=None`` keeps the decimals it has (trailing zeros dropped)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places))
        text = f"{abs(number):f}"
    else:
        text = f"{abs(number):f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    whole, _dot, fraction = text.partition(".")
    result = _group(whole) + ("," + fraction if fraction else "")
    return (MINUS + result) if number < 0 and result.strip("0,\u00a0") else result


def format_money(value: Any, style: str = "") -> str:
    """Kronor: ``1 250,00 kr``; with ``style="whole"`` a whole amount reads ``8 000 kr``."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    places = 0 if style == "whole" and number == number.to_integral_value() else 2
    return f"{format_number(number, places=places)}{NBSP}kr"


@register.filter
def money(value: Any, style: str = "") -> str:
    return format_money(value, style)


@register.filter
def number(value: Any, places: Any = None) -> str:
    return format_number(value, places=None if places in (None, "") else int(places))

"""Spreadsheet rows of an invoicing basis: a few rows saying which basis it is, then every line (date,
person, occasion, what, amount), then the totals. Plain values, so that the xlsx and the CSV say the
same; amounts are numbers in the xlsx and Swedish-style text ("1250,00") in the semicolon CSV, as a
Swedish Excel reads it. The views stream them through ``core.exports.spreadsheet_response``."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import InvoiceBasis
from .selectors import BasisView, period_label


def basis_name(basis: InvoiceBasis) -> str:
    """``20-2024-0007`` for an issued basis; ``faktureringsunderlag-avesta-2024`` for a draft."""
    if basis.is_issued and basis.number:
        return basis.number
    municipality = basis.municipality_name or basis.municipality.name
    return (
        f"faktureringsunderlag-{slugify(municipality)}-{slugify(period_label(basis.period_kind, basis.period_start))}"
    )


def _amount(value: Decimal, fmt: str) -> Any:
    if fmt == "csv":
        return f"{value:.2f}".replace(".", ",")
    return value


def basis_rows(view: BasisView, *, fmt: str = "xlsx") -> tuple[list[str], Iterator[list[Any]]]:
    basis = view.basis
    header = [_("Invoicing basis"), basis.number or _("Draft")]

    def rows() -> Iterator[list[Any]]:
        yield [_("Municipality"), basis.municipality_name or basis.municipality.name]
        yield [_("Region"), basis.region_name or basis.region.name]
        yield [_("Period"), period_label(basis.period_kind, basis.period_start), basis.period_start, basis.period_end]
        yield [_("State"), str(basis.get_state_display())]
        if basis.issued_at:
            yield [_("Issued"), basis.issued_at.date()]
        yield []
        yield [_("Date"), _("Person"), _("Occasion"), _("What"), _("Amount (kr)")]
        for line in view.lines:
            yield [line.date, line.person_name, line.occasion_name, line.description, _amount(line.amount, fmt)]
        yield []
        yield [
            _("Course fees"),
            "",
            "",
            _("%(n)s participant-days") % {"n": view.participant_days},
            _amount(view.fees_total, fmt),
        ]
        yield [_("Corrections"), "", "", "", _amount(view.corrections_total, fmt)]
        yield [_("Trainer pot payout"), "", "", "", _amount(view.pot_total, fmt)]
        yield [_("Total to credit") if view.is_credit else _("Total"), "", "", "", _amount(view.total, fmt)]

    return header, rows()

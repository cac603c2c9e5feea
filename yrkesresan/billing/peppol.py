"""An issued invoicing basis as a Peppol BIS Billing 3.0 e-invoice (UBL 2.1).

Swedish public bodies receive invoices through Peppol (scheme 0007: the organisation number), so an
issued basis can be handed to the region's finance system as one file. The file is the *invoice*;
the printable and spreadsheet basis stays the per-person itemisation. So the e-invoice has one line
per occasion, kind, charge reason and unit price ("Kursavgift: Omgång 3, 40 deltagardagar à 450
kr"), not one per participant-day, and its note points the buyer to the basis by number.

The rules followed (Peppol BIS Billing 3.0 and EN 16931), in short:

- A basis whose total is zero or more is an ``Invoice`` (type 380). A negative total (a year-end
  basis whose trainer-pot payout exceeds the fees) is a ``CreditNote`` (type 381), in which every
  amount is turned around: the payable amount of a credit note is positive.
- A price is never negative (BR-27): a line that takes money off (a correction, the pot payout)
  carries a negative quantity instead.
- Course fees between public bodies carry no VAT here: every line is VAT category E (exempt) at 0 %,
  with an exemption reason (BR-E-10). An exempt line requires the seller's VAT identifier (BR-E-02);
  a Swedish legal person's VAT number is ``SE`` + the organisation number + ``01``.
- Line amounts add up exactly to the document's line total, tax-exclusive and payable amounts, and
  that sum must be the basis's total, or the export refuses.

The document's wording is Swedish whatever the reader's language: it is what the municipality's
finance system shows, like the names copied onto the basis.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from yrkesresan.billing.models import InvoiceBasis, InvoiceLine, LineKind

CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
INVOICE_TYPE_CODE = "380"
CREDIT_NOTE_TYPE_CODE = "381"
CURRENCY = "SEK"
#: ISO 6523 ICD for a Swedish organisation number (Peppol EAS and legal-entity scheme alike).
ORGNR_SCHEME = "0007"
COUNTRY = "SE"
PAYMENT_DAYS = 30
#: UN/ECE Recommendation 20 "one": a participant-day, or the one pot payout.
UNIT_CODE = "C62"
VAT_CATEGORY = "E"
VAT_EXEMPTION_REASON = "Utbildning mellan offentliga organ, undantagen från mervärdesskatt"

NS_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
NS_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
NS_CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
NS_CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

ORE = Decimal("0.01")

KIND_ORDER: list[str] = [LineKind.FEE, LineKind.CORRECTION, LineKind.POT_PAYOUT]
KIND_LABELS: dict[str, str] = {
    LineKind.FEE: "Kursavgift",
    LineKind.CORRECTION: "Rättelse",
    LineKind.POT_PAYOUT: "Avräkning utbildarpott",
}
REASON_LABELS = {
    "attended": "deltog",
    "no_show": "uteblev",
    "late_cancellation": "sen avbokning",
}


@dataclass
class PeppolLine:
    """One e-invoice line: ``quantity`` lines of the basis that share kind, reason, occasion and amount."""

    kind: str
    reason: str
    occasion_name: str
    unit_amount: Decimal
    quantity: int
    first: datetime.date | None
    last: datetime.date | None
    description: str

    @property
    def amount(self) -> Decimal:
        return self.unit_amount * self.quantity


def peppol_lines(lines: list[InvoiceLine]) -> list[PeppolLine]:
    """Group a basis's lines into e-invoice lines, in the basis's own order.

    A course day with 40 participants at the same fee is one line of quantity 40. Lines of the same
    occasion and kind at different amounts (a changed fee, a partial correction) stay apart, each
    group at its own unit price, so quantity × price is always exactly the line amount.
    """
    groups: dict[tuple[str, str, str, Decimal], PeppolLine] = {}
    for line in lines:
        key = (line.kind, line.reason, line.occasion_name, line.amount)
        group = groups.get(key)
        if group is None:
            groups[key] = PeppolLine(
                kind=line.kind,
                reason=line.reason,
                occasion_name=line.occasion_name,
                unit_amount=line.amount,
                quantity=1,
                first=line.date,
                last=line.date,
                description=line.description,
            )
            continue
        group.quantity += 1
        if line.date is not None:
            group.first = min(group.first, line.date) if group.first else line.date
            group.last = max(group.last, line.date) if group.last else line.date
        if group.description != line.description:
            group.description = ""
    return list(groups.values())


def peppol_invoice_xml(basis: InvoiceBasis) -> bytes:
    """The issued ``basis`` as a Peppol BIS Billing 3.0 invoice, or credit note when its total is negative.

    Refuses (``ValidationError``) rather than write a file that an access point would reject: a
    draft, a basis without lines, a region or municipality without a valid organisation number, or
    lines that do not add up to the basis's total.
    """
    if not basis.is_issued or not basis.number or basis.issued_at is None or basis.total is None:
        raise ValidationError(_("Only an issued invoicing basis can be exported as an e-invoice."), code="not_issued")
    region, municipality = basis.region, basis.municipality
    seller_name = basis.region_name or region.name
    buyer_name = basis.municipality_name or municipality.name
    seller_orgnr = _orgnr(
        region.organisation_number,
        name=seller_name,
        missing=_("%(name)s has no organisation number: add it to the region before exporting an e-invoice."),
    )
    buyer_orgnr = _orgnr(
        municipality.organisation_number,
        name=buyer_name,
        missing=_("%(name)s has no organisation number: add it to the municipality before exporting an e-invoice."),
    )

    # Fees first, then corrections, then the pot payout: the order the printed basis reads in.
    lines = sorted(
        basis.lines.order_by("occasion_name", "date", "person_name", "id"),
        key=lambda line: KIND_ORDER.index(line.kind) if line.kind in KIND_ORDER else len(KIND_ORDER),
    )
    if not lines:
        raise ValidationError(
            _("Invoicing basis %(number)s has no lines: there is nothing to invoice."),
            code="no_lines",
            params={"number": basis.number},
        )
    groups = peppol_lines(lines)
    line_total = sum((group.amount for group in groups), Decimal("0"))
    if line_total != basis.total:
        raise ValidationError(
            _("The lines of invoicing basis %(number)s add up to %(lines)s kr, not its total %(total)s kr."),
            code="total_mismatch",
            params={"number": basis.number, "lines": line_total, "total": basis.total},
        )

    credit = basis.total < 0
    sign = -1 if credit else 1
    ns = NS_CREDIT_NOTE if credit else NS_INVOICE
    root = etree.Element(
        f"{{{ns}}}{'CreditNote' if credit else 'Invoice'}", nsmap={None: ns, "cac": NS_CAC, "cbc": NS_CBC}
    )
    issue_date = timezone.localdate(basis.issued_at)
    due_date = issue_date + datetime.timedelta(days=PAYMENT_DAYS)

    _cbc(root, "CustomizationID", CUSTOMIZATION_ID)
    _cbc(root, "ProfileID", PROFILE_ID)
    _cbc(root, "ID", basis.number)
    _cbc(root, "IssueDate", issue_date.isoformat())
    if credit:
        # A UBL credit note has no DueDate; its payment terms say when the credit is settled.
        _cbc(root, "CreditNoteTypeCode", CREDIT_NOTE_TYPE_CODE)
    else:
        _cbc(root, "DueDate", due_date.isoformat())
        _cbc(root, "InvoiceTypeCode", INVOICE_TYPE_CODE)
    _cbc(
        root,
        "Note",
        f"Faktureringsunderlag {basis.number} för {buyer_name}, {basis.period_start:%Y-%m-%d}–"
        f"{basis.period_end:%Y-%m-%d}. Specifikation per deltagare och kursdag finns i underlaget.",
    )
    _cbc(root, "DocumentCurrencyCode", CURRENCY)
    # BIS requires a buyer reference or an order reference (PEPPOL-EN16931-R003); the basis's number
    # is what the municipality can look up.
    _cbc(root, "BuyerReference", basis.number)
    period = _cac(root, "InvoicePeriod")
    _cbc(period, "StartDate", basis.period_start.isoformat())
    _cbc(period, "EndDate", basis.period_end.isoformat())

    _party(_cac(root, "AccountingSupplierParty"), seller_name, seller_orgnr, vat=True)
    _party(_cac(root, "AccountingCustomerParty"), buyer_name, buyer_orgnr, vat=False)

    terms = _cac(root, "PaymentTerms")
    if credit:
        _cbc(terms, "Note", f"Kredit: tillgodo {buyer_name}, regleras inom {PAYMENT_DAYS} dagar.")
    else:
        _cbc(terms, "Note", f"{PAYMENT_DAYS} dagar netto, förfallodag {due_date:%Y-%m-%d}.")

    document_total = _money(sign * line_total)
    tax_total = _cac(root, "TaxTotal")
    _amount(tax_total, "TaxAmount", Decimal("0"))
    subtotal = _cac(tax_total, "TaxSubtotal")
    _amount(subtotal, "TaxableAmount", document_total)
    _amount(subtotal, "TaxAmount", Decimal("0"))
    category = _cac(subtotal, "TaxCategory")
    _cbc(category, "ID", VAT_CATEGORY)
    _cbc(category, "Percent", "0")
    _cbc(category, "TaxExemptionReason", VAT_EXEMPTION_REASON)
    _cbc(_cac(category, "TaxScheme"), "ID", "VAT")

    totals = _cac(root, "LegalMonetaryTotal")
    _amount(totals, "LineExtensionAmount", document_total)
    _amount(totals, "TaxExclusiveAmount", document_total)
    _amount(totals, "TaxInclusiveAmount", document_total)
    _amount(totals, "PayableAmount", document_total)

    for number, group in enumerate(groups, start=1):
        _line(root, number, group, sign=sign, credit=credit)

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _orgnr(value: str, *, name: str, missing: str) -> str:
    """The organisation number's ten digits, or a refusal that says whose number to add or correct."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits:
        raise ValidationError(missing, code="missing_organisation_number", params={"name": name})
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(
            _("%(name)s has the organisation number %(value)s, which is not ten digits (NNNNNN-NNNN)."),
            code="invalid_organisation_number",
            params={"name": name, "value": value},
        )
    return digits


def _party(parent: etree._Element, name: str, orgnr: str, *, vat: bool) -> None:
    party = _cac(parent, "Party")
    _cbc(party, "EndpointID", orgnr, schemeID=ORGNR_SCHEME)
    _cbc(_cac(party, "PartyName"), "Name", name)
    _cbc(_cac(_cac(party, "PostalAddress"), "Country"), "IdentificationCode", COUNTRY)
    if vat:
        tax_scheme = _cac(party, "PartyTaxScheme")
        _cbc(tax_scheme, "CompanyID", f"{COUNTRY}{orgnr}01")
        _cbc(_cac(tax_scheme, "TaxScheme"), "ID", "VAT")
    legal = _cac(party, "PartyLegalEntity")
    _cbc(legal, "RegistrationName", name)
    _cbc(legal, "CompanyID", orgnr, schemeID=ORGNR_SCHEME)


def _line(root: etree._Element, number: int, group: PeppolLine, *, sign: int, credit: bool) -> None:
    amount = _money(sign * group.amount)
    # The price is never negative (BR-27): the quantity carries the sign.
    quantity = group.quantity if sign * group.unit_amount >= 0 else -group.quantity
    line = _cac(root, "CreditNoteLine" if credit else "InvoiceLine")
    _cbc(line, "ID", str(number))
    if group.description:
        _cbc(line, "Note", group.description)
    _cbc(line, "CreditedQuantity" if credit else "InvoicedQuantity", str(quantity), unitCode=UNIT_CODE)
    _amount(line, "LineExtensionAmount", amount)
    if group.first is not None and group.last is not None:
        period = _cac(line, "InvoicePeriod")
        _cbc(period, "StartDate", group.first.isoformat())
        _cbc(period, "EndDate", group.last.isoformat())
    item = _cac(line, "Item")
    description = _item_description(group)
    if description:
        _cbc(item, "Description", description)
    _cbc(item, "Name", _item_name(group))
    tax = _cac(item, "ClassifiedTaxCategory")
    _cbc(tax, "ID", VAT_CATEGORY)
    _cbc(tax, "Percent", "0")
    _cbc(_cac(tax, "TaxScheme"), "ID", "VAT")
    price = _cac(line, "Price")
    _amount(price, "PriceAmount", abs(group.unit_amount))


def _item_name(group: PeppolLine) -> str:
    label = KIND_LABELS.get(group.kind, group.kind)
    return f"{label}: {group.occasion_name}" if group.occasion_name else label


def _item_description(group: PeppolLine) -> str:
    parts = []
    if group.kind != LineKind.POT_PAYOUT:
        parts.append(f"{group.quantity} deltagardag{'ar' if group.quantity != 1 else ''}")
    if group.reason in REASON_LABELS:
        parts.append(REASON_LABELS[group.reason])
    return ", ".join(parts)


def _money(value: Decimal) -> Decimal:
    rounded = value.quantize(ORE)
    return rounded if rounded else Decimal("0.00")  # never "-0.00"


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{NS_CAC}}}{name}")


def _cbc(parent: etree._Element, name: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{NS_CBC}}}{name}", attributes)
    element.text = text
    return element


def _amount(parent: etree._Element, name: str, value: Decimal) -> etree._Element:
    return _cbc(parent, name, f"{_money(value):.2f}", currencyID=CURRENCY)

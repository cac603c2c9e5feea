"""The invoicing bases in a real browser: a regional administrator drafts the spring term's basis for Avesta,
reads its lines and totals, and issues it; the list, the basis, the confirmation and the printable page are
accessible on a desktop and on a 360 px phone."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.billing import services
from yrkesresan.billing.models import BasisState, InvoiceBasis
from yrkesresan.occasions.services import attendance_take, registration_create
from yrkesresan.trainers.tests.conftest import day, make_occasion

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

LAST = timezone.localdate().year - 1
D1, D2 = datetime.date(LAST, 3, 5), datetime.date(LAST, 3, 12)

# Swedish first, English second: the .po files may lag behind the templates.
DRAFT = re.compile(r"^(Skapa utkastet|Draft the basis)$")
ISSUE = re.compile(r"^(Utfärda|Issue)$")
ISSUE_IT = re.compile(r"^(Utfärda underlaget|Issue the basis)$")
LOCKS = re.compile(r"(låser underlaget|locks the basis)")
PRINTABLE = re.compile(r"^(Utskriftsvänlig version|Printable version)$")


def _charged(world: Any) -> None:
    """Avesta's staff attended both days of a Dalarna occasion last March: 2 × 600 kr."""
    admin = world["regional_admin"]
    services.fee_schedule_save(
        actor=admin,
        region=world.dalarna,
        year=LAST,
        components=[services.ComponentInput("Material", "200"), services.ComponentInput("Utbildarpott", "400", True)],
    )
    occasion = make_occasion(world, [day(D1, address="Avesta"), day(D2, address="Falun")], name="Omgång F")
    before = timezone.make_aware(datetime.datetime(LAST, 1, 10, 9))
    registration_create(actor=admin, occasion=occasion, person=world["staff"], now=before)
    for course_day in occasion.days.all():
        attendance_take(actor=admin, course_day=course_day, absent={})


def test_a_regional_admin_drafts_reads_and_issues_a_basis(world: Any, page: Any, open_as: Any, viewport: str) -> None:
    _charged(world)
    open_as(world["regional_admin"], reverse("billing_basis_list"))
    check_page(page, name="billing-basis-list", viewport=viewport)
    assert small_touch_targets(page) == []

    page.locator("#id_new-municipality").select_option(label="Avesta")
    page.locator("#id_new-period_kind").select_option("term")
    page.locator("#id_new-year").fill(str(LAST))
    page.locator("#id_new-term").select_option("1")
    page.get_by_role("button", name=DRAFT).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Avesta, VT {LAST}")
    expect(page.get_by_role("cell", name="Staff Testsson").first).to_be_visible()
    expect(page.get_by_text("1\u00a0200,00\u00a0kr").first).to_be_visible()
    check_page(page, name="billing-basis-draft", viewport=viewport)
    assert small_touch_targets(page) == []

    page.get_by_role("link", name=ISSUE).click()
    expect(page.get_by_text(LOCKS)).to_be_visible()
    check_page(page, name="billing-basis-issue", viewport=viewport)
    page.get_by_role("button", name=ISSUE_IT).click()

    number = f"20-{LAST}-0001"
    expect(page.get_by_text(number).first).to_be_visible()
    basis = InvoiceBasis.objects.get()
    assert (basis.state, basis.number, str(basis.total)) == (BasisState.ISSUED, number, "1200.00")
    check_page(page, name="billing-basis-issued", viewport=viewport)

    page.get_by_role("link", name=PRINTABLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    check_page(page, name="billing-basis-print", viewport=viewport)

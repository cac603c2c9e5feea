"""The invoicing-basis pages as the people who use them meet them: the list shows each role what it may
see, drafting and issuing by POST change what the pages say (lines, number, total), bad input is refused
with the service's reason and changes nothing, the exports carry every line and the totals, and nobody
reaches a basis outside their scope. The pages are read in English (their Swedish is merged later).

Data, hand-counted (Dalarna's fee last year: material 200 + trainer pot 400 = 600 kr a participant-day):

    Occasion "Omgång F", two days in March last year
      staff (Avesta)        present both days           Avesta: 2 × 600 = 1 200 kr
      staff_falun (Falun, also "Staff Testsson") present day 1, day 2 absent Falun:  1 200 kr (a no-show is charged)
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yrkesresan.billing import services
from yrkesresan.billing.models import BasisState, FeeSchedule, InvoiceBasis
from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import attendance_take, registration_create
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, team_member_add
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1
D1, D2 = datetime.date(LAST, 3, 5), datetime.date(LAST, 3, 12)
NBSP = "\u00a0"
OCCASION = "Handläggning med barnet i centrum, Omgång F"


def kr(text: str) -> str:
    """ "1 200,00 kr" as the pages write it (non-breaking spaces)."""
    return text.replace(" ", NBSP)


@pytest.fixture
def charged(world: Any) -> Any:
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
    falun = registration_create(actor=admin, occasion=occasion, person=world["staff_falun"], now=before)
    first, second = occasion.days.order_by("date")
    attendance_take(actor=admin, course_day=first, absent={})
    attendance_take(actor=admin, course_day=second, absent={falun.pk: "sjuk"})
    return world


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _draft(world: Any, municipality: Any, kind: str = "year", number: int = 1) -> InvoiceBasis:
    return services.invoice_basis_create(
        actor=world["regional_admin"], municipality=municipality, period_kind=kind, year=LAST, number=number
    )


def _issued(world: Any, municipality: Any) -> InvoiceBasis:
    """The spring term's basis, issued (a year's basis waits for the trainer pot)."""
    return services.invoice_basis_issue(actor=world["regional_admin"], basis=_draft(world, municipality, "term", 1))


def _create(client: Any, municipality: Any, kind: str = "year", **extra: Any) -> Any:
    data = {"new-municipality": municipality.pk, "new-period_kind": kind, "new-year": LAST, **extra}
    return client.post(reverse("billing_basis_create"), data)


# --- the list -----------------------------------------------------------------------------------------


def test_the_regional_admin_sees_the_regions_bases_and_may_draft_new_ones(client: Any, charged: Any) -> None:
    issued = _issued(charged, charged.avesta)
    _draft(charged, charged.falun)

    response = _as(client, charged["regional_admin"]).get(reverse("billing_basis_list"))

    assert response.status_code == 200
    body = response.content.decode()
    assert [(b.municipality.name, b.state) for b, _label in response.context["rows"]] == [
        ("Avesta", BasisState.ISSUED),
        ("Falun", BasisState.DRAFT),
    ]
    assert issued.number in body
    assert kr("1 200,00 kr") in body  # the issued one's total; a draft's is computed on its page
    assert "Draft a basis" in body and "Drafts for every municipality" in body
    assert 'href="/fakturering/"' in body


def test_a_k_admin_sees_only_their_municipalitys_issued_bases_and_cannot_draft(client: Any, charged: Any) -> None:
    issued = _issued(charged, charged.avesta)
    _draft(charged, charged.avesta, "month", 3)  # a draft is the region's work in progress
    _issued(charged, charged.falun)

    response = _as(client, charged["municipal_admin"]).get(reverse("billing_basis_list"))

    assert [b.pk for b, _label in response.context["rows"]] == [issued.pk]
    assert response.context["create_form"] is None
    assert "Draft a basis" not in response.content.decode()


def test_the_list_filters_by_municipality_and_state(client: Any, charged: Any) -> None:
    _issued(charged, charged.avesta)
    falun = _draft(charged, charged.falun)
    c = _as(client, charged["regional_admin"])

    by_municipality = c.get(reverse("billing_basis_list"), {"municipality": charged.falun.pk})
    drafts = c.get(reverse("billing_basis_list"), {"state": "draft", "year": LAST})
    other_year = c.get(reverse("billing_basis_list"), {"year": LAST - 1})

    assert [b.pk for b, _label in by_municipality.context["rows"]] == [falun.pk]
    assert [b.pk for b, _label in drafts.context["rows"]] == [falun.pk]
    assert other_year.context["rows"] == []


def test_the_list_page_reads_a_fixed_number_of_queries(
    client: Any, charged: Any, django_assert_num_queries: Any
) -> None:
    """Session, user, roles, regions, count, the page, the form's regions, enrolments (the menu), and the
    municipalities of the filter and of the drafting form: ten, however many bases there are."""
    c = _as(client, charged["regional_admin"])
    _draft(charged, charged.avesta)
    _issued(charged, charged.falun)

    with django_assert_num_queries(10):
        assert len(c.get(reverse("billing_basis_list")).context["rows"]) == 2
    for kind, number in (("month", 3), ("month", 4), ("term", 2)):
        _draft(charged, charged.avesta, kind, number)
        _draft(charged, charged.falun, kind, number)
    with django_assert_num_queries(10):
        assert len(c.get(reverse("billing_basis_list")).context["rows"]) == 8


# --- drafting -----------------------------------------------------------------------------------------


def test_drafting_a_basis_shows_its_lines_and_total(client: Any, charged: Any) -> None:
    c = _as(client, charged["regional_admin"])

    response = _create(c, charged.avesta)

    basis = InvoiceBasis.objects.get(municipality=charged.avesta)
    assert response.status_code == 302
    assert response["Location"] == reverse("billing_basis_detail", args=[basis.pk])
    page = c.get(response["Location"])
    body = page.content.decode()
    assert page.context["view"].total == Decimal("1200")
    assert "Staff Testsson" in body and "Omgång F" in body
    assert kr("600,00 kr") in body and kr("1 200,00 kr") in body
    assert "Issue" in body and "Remove the draft" in body
    assert "The draft basis for Avesta" in body  # the message after drafting


def test_drafting_a_basis_that_exists_shows_the_reason_and_creates_nothing(client: Any, charged: Any) -> None:
    _draft(charged, charged.avesta)

    response = _create(_as(client, charged["regional_admin"]), charged.avesta)

    assert response.status_code == 400
    assert "already has a basis" in str(response.context["create_form"].errors["period_kind"])
    assert InvoiceBasis.objects.count() == 1


def test_a_months_basis_needs_its_month(client: Any, charged: Any) -> None:
    c = _as(client, charged["regional_admin"])

    without = _create(c, charged.avesta, "month")
    bad_term = _create(c, charged.avesta, "term", **{"new-term": "3"})

    assert without.status_code == 400
    assert without.context["create_form"].errors["month"] == ["Choose the month."]
    assert "term" in bad_term.context["create_form"].errors
    assert not InvoiceBasis.objects.exists()
    assert _create(c, charged.avesta, "month", **{"new-month": "3"}).status_code == 302
    assert InvoiceBasis.objects.get().period_start == D1.replace(day=1)


def test_a_k_admin_cannot_draft(client: Any, charged: Any) -> None:
    response = _create(_as(client, charged["municipal_admin"]), charged.avesta)

    assert response.status_code == 403
    assert not InvoiceBasis.objects.exists()


def test_drafts_for_every_municipality_skip_the_ones_that_exist(client: Any, charged: Any) -> None:
    _draft(charged, charged.falun)
    c = _as(client, charged["regional_admin"])

    response = c.post(
        reverse("billing_basis_create_all"),
        {"all-region": charged.dalarna.pk, "all-period_kind": "year", "all-year": LAST},
        follow=True,
    )

    body = response.content.decode()
    assert "1 draft basis made for Region Dalarna." in body
    assert "1 municipality already had a basis for the period and was skipped." in body
    assert sorted(InvoiceBasis.objects.values_list("municipality__name", flat=True)) == ["Avesta", "Falun"]


def test_drafts_for_every_municipality_refuse_a_region_not_prepared(client: Any, charged: Any) -> None:
    response = _as(client, charged["regional_admin"]).post(
        reverse("billing_basis_create_all"),
        {"all-region": charged.gavleborg.pk, "all-period_kind": "year", "all-year": LAST},
    )

    assert response.status_code == 400
    assert "region" in response.context["all_form"].errors
    assert not InvoiceBasis.objects.exists()


# --- issuing and removing -----------------------------------------------------------------------------


def test_a_year_end_basis_waits_for_the_trainer_pot(client: Any, charged: Any) -> None:
    occasion = Occasion.objects.get(name="Omgång F")
    leader = make_trainer(charged, "ledare", charged.falun, max_days=10)
    team_member_add(actor=charged["regional_admin"], occasion=occasion, trainer=leader, role=TeamRole.LEADER)
    day_assign(actor=charged["regional_admin"], course_day=occasion.days.first(), trainer=leader, role=DayRole.LEADER)
    basis = _draft(charged, charged.avesta)
    c = _as(client, charged["regional_admin"])

    page = c.get(reverse("billing_basis_detail", args=[basis.pk]))
    response = c.post(reverse("billing_basis_issue", args=[basis.pk]), follow=True)

    assert "The basis cannot be issued yet" in page.content.decode()
    assert f"Issue the trainer pot for {LAST} first" in page.content.decode()
    assert reverse("billing_basis_issue", args=[basis.pk]) not in page.content.decode()
    assert f"Issue the trainer pot for {LAST} first" in response.content.decode()
    assert InvoiceBasis.objects.get().state == BasisState.DRAFT


def test_issuing_asks_first_then_gives_the_number_and_locks_the_basis(client: Any, charged: Any) -> None:
    basis = _draft(charged, charged.avesta, "term", 1)
    c = _as(client, charged["regional_admin"])

    confirm = c.get(reverse("billing_basis_issue", args=[basis.pk]))
    assert "locks the basis for good" in confirm.content.decode()
    assert InvoiceBasis.objects.get().state == BasisState.DRAFT

    response = c.post(reverse("billing_basis_issue", args=[basis.pk]), follow=True)

    basis.refresh_from_db()
    assert basis.number == f"20-{LAST}-0001"
    assert basis.total == Decimal("1200.00")
    body = response.content.decode()
    assert f"The basis is issued with number 20-{LAST}-0001" in body
    assert "Staff Testsson" in body and kr("1 200,00 kr") in body
    assert "Remove the draft" not in body
    assert reverse("billing_basis_export", args=[basis.pk, "xml"]) in body
    again = c.post(reverse("billing_basis_issue", args=[basis.pk]), follow=True)
    assert "already issued" in again.content.decode()
    assert InvoiceBasis.objects.get().number == f"20-{LAST}-0001"


def test_removing_a_draft(client: Any, charged: Any) -> None:
    basis = _draft(charged, charged.avesta)
    c = _as(client, charged["regional_admin"])

    assert "nothing invoiced is lost" in c.get(reverse("billing_basis_delete", args=[basis.pk])).content.decode()
    response = c.post(reverse("billing_basis_delete", args=[basis.pk]), follow=True)

    assert "The draft basis is removed." in response.content.decode()
    assert not InvoiceBasis.objects.exists()


def test_an_issued_basis_cannot_be_removed(client: Any, charged: Any) -> None:
    basis = _issued(charged, charged.avesta)

    response = _as(client, charged["regional_admin"]).post(
        reverse("billing_basis_delete", args=[basis.pk]), follow=True
    )

    assert "cannot be removed" in response.content.decode()
    assert InvoiceBasis.objects.filter(pk=basis.pk).exists()


def test_a_basis_whose_total_is_below_zero_reads_as_a_credit(client: Any, charged: Any) -> None:
    """Falun's no-show was invoiced in the spring term; once no-shows are no longer charged, Falun's next
    basis credits it back: a correction of −600 kr and nothing else."""
    _issued(charged, charged.falun)
    services.fee_schedule_save(
        actor=charged["regional_admin"],
        region=charged.dalarna,
        year=LAST,
        schedule=FeeSchedule.objects.get(),
        charge_no_shows=False,
        components=[services.ComponentInput("Material", "200"), services.ComponentInput("Utbildarpott", "400", True)],
    )
    credit = _draft(charged, charged.falun, "month", 9)

    response = _as(client, charged["regional_admin"]).get(reverse("billing_basis_detail", args=[credit.pk]))

    body = response.content.decode()
    assert response.context["view"].total == Decimal("-600")
    assert "Total to credit" in body and "Totals (credit)" in body
    assert kr("\u2212600,00 kr") in body
    assert "Correction" in body


# --- scoping ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"), [("municipal_admin_falun", 404), ("regional_admin_gavleborg", 404), ("staff", 403)]
)
def test_outsiders_get_404_on_avestas_basis_and_who_has_no_billing_403(
    client: Any, charged: Any, username: str, status: int
) -> None:
    basis = _issued(charged, charged.avesta)
    c = _as(client, charged[username])

    for name, args in (
        ("billing_basis_detail", [basis.pk]),
        ("billing_basis_print", [basis.pk]),
        ("billing_basis_export", [basis.pk, "xlsx"]),
    ):
        assert c.get(reverse(name, args=args)).status_code == status
    assert c.post(reverse("billing_basis_issue", args=[basis.pk])).status_code == status


@pytest.mark.parametrize("username", ["municipal_admin", "manager"])
def test_a_k_admin_or_manager_reads_the_issued_basis_but_cannot_issue_or_remove(
    client: Any, charged: Any, username: str
) -> None:
    issued = _issued(charged, charged.avesta)
    draft = _draft(charged, charged.avesta, "month", 4)
    c = _as(client, charged[username])

    page = c.get(reverse("billing_basis_detail", args=[issued.pk]))

    assert page.status_code == 200
    assert issued.number in page.content.decode()
    assert "Remove the draft" not in page.content.decode()
    assert c.post(reverse("billing_basis_issue", args=[issued.pk])).status_code == 403
    assert c.post(reverse("billing_basis_delete", args=[issued.pk])).status_code == 403
    assert c.get(reverse("billing_basis_detail", args=[draft.pk])).status_code == 404
    assert c.post(reverse("billing_basis_issue", args=[draft.pk])).status_code == 404
    assert InvoiceBasis.objects.get(pk=draft.pk).state == BasisState.DRAFT


# --- exports and the printable page -------------------------------------------------------------------


def test_the_xlsx_export_has_every_line_and_the_totals(client: Any, charged: Any) -> None:
    basis = _issued(charged, charged.avesta)

    response = _as(client, charged["regional_admin"]).get(reverse("billing_basis_export", args=[basis.pk, "xlsx"]))

    assert response["Content-Disposition"] == f'attachment; filename="20-{LAST}-0001.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Invoicing basis", f"20-{LAST}-0001")
    assert rows[1][:2] == ("Municipality", "Avesta")
    header = rows.index(("Date", "Person", "Occasion", "What", "Amount (kr)"))
    lines = [r for r in rows[header + 1 :] if r and r[1] == "Staff Testsson"]
    assert [(r[0].date(), r[2], r[4]) for r in lines] == [(D1, OCCASION, 600), (D2, OCCASION, 600)]
    assert ("Total", None, None, None, 1200) in [tuple(None if v == "" else v for v in r) for r in rows]


def test_the_csv_export_of_a_draft_writes_swedish_amounts(client: Any, charged: Any) -> None:
    basis = _draft(charged, charged.falun)

    response = _as(client, charged["regional_admin"]).get(reverse("billing_basis_export", args=[basis.pk, "csv"]))

    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="faktureringsunderlag-falun-{LAST}-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header = rows.index(["Date", "Person", "Occasion", "What", "Amount (kr)"])
    assert rows[header + 1] == [D1.isoformat(), "Staff Testsson", OCCASION, "Attended", "600,00"]
    assert rows[header + 2][:2] == [D2.isoformat(), "Staff Testsson"]
    assert ["Total", "", "", "", "1200,00"] in rows


def test_the_peppol_export_is_for_issued_bases_with_organisation_numbers(client: Any, charged: Any) -> None:
    draft = _draft(charged, charged.falun)
    issued = _issued(charged, charged.avesta)
    c = _as(client, charged["regional_admin"])

    assert c.get(reverse("billing_basis_export", args=[draft.pk, "xml"])).status_code == 404
    missing = c.get(reverse("billing_basis_export", args=[issued.pk, "xml"]), follow=True)
    assert missing.redirect_chain[-1][0] == reverse("billing_basis_detail", args=[issued.pk])
    assert "organisation number" in missing.content.decode().lower()

    charged.dalarna.organisation_number = "232100-0180"
    charged.dalarna.save()
    charged.avesta.organisation_number = "212000-2148"
    charged.avesta.save()
    response = c.get(reverse("billing_basis_export", args=[issued.pk, "xml"]))

    assert response["Content-Type"] == "application/xml"
    assert response["Content-Disposition"] == f'attachment; filename="20-{LAST}-0001.xml"'
    assert f"20-{LAST}-0001".encode() in response.content
    assert c.get(reverse("billing_basis_export", args=[issued.pk, "pdf"])).status_code == 404


def test_the_printable_page_names_sender_and_receiver_and_every_line(client: Any, charged: Any) -> None:
    charged.dalarna.organisation_number = "232100-0180"
    charged.dalarna.save()
    basis = _issued(charged, charged.avesta)

    response = _as(client, charged["regional_admin"]).get(reverse("billing_basis_print", args=[basis.pk]))

    body = response.content.decode()
    assert "Region Dalarna" in body and "232100-0180" in body and "Avesta" in body
    assert body.count("Staff Testsson") == 2
    assert kr("1 200,00 kr") in body
    assert 'class="main-nav"' not in body  # plain: no menu on paper

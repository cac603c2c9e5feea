"""Billing through the API: fee schedules, invoicing bases, the trainer pot, the cost split and population, with
the same services and scoping as the pages. Outsiders get 404, those who see but may not act 403, bad input a
400 with the service's reasons that changes nothing, and every amount is a string with two decimals.

The data are built through the real services: Dalarna's fee for last year is 600 kr a participant-day (200 kr
for the venue and 400 kr to the trainer pot); an occasion last March has two course days; Avesta's staff
member and Falun's are booked, and the first day's attendance is taken (both there). Avesta's trainer leads
that day and a Falun trainer trains.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.billing import services
from yrkesresan.billing.models import FeeSchedule, InvoiceBasis, InvoiceLine, PeriodKind, TrainerPot
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.services import attendance_take, registration_create
from yrkesresan.organisations.models import Population, Region
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, qualification_grant, team_member_add, trainer_profile_save
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1
P1, P2 = datetime.date(LAST, 3, 1), datetime.date(LAST, 3, 8)
SIGNED_UP = timezone.make_aware(datetime.datetime(LAST, 1, 10, 9))


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def messages(response: Any) -> str:
    """Every message of a 400, flattened (by field or under ``detail``)."""
    body = response.json()
    return " ".join(str(m) for value in body.values() for m in (value if isinstance(value, list) else [value]))


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


def fee_600(world: Any, year: int = LAST) -> FeeSchedule:
    return services.fee_schedule_save(
        actor=world["regional_admin"],
        region=world.dalarna,
        year=year,
        components=[
            services.ComponentInput(name="Lokal och fika", amount="200"),
            services.ComponentInput(name="Utbildarpott", amount="400", is_pot=True),
        ],
    )


@dataclass
class Billed:
    world: Any
    occasion: Occasion
    days: list[CourseDay]

    def __getitem__(self, key: str) -> Any:
        return self.world[key]

    def draft(self, municipality: Any, month: int = 3) -> InvoiceBasis:
        return services.invoice_basis_create(
            actor=self.world["regional_admin"],
            municipality=municipality,
            period_kind=PeriodKind.MONTH,
            year=LAST,
            number=month,
        )

    def take_first_day(self) -> None:
        attendance_take(actor=self.world["regional_admin"], course_day=self.days[0], absent={})


@pytest.fixture
def billed(world: Any) -> Billed:
    fee_600(world)
    occasion = make_occasion(world, [day(P1), day(P2)], name="Omgång B")
    for person in (world["staff"], world["staff_falun"]):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person, now=SIGNED_UP)
    return Billed(world=world, occasion=occasion, days=list(occasion.days.order_by("date")))


# --- fee schedules ----------------------------------------------------------------------------------------


def test_a_preparer_sets_a_fee_schedule_and_amounts_come_back_as_strings(world):
    body = {
        "region": world.dalarna.pk,
        "year": LAST,
        "components": [
            {"name": "Lokal och fika", "amount": "200.00"},
            {"name": "Utbildarpott", "amount": "400", "is_pot": True},
        ],
        "charge_no_shows": False,
    }

    response = client_for(world["regional_admin"]).post("/api/v1/fee-schedules/", body, format="json")

    assert response.status_code == 201, response.content
    data = response.json()
    assert [(c["name"], c["amount"], c["is_pot"]) for c in data["components"]] == [
        ("Lokal och fika", "200.00", False),
        ("Utbildarpott", "400.00", True),
    ]
    assert (data["price"], data["pot"], data["charge_no_shows"], data["leader_shares"]) == (
        "600.00",
        "400.00",
        False,
        "1.50",
    )
    schedule = FeeSchedule.objects.get(pk=data["id"])
    patched = client_for(world["regional_project_leader"]).patch(
        f"/api/v1/fee-schedules/{schedule.pk}/", {"note": "Beslutat i styrelsen"}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["note"], patched.json()["price"], patched.json()["charge_no_shows"]) == (
        "Beslutat i styrelsen",
        "600.00",
        False,
    )


def test_a_fee_schedule_with_two_pot_parts_is_refused_with_the_reason(world):
    body = {
        "region": world.dalarna.pk,
        "year": LAST,
        "components": [{"name": "A", "amount": "1", "is_pot": True}, {"name": "B", "amount": "2", "is_pot": True}],
    }

    response = client_for(world["regional_admin"]).post("/api/v1/fee-schedules/", body, format="json")

    assert response.status_code == 400
    assert "utbildarpotten" in messages(response)
    assert not FeeSchedule.objects.exists()


def test_fee_schedules_are_seen_in_their_region_and_kept_only_by_its_preparers(world):
    schedule = fee_600(world)
    body = {"region": world.dalarna.pk, "year": LAST + 1, "components": [{"name": "Lokal", "amount": "100"}]}

    for who in ("municipal_admin", "manager"):
        assert ids(client_for(world[who]).get("/api/v1/fee-schedules/")) == [schedule.pk]
        assert client_for(world[who]).post("/api/v1/fee-schedules/", body, format="json").status_code == 403
        assert (
            client_for(world[who])
            .patch(f"/api/v1/fee-schedules/{schedule.pk}/", {"note": "x"}, format="json")
            .status_code
            == 403
        )
    assert client_for(world["staff"]).post("/api/v1/fee-schedules/", body, format="json").status_code == 403
    assert client_for(world["staff"]).get("/api/v1/fee-schedules/").status_code == 403
    gavleborg = client_for(world["regional_admin_gavleborg"])
    assert ids(gavleborg.get("/api/v1/fee-schedules/")) == []
    assert gavleborg.get(f"/api/v1/fee-schedules/{schedule.pk}/").status_code == 404
    assert ids(client_for(world["regional_admin"]).get(f"/api/v1/fee-schedules/?region={world.gavleborg.pk}")) == []
    assert ids(client_for(world["regional_admin"]).get(f"/api/v1/fee-schedules/?year={LAST}")) == [schedule.pk]


# --- invoicing bases --------------------------------------------------------------------------------------


def test_a_drafts_lines_and_total_follow_the_attendance_taken(billed):
    client = client_for(billed["regional_admin"])
    created = client.post(
        "/api/v1/invoice-bases/",
        {"municipality": billed.world.avesta.pk, "period_kind": "month", "year": LAST, "number": 3},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert (created.json()["state"], created.json()["total"], created.json()["lines"]) == ("draft", "0.00", [])

    billed.take_first_day()
    data = client.get(f"/api/v1/invoice-bases/{created.json()['id']}/").json()

    assert data["period"] == f"{LAST}-03"
    assert data["totals"] == {
        "total": "600.00",
        "fees": "600.00",
        "corrections": "0.00",
        "pot_payout": "0.00",
        "participant_days": 1,
        "is_credit": False,
    }
    assert data["total"] == "600.00"
    [line] = data["lines"]
    assert (line["kind"], line["reason"], line["person"], line["date"], line["amount"]) == (
        "fee",
        "attended",
        billed["staff"].pk,
        P1.isoformat(),
        "600.00",
    )
    assert line["occasion"] == billed.occasion.pk


def test_issuing_gives_a_number_and_an_issued_basis_cannot_be_removed(billed):
    billed.take_first_day()
    basis = billed.draft(billed.world.avesta)
    client = client_for(billed["regional_admin"])

    issued = client.post(f"/api/v1/invoice-bases/{basis.pk}/issue/")

    assert issued.status_code == 200, issued.content
    assert (issued.json()["state"], issued.json()["number"], issued.json()["total"]) == (
        "issued",
        f"20-{LAST}-0001",
        "600.00",
    )
    removed = client.delete(f"/api/v1/invoice-bases/{basis.pk}/")
    assert removed.status_code == 400
    assert "utfärdat underlag kan inte tas bort" in messages(removed)
    again = client.get(f"/api/v1/invoice-bases/{basis.pk}/").json()
    assert [(line["kind"], line["amount"]) for line in again["lines"]] == [("fee", "600.00")]
    assert InvoiceLine.objects.filter(basis=basis).count() == 1
    assert client.post(f"/api/v1/invoice-bases/{basis.pk}/issue/").status_code == 400


def test_a_draft_can_be_removed_and_a_second_basis_for_the_period_is_refused(billed):
    basis = billed.draft(billed.world.avesta)
    client = client_for(billed["regional_admin"])
    body = {"municipality": billed.world.avesta.pk, "period_kind": "month", "year": LAST, "number": 3}

    assert client.post("/api/v1/invoice-bases/", body, format="json").status_code == 400
    assert client.delete(f"/api/v1/invoice-bases/{basis.pk}/").status_code == 204
    assert not InvoiceBasis.objects.exists()
    body["number"] = 13
    assert "månad" in messages(client.post("/api/v1/invoice-bases/", body, format="json"))


def test_the_list_of_bases_is_scoped_per_role(billed):
    billed.take_first_day()
    avesta = billed.draft(billed.world.avesta)
    falun = billed.draft(billed.world.falun)
    avesta_april = billed.draft(billed.world.avesta, month=4)
    services.invoice_basis_issue(actor=billed["regional_admin"], basis=avesta)
    url = "/api/v1/invoice-bases/"

    assert ids(client_for(billed["regional_admin"]).get(url)) == sorted([avesta.pk, falun.pk, avesta_april.pk])
    assert ids(client_for(billed["regional_project_leader"]).get(url)) == sorted([avesta.pk, falun.pk, avesta_april.pk])
    assert ids(client_for(billed["municipal_admin"]).get(url)) == [avesta.pk]
    assert ids(client_for(billed["manager"]).get(url)) == [avesta.pk]
    assert ids(client_for(billed["municipal_admin_falun"]).get(url)) == []
    assert ids(client_for(billed["regional_admin_gavleborg"]).get(url)) == []
    for outsider in ("staff", "trainer", "national_editor"):  # billing is not theirs at all
        assert client_for(billed[outsider]).get(url).status_code == 403
    client = client_for(billed["regional_admin"])
    assert ids(client.get(f"{url}?state=draft")) == sorted([falun.pk, avesta_april.pk])
    assert ids(client.get(f"{url}?municipality={billed.world.falun.pk}")) == [falun.pk]
    assert ids(client.get(f"{url}?year={LAST + 1}")) == []
    assert ids(client.get(f"{url}?region={billed.world.dalarna.pk}&year={LAST}&state=issued")) == [avesta.pk]
    assert client.get(f"{url}?state=paid").status_code == 400
    listed = {row["id"]: row for row in client.get(url).json()["results"]}
    assert (listed[avesta.pk]["total"], listed[falun.pk]["total"]) == ("600.00", None)


def test_a_kadmin_cannot_create_or_issue_and_sees_only_their_own_issued_bases(billed):
    billed.take_first_day()
    avesta = billed.draft(billed.world.avesta)
    falun = billed.draft(billed.world.falun)
    kadmin = client_for(billed["municipal_admin"])
    body = {"municipality": billed.world.avesta.pk, "period_kind": "month", "year": LAST, "number": 5}

    assert kadmin.post("/api/v1/invoice-bases/", body, format="json").status_code == 403
    assert kadmin.get(f"/api/v1/invoice-bases/{avesta.pk}/").status_code == 404  # a draft is the region's
    assert kadmin.post(f"/api/v1/invoice-bases/{avesta.pk}/issue/").status_code == 404
    services.invoice_basis_issue(actor=billed["regional_admin"], basis=avesta)
    services.invoice_basis_issue(actor=billed["regional_admin"], basis=falun)

    seen = kadmin.get(f"/api/v1/invoice-bases/{avesta.pk}/")
    assert seen.status_code == 200
    assert seen.json()["totals"]["total"] == "600.00"
    assert kadmin.post(f"/api/v1/invoice-bases/{avesta.pk}/issue/").status_code == 403
    assert kadmin.delete(f"/api/v1/invoice-bases/{avesta.pk}/").status_code == 403
    assert client_for(billed["municipal_admin_falun"]).get(f"/api/v1/invoice-bases/{avesta.pk}/").status_code == 404
    assert client_for(billed["municipal_admin"]).get(f"/api/v1/invoice-bases/{falun.pk}/").status_code == 404
    assert InvoiceBasis.objects.filter(municipality=billed.world.avesta).count() == 1


def test_an_issued_basis_is_exported_as_peppol_xml_and_a_draft_is_refused(billed):
    Region.objects.filter(pk=billed.world.dalarna.pk).update(organisation_number="232100-0180")
    billed.world.avesta.__class__.objects.filter(pk=billed.world.avesta.pk).update(organisation_number="212000-2148")
    billed.take_first_day()
    basis = billed.draft(billed.world.avesta)
    client = client_for(billed["regional_admin"])

    draft = client.get(f"/api/v1/invoice-bases/{basis.pk}/peppol/")
    assert draft.status_code == 400
    assert "utfärdat" in messages(draft)
    services.invoice_basis_issue(actor=billed["regional_admin"], basis=basis)
    response = client.get(f"/api/v1/invoice-bases/{basis.pk}/peppol/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert b"<cbc:ID>20-" in response.content
    assert (
        client_for(billed["municipal_admin_falun"]).get(f"/api/v1/invoice-bases/{basis.pk}/peppol/").status_code == 404
    )


# --- the trainer pot --------------------------------------------------------------------------------------


@pytest.fixture
def taught(billed: Billed) -> Billed:
    """Avesta's trainer leads the first day (1.5 shares) and a Falun trainer trains (1 share)."""
    world = billed.world
    admin = world["regional_admin"]
    avesta = trainer_profile_save(actor=admin, person=world["trainer"], home_municipality=world.avesta)
    qualification_grant(actor=admin, trainer=avesta, course=world.bou_course)
    falun = make_trainer(world, "falun_t", world.falun)
    team_member_add(actor=admin, occasion=billed.occasion, trainer=avesta, role=TeamRole.LEADER)
    team_member_add(actor=admin, occasion=billed.occasion, trainer=falun, role=TeamRole.TRAINER)
    day_assign(actor=admin, course_day=billed.days[0], trainer=avesta, role=DayRole.LEADER)
    day_assign(actor=admin, course_day=billed.days[0], trainer=falun, role=DayRole.TRAINER)
    billed.take_first_day()
    return billed


def test_the_pot_shows_the_whole_calculation_to_a_preparer(taught):
    region = taught.world.dalarna

    data = client_for(taught["regional_admin"]).get(f"/api/v1/trainer-pots/{region.pk}/{LAST}/").json()

    assert (data["total"], data["participant_days"], data["total_shares"], data["value_per_share"]) == (
        "800.00",
        2,
        "2.50",
        "320.00",
    )
    assert data["weights"] == {"leader": "1.50", "trainer": "1.00"}
    assert (data["issued"], data["issued_at"]) == (False, None)
    assert [
        (t["municipality_name"], t["days_led"], t["days_trained"], t["shares"], t["payout"]) for t in data["trainers"]
    ] == [
        ("Avesta", 1, 0, "1.50", "480.00"),
        ("Falun", 0, 1, "1.00", "320.00"),
    ]
    assert [(m["name"], m["payout"]) for m in data["municipalities"]] == [("Avesta", "480.00"), ("Falun", "320.00")]
    assert [(d["date"], len(d["shares"])) for d in data["days"]] == [(P1.isoformat(), 2)]


def test_a_kadmin_sees_only_their_municipalitys_pot_rows_and_cannot_issue(taught):
    url = f"/api/v1/trainer-pots/{taught.world.dalarna.pk}/{LAST}/"
    kadmin = client_for(taught["municipal_admin"])

    data = kadmin.get(url).json()

    assert [t["municipality_name"] for t in data["trainers"]] == ["Avesta"]
    assert [m["name"] for m in data["municipalities"]] == ["Avesta"]
    # The region's totals: a share is worth the same in every municipality's view.
    assert (data["total"], data["total_shares"], data["value_per_share"]) == ("800.00", "2.50", "320.00")
    assert [[s["trainer"] for s in d["shares"]] for d in data["days"]] == [["Trainer Testsson"]]
    assert kadmin.post(f"{url}issue/").status_code == 403
    assert not TrainerPot.objects.exists()


def test_issuing_the_pot_copies_it_and_outsiders_get_404(taught):
    url = f"/api/v1/trainer-pots/{taught.world.dalarna.pk}/{LAST}/"

    issued = client_for(taught["regional_admin"]).post(f"{url}issue/")

    assert issued.status_code == 201, issued.content
    data = issued.json()
    assert data["issued"] is True and data["issued_at"]
    assert [(t["name"], t["payout"]) for t in data["trainers"]] == [
        ("Trainer Testsson", "480.00"),
        ("Falun T Utbildare", "320.00"),
    ]
    assert client_for(taught["regional_admin"]).post(f"{url}issue/").status_code == 400
    assert client_for(taught["regional_admin_gavleborg"]).get(url).status_code == 404
    assert client_for(taught["regional_admin_gavleborg"]).post(f"{url}issue/").status_code == 404
    assert client_for(taught["staff"]).get(url).status_code == 403
    assert client_for(taught["regional_admin"]).get(f"/api/v1/trainer-pots/999999/{LAST}/").status_code == 404


# --- the cost split ---------------------------------------------------------------------------------------


def test_the_fixed_costs_are_shared_by_population_to_the_krona(world):
    url = f"/api/v1/cost-splits/{world.dalarna.pk}/2024/"
    client = client_for(world["regional_admin"])

    response = client.put(url, {"total": "1030000", "population_year": 2023}, format="json")

    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["cost"]["total"], data["population_year"], data["population"], data["missing"]) == (
        "1030000.00",
        2023,
        22753 + 59986,
        [],
    )
    rows = {row["name"]: row for row in data["rows"]}
    assert rows["Avesta"]["national_fee"] == "51876.84"  # 22,753 × 2.28
    assert rows["Avesta"]["share"].endswith(".00") and rows["Falun"]["share"].endswith(".00")
    assert sum(float(row["share"]) for row in data["rows"]) == 1030000
    assert data["shared"] == "1030000.00"
    assert client.put(url, {"total": "1030000.50"}, format="json").status_code == 400


def test_a_kadmin_sees_their_share_of_the_costs_and_cannot_set_them(world):
    services.regional_cost_save(actor=world["regional_admin"], region=world.dalarna, year=2024, total="1030000")
    url = f"/api/v1/cost-splits/{world.dalarna.pk}/2024/"
    kadmin = client_for(world["municipal_admin"])

    data = kadmin.get(url).json()

    assert [row["name"] for row in data["rows"]] == ["Avesta"]
    assert data["shared"] == "1030000.00"
    assert kadmin.put(url, {"total": "1"}, format="json").status_code == 403
    assert kadmin.post(url, {"total": "1"}, format="json").status_code == 403
    assert client_for(world["regional_admin_gavleborg"]).get(url).status_code == 404
    assert client_for(world["staff"]).get(url).status_code == 403


# --- population -------------------------------------------------------------------------------------------


def test_population_figures_are_listed_in_scope_and_set_by_the_regions_roles(world):
    client = client_for(world["regional_admin"])

    created = client.post(
        "/api/v1/populations/", {"municipality": world.falun.pk, "year": 2024, "count": 60100}, format="json"
    )

    assert created.status_code == 201, created.content
    assert (created.json()["municipality_name"], created.json()["count"]) == ("Falun", 60100)
    listed = client.get(f"/api/v1/populations/?region={world.dalarna.pk}&year=2024").json()["results"]
    assert [(row["municipality_name"], row["count"]) for row in listed] == [("Falun", 60100)]
    gavleborg = client_for(world["regional_admin_gavleborg"]).get("/api/v1/populations/").json()["results"]
    assert [row["municipality_name"] for row in gavleborg] == ["Gävle"]
    refused = client_for(world["municipal_admin"]).post(
        "/api/v1/populations/", {"municipality": world.avesta.pk, "year": 2024, "count": 1}, format="json"
    )
    assert refused.status_code == 403
    unknown = client_for(world["regional_admin_gavleborg"]).post(
        "/api/v1/populations/", {"municipality": world.avesta.pk, "year": 2024, "count": 1}, format="json"
    )
    assert unknown.status_code == 400


def test_a_population_file_with_errors_is_refused_whole_listing_every_error(world):
    text = "Kommun;År;Folkmängd\nAvesta;2024;23000\nMora;2024;20000\nFalun;tjugo;60000\nFalun;2024;många\n"

    response = client_for(world["regional_admin"]).post(
        "/api/v1/populations/import/", {"region": world.dalarna.pk, "text": text}, format="json"
    )

    assert response.status_code == 400
    errors = response.json()["detail"]
    assert len(errors) == 3
    assert [e.split(":")[0] for e in errors] == ["Rad 3", "Rad 4", "Rad 5"]
    assert not Population.objects.filter(year=2024).exists()


def test_a_population_file_is_imported_from_an_upload(world):
    upload = SimpleUploadedFile(
        "befolkning.csv", "Kommunkod;År;Folkmängd\n2084;2024;23000\n2080;2023;59986\n".encode(), "text/csv"
    )

    response = client_for(world["regional_admin"]).post(
        "/api/v1/populations/import/", {"region": world.dalarna.pk, "file": upload}, format="multipart"
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"created": 1, "updated": 0, "unchanged": 1}
    assert Population.objects.get(municipality=world.avesta, year=2024).count == 23000
    refused = client_for(world["municipal_admin"]).post(
        "/api/v1/populations/import/", {"region": world.dalarna.pk, "text": "Kommun;År;Folkmängd\n"}, format="json"
    )
    assert refused.status_code == 403

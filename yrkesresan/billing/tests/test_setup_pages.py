"""The billing set-up pages as their users meet them: a region's administrator sets the fee schedule (and
is told what is wrong with it, nothing saved), reads the trainer pot's whole calculation and issues it,
gives the fixed costs and sees them split by population, and keeps the population figures (a file with
errors changes nothing and names every line). A k-admin sees only their municipality's trainers, and
another region's administrator cannot reach Dalarna's pages. Plus the Swedish money filter."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from yrkesresan.billing import services
from yrkesresan.billing.models import FeeComponent, FeeSchedule, TrainerPot
from yrkesresan.billing.templatetags.billing_tags import format_money, format_number
from yrkesresan.occasions.models import DayAttendance, Registration, RegistrationState
from yrkesresan.organisations.models import Population
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, team_member_add
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
LAST = timezone.localdate().year - 1
HELD = datetime.date(LAST, 3, 10)


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _schedule_post(year: int, parts: list[tuple[str, str, bool]], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": str(year),
        "charge_late_cancellations": "on",
        "charge_no_shows": "on",
        "charge_regional": "on",
        "leader_shares": "1,5",
        "trainer_shares": "1",
        "pot_start": "",
        "pot_end": "",
        "note": "",
        "parts-TOTAL_FORMS": str(len(parts) + 1),
        "parts-INITIAL_FORMS": "0",
        "parts-MIN_NUM_FORMS": "0",
        "parts-MAX_NUM_FORMS": "30",
    }
    for i, (name, amount, is_pot) in enumerate([*parts, ("", "", False)]):
        data[f"parts-{i}-name"] = name
        data[f"parts-{i}-amount"] = amount
        if is_pot:
            data[f"parts-{i}-is_pot"] = "on"
    data.update(extra)
    return data


def _schedule(world: Any, year: int = LAST) -> FeeSchedule:
    return services.fee_schedule_save(
        actor=world["regional_admin"],
        region=world.dalarna,
        year=year,
        components=[
            services.ComponentInput("Material, administration och buffert", "200"),
            services.ComponentInput("Utbildarpott", "400", is_pot=True),
        ],
    )


@pytest.fixture
def taught(world: Any) -> dict[str, Any]:
    """Last year in Dalarna: one regional course day held with 3 participants present (3 × 400 = 1,200 kr
    in the pot), led by Avesta's trainer (1.5 shares) with Falun's as trainer (1 share): 720 and 480 kr."""
    _schedule(world)
    admin = world["regional_admin"]
    avesta = make_trainer(world, "avesta_utb", world.avesta, max_days=5)
    falun = make_trainer(world, "falun_utb", world.falun, max_days=5)
    occasion = make_occasion(world, [day(HELD, address="Falun")], name="Omgång pott")
    course_day = occasion.days.get()
    team_member_add(actor=admin, occasion=occasion, trainer=avesta, role=TeamRole.LEADER)
    team_member_add(actor=admin, occasion=occasion, trainer=falun, role=TeamRole.TRAINER)
    day_assign(actor=admin, course_day=course_day, trainer=avesta, role=DayRole.LEADER)
    day_assign(actor=admin, course_day=course_day, trainer=falun, role=DayRole.TRAINER)
    # Attendance of a day held last year, written as taking attendance leaves it.
    for name in ("staff", "staff_boende", "staff_falun"):
        registration = Registration.objects.create(
            occasion=occasion, user=world[name], state=RegistrationState.ATTENDED, municipality_at_signup=None
        )
        DayAttendance.objects.create(registration=registration, course_day=course_day, present=True, by=admin)
    return {"avesta": avesta, "falun": falun, "occasion": occasion}


# --- the money filter ----------------------------------------------------------------------------------


def test_amounts_read_as_swedes_write_them() -> None:
    assert format_money(Decimal("1250")) == f"1{NBSP}250,00{NBSP}kr"
    assert format_money(Decimal("8000"), "whole") == f"8{NBSP}000{NBSP}kr"
    assert format_money(Decimal("2666.67"), "whole") == f"2{NBSP}666,67{NBSP}kr"
    assert format_money(Decimal("-1200")) == f"\u22121{NBSP}200,00{NBSP}kr"
    assert format_number(Decimal("1.50")) == "1,5"
    assert format_number(22753) == f"22{NBSP}753"


# --- fee schedules -------------------------------------------------------------------------------------


def test_a_regional_admin_creates_a_fee_schedule_and_sees_its_total(client: Any, world: Any) -> None:
    c = _as(client, world["regional_admin"])
    parts = [("Lokal och fika", "300", False), ("Administration", "400", False), ("Utbildarpott", "400", True)]
    parts += [("Kursmaterial", "100", False), ("Buffert", "50", False)]

    response = c.post(reverse("billing_schedule_create"), _schedule_post(2025, parts), follow=True)

    assert response.status_code == 200
    schedule = FeeSchedule.objects.get(region=world.dalarna, year=2025)
    assert [(p.name, p.amount, p.is_pot) for p in schedule.components.all()][2] == (
        "Utbildarpott",
        Decimal("400.00"),
        True,
    )
    assert schedule.leader_shares == Decimal("1.5")
    body = response.content.decode()
    assert f"1{NBSP}250,00{NBSP}kr" in body  # the total per participant-day on the list
    assert "1 250" in body.replace(NBSP, " ")  # and in the message


def test_a_second_pot_part_is_refused_with_the_field_and_nothing_is_saved(client: Any, world: Any) -> None:
    c = _as(client, world["regional_admin"])
    parts = [("Utbildarpott", "400", True), ("Pott två", "100", True), ("Material", "-5", False)]

    response = c.post(reverse("billing_schedule_create"), _schedule_post(2025, parts))

    assert response.status_code == 400
    assert not FeeSchedule.objects.exists()
    assert not FeeComponent.objects.exists()
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert response.context["parts"].forms[2].errors["amount"]  # the negative amount, on its field
    # Fix the negative amount: the second pot part is then the one error, on its own checkbox.
    parts[2] = ("Material", "5", False)
    response = c.post(reverse("billing_schedule_create"), _schedule_post(2025, parts))
    assert response.status_code == 400
    formset = response.context["parts"]
    assert formset.forms[1].errors["is_pot"]
    assert 'href="#id_parts-1-is_pot"' in response.content.decode()
    assert not FeeSchedule.objects.exists()


def test_only_preparers_create_or_change_fee_schedules_and_k_admins_read_them(client: Any, world: Any) -> None:
    schedule = _schedule(world)
    k_admin = _as(client, world["municipal_admin"])

    assert k_admin.get(reverse("billing_schedule_list")).status_code == 200
    assert "Utbildarpott" in k_admin.get(reverse("billing_schedule_list")).content.decode()
    assert k_admin.get(reverse("billing_schedule_create")).status_code == 403
    assert k_admin.post(reverse("billing_schedule_edit", args=[schedule.pk]), {}).status_code == 403
    assert (
        _as(client, world["regional_admin_gavleborg"])
        .get(reverse("billing_schedule_edit", args=[schedule.pk]))
        .status_code
        == 404
    )
    assert _as(client, world["staff"]).get(reverse("billing_overview")).status_code == 403


def test_editing_a_schedule_keeps_its_parts_and_changes_them(client: Any, world: Any) -> None:
    schedule = _schedule(world)
    c = _as(client, world["regional_admin"])
    page = c.get(reverse("billing_schedule_edit", args=[schedule.pk]))
    assert page.status_code == 200
    assert page.context["parts"].forms[1].initial["name"] == "Utbildarpott"

    data = _schedule_post(LAST, [("Allt utom pott", "250", False), ("Utbildarpott", "400", True)])
    assert c.post(reverse("billing_schedule_edit", args=[schedule.pk]), data).status_code == 302
    assert sum(p.amount for p in schedule.components.all()) == Decimal("650")


# --- the trainer pot -----------------------------------------------------------------------------------


def test_the_pot_page_shows_the_whole_calculation(client: Any, world: Any, taught: dict[str, Any]) -> None:
    response = _as(client, world["regional_admin"]).get(reverse("billing_pot", args=[LAST]))

    assert response.status_code == 200
    pot = response.context["pot"]
    assert (pot.participant_days, pot.total, pot.total_shares) == (3, Decimal("1200"), Decimal("2.5"))
    assert [(t.name, t.shares, t.payout) for t in pot.trainers] == [
        ("Avesta Utb Utbildare", Decimal("1.5"), Decimal("720")),
        ("Falun Utb Utbildare", Decimal("1"), Decimal("480")),
    ]
    body = response.content.decode()
    for figure in (f"1{NBSP}200{NBSP}kr", f"720{NBSP}kr", f"480{NBSP}kr", f"480,00{NBSP}kr", "2,5", "1,5"):
        assert figure in body, figure
    assert "Omgång pott" in body
    assert reverse("billing_pot_issue", args=[LAST]) in body


def test_this_years_pot_says_when_it_can_be_issued_instead_of_offering_it(client: Any, world: Any) -> None:
    this_year = timezone.localdate().year
    body = _as(client, world["regional_admin"]).get(reverse("billing_pot", args=[this_year])).content.decode()

    assert reverse("billing_pot_issue", args=[this_year]) not in body
    assert f"31 december {this_year}" in body.casefold()


def test_issuing_the_pot_locks_it(client: Any, world: Any, taught: dict[str, Any]) -> None:
    c = _as(client, world["regional_admin"])

    response = c.post(reverse("billing_pot_issue", args=[LAST]), follow=True)

    pot = TrainerPot.objects.get(region=world.dalarna, year=LAST)
    assert (pot.total, pot.issued_by) == (Decimal("1200"), world["regional_admin"])
    assert response.context["pot"].issued == pot
    assert reverse("billing_pot_issue", args=[LAST]) not in response.content.decode()
    # Another held day later does not change the issued pot.
    c.post(reverse("billing_pot_issue", args=[LAST]))
    assert TrainerPot.objects.count() == 1
    assert sorted(p.amount for p in pot.payouts.all()) == [Decimal("480"), Decimal("720")]


def test_only_preparers_issue_the_pot(client: Any, world: Any, taught: dict[str, Any]) -> None:
    assert _as(client, world["municipal_admin"]).post(reverse("billing_pot_issue", args=[LAST])).status_code == 403
    assert not TrainerPot.objects.exists()


def test_a_k_admin_sees_avestas_payouts_not_faluns(client: Any, world: Any, taught: dict[str, Any]) -> None:
    response = _as(client, world["municipal_admin"]).get(reverse("billing_pot", args=[LAST]))

    assert response.status_code == 200
    assert [t.name for t in response.context["pot"].trainers] == ["Avesta Utb Utbildare"]
    body = response.content.decode()
    assert "Avesta Utb Utbildare" in body
    assert "Falun Utb Utbildare" not in body
    assert f"1{NBSP}200,00{NBSP}kr" in body  # the pot's total
    assert reverse("billing_pot_issue", args=[LAST]) not in body

    services.trainer_pot_issue(actor=world["regional_admin"], region=world.dalarna, year=LAST)
    overview = _as(client, world["municipal_admin"]).get(reverse("billing_overview"))
    assert [p.trainer_name for p in overview.context["own_payouts"]] == ["Avesta Utb Utbildare"]
    assert "Falun Utb Utbildare" not in overview.content.decode()


def test_gavleborgs_admin_cannot_reach_dalarnas_pages(client: Any, world: Any, taught: dict[str, Any]) -> None:
    c = _as(client, world["regional_admin_gavleborg"])
    dalarna = f"?region={world.dalarna.pk}"

    for url in (
        reverse("billing_overview"),
        reverse("billing_schedule_list"),
        reverse("billing_pot", args=[LAST]),
        reverse("billing_costs", args=[LAST]),
        reverse("billing_population"),
    ):
        assert c.get(url + dalarna).status_code == 404, url
    assert c.post(reverse("billing_pot_issue", args=[LAST]) + dalarna).status_code == 404
    own = c.get(reverse("billing_pot", args=[LAST]))
    assert own.status_code == 200 and own.context["region"] == world.gavleborg
    assert own.context["pot"].total == 0


# --- fixed costs and population ------------------------------------------------------------------------


def test_the_cost_split_of_dalarna_sums_to_the_total(client: Any, world: Any) -> None:
    c = _as(client, world["regional_admin"])
    response = c.post(
        reverse("billing_costs", args=[2024]),
        {"total": "1 030 000", "population_year": "2023", "description": "Samordnare och administratör"},
        follow=True,
    )

    split = response.context["split"]
    assert [(r.name, r.population, r.share) for r in split.rows] == [
        ("Avesta", 22753, Decimal("283247")),
        ("Falun", 59986, Decimal("746753")),
    ]
    assert split.shared == Decimal("1030000")
    body = response.content.decode()
    assert f"1{NBSP}030{NBSP}000{NBSP}kr" in body
    assert f"51{NBSP}876,84{NBSP}kr" in body  # Avesta's national fee: 22,753 × 2.28


def test_fixed_costs_in_ore_are_refused(client: Any, world: Any) -> None:
    c = _as(client, world["regional_admin"])
    response = c.post(reverse("billing_costs", args=[2024]), {"total": "1000,50", "population_year": "2023"})
    assert response.status_code == 400
    assert response.context["form"].errors["total"]


def test_a_missing_population_is_named_and_the_split_not_shown(client: Any, world: Any) -> None:
    services.regional_cost_save(actor=world["regional_admin"], region=world.dalarna, year=2025, total="1030000")
    response = _as(client, world["regional_admin"]).get(reverse("billing_costs", args=[2025]))
    assert response.context["split"].missing == ["Avesta", "Falun"]
    assert "<tfoot>" not in response.content.decode()


def test_a_k_admin_sees_their_own_row_marked_and_cannot_change_the_costs(client: Any, world: Any) -> None:
    services.regional_cost_save(actor=world["regional_admin"], region=world.dalarna, year=2024, total="1030000")
    c = _as(client, world["municipal_admin"])
    response = c.get(reverse("billing_costs", args=[2024]))
    assert response.status_code == 200
    assert response.context["own_ids"] == {world.avesta.pk}
    assert 'class="highlight"' in response.content.decode()
    assert response.context["form"] is None
    assert c.post(reverse("billing_costs", args=[2024]), {"total": "1"}).status_code == 403


def test_a_population_file_with_errors_lists_them_all_and_changes_nothing(client: Any, world: Any) -> None:
    before = list(Population.objects.order_by("pk").values_list("municipality_id", "year", "count"))
    content = "Kommun;År;Folkmängd\nAvesta;2024;22800\nMalung;2024;10000\nFalun;2024;många\nAvesta;2024;22900\n"
    upload = SimpleUploadedFile("befolkning.csv", content.encode(), content_type="text/csv")

    response = _as(client, world["regional_admin"]).post(
        reverse("billing_population"), {"action": "import", "file": upload}
    )

    assert response.status_code == 400
    errors = response.context["import_errors"]
    assert len(errors) == 3
    assert [e.split(":")[0] for e in errors] == ["Rad 3", "Rad 4", "Rad 5"]
    body = response.content.decode()
    assert "Malung" in body and "många" in body
    assert list(Population.objects.order_by("pk").values_list("municipality_id", "year", "count")) == before


def test_a_good_population_file_says_how_many_were_added_and_changed(client: Any, world: Any) -> None:
    content = "Kommun;År;Folkmängd\nAvesta;2023;22800\nFalun;2024;60100\n"
    upload = SimpleUploadedFile("befolkning.csv", content.encode(), content_type="text/csv")
    response = _as(client, world["regional_admin"]).post(
        reverse("billing_population"), {"action": "import", "file": upload}, follow=True
    )
    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"]]
    assert re.findall(r"\d+", message) == ["1", "1", "0"]  # added, changed, unchanged (in either language)
    assert Population.objects.get(municipality=world.avesta, year=2023).count == 22800


def test_one_population_figure_is_saved_and_a_bad_one_is_refused(client: Any, world: Any) -> None:
    c = _as(client, world["regional_admin"])
    url = reverse("billing_population")
    bad = c.post(url, {"action": "save", "municipality": world.falun.pk, "year": "2024", "count": "sextio"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["count"]
    assert (
        c.post(url, {"action": "save", "municipality": world.falun.pk, "year": "2024", "count": "60 100"}).status_code
        == 302
    )
    assert Population.objects.get(municipality=world.falun, year=2024).count == 60100
    assert _as(client, world["municipal_admin"]).get(url).status_code == 403
    example = _as(client, world["regional_admin"]).get(reverse("billing_population_example"))
    assert "Kommun;År;Folkmängd" in example.content.decode()


def test_the_overview_and_the_menu(client: Any, world: Any, taught: dict[str, Any]) -> None:
    admin = _as(client, world["regional_admin"]).get(reverse("billing_overview"))
    assert admin.status_code == 200
    assert [p.year for p in admin.context["pots"]] == [LAST + 1, LAST]
    assert reverse("billing_overview") in _as(client, world["municipal_admin"]).get("/").content.decode()
    assert reverse("billing_overview") not in _as(client, world["staff"]).get("/").content.decode()
    chooser = _as(client, world["system_admin"]).get(reverse("billing_overview"))
    assert chooser.status_code == 200 and "region" not in chooser.context
    assert (
        _as(client, world["system_admin"]).get(reverse("billing_overview") + f"?region={world.dalarna.pk}").status_code
        == 200
    )


def test_the_pot_payouts_download_as_a_spreadsheet(client: Any, world: Any, taught: dict[str, Any]) -> None:
    response = _as(client, world["regional_admin"]).get(reverse("billing_pot_export", args=[LAST]), {"format": "csv"})
    assert response.status_code == 200
    rows = [line.split(";") for line in response.content.decode("utf-8-sig").splitlines()]
    assert [(r[0], r[1], r[4], r[6]) for r in rows[1:]] == [
        ("Avesta Utb Utbildare", "Avesta", "1.50", "720"),
        ("Falun Utb Utbildare", "Falun", "1.00", "480"),
    ]
    k_admin = _as(client, world["municipal_admin"]).get(reverse("billing_pot_export", args=[LAST]), {"format": "csv"})
    assert "Falun Utb" not in k_admin.content.decode("utf-8-sig")

"""The inventory and planning pages end to end: a k-admin reports their municipality (and only theirs),
bad input is shown per field with nothing saved, the region's overview with totals and its export, and
the planning suggestion with its assumptions form. (English pages until the Swedish strings are merged.)"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yrkesresan.followup.models import InventoryReport, PlanningAssumptions
from yrkesresan.followup.services.inventory import inventory_save

pytestmark = pytest.mark.django_db

YEAR = 2026
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _as(client, user):
    client.force_login(user)
    return client


def edit_url(world, municipality, year=YEAR):
    return reverse("followup_inventory_edit", args=[municipality.pk, world.bou.pk, year])


def overview_url(world, region=None):
    region = region or world.dalarna
    return reverse("followup_inventory") + f"?region={region.pk}&journey={world.bou.pk}&year={YEAR}"


def planning_url(world, region=None):
    region = region or world.dalarna
    return reverse("followup_planning") + f"?region={region.pk}&journey={world.bou.pk}&year={YEAR}"


def form_data(world, *, staff="12", managers="2", venues=(("Folkets hus", "30", ""),), note=""):
    data = {
        f"staff_{world.bou_ny.pk}": staff,
        f"managers_{world.bou_ny.pk}": managers,
        "note": note,
        "venue-TOTAL_FORMS": str(len(venues) + 1),
        "venue-INITIAL_FORMS": "0",
        "venue-MIN_NUM_FORMS": "0",
        "venue-MAX_NUM_FORMS": "200",
    }
    for i, (name, places, vnote) in enumerate(venues):
        data |= {f"venue-{i}-name": name, f"venue-{i}-places": places, f"venue-{i}-note": vnote}
    return data


def test_a_kadmin_reports_avesta_and_lands_on_the_overview(client, world) -> None:
    _as(client, world["municipal_admin"])
    page = client.get(edit_url(world, world.avesta), **EN)
    assert page.status_code == 200
    assert b"Inventory of Avesta" in page.content
    response = client.post(edit_url(world, world.avesta), form_data(world, note="Tre nya i vår"), **EN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("followup_inventory"))
    saved = InventoryReport.objects.get(municipality=world.avesta, journey=world.bou, year=YEAR)
    assert saved.note == "Tre nya i vår"
    assert (saved.levels.get().staff, saved.levels.get().managers) == (12, 2)
    assert [(v.name, v.places) for v in saved.venues.all()] == [("Folkets hus", 30)]
    again = client.get(edit_url(world, world.avesta), **EN)
    assert b'value="Folkets hus"' in again.content and b'value="12"' in again.content


def test_bad_input_is_shown_per_field_and_nothing_is_saved(client, world) -> None:
    _as(client, world["municipal_admin"])
    response = client.post(
        edit_url(world, world.avesta),
        form_data(world, staff="-3", managers="två", venues=(("", "25", "utan namn"),)),
        **EN,
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html
    assert "Give a whole number, 0 or more." in html
    assert "A venue needs a name." in html
    assert f'href="#id_staff_{world.bou_ny.pk}"' in html
    assert 'href="#id_venue-0-name"' in html
    assert not InventoryReport.objects.exists()


def test_more_rows_for_venues_adds_rows_and_saves_nothing(client, world) -> None:
    _as(client, world["municipal_admin"])
    response = client.post(edit_url(world, world.avesta), {**form_data(world), "more": "1"}, **EN)
    assert response.status_code == 200
    assert b'name="venue-4-name"' in response.content
    assert b'value="Folkets hus"' in response.content
    assert not InventoryReport.objects.exists()


def test_avestas_kadmin_cannot_reach_faluns_inventory(client, world) -> None:
    _as(client, world["municipal_admin"])
    assert client.get(edit_url(world, world.falun), **EN).status_code == 404
    assert client.post(edit_url(world, world.falun), form_data(world), **EN).status_code == 404
    assert not InventoryReport.objects.exists()


def test_people_who_report_no_inventory_are_refused(client, world) -> None:
    for who in ("staff", "manager"):
        _as(client, world[who])
        assert client.get(edit_url(world, world.avesta), **EN).status_code == 403
        assert client.get(overview_url(world), **EN).status_code == 403
        assert client.get(planning_url(world), **EN).status_code == 403


def test_the_regional_admin_sees_dalarna_with_totals_and_not_reported(client, world) -> None:
    inventory_save(
        actor=world["regional_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (12, 2)},
        venues=[{"name": "Folkets hus", "places": 30}],
    )
    _as(client, world["regional_admin"])
    response = client.get(overview_url(world), **EN)
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [r.municipality for r in overview.rows] == [world.avesta, world.falun]
    assert [(t.staff, t.managers) for t in overview.totals] == [(12, 2)]
    html = response.content.decode()
    assert "not reported" in html
    assert "1 of 2 municipalities have reported." in html
    assert reverse("followup_planning") in html


def test_a_kadmin_sees_their_own_municipality_only(client, world) -> None:
    for municipality, staff in ((world.avesta, 12), (world.falun, 33)):
        inventory_save(
            actor=world["regional_admin"],
            municipality=municipality,
            journey=world.bou,
            year=YEAR,
            levels={world.bou_ny.pk: (staff, 0)},
        )
    _as(client, world["municipal_admin"])
    response = client.get(overview_url(world), **EN)
    assert [r.municipality for r in response.context["overview"].rows] == [world.avesta]
    assert b"Falun" not in response.content
    assert reverse("followup_planning").encode() not in response.content


def test_gavleborgs_admin_cannot_choose_dalarna(client, world) -> None:
    _as(client, world["regional_admin_gavleborg"])
    assert client.get(overview_url(world), **EN).status_code == 404
    assert client.get(edit_url(world, world.avesta), **EN).status_code == 404
    assert client.get(planning_url(world), **EN).status_code == 404
    own = client.get(overview_url(world, world.gavleborg), **EN)
    assert [r.municipality for r in own.context["overview"].rows] == [world.gavle]


def test_the_overview_downloads_as_a_spreadsheet(client, world) -> None:
    inventory_save(
        actor=world["regional_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (12, 2)},
    )
    _as(client, world["regional_admin"])
    url = reverse("followup_inventory_export") + f"?region={world.dalarna.pk}&journey={world.bou.pk}&year={YEAR}"
    response = client.get(url, **EN)
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:4] == ("Municipality", "Reported", "NY: staff", "NY: managers")
    assert rows[1][:4] == ("Avesta", "yes", 12, 2)
    assert rows[2][:2] == ("Falun", "not reported")
    assert rows[-1][:4] == ("Total", "1/2", 12, 2)


def test_the_planning_suggestion_shows_the_arithmetic_and_takes_new_assumptions(client, world) -> None:
    inventory_save(
        actor=world["regional_admin"],
        municipality=world.avesta,
        journey=world.bou,
        year=YEAR,
        levels={world.bou_ny.pk: (45, 2)},
        venues=[{"name": "Lilla salen", "places": 12}],
    )
    _as(client, world["regional_admin"])
    page = client.get(planning_url(world), **EN)
    assert page.status_code == 200
    html = page.content.decode()
    assert "45 participants / 20 per occasion = 3 course starts" in html
    assert "36 trainer-days / 4 days a trainer = 9 trainers" in html
    assert "No venue reported in the region has room for a group of 20." in html
    assert "these are the defaults" in html

    data = {
        "group_size": "20",
        "share_per_year": "50",
        "terms_per_year": "2",
        "trainers_per_occasion": "3",
        "days_per_trainer": "4",
    }
    saved = client.post(planning_url(world), data, **EN)
    assert saved.status_code == 302
    row = PlanningAssumptions.objects.get(region=world.dalarna, journey=world.bou, year=YEAR)
    assert row.share_per_year == 50
    after = client.get(saved["Location"], **EN).content.decode()
    assert "23 participants / 20 per occasion = 2 course starts" in after

    bad = client.post(planning_url(world), {**data, "group_size": "0", "terms_per_year": "3"}, **EN)
    assert bad.status_code == 400
    assert b"error-summary" in bad.content
    assert PlanningAssumptions.objects.get().group_size == 20


def test_a_kadmin_may_not_plan(client, world) -> None:
    _as(client, world["municipal_admin"])
    assert client.get(planning_url(world), **EN).status_code == 403
    assert client.post(planning_url(world), {"group_size": "5"}, **EN).status_code == 403
    assert not PlanningAssumptions.objects.exists()

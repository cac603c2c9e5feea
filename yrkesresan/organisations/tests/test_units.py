import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yrkesresan.core.models import AuditEvent
from yrkesresan.organisations.models import Unit
from yrkesresan.organisations.services import unit_create, unit_update


def test_a_unit_carries_its_region_so_scoping_is_one_comparison(world):
    unit = unit_create(actor=world["municipal_admin"], municipality=world.avesta, name="Nattpatrullen")
    assert unit.region_id == world.dalarna.pk
    assert AuditEvent.objects.filter(action="unit.create", target_id=unit.pk, municipality_id=world.avesta.pk).exists()


def test_two_units_in_one_municipality_cannot_share_a_name(world):
    with pytest.raises(ValidationError):
        unit_create(actor=world["municipal_admin"], municipality=world.avesta, name="avesta HEMTJÄNST")
    # ... but another municipality may use it
    unit_create(actor=world["municipal_admin_falun"], municipality=world.falun, name="Avesta hemtjänst")


def test_renaming_a_unit_records_old_and_new_name(world):
    unit_update(actor=world["municipal_admin"], unit=world.avesta_boende, name="Solgården", is_active=True)
    event = AuditEvent.objects.get(action="unit.update")
    assert event.changes == {"name": ["Avesta boende", "Solgården"]}


def test_a_unit_form_with_an_empty_name_answers_400_and_creates_nothing(world, client):
    client.force_login(world["municipal_admin"])
    before = Unit.objects.count()
    response = client.post(reverse("unit_create", args=[world.avesta.pk]), {"name": ""})
    assert response.status_code == 400
    assert Unit.objects.count() == before


def test_the_region_page_lists_its_municipalities_with_population_and_total(world, client):
    client.force_login(world["regional_admin"])
    response = client.get(reverse("region_detail", args=[world.dalarna.pk]))
    html = response.content.decode()
    assert "Avesta" in html and "Falun" in html and "Gävle" not in html
    assert response.context["total"] == 22753 + 59986

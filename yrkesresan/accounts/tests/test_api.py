import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yrkesresan.accounts import services
from yrkesresan.accounts.models import RoleAssignment, User


@pytest.fixture
def api(world):
    client = APIClient()
    token = services.api_token_rotate(user=world["municipal_admin"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _new_person(world, **overrides):
    body = {
        "username": "api.person",
        "first_name": "Api",
        "last_name": "Person",
        "role": "staff",
        "unit": world.avesta_home.pk,
        "password": "Kursdag-2026",
    }
    body.update(overrides)
    return body


def test_an_integration_authenticates_with_its_token_and_sees_its_scope(api, world):
    response = api.get("/api/v1/people/")
    assert response.status_code == 200
    usernames = {p["username"] for p in response.json()["results"]}
    assert "staff" in usernames and "staff_falun" not in usernames


def test_a_wrong_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/people/").status_code == 401


def test_creating_a_person_through_the_api_uses_the_same_rules_as_the_page(api, world):
    response = api.post("/api/v1/people/", _new_person(world), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["roles"][0]["role"] == "staff"
    assert User.objects.get(username="api.person").check_password("Kursdag-2026")


def test_missing_fields_are_named_and_nothing_is_created(api, world):
    before = User.objects.count()
    response = api.post("/api/v1/people/", {"username": "x"}, format="json")
    assert response.status_code == 400
    assert {"first_name", "last_name", "role"} <= set(response.json())
    assert User.objects.count() == before


def test_malformed_json_gets_a_clear_400(api, world):
    before = User.objects.count()
    response = api.generic("POST", "/api/v1/people/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert User.objects.count() == before


def test_an_oversized_body_is_refused_with_413(api, world):
    before = User.objects.count()
    body = json.dumps({**_new_person(world), "first_name": "x" * (3 * 1024 * 1024)})
    response = api.generic("POST", "/api/v1/people/", body, content_type="application/json")
    assert response.status_code == 413
    assert User.objects.count() == before


def test_too_long_values_are_refused_field_by_field(api, world):
    response = api.post("/api/v1/people/", _new_person(world, first_name="x" * 500), format="json")
    assert response.status_code == 400
    assert "first_name" in response.json()


def test_a_service_refusal_is_a_400_with_the_reason(api, world):
    response = api.post("/api/v1/people/", _new_person(world, username="staff"), format="json")
    assert response.status_code == 400
    assert "username" in response.json()


def test_unknown_and_out_of_scope_ids_are_the_same_404(api, world):
    missing = api.get("/api/v1/people/999999/")
    other = api.get(f"/api/v1/people/{world['staff_falun'].pk}/")
    assert missing.status_code == other.status_code == 404
    assert missing.json() == other.json()
    assert api.get("/api/v1/people/abc/").status_code == 404


def test_a_place_outside_scope_is_unknown_and_nothing_is_created(api, world):
    response = api.post("/api/v1/people/", _new_person(world, unit=world.falun_home.pk), format="json")
    assert response.status_code == 400
    assert "unit" in response.json()
    assert not User.objects.filter(username="api.person").exists()


def test_national_editors_are_not_appointed_through_the_people_endpoint(world):
    client = APIClient()
    client.force_authenticate(world["system_admin"])
    response = client.post(f"/api/v1/people/{world['staff'].pk}/roles/", {"role": "national_editor"}, format="json")
    assert response.status_code == 400
    assert not RoleAssignment.objects.filter(user=world["staff"], role="national_editor").exists()


def test_deactivating_through_the_api_revokes_the_persons_own_token(api, world):
    token = services.api_token_rotate(user=world["staff"])
    response = api.post(f"/api/v1/people/{world['staff'].pk}/deactivate/")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert not Token.objects.filter(key=token.key).exists()


LIST_ENDPOINTS = [
    "/api/v1/people/",
    "/api/v1/regions/",
    "/api/v1/municipalities/",
    "/api/v1/units/",
    "/api/v1/role-assignments/",
    "/api/v1/journeys/",
    "/api/v1/courses/",
    "/api/v1/audit-events/",
]


@pytest.mark.parametrize("url", LIST_ENDPOINTS)
def test_list_endpoints_take_as_many_queries_for_many_rows_as_for_few(world, url):
    client = APIClient()
    client.force_authenticate(world["system_admin"])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    admin = world["system_admin"]
    for i in range(15):
        services.person_create(
            actor=admin,
            username=f"many{i}",
            first_name="M",
            last_name=f"N{i}",
            role="staff",
            place=world.avesta_home,
            password="Kursdag-2026",
        )
    from yrkesresan.catalog.services import course_save, task_save

    for i in range(5):
        course = course_save(
            actor=admin,
            journey=world.bou,
            level=world.bou_ny,
            code=f"extra-{i}",
            title=f"Extra {i}",
            kind="led",
            day_count=1,
            day_mode="on_site",
            checklist="a\nb",
        )
        task_save(actor=admin, course=course, title="t", format="text", minutes=5)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)
    assert len(many) <= 8

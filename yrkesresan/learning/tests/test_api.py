"""The journey through the API: the same services and the same scoping as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from yrkesresan.learning.models import CourseProgress, Enrolment, EnrolmentEvent, TaskCompletion

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_participant_reads_their_route_and_next_step(world):
    response = client_for(world["staff"]).get("/api/v1/me/journeys/")
    assert response.status_code == 200
    [route] = response.json()
    assert route["journey"] == "bou"
    assert route["status"] == "active"
    assert route["next_step"]["kind"] == "task"
    assert route["next_step"]["task"] == world.bou_task.pk
    [level] = [lv for lv in route["levels"] if lv["is_current"]]
    assert [c["course"] for c in level["courses"]] == [world.bou_course.pk]
    assert level["courses"][0]["state"] == "not_started"


def test_marking_a_task_done_through_the_api_moves_the_progress(world):
    client = client_for(world["staff"])
    response = client.post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/")
    assert response.status_code == 200
    assert response.json()["state"] == "ongoing"
    assert response.json()["mandatory_done"] == 1
    assert TaskCompletion.objects.filter(user=world["staff"], task=world.bou_task).exists()

    response = client.delete(f"/api/v1/me/tasks/{world.bou_task.pk}/done/")
    assert response.json()["state"] == "not_started"
    assert not TaskCompletion.objects.filter(user=world["staff"], task=world.bou_task).exists()


def test_a_task_of_a_journey_one_is_not_on_is_refused_and_nothing_is_written(world):
    response = client_for(world["staff_falun"]).post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/")
    assert response.status_code == 403
    assert not TaskCompletion.objects.filter(user=world["staff_falun"]).exists()
    assert client_for(world["staff"]).post("/api/v1/me/tasks/999999/done/").status_code == 404


def test_a_manager_places_their_staff_and_moves_them_to_another_level(world):
    from yrkesresan.catalog.services import level_save

    van = level_save(actor=world["system_admin"], journey=world.bou, code="van", name="VAN")
    client = client_for(world["manager"])
    staff = world["staff"]
    response = client.post("/api/v1/enrolments/", {"person": staff.pk, "level": van.pk}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["level"] == van.pk
    enrolment = Enrolment.objects.get(user=staff, journey=world.bou)
    assert list(EnrolmentEvent.objects.filter(enrolment=enrolment).values_list("kind", flat=True)) == [
        "enrolled",
        "level_changed",
    ]


def test_placing_someone_outside_ones_scope_reads_as_unknown(world):
    client = client_for(world["manager"])
    response = client.post(
        "/api/v1/enrolments/", {"person": world["staff_gavle"].pk, "level": world.bou_ny.pk}, format="json"
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert not Enrolment.objects.filter(user=world["staff_gavle"]).exists()


def test_bad_input_gets_a_clear_message(world):
    client = client_for(world["manager"])
    assert client.post("/api/v1/enrolments/", {"person": "x"}, format="json").status_code == 400
    response = client.post("/api/v1/enrolments/", {"person": world["staff"].pk, "level": 999999}, format="json")
    assert response.status_code == 400
    assert "level" in response.json()


def test_staff_cannot_place_themselves_or_anyone(world):
    client = client_for(world["staff"])
    response = client.post(
        "/api/v1/enrolments/", {"person": world["staff"].pk, "level": world.funk_bas.pk}, format="json"
    )
    assert response.status_code == 403
    assert not Enrolment.objects.filter(user=world["staff"], journey=world.funk).exists()


def test_enrolments_are_listed_within_scope(world):
    def users(role: str) -> set[int]:
        response = client_for(world[role]).get("/api/v1/enrolments/")
        assert response.status_code == 200
        return {row["user"] for row in response.json()["results"]}

    assert users("staff") == {world["staff"].pk}
    assert users("manager") == {world["staff"].pk}
    assert users("municipal_admin") == {world["staff"].pk, world["staff_boende"].pk}
    assert users("regional_admin") == {world["staff"].pk, world["staff_boende"].pk, world["staff_falun"].pk}
    assert users("regional_admin_gavleborg") == set()


def test_a_participant_pauses_and_resumes_through_the_api(world):
    enrolment = Enrolment.objects.get(user=world["staff"], journey=world.bou)
    client = client_for(world["staff"])
    response = client.post(f"/api/v1/enrolments/{enrolment.pk}/pause/", {"reason": "Språkkurs"}, format="json")
    assert response.json()["status"] == "paused"
    assert client.post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/").status_code == 400
    assert client.post(f"/api/v1/enrolments/{enrolment.pk}/resume/").json()["status"] == "active"
    assert client.post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/").status_code == 200


def test_progress_is_listed_within_scope(world):
    client_for(world["staff"]).post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/")
    client_for(world["staff_boende"]).post(f"/api/v1/me/tasks/{world.bou_task.pk}/done/")
    assert CourseProgress.objects.count() == 2
    rows = client_for(world["manager"]).get("/api/v1/course-progress/").json()["results"]
    assert {row["user"] for row in rows} == {world["staff"].pk}
    rows = client_for(world["municipal_admin_falun"]).get("/api/v1/course-progress/").json()["results"]
    assert rows == []

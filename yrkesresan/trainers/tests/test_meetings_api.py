"""Trainer meetings through the API: the same services and scoping as the pages. Outsiders get 404, those
who see but may not act 403, and bad input a 400 that changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from rest_framework.test import APIClient

from yrkesresan.trainers import services
from yrkesresan.trainers.models import MeetingInvitation, Reply, TrainerMeeting

from .test_meetings import TODAY, invitation_of, move_to, plan, soon

pytestmark = pytest.mark.django_db

MEETINGS = "/api/v1/trainer-meetings/"
INVITATIONS = "/api/v1/meeting-invitations/"


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _body(world: Any, **fields: Any) -> dict[str, Any]:
    return {
        "region": world.dalarna.pk,
        "title": "Träff via API",
        "date": soon().isoformat(),
        "starts": "13:00",
        "ends": "15:30",
        "venue": "Kulturhuset",
        **fields,
    }


# --- planning ---------------------------------------------------------------------------------------------


def test_a_coordinator_plans_a_meeting(world):
    response = api(world["regional_admin"]).post(MEETINGS, _body(world), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["region"], body["municipality"], body["title"], body["ends"]) == (
        world.dalarna.pk,
        None,
        "Träff via API",
        "15:30:00",
    )
    assert (body["invited"], body["coming"], body["cancelled"]) == (0, 0, False)


def test_a_kadmin_plans_for_their_municipality_and_not_for_the_region(world):
    client = api(world["municipal_admin"])
    assert client.post(MEETINGS, _body(world), format="json").status_code == 403
    response = client.post(MEETINGS, _body(world, region=None, municipality=world.avesta.pk), format="json")
    assert response.status_code == 201
    assert response.json()["municipality"] == world.avesta.pk


@pytest.mark.parametrize("who", ["trainer", "staff", "manager"])
def test_those_who_coordinate_no_pool_may_not_plan(world, who):
    assert api(world[who]).post(MEETINGS, _body(world), format="json").status_code == 403
    assert not TrainerMeeting.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts": "15:00", "ends": "14:00"}, "ends"),
        ({"date": "2020-01-01"}, "date"),
        ({"venue": ""}, "venue"),
        ({"title": ""}, "title"),
        ({"region": 99999}, "region"),
        ({"date": "snart"}, "date"),
    ],
)
def test_bad_input_is_a_400_with_the_reason(world, fields, field):
    response = api(world["regional_admin"]).post(MEETINGS, _body(world, **fields), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not TrainerMeeting.objects.exists()


def test_patch_changes_what_is_given_and_keeps_the_rest(world):
    meeting = plan(world)
    response = api(world["regional_admin"]).patch(f"{MEETINGS}{meeting.pk}/", {"starts": "12:00"}, format="json")
    assert response.status_code == 200, response.content
    meeting.refresh_from_db()
    assert (meeting.starts, meeting.venue, meeting.region) == (datetime.time(12), "Kulturhuset", world.dalarna)

    put = api(world["regional_admin"]).put(
        f"{MEETINGS}{meeting.pk}/", _body(world, region=None, title="Nytt namn"), format="json"
    )
    assert put.status_code == 200
    assert put.json()["title"] == "Nytt namn"
    assert put.json()["region"] == world.dalarna.pk


# --- scope ------------------------------------------------------------------------------------------------


def test_each_sees_their_meetings(pool):
    world = pool.world
    regional = plan(world, title="Regionens")
    plan(world, actor=world["municipal_admin"], municipality=world.avesta, title="Avestas")
    services.meeting_invite(actor=world["regional_admin"], meeting=regional, trainers=[pool["avesta"]])

    def titles(user: Any) -> list[str]:
        response = api(user).get(MEETINGS)
        assert response.status_code == 200
        return sorted(m["title"] for m in response.json()["results"])

    assert titles(world["regional_admin"]) == ["Avestas", "Regionens"]
    assert titles(world["municipal_admin"]) == ["Avestas"]
    assert titles(world["trainer"]) == ["Regionens"]
    assert titles(world["regional_admin_gavleborg"]) == []
    assert api(world["regional_admin_gavleborg"]).get(f"{MEETINGS}{regional.pk}/").status_code == 404


def test_the_list_filters_coming_and_held(pool):
    world = pool.world
    plan(world, title="Kommande")
    held = move_to(plan(world, title="Hållen"), TODAY() - datetime.timedelta(days=3))
    client = api(world["regional_admin"])
    assert [m["title"] for m in client.get(MEETINGS, {"when": "coming"}).json()["results"]] == ["Kommande"]
    assert [m["id"] for m in client.get(MEETINGS, {"when": "past"}).json()["results"]] == [held.pk]
    assert client.get(MEETINGS, {"when": "igår"}).status_code == 400


@pytest.mark.parametrize(
    ("who", "status"),
    [("trainer", 403), ("municipal_admin", 404), ("regional_admin_gavleborg", 404), ("staff", 404)],
)
def test_writes_outside_ones_rights_are_refused(pool, who, status):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"]])
    client = api(world[who])
    url = f"{MEETINGS}{meeting.pk}/"
    assert client.patch(url, {"title": "Nej"}, format="json").status_code == status
    assert client.post(f"{url}invite/", {}, format="json").status_code == status
    assert client.post(f"{url}attendance/", {"present": []}, format="json").status_code == status
    assert client.post(f"{url}cancel/", {"reason": "Nej"}, format="json").status_code == status
    meeting.refresh_from_db()
    assert (meeting.title, meeting.cancelled, MeetingInvitation.objects.count()) == ("Utbildarträff våren", False, 1)


# --- inviting, replying, attendance, cancelling -----------------------------------------------------------


def test_inviting_the_pool_those_qualified_or_those_chosen(pool):
    world = pool.world
    meeting = plan(world)
    client = api(world["regional_admin"])
    url = f"{MEETINGS}{meeting.pk}/invite/"

    chosen = client.post(url, {"trainers": [pool["falun"].pk]}, format="json")
    assert chosen.status_code == 200, chosen.content
    assert chosen.json()["invited"] == 1
    assert chosen.json()["invitations"][0]["name"] == "Falun Utbildare"

    qualified = client.post(url, {"course": world.bou_course.pk}, format="json")
    assert qualified.json()["invited"] == 4  # the qualified, Falun already invited

    rest = client.post(url, {}, format="json")
    assert rest.json()["invited"] == 1  # avesta_new
    assert client.post(url, {}, format="json").json() == {"invited": 0, "invitations": []}

    outside = client.post(url, {"trainers": [pool["gavle"].pk]}, format="json")
    assert outside.status_code == 400
    assert "trainers" in outside.json()
    assert client.post(url, {"trainers": [999999]}, format="json").status_code == 400
    assert client.post(url, {"course": 999999}, format="json").status_code == 400
    assert MeetingInvitation.objects.count() == 6


def test_the_invited_trainer_replies_and_nobody_else(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    own = invitation_of(meeting, pool["avesta"])

    listed = api(world["trainer"]).get(INVITATIONS).json()["results"]
    assert [i["id"] for i in listed] == [own.pk]

    response = api(world["trainer"]).post(f"{INVITATIONS}{own.pk}/reply/", {"reply": "yes"}, format="json")
    assert response.status_code == 200
    assert response.json()["reply"] == "yes"

    assert api(world["regional_admin"]).post(f"{INVITATIONS}{own.pk}/reply/", {"reply": "no"}).status_code == 403
    falun = invitation_of(meeting, pool["falun"])
    assert api(world["trainer"]).post(f"{INVITATIONS}{falun.pk}/reply/", {"reply": "no"}).status_code == 404
    bad = api(world["trainer"]).post(f"{INVITATIONS}{own.pk}/reply/", {"reply": "kanske"}, format="json")
    assert bad.status_code == 400
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.YES


def test_the_coordinator_lists_the_invitations_by_reply(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    services.meeting_reply(actor=world["trainer"], invitation=invitation_of(meeting, pool["avesta"]), reply=Reply.YES)
    client = api(world["regional_admin"])

    assert client.get(INVITATIONS, {"meeting": meeting.pk}).json()["count"] == 6
    [coming] = client.get(INVITATIONS, {"meeting": meeting.pk, "reply": "yes"}).json()["results"]
    assert coming["trainer"] == pool["avesta"].pk
    assert client.get(INVITATIONS, {"reply": "none"}).json()["count"] == 5
    assert client.get(INVITATIONS, {"reply": "kanske"}).status_code == 400
    assert api(world["regional_admin_gavleborg"]).get(INVITATIONS).json()["count"] == 0


def test_a_reply_after_the_meeting_started_is_a_400(pool):
    world = pool.world
    meeting = plan(world, date=soon(1))
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"]])
    move_to(meeting, TODAY() - datetime.timedelta(days=1))
    own = invitation_of(meeting, pool["avesta"])

    response = api(world["trainer"]).post(f"{INVITATIONS}{own.pk}/reply/", {"reply": "yes"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"detail": ["Träffen har börjat: det går inte längre att svara."]}


def test_attendance_from_the_meeting_day(pool):
    world = pool.world
    meeting = plan(world, date=soon(1))
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"], pool["falun"]])
    client = api(world["regional_admin"])
    url = f"{MEETINGS}{meeting.pk}/attendance/"
    falun = invitation_of(meeting, pool["falun"])

    early = client.post(url, {"present": [falun.pk]}, format="json")
    assert early.status_code == 400
    move_to(meeting, TODAY())
    assert client.post(url, {"present": [falun.pk, 999999]}, format="json").status_code == 400
    assert not MeetingInvitation.objects.filter(attended__isnull=False).exists()

    response = client.post(url, {"present": [falun.pk]}, format="json")

    assert response.status_code == 200
    assert response.json() == {"present": 1, "absent": 1}
    assert client.get(f"{MEETINGS}{meeting.pk}/").json()["attended"] == 1


def test_cancelling_needs_a_reason(pool):
    world = pool.world
    meeting = plan(world)
    client = api(world["regional_admin"])
    assert client.post(f"{MEETINGS}{meeting.pk}/cancel/", {}, format="json").status_code == 400
    response = client.post(f"{MEETINGS}{meeting.pk}/cancel/", {"reason": "Sjukdom"}, format="json")
    assert response.status_code == 200
    assert response.json()["cancelled"] is True
    assert client.post(f"{MEETINGS}{meeting.pk}/cancel/", {"reason": "Igen"}, format="json").status_code == 400


# --- query counts and the schema --------------------------------------------------------------------------


def test_the_lists_take_the_same_queries_however_many_meetings_and_invitations(pool, django_assert_num_queries):
    world = pool.world
    client = api(world["regional_admin"])
    first = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=first, trainers=[pool["falun"]])

    def count(url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = (count(MEETINGS), count(INVITATIONS))
    for i in range(4):
        services.meeting_invite(actor=world["regional_admin"], meeting=plan(world, title=f"Träff {i}"))

    assert (count(MEETINGS), count(INVITATIONS)) == small
    # The count and the page: of meetings with their counts, of invitations with the trainers (the key's
    # user keeps their roles between these requests).
    with django_assert_num_queries(2):
        client.get(MEETINGS)
    with django_assert_num_queries(2):
        client.get(INVITATIONS)


def test_the_schema_describes_the_meeting_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/trainer-meetings/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/trainer-meetings/{id}/"])
    for name in ("invite", "attendance", "cancel"):
        assert "post" in paths[f"/api/v1/trainer-meetings/{{id}}/{name}/"]
    assert "post" in paths["/api/v1/meeting-invitations/{id}/reply/"]

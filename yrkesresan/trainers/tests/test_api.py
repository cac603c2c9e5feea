"""Trainer teams through the API: the pool, teams, course days, absence, substitutes and days taught, with
the same services and scoping as the pages. Outsiders get 404, those who see but may not act 403, and bad
input a 400 with the service's message that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.accounts import services as accounts
from yrkesresan.trainers import selectors
from yrkesresan.trainers.models import (
    DayAction,
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerProfile,
    Unavailability,
)
from yrkesresan.trainers.services import (
    absence_report,
    day_assign,
    substitute_assign,
    team_member_add,
    unavailability_add,
)

from .conftest import D1, D2, day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

LAST = timezone.localdate().year - 1
P1, P2, P3 = datetime.date(LAST, 3, 1), datetime.date(LAST, 3, 8), datetime.date(LAST, 10, 4)


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def messages(response) -> str:
    """Every message of a 400, flattened (by field or under ``detail``)."""
    body = response.json()
    return " ".join(str(m) for value in body.values() for m in (value if isinstance(value, list) else [value]))


def _team(pool, **roles: str) -> None:
    for name, role in roles.items():
        team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool[name], role=role)


@pytest.fixture
def staffed(pool):
    """The occasion's team: Avesta's trainer leads, Falun trains, Mora is the reserve; on day 1 Avesta
    leads and Falun trains."""
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    day_assign(actor=pool.coordinator, course_day=pool.days[0], trainer=pool["avesta"], role=DayRole.LEADER)
    day_assign(actor=pool.coordinator, course_day=pool.days[0], trainer=pool["falun"], role=DayRole.TRAINER)
    return pool


def _assignment(pool, name: str, course_day=None) -> DayAssignment:
    return DayAssignment.objects.get(trainer=pool[name], course_day=course_day or pool.days[0], absent=False)


# --- the pool -------------------------------------------------------------------------------------------


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name"] for row in response.json()["results"])


def test_a_regional_admin_sees_their_regions_pool_with_qualifications(pool):
    world = pool.world

    body = client_for(world["regional_admin"]).get("/api/v1/trainers/").json()

    assert body["count"] == 6
    falun = next(row for row in body["results"] if row["id"] == pool["falun"].pk)
    assert (falun["name"], falun["home_municipality"], falun["home_municipality_name"], falun["kind"]) == (
        "Falun Utbildare",
        world.falun.pk,
        "Falun",
        "trainer",
    )
    assert [q["course_title"] for q in falun["qualifications"]] == [world.bou_course.title]
    assert "unavailability" not in falun
    assert _names(client_for(world["regional_admin_gavleborg"]).get("/api/v1/trainers/")) == ["Gavle Utbildare"]


def test_the_pool_filters_by_place_kind_active_and_course(pool):
    world = pool.world
    client = client_for(world["regional_admin"])
    pool["gagnef"].active = False
    pool["gagnef"].save()

    assert _names(client.get(f"/api/v1/trainers/?municipality={world.avesta.pk}")) == [
        "Avesta New Utbildare",
        "Trainer Testsson",
    ]
    assert "Avesta New Utbildare" not in _names(client.get(f"/api/v1/trainers/?course={world.bou_course.pk}"))
    assert _names(client.get("/api/v1/trainers/?active=false")) == ["Gagnef Utbildare"]
    assert len(_names(client.get("/api/v1/trainers/?active=true"))) == 5
    assert _names(client.get("/api/v1/trainers/?kind=discussion_leader")) == []
    assert _names(client.get(f"/api/v1/trainers/?region={world.gavleborg.pk}")) == []
    assert client.get("/api/v1/trainers/?kind=boss").status_code == 400
    assert client.get("/api/v1/trainers/?course=x").status_code == 400


def test_a_kadmin_sees_the_trainers_their_municipality_lends(pool):
    names = _names(client_for(pool.world["municipal_admin"]).get("/api/v1/trainers/"))

    assert names == ["Avesta New Utbildare", "Trainer Testsson"]


def test_another_regions_admin_gets_404_for_a_trainer(pool):
    client = client_for(pool.world["regional_admin_gavleborg"])
    falun = pool["falun"]

    assert client.get(f"/api/v1/trainers/{falun.pk}/").status_code == 404
    assert client.patch(f"/api/v1/trainers/{falun.pk}/", {"max_days_per_term": 4}, format="json").status_code == 404
    response = client.post(f"/api/v1/trainers/{falun.pk}/qualifications/", {"course": 1}, format="json")
    assert response.status_code == 404


def test_unavailability_shows_only_to_the_trainer_and_those_who_keep_or_lend_them(pool):
    world = pool.world
    for name in ("avesta", "falun"):
        unavailability_add(
            actor=pool.coordinator,
            trainer=pool[name],
            start=D2,
            end=D2,
            reason="Semester",
        )

    def unavailable(user, name):
        response = client_for(user).get(f"/api/v1/trainers/{pool[name].pk}/")
        assert response.status_code == 200, response.content
        return [(u["start"], u["reason"]) for u in response.json()["unavailability"]]

    assert unavailable(world["trainer"], "avesta") == [(D2.isoformat(), "Semester")]
    assert unavailable(world["trainer"], "falun") == []  # a colleague's: the profile, not their days off
    assert unavailable(world["regional_admin"], "falun") == [(D2.isoformat(), "Semester")]
    assert unavailable(world["municipal_admin"], "avesta") == [(D2.isoformat(), "Semester")]


def _new_person(world, username="nyutbildare", place=None, role="trainer"):
    return accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name="Ny",
        last_name="Utbildare",
        email=f"{username}@example.org",
        role=role,
        place=place or world.falun,
        notify=False,
    )


def test_a_coordinator_puts_a_person_in_the_pool(pool):
    world = pool.world
    person = _new_person(world)

    response = client_for(world["regional_admin"]).post(
        "/api/v1/trainers/",
        {"person": person.pk, "home_municipality": world.falun.pk, "max_days_per_term": 3, "note": "Tisdagar"},
        format="json",
    )

    assert response.status_code == 201, response.content
    profile = TrainerProfile.objects.get(user=person)
    assert (profile.region, profile.max_days_per_term, profile.note) == (world.dalarna, 3, "Tisdagar")
    body = response.json()
    assert (body["id"], body["person"], body["qualifications"], body["unavailability"]) == (
        profile.pk,
        person.pk,
        [],
        [],
    )


def test_a_bad_profile_is_refused_with_the_services_message_and_nothing_saved(pool):
    world = pool.world
    client = client_for(world["regional_admin"])
    person = _new_person(world)
    staff = _new_person(world, "personal", place=world.falun_home, role="staff")

    too_many = client.post(
        "/api/v1/trainers/",
        {"person": person.pk, "home_municipality": world.falun.pk, "max_days_per_term": 99},
        format="json",
    )
    no_role = client.post("/api/v1/trainers/", {"person": staff.pk, "home_municipality": world.falun.pk}, format="json")
    unknown = client.post(
        "/api/v1/trainers/", {"person": world["staff_gavle"].pk, "home_municipality": world.falun.pk}, format="json"
    )
    again = client.post(
        "/api/v1/trainers/", {"person": pool["falun"].user_id, "home_municipality": world.falun.pk}, format="json"
    )
    missing = client.post("/api/v1/trainers/", {"person": person.pk}, format="json")

    assert too_many.status_code == 400
    assert too_many.json()["max_days_per_term"] == ["Skriv antal kursdagar per termin, 0 till 60."]
    assert no_role.status_code == 400
    assert "har inte rollen utbildare i Falun" in messages(no_role)
    assert unknown.status_code == 400
    assert unknown.json()["person"] == [f"Okänt id: {world['staff_gavle'].pk}."]
    assert again.status_code == 400
    assert "finns redan i en utbildarpool" in messages(again)
    assert missing.status_code == 400 and "home_municipality" in missing.json()
    assert not TrainerProfile.objects.filter(user__in=[person, staff]).exists()


def test_a_kadmin_may_not_put_anyone_in_the_regions_pool(pool):
    world = pool.world
    person = _new_person(world, place=world.avesta)

    response = client_for(world["municipal_admin"]).post(
        "/api/v1/trainers/", {"person": person.pk, "home_municipality": world.avesta.pk}, format="json"
    )

    assert response.status_code == 403
    assert not TrainerProfile.objects.filter(user=person).exists()


def test_a_kadmin_keeps_their_municipalitys_discussion_leaders(world):
    response = client_for(world["municipal_admin"]).post(
        "/api/v1/trainers/",
        {"person": world["staff"].pk, "home_municipality": world.avesta.pk, "kind": "discussion_leader"},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert (response.json()["kind"], response.json()["home_municipality_name"]) == ("discussion_leader", "Avesta")
    profile = TrainerProfile.objects.get(user=world["staff"])
    falun = client_for(world["municipal_admin_falun"])
    assert falun.patch(f"/api/v1/trainers/{profile.pk}/", {"note": "x"}, format="json").status_code == 404


def test_a_coordinator_changes_a_profile_and_a_trainer_may_not(pool):
    world = pool.world
    falun = pool["falun"]

    changed = client_for(world["regional_admin"]).patch(
        f"/api/v1/trainers/{falun.pk}/", {"max_days_per_term": 4, "active": False}, format="json"
    )
    refused = client_for(world["trainer"]).patch(
        f"/api/v1/trainers/{falun.pk}/", {"max_days_per_term": 9}, format="json"
    )

    assert changed.status_code == 200, changed.content
    assert (changed.json()["max_days_per_term"], changed.json()["active"]) == (4, False)
    assert refused.status_code == 403
    falun.refresh_from_db()
    assert (falun.max_days_per_term, falun.active, falun.home_municipality) == (4, False, world.falun)


def test_qualifications_are_granted_and_revoked_by_those_who_keep_the_pool(pool):
    world = pool.world
    new = pool["avesta_new"]
    admin = client_for(world["regional_admin"])

    granted = admin.post(
        f"/api/v1/trainers/{new.pk}/qualifications/",
        {"course": world.bou_course.pk, "since": "2025-05-01"},
        format="json",
    )
    again = admin.post(f"/api/v1/trainers/{new.pk}/qualifications/", {"course": world.bou_course.pk}, format="json")
    by_trainer = client_for(world["trainer"]).post(
        f"/api/v1/trainers/{new.pk}/qualifications/", {"course": world.funk_course.pk}, format="json"
    )

    assert granted.status_code == 201, granted.content
    assert (granted.json()["course"], granted.json()["since"]) == (world.bou_course.pk, "2025-05-01")
    assert again.status_code == 400
    assert "har redan utbildning för Handläggning med barnet i centrum" in messages(again)
    assert by_trainer.status_code == 403
    qualification = Qualification.objects.get(trainer=new)
    url = f"/api/v1/trainers/{new.pk}/qualifications/{qualification.pk}/"
    assert client_for(world["trainer"]).delete(url).status_code == 403
    # Another trainer's qualification through this trainer's URL is not found.
    other = Qualification.objects.get(trainer=pool["falun"])
    assert admin.delete(f"/api/v1/trainers/{new.pk}/qualifications/{other.pk}/").status_code == 404
    assert admin.delete(url).status_code == 204
    assert not Qualification.objects.filter(trainer=new).exists()


def test_a_trainer_sets_their_own_availability_but_not_a_colleagues(pool):
    world = pool.world
    me, colleague = pool["avesta"], pool["falun"]
    client = client_for(world["trainer"])

    added = client.post(
        f"/api/v1/trainers/{me.pk}/unavailability/",
        {"start": D2.isoformat(), "end": D2.isoformat(), "reason": "Kurs"},
        format="json",
    )
    backwards = client.post(
        f"/api/v1/trainers/{me.pk}/unavailability/",
        {"start": D2.isoformat(), "end": D1.isoformat()},
        format="json",
    )
    colleagues = client.post(
        f"/api/v1/trainers/{colleague.pk}/unavailability/",
        {"start": D2.isoformat(), "end": D2.isoformat()},
        format="json",
    )

    assert added.status_code == 201, added.content
    assert backwards.status_code == 400
    assert backwards.json()["end"] == ["Sista dagen kan inte vara före den första."]
    assert colleagues.status_code == 403
    assert list(Unavailability.objects.values_list("trainer_id", "reason")) == [(me.pk, "Kurs")]
    gone = client.delete(f"/api/v1/trainers/{me.pk}/unavailability/{added.json()['id']}/")
    assert gone.status_code == 204
    assert not Unavailability.objects.exists()


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def test_the_pool_list_takes_the_same_few_queries_however_many_trainers(pool, django_assert_num_queries):
    world = pool.world
    client = client_for(world["regional_admin"])
    before = _count_queries(client, "/api/v1/trainers/")
    for i in range(4):
        profile = make_trainer(world, f"extra{i}", world.falun)
        unavailability_add(actor=pool.coordinator, trainer=profile, start=D2, end=D2)

    assert _count_queries(client, "/api/v1/trainers/") == before
    # The count, the page, the qualifications with their courses.
    with django_assert_num_queries(3):
        assert client.get("/api/v1/trainers/").json()["count"] == 10


# --- teams ----------------------------------------------------------------------------------------------


def test_a_coordinator_forms_the_team_and_the_list_filters_by_occasion(pool):
    world = pool.world
    client = client_for(world["regional_admin"])

    added = client.post(
        "/api/v1/team-members/",
        {"occasion": pool.occasion.pk, "trainer": pool["falun"].pk, "role": "leader"},
        format="json",
    )
    other = make_occasion(world, [day(D2, address="Falun")], name="Omgång U")
    team_member_add(actor=pool.coordinator, occasion=other, trainer=pool["mora"], role=TeamRole.RESERVE)

    assert added.status_code == 201, added.content
    assert {k: added.json()[k] for k in ("occasion", "trainer", "name", "role")} == {
        "occasion": pool.occasion.pk,
        "trainer": pool["falun"].pk,
        "name": "Falun Utbildare",
        "role": "leader",
    }
    rows = client.get(f"/api/v1/team-members/?occasion={pool.occasion.pk}").json()["results"]
    assert [(r["trainer"], r["role"]) for r in rows] == [(pool["falun"].pk, "leader")]
    assert client.get("/api/v1/team-members/").json()["count"] == 2


def test_an_unqualified_trainer_is_refused_a_place_on_the_team(pool):
    response = client_for(pool.coordinator).post(
        "/api/v1/team-members/",
        {"occasion": pool.occasion.pk, "trainer": pool["avesta_new"].pk, "role": "trainer"},
        format="json",
    )

    assert response.status_code == 400
    assert "har inte utbildning för Handläggning med barnet i centrum" in messages(response)
    assert not TeamMember.objects.exists()


def test_only_the_occasions_coordinators_form_the_team(pool):
    world = pool.world
    body = {"occasion": pool.occasion.pk, "trainer": pool["falun"].pk, "role": "trainer"}

    by_trainer = client_for(world["trainer"]).post("/api/v1/team-members/", body, format="json")
    by_gavleborg = client_for(world["regional_admin_gavleborg"]).post("/api/v1/team-members/", body, format="json")
    bad_role = client_for(pool.coordinator).post("/api/v1/team-members/", {**body, "role": "boss"}, format="json")

    assert by_trainer.status_code == 403
    assert by_gavleborg.status_code == 400
    assert by_gavleborg.json()["occasion"] == [f"Okänt id: {pool.occasion.pk}."]
    assert bad_role.status_code == 400 and "role" in bad_role.json()
    assert not TeamMember.objects.exists()


def test_a_team_member_is_taken_off_by_a_coordinator_and_not_by_an_outsider(staffed):
    world = staffed.world
    mora = TeamMember.objects.get(trainer=staffed["mora"])
    falun = TeamMember.objects.get(trainer=staffed["falun"])

    assert client_for(world["regional_admin_gavleborg"]).delete(f"/api/v1/team-members/{mora.pk}/").status_code == 404
    assert client_for(world["trainer"]).delete(f"/api/v1/team-members/{mora.pk}/").status_code == 403
    coming = client_for(staffed.coordinator).delete(f"/api/v1/team-members/{falun.pk}/")
    assert coming.status_code == 400
    assert "kommande kursdagar" in messages(coming)
    assert client_for(staffed.coordinator).delete(f"/api/v1/team-members/{mora.pk}/").status_code == 204
    assert list(TeamMember.objects.values_list("trainer_id", flat=True).order_by("pk")) == [
        staffed["avesta"].pk,
        staffed["falun"].pk,
    ]


def test_the_team_list_takes_the_same_few_queries_however_many_members(pool, django_assert_num_queries):
    client = client_for(pool.coordinator)
    _team(pool, avesta=TeamRole.LEADER)
    before = _count_queries(client, "/api/v1/team-members/")
    _team(pool, falun=TeamRole.TRAINER, borlange=TeamRole.TRAINER, mora=TeamRole.RESERVE)

    assert _count_queries(client, "/api/v1/team-members/") == before
    with django_assert_num_queries(2):  # the count and the page
        assert client.get("/api/v1/team-members/").json()["count"] == 4


# --- course days ----------------------------------------------------------------------------------------


def test_a_coordinator_assigns_a_course_day(pool):
    _team(pool, falun=TeamRole.TRAINER)

    response = client_for(pool.coordinator).post(
        "/api/v1/day-assignments/",
        {"course_day": pool.days[1].pk, "trainer": pool["falun"].pk, "role": "trainer"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["date"], body["role"], body["lending_municipality_name"], body["occasion"], body["absent"]) == (
        D2.isoformat(),
        "trainer",
        "Falun",
        pool.occasion.pk,
        False,
    )
    assert DayAssignmentEvent.objects.filter(trainer=pool["falun"], action=DayAction.ASSIGNED).count() == 1


def test_a_double_booking_is_refused_with_the_services_message(staffed):
    world = staffed.world
    other = make_occasion(world, [day(D1, address="Falun")], name="Omgång U")
    team_member_add(actor=staffed.coordinator, occasion=other, trainer=staffed["falun"], role=TeamRole.TRAINER)

    response = client_for(staffed.coordinator).post(
        "/api/v1/day-assignments/",
        {"course_day": other.days.get().pk, "trainer": staffed["falun"].pk, "role": "trainer"},
        format="json",
    )

    assert response.status_code == 400
    assert "Falun Utbildare undervisar redan" in messages(response)
    assert "en utbildare tar en" in messages(response)
    assert DayAssignment.objects.filter(trainer=staffed["falun"]).count() == 1


def test_a_trainer_cannot_assign_and_an_outsider_does_not_see_the_day(staffed):
    world = staffed.world
    body = {"course_day": staffed.days[1].pk, "trainer": staffed["avesta"].pk, "role": "leader"}

    by_trainer = client_for(world["trainer"]).post("/api/v1/day-assignments/", body, format="json")
    by_gavleborg = client_for(world["regional_admin_gavleborg"]).post("/api/v1/day-assignments/", body, format="json")
    missing_role = client_for(staffed.coordinator).post(
        "/api/v1/day-assignments/", {"course_day": staffed.days[1].pk, "trainer": staffed["avesta"].pk}, format="json"
    )

    assert by_trainer.status_code == 403
    assert by_gavleborg.status_code == 400
    assert set(by_gavleborg.json()) == {"course_day", "trainer"}
    assert missing_role.status_code == 400
    assert DayAssignment.objects.count() == 2
    falun = _assignment(staffed, "falun")
    assert client_for(world["regional_admin_gavleborg"]).get(f"/api/v1/day-assignments/{falun.pk}/").status_code == 404


def test_a_trainer_reports_their_own_absence_but_not_a_colleagues(staffed):
    world = staffed.world
    client = client_for(world["trainer"])
    mine, colleagues = _assignment(staffed, "avesta"), _assignment(staffed, "falun")

    refused = client.post(f"/api/v1/day-assignments/{colleagues.pk}/absence/", {"reason": "Sjuk"}, format="json")
    reported = client.post(f"/api/v1/day-assignments/{mine.pk}/absence/", {"reason": "Sjuk"}, format="json")
    twice = client.post(f"/api/v1/day-assignments/{mine.pk}/absence/", {"reason": "Sjuk"}, format="json")

    assert refused.status_code == 403
    assert reported.status_code == 200, reported.content
    assert (reported.json()["absent"], reported.json()["absence_reason"]) == (True, "Sjuk")
    assert reported.json()["absent_reported_by"] == world["trainer"].pk
    assert twice.status_code == 400
    assert twice.json() == {"detail": ["Frånvaron är redan anmäld."]}
    colleagues.refresh_from_db()
    assert not colleagues.absent


def test_a_coordinator_reports_absence_and_the_outsider_gets_404(staffed):
    falun = _assignment(staffed, "falun")
    outsider = client_for(staffed.world["regional_admin_gavleborg"])

    assert outsider.post(f"/api/v1/day-assignments/{falun.pk}/absence/", {}, format="json").status_code == 404
    response = client_for(staffed.coordinator).post(f"/api/v1/day-assignments/{falun.pk}/absence/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["absent"] is True


def test_the_substitutes_are_the_selectors_ranking_with_the_reserve_first(staffed):
    falun = _assignment(staffed, "falun")

    response = client_for(staffed.coordinator).get(f"/api/v1/day-assignments/{falun.pk}/substitutes/")

    assert response.status_code == 200, response.content
    body = response.json()
    expected = selectors.substitutes_for(course_day=staffed.days[0], role=DayRole.TRAINER)
    assert [c["trainer"] for c in body["candidates"]] == [c.trainer.pk for c in expected.candidates]
    first = body["candidates"][0]
    assert (first["name"], first["is_reserve"], first["team_role"]) == ("Mora Utbildare", True, "reserve")
    assert (first["days_this_term"], first["max_days"], first["days_left"]) == (0, 2, 2)
    assert first["reasons"][0] == "Reserv för kurstillfället"
    assert (body["place_name"], body["role"], body["date"]) == ("Avesta", "trainer", D1.isoformat())
    borlange = next(c for c in body["candidates"] if c["name"] == "Borlange Utbildare")
    assert 40 < borlange["distance_km"] < 60
    gagnef = next(c for c in body["candidates"] if c["name"] == "Gagnef Utbildare")
    assert gagnef["distance_km"] is None
    assert body["candidates"][-1] == gagnef


def test_only_coordinators_see_substitutes_and_history(staffed):
    world = staffed.world
    mine = _assignment(staffed, "avesta")

    trainer, outsider = client_for(world["trainer"]), client_for(world["regional_admin_gavleborg"])
    assert trainer.get(f"/api/v1/day-assignments/{mine.pk}/substitutes/").status_code == 403
    assert trainer.get(f"/api/v1/day-assignments/{mine.pk}/history/").status_code == 403
    assert outsider.get(f"/api/v1/day-assignments/{mine.pk}/substitutes/").status_code == 404
    assert outsider.get(f"/api/v1/day-assignments/{mine.pk}/history/").status_code == 404


def test_a_substitute_takes_over_in_one_call_and_the_history_keeps_it(staffed):
    falun = _assignment(staffed, "falun")
    client = client_for(staffed.coordinator)

    response = client.post(
        f"/api/v1/day-assignments/{falun.pk}/substitute/",
        {"trainer": staffed["mora"].pk, "reason": "Sjuk"},
        format="json",
    )

    assert response.status_code == 201, response.content
    new = response.json()
    assert (new["trainer"], new["role"], new["substitute_for"], new["lending_municipality_name"]) == (
        staffed["mora"].pk,
        "trainer",
        staffed["falun"].pk,
        "Mora",
    )
    falun.refresh_from_db()
    assert (falun.absent, falun.absence_reason) == (True, "Sjuk")
    history = client.get(f"/api/v1/day-assignments/{falun.pk}/history/").json()
    assert [(e["name"], e["action"], e["reason"], e["other_name"]) for e in history] == [
        ("Trainer Testsson", "assigned", "", None),
        ("Falun Utbildare", "assigned", "", None),
        ("Falun Utbildare", "absence_reported", "Sjuk", None),
        ("Falun Utbildare", "replaced", "Sjuk", "Mora Utbildare"),
        ("Mora Utbildare", "assigned", "Sjuk", "Falun Utbildare"),
    ]
    assert history[-1]["by_name"] == "Regional Testsson"


def test_a_refused_substitute_changes_nothing(staffed):
    falun = _assignment(staffed, "falun")
    client = client_for(staffed.coordinator)

    unqualified = client.post(
        f"/api/v1/day-assignments/{falun.pk}/substitute/", {"trainer": staffed["avesta_new"].pk}, format="json"
    )
    booked = client.post(
        f"/api/v1/day-assignments/{falun.pk}/substitute/", {"trainer": staffed["avesta"].pk}, format="json"
    )
    outside = client.post(
        f"/api/v1/day-assignments/{falun.pk}/substitute/", {"trainer": staffed["gavle"].pk}, format="json"
    )

    assert unqualified.status_code == 400
    assert "har inte utbildning för" in messages(unqualified)
    assert booked.status_code == 400
    assert "Trainer Testsson undervisar redan" in messages(booked)
    assert outside.status_code == 400
    assert outside.json()["trainer"] == [f"Okänt id: {staffed['gavle'].pk}."]
    falun.refresh_from_db()
    assert not falun.absent
    assert DayAssignment.objects.count() == 2
    assert not DayAssignmentEvent.objects.filter(action=DayAction.ABSENCE_REPORTED).exists()


def test_a_mistaken_assignment_is_removed_but_an_absence_is_kept(staffed):
    client = client_for(staffed.coordinator)
    mine, falun = _assignment(staffed, "avesta"), _assignment(staffed, "falun")
    absence_report(actor=staffed.coordinator, assignment=falun, reason="Sjuk")

    kept = client.delete(f"/api/v1/day-assignments/{falun.pk}/")
    by_trainer = client_for(staffed.world["trainer"]).delete(f"/api/v1/day-assignments/{mine.pk}/")
    removed = client.delete(f"/api/v1/day-assignments/{mine.pk}/?reason=Fel+person")

    assert kept.status_code == 400
    assert kept.json() == {"detail": ["En frånvaro sparas i historiken och kan inte tas bort."]}
    assert by_trainer.status_code == 403
    assert removed.status_code == 204
    assert list(DayAssignment.objects.values_list("pk", flat=True)) == [falun.pk]
    event = DayAssignmentEvent.objects.filter(action=DayAction.REMOVED).get()
    assert (event.trainer, event.reason) == (staffed["avesta"], "Fel person")


def test_a_held_day_is_changed_only_with_a_reason_given_in_the_body(pool):
    world = pool.world
    past = make_occasion(world, [day(P1, address="Avesta")], name="Förra året")
    team_member_add(actor=pool.coordinator, occasion=past, trainer=pool["falun"], role=TeamRole.TRAINER)
    held = day_assign(actor=pool.coordinator, course_day=past.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
    client = client_for(pool.coordinator)

    no_reason = client.delete(f"/api/v1/day-assignments/{held.pk}/")
    with_reason = client.delete(f"/api/v1/day-assignments/{held.pk}/", {"reason": "Fel dag"}, format="json")

    assert no_reason.status_code == 400
    assert no_reason.json() == {"reason": ["Skriv varför en kursdag som redan har hållits ändras."]}
    assert with_reason.status_code == 204
    assert DayAssignmentEvent.objects.get(action=DayAction.REMOVED).reason == "Fel dag"


def test_the_assignments_list_filters_and_a_kadmin_sees_the_days_of_the_trainers_they_lend(staffed):
    world = staffed.world
    day_assign(actor=staffed.coordinator, course_day=staffed.days[1], trainer=staffed["falun"], role=DayRole.LEADER)
    coordinator = client_for(staffed.coordinator)

    def rows(client, query=""):
        response = client.get(f"/api/v1/day-assignments/{query}")
        assert response.status_code == 200, response.content
        return [(r["name"], r["date"], r["role"]) for r in response.json()["results"]]

    assert rows(coordinator) == [
        ("Trainer Testsson", D1.isoformat(), "leader"),
        ("Falun Utbildare", D1.isoformat(), "trainer"),
        ("Falun Utbildare", D2.isoformat(), "leader"),
    ]
    assert rows(coordinator, f"?trainer={staffed['falun'].pk}&from={D2.isoformat()}") == [
        ("Falun Utbildare", D2.isoformat(), "leader")
    ]
    assert rows(coordinator, f"?course_day={staffed.days[0].pk}&to={D1.isoformat()}") == rows(coordinator)[:2]
    assert rows(coordinator, f"?occasion={staffed.occasion.pk}&absent=true") == []
    assert coordinator.get("/api/v1/day-assignments/?from=soon").status_code == 400
    # Avesta's k-admin sees the days Avesta lends its trainer for, not Falun's; Falun's sees Falun's.
    assert rows(client_for(world["municipal_admin"])) == [("Trainer Testsson", D1.isoformat(), "leader")]
    assert [r[0] for r in rows(client_for(world["municipal_admin_falun"]))] == ["Falun Utbildare"] * 2
    assert rows(client_for(world["regional_admin_gavleborg"])) == []
    assert rows(client_for(world["manager"])) == []


def test_the_assignments_list_takes_the_same_few_queries_however_many_days(staffed, django_assert_num_queries):
    client = client_for(staffed.coordinator)
    before = _count_queries(client, "/api/v1/day-assignments/")
    day_assign(actor=staffed.coordinator, course_day=staffed.days[1], trainer=staffed["falun"], role=DayRole.LEADER)
    day_assign(actor=staffed.coordinator, course_day=staffed.days[1], trainer=staffed["mora"], role=DayRole.TRAINER)
    absence_report(actor=staffed.coordinator, assignment=_assignment(staffed, "falun"), reason="Sjuk")

    assert _count_queries(client, "/api/v1/day-assignments/") == before
    with django_assert_num_queries(2):  # the count and the page
        assert client.get("/api/v1/day-assignments/").json()["count"] == 4


# --- days taught ----------------------------------------------------------------------------------------


@pytest.fixture
def taught(pool):
    """Last year: Avesta's trainer led three days; Falun trained two and was absent on the third, when
    Mora stepped in. Next year Avesta's trainer leads a day not held yet."""
    world, admin = pool.world, pool.coordinator
    for name in ("avesta", "falun", "mora"):
        pool[name].max_days_per_term = 5
        pool[name].save()
    past = make_occasion(world, [day(P1, address="Avesta"), day(P2, address="Avesta"), day(P3, address="Avesta")])
    for name, role in (("avesta", TeamRole.LEADER), ("falun", TeamRole.TRAINER), ("mora", TeamRole.RESERVE)):
        team_member_add(actor=admin, occasion=past, trainer=pool[name], role=role)
    for course_day in past.days.order_by("date"):
        day_assign(actor=admin, course_day=course_day, trainer=pool["avesta"], role=DayRole.LEADER)
        day_assign(actor=admin, course_day=course_day, trainer=pool["falun"], role=DayRole.TRAINER)
    absent = DayAssignment.objects.get(trainer=pool["falun"], date=P2)
    substitute_assign(actor=admin, assignment=absent, substitute=pool["mora"], reason="Sjuk")
    _team(pool, avesta=TeamRole.LEADER)
    day_assign(actor=admin, course_day=pool.days[0], trainer=pool["avesta"], role=DayRole.LEADER)
    return pool


YEAR = f"start={LAST}-01-01&end={LAST}-12-31"


def test_days_taught_are_the_selectors_rows_with_their_totals(taught):
    response = client_for(taught.coordinator).get(f"/api/v1/days-taught/?{YEAR}")

    assert response.status_code == 200, response.content
    body = response.json()
    expected = selectors.days_taught(
        actor=taught.coordinator, start=datetime.date(LAST, 1, 1), end=datetime.date(LAST, 12, 31)
    )
    assert [(r["trainer"], r["municipality"], r["days_led"], r["days_trained"], r["days"]) for r in body["rows"]] == [
        (r.trainer_id, r.municipality_id, r.days_led, r.days_trained, r.days) for r in expected
    ]
    assert [(r["name"], r["municipality_name"], r["days_led"], r["days_trained"]) for r in body["rows"]] == [
        ("Trainer Testsson", "Avesta", 3, 0),
        ("Falun Utbildare", "Falun", 0, 2),
        ("Mora Utbildare", "Mora", 0, 1),
    ]
    assert body["totals"] == {"days_led": 3, "days_trained": 3, "days": 6}
    assert [(m["municipality_name"], m["days"]) for m in body["municipalities"]] == [
        ("Avesta", 3),
        ("Falun", 2),
        ("Mora", 1),
    ]
    assert (body["start"], body["end"]) == (f"{LAST}-01-01", f"{LAST}-12-31")


def test_days_taught_narrow_to_a_period_and_a_lending_municipality(taught):
    world = taught.world
    spring = client_for(taught.coordinator).get(
        f"/api/v1/days-taught/?start={LAST}-01-01&end={LAST}-06-30&municipality={world.falun.pk}"
    )
    falun = client_for(world["municipal_admin_falun"]).get(f"/api/v1/days-taught/?{YEAR}")

    assert [(r["name"], r["days"]) for r in spring.json()["rows"]] == [("Falun Utbildare", 1)]
    assert [(r["name"], r["days"]) for r in falun.json()["rows"]] == [("Falun Utbildare", 2)]


def test_days_taught_are_scoped_refused_to_non_coordinators_and_need_a_period(taught):
    world = taught.world
    admin = client_for(taught.coordinator)

    gavleborg = client_for(world["regional_admin_gavleborg"]).get(f"/api/v1/days-taught/?{YEAR}")
    assert gavleborg.status_code == 200
    assert gavleborg.json()["rows"] == [] and gavleborg.json()["totals"]["days"] == 0
    system = client_for(world["system_admin"]).get(f"/api/v1/days-taught/?{YEAR}&region={world.gavleborg.pk}")
    assert system.json()["rows"] == []
    assert client_for(world["trainer"]).get(f"/api/v1/days-taught/?{YEAR}").status_code == 403
    assert client_for(world["staff"]).get(f"/api/v1/days-taught/?{YEAR}").status_code == 403
    missing = admin.get(f"/api/v1/days-taught/?start={LAST}-01-01")
    assert missing.status_code == 400 and "end" in missing.json()
    backwards = admin.get(f"/api/v1/days-taught/?start={LAST}-12-31&end={LAST}-01-01")
    assert backwards.json() == {"end": ["Sista dagen kan inte vara före den första."]}
    assert admin.get(f"/api/v1/days-taught/?{YEAR}&region={world.gavleborg.pk}").status_code == 400


def test_days_taught_take_the_same_queries_however_many_rows(taught, django_assert_num_queries):
    client = client_for(taught.coordinator)
    before = _count_queries(client, f"/api/v1/days-taught/?{YEAR}")
    extra = make_occasion(taught.world, [day(datetime.date(LAST, 11, 5), address="Avesta")], name="Extra")
    team_member_add(actor=taught.coordinator, occasion=extra, trainer=taught["borlange"], role=TeamRole.TRAINER)
    day_assign(actor=taught.coordinator, course_day=extra.days.get(), trainer=taught["borlange"], role=DayRole.TRAINER)

    assert _count_queries(client, f"/api/v1/days-taught/?{YEAR}") == before
    with django_assert_num_queries(2):  # the rows, and the municipalities whose trainers the caller keeps
        assert len(client.get(f"/api/v1/days-taught/?{YEAR}").json()["rows"]) == 4


# --- the trainer's own days -----------------------------------------------------------------------------


def test_a_trainer_sees_their_coming_days_with_the_team_and_their_days_this_year(staffed):
    world = staffed.world
    today = timezone.localdate()
    earlier = make_occasion(world, [day(datetime.date(today.year, 1, 1), address="Avesta")], name="I år")
    team_member_add(actor=staffed.coordinator, occasion=earlier, trainer=staffed["avesta"], role=TeamRole.TRAINER)
    day_assign(
        actor=staffed.coordinator, course_day=earlier.days.get(), trainer=staffed["avesta"], role=DayRole.TRAINER
    )

    response = client_for(world["trainer"]).get("/api/v1/me/trainer-days/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["trainer"] == staffed["avesta"].pk
    assert body["taught_this_year"] == {"days_led": 0, "days_trained": 1, "days": 1}
    assert body["max_days_per_term"] == 2
    [coming] = body["coming"]
    assert (coming["date"], coming["role"], coming["address"], coming["absent"]) == (
        D1.isoformat(),
        "leader",
        "Kungsgatan 1, Avesta",
        False,
    )
    assert coming["occasion"] == staffed.occasion.pk
    assert coming["course_title"] == world.bou_course.title
    assert sorted((m["name"], m["role"]) for m in coming["day_team"]) == [
        ("Falun Utbildare", "trainer"),
        ("Trainer Testsson", "leader"),
    ]
    assert sorted(m["role"] for m in coming["team"]) == ["leader", "reserve", "trainer"]


def test_someone_who_is_not_a_trainer_has_no_days(world):
    response = client_for(world["staff"]).get("/api/v1/me/trainer-days/")

    assert response.status_code == 200
    assert response.json() == {
        "trainer": None,
        "coming": [],
        "days_this_term": 0,
        "max_days_per_term": None,
        "taught_this_year": {"days_led": 0, "days_trained": 0, "days": 0},
    }
    assert APIClient().get("/api/v1/me/trainer-days/").status_code in (401, 403)


# --- the schema -----------------------------------------------------------------------------------------


def test_the_schema_describes_the_trainer_endpoints_without_warnings():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    problems = [m for m in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache] if "trainers/api.py" in m]
    GENERATOR_STATS.reset()

    assert problems == []
    paths, components = schema["paths"], schema["components"]["schemas"]
    assert {"get", "post"} <= set(paths["/api/v1/trainers/"])
    assert {"get", "patch"} <= set(paths["/api/v1/trainers/{id}/"])
    assert "delete" in paths["/api/v1/trainers/{id}/qualifications/{qualification_id}/"]
    assert "delete" in paths["/api/v1/trainers/{id}/unavailability/{unavailability_id}/"]
    assert {"get", "post"} <= set(paths["/api/v1/team-members/"])
    assert {"get", "delete"} <= set(paths["/api/v1/day-assignments/{id}/"])
    for action in ("absence", "substitute"):
        assert "post" in paths[f"/api/v1/day-assignments/{{id}}/{action}/"]
    for action in ("substitutes", "history"):
        assert "get" in paths[f"/api/v1/day-assignments/{{id}}/{action}/"]
    [start] = [p for p in paths["/api/v1/days-taught/"]["get"]["parameters"] if p["name"] == "start"]
    assert start["required"] is True
    assert "get" in paths["/api/v1/me/trainer-days/"]
    assert components["TeamRoleEnum"]["enum"] == [r.value for r in TeamRole]
    assert components["DayRoleEnum"]["enum"] == [r.value for r in DayRole]

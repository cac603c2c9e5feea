"""The occasions issue through the API: planning, sign-ups, absence and attendance, with the same
services and the same scoping as the pages. Outsiders get 404, those who see but may not act 403,
and bad input a 400 that changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.accounts import services as accounts
from yrkesresan.occasions.models import (
    AttendanceEvent,
    CourseDay,
    DayAttendance,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
    SeatQuota,
)
from yrkesresan.occasions.services import (
    occasion_create,
    occasion_save,
    registration_cancel,
    registration_create,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _day(date, **fields):
    return {"date": date, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Folkets hus", **fields}


def _occasion(world, *, days, capacity=10, region=None, actor=None, **settings) -> Occasion:
    return occasion_create(
        actor=actor or world["regional_admin"],
        course=world.bou_course,
        region=region or world.dalarna,
        capacity=capacity,
        days=days,
        **settings,
    )


def _staff(world, n, *, prefix="p", unit=None):
    return [
        accounts.person_create(
            actor=world["system_admin"],
            username=f"{prefix}{i}",
            first_name=f"P{i}",
            last_name="Test",
            email="",
            role="staff",
            place=unit or world.avesta_home,
            password="",
            notify=False,
        )
        for i in range(n)
    ]


def _payload(world, **fields):
    first = (TODAY() + datetime.timedelta(days=60)).isoformat()
    second = (TODAY() + datetime.timedelta(days=61)).isoformat()
    return {
        "course": world.bou_course.pk,
        "delivery_level": "regional",
        "region": world.dalarna.pk,
        "name": "Omgång 2",
        "capacity": 12,
        "min_participants": 4,
        "cancel_deadline": (TODAY() + datetime.timedelta(days=50)).isoformat(),
        "needs_approval": True,
        "waitlist_stops_days": 3,
        "target_municipalities": [world.avesta.pk, world.falun.pk],
        "target_levels": [world.bou_ny.pk],
        "notes": "Fika ingår",
        "days": [
            {"date": first, "starts": "09:00", "ends": "16:00", "mode": "on_site", "venue": "Folkets hus"},
            {
                "date": second,
                "starts": "09:00",
                "ends": "12:00",
                "mode": "digital",
                "link": "https://meet.example.org/x",
            },
        ],
        "quotas": [
            {
                "municipality": world.avesta.pk,
                "seats": 4,
                "release_at": (timezone.now() + datetime.timedelta(days=20)).isoformat(),
            }
        ],
        **fields,
    }


def _url(occasion, rest=""):
    return f"/api/v1/occasions/{occasion.pk}/{rest}"


# --- reading occasions -----------------------------------------------------------------------------------


def test_an_occasion_shows_every_planning_field_with_its_places(world):
    occasion = world.occasion
    release = timezone.now() + datetime.timedelta(days=10)
    occasion_save(
        actor=world["regional_admin"],
        occasion=occasion,
        course=occasion.course,
        delivery_level=occasion.delivery_level,
        region=occasion.region,
        name=occasion.name,
        capacity=20,
        min_participants=5,
        target_municipalities=[world.avesta],
        target_units=[world.avesta_home, world.avesta_boende],
        target_levels=[world.bou_ny],
        notes="Ta med lunch",
        days=[
            {"id": d.pk, **{f: getattr(d, f) for f in ("date", "starts", "ends", "mode", "venue", "link")}}
            for d in occasion.days.all()
        ],
        quotas=[{"municipality": world.avesta, "seats": 5, "release_at": release}],
    )
    waiting = _occasion(world, capacity=1, days=[_day(TODAY() + datetime.timedelta(days=40))])
    first, second = _staff(world, 2)
    registration_create(actor=world["regional_admin"], occasion=waiting, person=first)
    registration_create(actor=world["regional_admin"], occasion=waiting, person=second)

    body = client_for(world["staff"]).get(_url(occasion)).json()

    days = list(occasion.days.all())
    assert body["min_participants"] == 5
    assert body["target_municipalities"] == [world.avesta.pk]
    assert sorted(body["target_units"]) == sorted([world.avesta_home.pk, world.avesta_boende.pk])
    assert body["target_levels"] == [world.bou_ny.pk]
    assert body["notes"] == "Ta med lunch"
    assert body["status"] == "planned" and body["cancel_reason"] == ""
    assert body["first_day"] == days[0].date.isoformat()
    assert body["last_day"] == days[-1].date.isoformat()
    assert (body["booked"], body["waitlisted"], body["places_left"]) == (2, 0, 18)
    [quota] = body["quotas"]
    assert quota["municipality"] == world.avesta.pk
    assert (quota["seats"], quota["used"], quota["released"]) == (5, 2, False)  # staff and staff_boende: Avesta
    assert [d["id"] for d in body["days"]] == [d.pk for d in days]
    full = client_for(world["staff"]).get(_url(waiting)).json()
    assert (full["booked"], full["waitlisted"], full["places_left"]) == (1, 1, 0)


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/occasions/")
    assert response.status_code == 200
    return len(queries)


def test_the_occasion_list_takes_the_same_few_queries_however_many_occasions_and_sign_ups(
    world, django_assert_num_queries
):
    client = client_for(world["regional_admin"])
    before = _list_queries(client)
    people = _staff(world, 4)
    for i in range(6):
        occasion = _occasion(
            world,
            capacity=2,
            days=[_day(TODAY() + datetime.timedelta(days=20 + i)), _day(TODAY() + datetime.timedelta(days=21 + i))],
            target_municipalities=[world.avesta, world.falun],
            target_units=[world.avesta_home],
        )
        SeatQuota.objects.create(
            occasion=occasion,
            municipality=world.avesta,
            seats=1,
            release_at=timezone.now() + datetime.timedelta(days=5),
        )
        for person in people[:3]:
            registration_create(actor=world["regional_admin"], occasion=occasion, person=person)

    assert _list_queries(client) == before
    # The count, the page, the days, the three kinds of targets and the kept places (with their use).
    with django_assert_num_queries(7):
        body = client.get("/api/v1/occasions/").json()
    assert body["count"] == 7
    busy = body["results"][1]
    assert (busy["booked"], busy["waitlisted"], busy["quotas"][0]["used"]) == (2, 1, 1)


def test_the_list_filters_by_region_course_place_level_status_and_dates(world):
    gavle_occasion = _occasion(
        world, actor=world["system_admin"], region=world.gavleborg, days=[_day(TODAY() + datetime.timedelta(days=5))]
    )
    municipal = occasion_create(
        actor=world["municipal_admin_falun"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.falun,
        capacity=5,
        days=[_day(TODAY() + datetime.timedelta(days=90))],
    )
    client = client_for(world["system_admin"])

    def ids(query):
        response = client.get(f"/api/v1/occasions/?{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(f"region={world.gavleborg.pk}") == [gavle_occasion.pk]
    assert ids(f"course={world.funk_course.pk}") == [municipal.pk]
    assert ids(f"municipality={world.falun.pk}") == [world.occasion.pk, municipal.pk]
    assert ids(f"municipality={world.gavle.pk}") == [gavle_occasion.pk]
    assert ids("delivery_level=municipal") == [municipal.pk]
    assert ids("status=cancelled") == []
    assert ids(f"from={(TODAY() + datetime.timedelta(days=60)).isoformat()}") == [municipal.pk]
    assert ids(f"to={(TODAY() + datetime.timedelta(days=10)).isoformat()}") == [gavle_occasion.pk]
    assert client.get("/api/v1/occasions/?from=next-week").status_code == 400
    assert client.get("/api/v1/occasions/?status=gone").status_code == 400


def test_an_outsider_neither_lists_nor_reads_another_regions_occasion(world):
    client = client_for(world["regional_admin_gavleborg"])

    assert world.occasion.pk not in [row["id"] for row in client.get("/api/v1/occasions/").json()["results"]]
    assert client.get(_url(world.occasion)).status_code == 404


# --- planning ---------------------------------------------------------------------------------------------


def test_a_regional_admin_plans_an_occasion_with_days_targets_and_kept_places(world):
    response = client_for(world["regional_admin"]).post("/api/v1/occasions/", _payload(world), format="json")

    assert response.status_code == 201, response.content
    occasion = Occasion.objects.get(pk=response.json()["id"])
    assert occasion.region == world.dalarna and occasion.capacity == 12 and occasion.needs_approval
    assert [d.mode for d in occasion.days.all()] == ["on_site", "digital"]
    assert set(occasion.target_municipalities.all()) == {world.avesta, world.falun}
    assert list(occasion.quotas.values_list("municipality_id", "seats")) == [(world.avesta.pk, 4)]
    assert response.json()["first_day"] == occasion.first_day.isoformat()
    assert response.json()["places_left"] == 12


def test_a_k_admin_plans_for_their_own_municipality_but_not_for_the_region(world):
    client = client_for(world["municipal_admin"])
    municipal = _payload(
        world,
        delivery_level="municipal",
        region=None,
        municipality=world.avesta.pk,
        quotas=[],
        target_municipalities=[],
    )

    response = client.post("/api/v1/occasions/", municipal, format="json")

    assert response.status_code == 201, response.content
    assert (response.json()["region"], response.json()["municipality"]) == (world.dalarna.pk, world.avesta.pk)
    before = Occasion.objects.count()
    regional = _payload(world, target_municipalities=[world.avesta.pk])  # ids the k-admin sees
    assert client.post("/api/v1/occasions/", regional, format="json").status_code == 403
    assert Occasion.objects.count() == before


def test_those_who_do_not_plan_may_not_create_occasions(world):
    before = Occasion.objects.count()
    for role in ("staff", "manager", "trainer"):
        response = client_for(world[role]).post("/api/v1/occasions/", _payload(world), format="json")
        assert response.status_code == 403, role
    assert Occasion.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("course", 999999),
        ("region", "gavleborg"),
        ("target_municipalities", "gavle"),
        ("target_units", "gavle_home"),
        ("target_levels", 999999),
    ],
)
def test_an_unknown_or_out_of_scope_id_is_unknown_and_nothing_is_planned(world, field, value):
    if isinstance(value, str):
        value = getattr(world, value).pk
    if field.startswith("target_"):
        value = [value]
    before = Occasion.objects.count()

    response = client_for(world["regional_admin"]).post(
        "/api/v1/occasions/", _payload(world, **{field: value}), format="json"
    )

    assert response.status_code == 400
    assert response.json()[field] == [f"Okänt id: {value[0] if isinstance(value, list) else value}."]
    assert Occasion.objects.count() == before


def test_kept_places_for_a_municipality_outside_scope_are_unknown(world):
    quotas = [{"municipality": world.gavle.pk, "seats": 2, "release_at": timezone.now().isoformat()}]

    response = client_for(world["regional_admin"]).post(
        "/api/v1/occasions/", _payload(world, quotas=quotas), format="json"
    )

    assert response.status_code == 400
    assert "quotas" in response.json()
    assert not SeatQuota.objects.filter(municipality=world.gavle).exists()


@pytest.mark.parametrize(
    "days",
    [
        [],
        [{"date": "not-a-date", "starts": "09:00", "ends": "16:00", "venue": "Salen"}],
        [{"date": "2030-01-10", "ends": "16:00", "venue": "Salen"}],
        [{"date": "2030-01-10", "starts": "16:00", "ends": "09:00", "venue": "Salen"}],
        [{"date": "2030-01-10", "starts": "09:00", "ends": "16:00", "mode": "digital"}],
        "Monday",
    ],
)
def test_malformed_course_days_are_refused_with_a_message_and_nothing_is_planned(world, days):
    before = Occasion.objects.count()

    response = client_for(world["regional_admin"]).post(
        "/api/v1/occasions/", _payload(world, days=days, cancel_deadline=None), format="json"
    )

    assert response.status_code == 400
    assert response.json()["days"]
    assert Occasion.objects.count() == before


def test_a_planner_changes_some_settings_and_keeps_the_rest(world, django_capture_on_commit_callbacks, mailoutbox):
    occasion = world.occasion
    days = list(occasion.days.all())
    client = client_for(world["regional_project_leader"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(_url(occasion), {"name": "Omgång 1 (ny)", "capacity": 25}, format="json")

    assert response.status_code == 200, response.content
    occasion.refresh_from_db()
    assert (occasion.name, occasion.capacity) == ("Omgång 1 (ny)", 25)
    assert list(occasion.days.all()) == days  # the same days, untouched
    assert not mailoutbox  # nothing about the days changed: nobody is told

    moved = (days[0].date + datetime.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            _url(occasion),
            {"days": [{"id": days[0].pk, "date": moved, "starts": "10:00", "ends": "15:00", "venue": "Kulturhuset"}]},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert [(d["id"], d["date"], d["venue"]) for d in response.json()["days"]] == [(days[0].pk, moved, "Kulturhuset")]
    assert not CourseDay.objects.filter(pk=days[1].pk).exists()
    assert len(mailoutbox) == 2  # both booked are told of the change


def test_a_full_update_replaces_the_settings(world):
    occasion = world.occasion
    body = _payload(world, target_municipalities=[], target_levels=[], quotas=[], name="Omgång 1")
    response = client_for(world["regional_admin"]).put(_url(occasion), body, format="json")

    assert response.status_code == 200, response.content
    occasion.refresh_from_db()
    assert (occasion.capacity, occasion.min_participants, occasion.notes) == (12, 4, "Fika ingår")
    assert occasion.days.count() == 2 and occasion.first_day == TODAY() + datetime.timedelta(days=60)


def test_fewer_places_than_booked_is_refused_and_nothing_changes(world):
    occasion = world.occasion

    response = client_for(world["regional_admin"]).patch(
        _url(occasion), {"capacity": 1, "name": "Ändrat"}, format="json"
    )

    assert response.status_code == 400
    assert "2" in response.json()["capacity"][0]
    occasion.refresh_from_db()
    assert (occasion.capacity, occasion.name) == (20, "Omgång 1")


def test_a_course_day_of_another_occasion_cannot_be_smuggled_into_a_change(world):
    other = _occasion(world, days=[_day(TODAY() + datetime.timedelta(days=70))])
    foreign = other.days.get()
    day = {"id": foreign.pk, "date": foreign.date.isoformat(), "starts": "09:00", "ends": "16:00", "venue": "X"}

    response = client_for(world["regional_admin"]).patch(_url(world.occasion), {"days": [day]}, format="json")

    assert response.status_code == 400
    assert world.occasion.days.count() == 2
    assert CourseDay.objects.get(pk=foreign.pk).venue == "Folkets hus"


def test_changing_an_occasion_is_for_its_planners_only(world):
    occasion = world.occasion
    for role in ("staff", "manager", "municipal_admin", "trainer"):
        response = client_for(world[role]).patch(_url(occasion), {"name": "X"}, format="json")
        assert response.status_code == 403, role
    assert (
        client_for(world["regional_admin_gavleborg"]).patch(_url(occasion), {"name": "X"}, format="json").status_code
        == 404
    )
    occasion.refresh_from_db()
    assert occasion.name == "Omgång 1"


def test_a_planner_copies_an_occasion_to_the_next_term(world):
    occasion = world.occasion
    first_day = occasion.first_day + datetime.timedelta(weeks=26)

    response = client_for(world["regional_admin"]).post(
        _url(occasion, "copy/"), {"first_day": first_day.isoformat()}, format="json"
    )

    assert response.status_code == 201, response.content
    copy = Occasion.objects.get(pk=response.json()["id"])
    assert copy.pk != occasion.pk
    assert copy.first_day == first_day
    assert copy.last_day == occasion.last_day + datetime.timedelta(weeks=26)
    assert not copy.registrations.exists()
    assert response.json()["booked"] == 0


def test_a_copy_needs_its_first_day_and_a_planner(world):
    occasion = world.occasion
    before = Occasion.objects.count()

    missing = client_for(world["regional_admin"]).post(_url(occasion, "copy/"), {}, format="json")
    bad = client_for(world["regional_admin"]).post(_url(occasion, "copy/"), {"first_day": "sometime"}, format="json")
    body = {"first_day": "2031-01-01"}
    refused = client_for(world["municipal_admin"]).post(_url(occasion, "copy/"), body, format="json")
    outsider = client_for(world["regional_admin_gavleborg"]).post(_url(occasion, "copy/"), body, format="json")

    assert (missing.status_code, bad.status_code) == (400, 400)
    assert "first_day" in missing.json() and "first_day" in bad.json()
    assert (refused.status_code, outsider.status_code) == (403, 404)
    assert Occasion.objects.count() == before


def test_a_planner_cancels_an_occasion_and_everyone_signed_up_is_cancelled(world):
    occasion = world.occasion

    response = client_for(world["regional_admin"]).post(
        _url(occasion, "cancel/"), {"reason": "För få anmälda"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "För få anmälda")
    assert set(occasion.registrations.values_list("state", flat=True)) == {RegistrationState.CANCELLED}
    again = client_for(world["regional_admin"]).post(_url(occasion, "cancel/"), {"reason": "x"}, format="json")
    assert again.status_code == 400


def test_cancelling_needs_a_reason_and_a_planner(world):
    occasion = world.occasion

    no_reason = client_for(world["regional_admin"]).post(_url(occasion, "cancel/"), {}, format="json")
    refused = client_for(world["manager"]).post(_url(occasion, "cancel/"), {"reason": "x"}, format="json")
    outsider = client_for(world["regional_admin_gavleborg"]).post(
        _url(occasion, "cancel/"), {"reason": "x"}, format="json"
    )

    assert no_reason.status_code == 400 and no_reason.json()["reason"]
    assert (refused.status_code, outsider.status_code) == (403, 404)
    occasion.refresh_from_db()
    assert occasion.status == OccasionStatus.PLANNED
    assert set(occasion.registrations.values_list("state", flat=True)) == {RegistrationState.BOOKED}


# --- sign-ups ---------------------------------------------------------------------------------------------


def test_a_planner_signs_up_several_people_at_once(world):
    first, second = _staff(world, 2)

    response = client_for(world["regional_admin"]).post(
        _url(world.occasion, "registrations/"), {"people": [first.pk, second.pk]}, format="json"
    )

    assert response.status_code == 201, response.content
    assert [(r["user"], r["state"]) for r in response.json()] == [(first.pk, "booked"), (second.pk, "booked")]


def test_signing_up_many_is_all_or_nothing_and_names_each_refusal(world):
    newcomer = _staff(world, 1)[0]
    before = Registration.objects.count()

    response = client_for(world["regional_admin"]).post(
        _url(world.occasion, "registrations/"),
        {"people": [newcomer.pk, world["staff"].pk, world["staff_boende"].pk]},
        format="json",
    )

    assert response.status_code == 400
    refusals = response.json()["detail"]
    assert len(refusals) == 2
    assert str(world["staff"]) in refusals[0] and str(world["staff_boende"]) in refusals[1]
    assert Registration.objects.count() == before
    assert not Registration.objects.filter(user=newcomer).exists()


def test_signing_up_people_outside_ones_scope_reads_as_unknown(world):
    newcomer = _staff(world, 1)[0]
    client = client_for(world["manager"])

    response = client.post(
        _url(world.occasion, "registrations/"),
        {"people": [newcomer.pk, world["staff_gavle"].pk, 999999]},
        format="json",
    )
    both = client.post(
        _url(world.occasion, "registrations/"), {"person": newcomer.pk, "people": [newcomer.pk]}, format="json"
    )
    empty = client.post(_url(world.occasion, "registrations/"), {"people": []}, format="json")

    assert response.status_code == 400
    assert response.json()["people"] == [f"Okänd person: {world['staff_gavle'].pk}, 999999."]
    assert (both.status_code, empty.status_code) == (400, 400)
    assert not Registration.objects.filter(user=newcomer).exists()


def test_a_manager_signs_up_one_of_their_staff_as_before(world):
    newcomer = _staff(world, 1)[0]

    response = client_for(world["manager"]).post(
        _url(world.occasion, "registrations/"), {"person": newcomer.pk}, format="json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["user"], response.json()["state"]) == (newcomer.pk, "booked")
    outsider = client_for(world["regional_admin_gavleborg"]).post(
        _url(world.occasion, "registrations/"), {"people": [world["staff_gavle"].pk]}, format="json"
    )
    assert outsider.status_code == 404


# --- absence in advance -----------------------------------------------------------------------------------


def test_a_participant_announces_absence_for_a_coming_day(world):
    registration = Registration.objects.get(occasion=world.occasion, user=world["staff"])
    day = world.occasion.days.first()

    response = client_for(world["staff"]).post(
        f"/api/v1/registrations/{registration.pk}/absence/", {"course_day": day.pk, "reason": "Sjuk"}, format="json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["present"], response.json()["announced"], response.json()["reason"]) == (
        False,
        True,
        "Sjuk",
    )
    assert [e["announced"] for e in response.json()["history"]] == [True]
    registration.refresh_from_db()
    assert registration.state == RegistrationState.BOOKED


def test_absence_on_a_day_that_has_passed_or_is_not_the_occasions_is_refused(world):
    occasion = _occasion(
        world,
        days=[_day(TODAY() - datetime.timedelta(days=1)), _day(TODAY() + datetime.timedelta(days=3))],
    )
    registration = registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    past = occasion.days.first()
    other_day = world.occasion.days.first()
    client = client_for(world["staff"])
    url = f"/api/v1/registrations/{registration.pk}/absence/"

    passed = client.post(url, {"course_day": past.pk, "reason": "Sjuk"}, format="json")
    foreign = client.post(url, {"course_day": other_day.pk, "reason": "Sjuk"}, format="json")
    no_reason = client.post(url, {"course_day": occasion.days.last().pk}, format="json")

    assert passed.status_code == 400 and passed.json()["detail"]
    assert foreign.status_code == 400 and foreign.json()["course_day"]
    assert no_reason.status_code == 400 and no_reason.json()["reason"]
    assert not DayAttendance.objects.filter(registration=registration).exists()


def test_absence_for_someone_else_out_of_sight_is_not_found(world):
    registration = Registration.objects.get(occasion=world.occasion, user=world["staff"])
    day = world.occasion.days.first()
    for role in ("staff_boende", "municipal_admin_falun", "regional_admin_gavleborg"):
        response = client_for(world[role]).post(
            f"/api/v1/registrations/{registration.pk}/absence/", {"course_day": day.pk, "reason": "x"}, format="json"
        )
        assert response.status_code == 404, role
    assert not DayAttendance.objects.exists()


# --- attendance -------------------------------------------------------------------------------------------


@pytest.fixture
def held_today(world):
    """An occasion whose only course day is today, with three booked."""
    occasion = _occasion(world, days=[_day(TODAY())])
    people = _staff(world, 3, prefix="held")
    registrations = [registration_create(actor=world["regional_admin"], occasion=occasion, person=p) for p in people]
    return occasion, occasion.days.get(), registrations


def test_attendance_is_taken_for_a_day_at_once_and_the_outcome_follows(world, held_today):
    occasion, day, (first, second, third) = held_today
    client = client_for(world["regional_admin"])

    response = client.post(
        _url(occasion, f"days/{day.pk}/attendance/"),
        {"absent": [{"registration": second.pk, "reason": "Sjuk"}]},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"present": 2, "absent": 1}
    sheet = client.get(_url(occasion, "attendance/")).json()
    [sheet_day] = sheet["days"]
    rows = {row["registration"]: row for row in sheet_day["participants"]}
    assert (rows[first.pk]["mark"], rows[first.pk]["outcome"]) == ("present", "attended")
    assert (rows[second.pk]["mark"], rows[second.pk]["reason"], rows[second.pk]["outcome"]) == (
        "absent",
        "Sjuk",
        "no_show",
    )
    assert rows[second.pk]["by"] == world["regional_admin"].pk


def test_a_mark_is_corrected_and_the_sheet_keeps_the_history(world, held_today):
    occasion, day, (first, second, _third) = held_today
    client = client_for(world["regional_admin"])
    client.post(
        _url(occasion, f"days/{day.pk}/attendance/"),
        {"absent": [{"registration": second.pk, "reason": "Sjuk"}]},
        format="json",
    )

    response = client.post(_url(occasion, f"days/{day.pk}/attendance/{second.pk}/"), {"present": True}, format="json")

    assert response.status_code == 200, response.content
    assert [(e["present"], e["reason"]) for e in response.json()["history"]] == [(False, "Sjuk"), (True, "")]
    second.refresh_from_db()
    assert second.state == RegistrationState.ATTENDED
    rows = {r["registration"]: r for r in client.get(_url(occasion, "attendance/")).json()["days"][0]["participants"]}
    assert rows[second.pk]["mark"] == "present"
    assert [e["present"] for e in rows[second.pk]["history"]] == [False, True]


def test_the_sheet_shows_days_not_taken_and_absences_announced_in_advance(world):
    registration = Registration.objects.get(occasion=world.occasion, user=world["staff"])
    first_day, second_day = world.occasion.days.all()
    client_for(world["staff"]).post(
        f"/api/v1/registrations/{registration.pk}/absence/",
        {"course_day": second_day.pk, "reason": "Skift"},
        format="json",
    )

    sheet = client_for(world["regional_admin"]).get(_url(world.occasion, "attendance/")).json()

    assert [d["id"] for d in sheet["days"]] == [first_day.pk, second_day.pk]
    assert {r["mark"] for r in sheet["days"][0]["participants"]} == {"not_taken"}
    [announced] = [r for r in sheet["days"][1]["participants"] if r["registration"] == registration.pk]
    assert (announced["mark"], announced["announced"], announced["reason"]) == ("absent", True, "Skift")
    assert announced["outcome"] == "booked"


def test_an_unknown_registration_on_the_list_changes_nothing(world, held_today):
    occasion, day, (first, _second, _third) = held_today
    other = Registration.objects.get(occasion=world.occasion, user=world["staff"])

    response = client_for(world["regional_admin"]).post(
        _url(occasion, f"days/{day.pk}/attendance/"),
        {"absent": [{"registration": first.pk, "reason": ""}, {"registration": other.pk, "reason": ""}]},
        format="json",
    )
    malformed = client_for(world["regional_admin"]).post(
        _url(occasion, f"days/{day.pk}/attendance/"), {"absent": [{"reason": "x"}]}, format="json"
    )

    assert response.status_code == 400 and response.json()["detail"]
    assert malformed.status_code == 400 and malformed.json()["absent"]
    assert not DayAttendance.objects.exists() and not AttendanceEvent.objects.exists()


def test_attendance_is_not_taken_before_the_day(world):
    day = world.occasion.days.first()

    response = client_for(world["regional_admin"]).post(
        _url(world.occasion, f"days/{day.pk}/attendance/"), {"absent": []}, format="json"
    )

    assert response.status_code == 400
    assert not DayAttendance.objects.exists()


def test_a_single_mark_for_someone_without_a_place_is_refused(world, held_today):
    occasion, day, (first, _second, _third) = held_today
    registration_cancel(actor=world["regional_admin"], registration=first)
    other = Registration.objects.get(occasion=world.occasion, user=world["staff"])
    client = client_for(world["regional_admin"])

    cancelled = client.post(_url(occasion, f"days/{day.pk}/attendance/{first.pk}/"), {"present": True}, format="json")
    elsewhere = client.post(_url(occasion, f"days/{day.pk}/attendance/{other.pk}/"), {"present": True}, format="json")
    no_value = client.post(_url(occasion, f"days/{day.pk}/attendance/{_second.pk}/"), {}, format="json")

    assert cancelled.status_code == 400
    assert elsewhere.status_code == 404
    assert no_value.status_code == 400 and no_value.json()["present"]
    assert not DayAttendance.objects.exists()


def test_attendance_is_for_those_who_take_it_and_hidden_from_outsiders(world, held_today):
    occasion, day, (first, _second, _third) = held_today
    foreign_day = world.occasion.days.first()
    for role in ("staff", "manager", "municipal_admin"):
        client = client_for(world[role])
        assert client.get(_url(occasion, "attendance/")).status_code == 403, role
        assert client.post(_url(occasion, f"days/{day.pk}/attendance/"), {}, format="json").status_code == 403, role
        response = client.post(
            _url(occasion, f"days/{day.pk}/attendance/{first.pk}/"), {"present": True}, format="json"
        )
        assert response.status_code == 403, role
    outsider = client_for(world["regional_admin_gavleborg"])
    assert outsider.get(_url(occasion, "attendance/")).status_code == 404
    assert outsider.post(_url(occasion, f"days/{day.pk}/attendance/"), {}, format="json").status_code == 404
    planner = client_for(world["regional_admin"])
    assert planner.post(_url(occasion, f"days/{foreign_day.pk}/attendance/"), {}, format="json").status_code == 404
    assert not DayAttendance.objects.exists()


# --- registrations by state -------------------------------------------------------------------------------


def test_registrations_filter_by_the_outcome_states(world, held_today):
    occasion, day, (first, second, third) = held_today
    client = client_for(world["regional_admin"])
    client.post(
        _url(occasion, f"days/{day.pk}/attendance/"),
        {"absent": [{"registration": second.pk, "reason": "Sjuk"}]},
        format="json",
    )

    def ids(query):
        response = client.get(f"/api/v1/registrations/?occasion={occasion.pk}&{query}")
        assert response.status_code == 200, response.content
        return sorted(r["id"] for r in response.json()["results"])

    assert ids("state=attended") == sorted([first.pk, third.pk])
    assert ids("state=no_show") == [second.pk]
    assert ids("state=no_show&state=attended") == sorted([first.pk, second.pk, third.pk])
    assert ids("state=booked") == []
    assert client.get("/api/v1/registrations/?state=gone").status_code == 400


def test_the_schema_names_every_registration_state():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert schema["components"]["schemas"]["RegistrationStateEnum"]["enum"] == [s.value for s in RegistrationState]
    [state] = [p for p in schema["paths"]["/api/v1/registrations/"]["get"]["parameters"] if p["name"] == "state"]
    assert "no_show" in state["schema"]["items"]["enum"]
    paths = schema["paths"]
    assert {"post"} <= set(paths["/api/v1/occasions/{id}/days/{day_id}/attendance/{registration_id}/"])
    assert {"put", "patch"} <= set(paths["/api/v1/occasions/{id}/"])

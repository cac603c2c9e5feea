"""The coordinators' pool pages end to end: the pool list with its filters and pinned query count, putting
a person in the pool, a trainer's page with qualifications and days they cannot teach, changing the
profile, the pool export, and who may use them (403 for those who coordinate nothing, 404 for a trainer
outside one's pools)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.trainers.models import (
    DayAssignment,
    DayRole,
    Qualification,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    Unavailability,
)
from yrkesresan.trainers.services import (
    absence_report,
    day_assign,
    qualification_grant,
    substitute_assign,
    team_member_add,
    trainer_profile_save,
)

from .conftest import D1, day, make_discussion_leader, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _as(client, user):
    client.force_login(user)
    return client


def _names(response):
    return [str(t.user) for t in response.context["page"]]


def _today_occasion(pool):
    """An occasion today (in this term) where Falun's trainer trains."""
    occasion = make_occasion(pool.world, [day(TODAY, address="Avesta")], name="I dag")
    team_member_add(actor=pool.coordinator, occasion=occasion, trainer=pool["falun"], role=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=occasion.days.get(), trainer=pool["falun"], role=DayRole.TRAINER)
    return occasion


# --- the pool list --------------------------------------------------------------------------------


def test_the_regional_admin_sees_the_regions_trainers_with_their_days_this_term(client, pool):
    world = pool.world
    _today_occasion(pool)
    leader = make_discussion_leader(world, "samtal", world.avesta_home)

    response = _as(client, world["regional_admin"]).get(reverse("trainer_pool"))

    assert response.status_code == 200
    names = _names(response)
    assert "Gavle Utbildare" not in names  # Gävleborg's pool
    assert {"Trainer Testsson", "Falun Utbildare", "Mora Utbildare", str(leader.user)} <= set(names)
    falun = next(t for t in response.context["page"] if t.pk == pool["falun"].pk)
    assert (falun.term_days, falun.max_days_per_term, falun.next_day, falun.coming_days) == (1, 2, TODAY, 1)
    body = response.content.decode()
    assert "Utbildarpoolen" in body
    assert "1 av 2" in body
    assert "Handläggning med barnet i centrum" in body
    assert "Lägg till utbildare" in body
    assert 'aria-current="page"' in body  # the coordinators' links, this page marked


def test_a_kadmin_sees_the_trainers_their_municipality_lends_and_its_discussion_leaders(client, pool):
    world = pool.world
    leader = make_discussion_leader(world, "samtal", world.avesta_home)

    response = _as(client, world["municipal_admin"]).get(reverse("trainer_pool"))

    assert sorted(_names(response)) == sorted(["Trainer Testsson", "Avesta New Utbildare", str(leader.user)])


def test_the_pool_filters_by_name_course_municipality_kind_and_status(client, pool):
    world = pool.world
    c = _as(client, world["regional_admin"])
    make_discussion_leader(world, "samtal", world.avesta_home)
    pool["gagnef"].active = False
    pool["gagnef"].save()
    url = reverse("trainer_pool")

    assert _names(c.get(url, {"q": "mora"})) == ["Mora Utbildare"]
    assert "Avesta New Utbildare" not in _names(c.get(url, {"course": world.bou_course.pk}))
    assert sorted(_names(c.get(url, {"municipality": world.avesta.pk}))) == [
        "Avesta New Utbildare",
        "Samtal Samtalsledare",
        "Trainer Testsson",
    ]
    assert _names(c.get(url, {"kind": TrainerKind.DISCUSSION_LEADER})) == ["Samtal Samtalsledare"]
    assert "Gagnef Utbildare" not in _names(c.get(url))  # the active ones by default
    assert _names(c.get(url, {"status": "inactive"})) == ["Gagnef Utbildare"]
    assert "Gagnef Utbildare" in _names(c.get(url, {"status": "all"}))


def test_a_municipality_outside_the_pool_cannot_be_chosen_as_a_filter(client, pool):
    response = _as(client, pool.world["regional_admin"]).get(
        reverse("trainer_pool"), {"municipality": pool.world.gavle.pk}
    )

    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_the_system_admin_sees_every_pool_and_can_pick_a_region(client, pool):
    c = _as(client, pool.world["system_admin"])

    everyone = _names(c.get(reverse("trainer_pool")))
    gavleborg = _names(c.get(reverse("trainer_pool"), {"region": pool.world.gavleborg.pk}))

    assert "Gavle Utbildare" in everyone and "Mora Utbildare" in everyone
    assert gavleborg == ["Gavle Utbildare"]


def _queries(c, url):
    with CaptureQueriesContext(connection) as ctx:
        response = c.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_pool_list_query_count_does_not_grow_with_trainers(client, pool, django_assert_num_queries):
    world = pool.world
    c = _as(client, world["regional_admin"])
    url = reverse("trainer_pool")
    small = _queries(c, url)
    for i in range(6):
        trainer = make_trainer(world, f"extra_{i}", world.falun)
        qualification_grant(actor=world["regional_admin"], trainer=trainer, course=world.funk_course)
    _today_occasion(pool)

    large = _queries(c, url)

    assert large == small
    with django_assert_num_queries(large):
        c.get(url)


def test_the_pool_exports_as_csv_with_the_same_filters(client, pool):
    _today_occasion(pool)

    response = _as(client, pool.world["regional_admin"]).get(
        reverse("trainer_pool_export"), {"q": "falun", "format": "csv"}
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:7] == [
        "Namn",
        "Användarnamn",
        "E-post",
        "Hemkommun",
        "Typ",
        "Behörig för",
        "Kursdagar denna termin",
    ]
    assert rows[1][:7] == [
        "Falun Utbildare",
        "falun",
        "falun@example.org",
        "Falun",
        "Utbildare",
        "Handläggning med barnet i centrum",
        "1",
    ]
    assert len(rows) == 2


# --- who may ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["trainer", "staff", "manager"])
def test_those_who_coordinate_no_pool_are_refused_the_coordinators_pages(client, pool, role):
    c = _as(client, pool.world[role])
    pk = pool["avesta"].pk

    for url in (
        reverse("trainer_pool"),
        reverse("trainer_pool_export"),
        reverse("trainer_add"),
        reverse("trainer_detail", args=[pk]),
        reverse("trainer_edit", args=[pk]),
    ):
        assert c.get(url).status_code == 403, url
    assert c.post(reverse("trainer_qualification_add", args=[pk])).status_code == 403
    assert c.post(reverse("trainer_unavailability_add", args=[pk])).status_code == 403


def test_another_regions_coordinator_gets_not_found_for_a_trainer(client, pool):
    c = _as(client, pool.world["regional_admin_gavleborg"])
    pk = pool["falun"].pk

    assert c.get(reverse("trainer_detail", args=[pk])).status_code == 404
    assert c.get(reverse("trainer_edit", args=[pk])).status_code == 404
    assert c.post(reverse("trainer_qualification_add", args=[pk])).status_code == 404


def test_a_kadmin_sees_a_trainer_their_municipality_lends_but_does_not_change_the_profile(client, pool):
    c = _as(client, pool.world["municipal_admin"])
    avesta, falun = pool["avesta"], pool["falun"]

    page = c.get(reverse("trainer_detail", args=[avesta.pk]))

    assert page.status_code == 200
    assert reverse("trainer_edit", args=[avesta.pk]) not in page.content.decode()
    assert c.get(reverse("trainer_edit", args=[avesta.pk])).status_code == 403
    assert c.get(reverse("trainer_detail", args=[falun.pk])).status_code == 404


# --- putting a person in the pool -------------------------------------------------------------------


def _new_trainer_person(world, username="nyfalun"):
    return accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name="Nya",
        last_name="Falunsson",
        email=f"{username}@example.org",
        role="trainer",
        place=world.falun,
        notify=False,
    )


def _add_data(person, municipality, **changes):
    return {
        "person": str(person.pk),
        "q": "",
        "kind": TrainerKind.TRAINER,
        "home_municipality": str(municipality.pk),
        "max_days_per_term": "3",
        "note": "Vill gärna leda",
        **changes,
    }


def test_the_add_page_finds_people_with_the_trainer_role_not_yet_in_a_pool(client, pool):
    person = _new_trainer_person(pool.world)
    c = _as(client, pool.world["regional_admin"])

    suggested = c.get(reverse("trainer_add"))
    searched = c.get(reverse("trainer_add"), {"q": "falunsson"})
    nobody = c.get(reverse("trainer_add"), {"q": "mora"})  # Mora is in the pool already

    assert person in suggested.context["people"]
    assert pool["falun"].user not in suggested.context["people"]
    assert list(searched.context["people"]) == [person]
    assert "Utbildare, Falun" in searched.content.decode()
    assert list(nobody.context["people"]) == []


def test_a_coordinator_puts_a_person_in_the_pool(client, pool):
    person = _new_trainer_person(pool.world)
    c = _as(client, pool.world["regional_admin"])

    response = c.post(reverse("trainer_add"), _add_data(person, pool.world.falun))

    profile = TrainerProfile.objects.get(user=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("trainer_detail", args=[profile.pk])
    assert (profile.kind, profile.home_municipality, profile.max_days_per_term, profile.note) == (
        TrainerKind.TRAINER,
        pool.world.falun,
        3,
        "Vill gärna leda",
    )
    assert "Nya Falunsson är med i poolen" in c.get(response["Location"]).content.decode()


def test_a_person_without_the_trainer_role_there_is_refused_and_nothing_is_saved(client, pool):
    person = _new_trainer_person(pool.world)
    c = _as(client, pool.world["regional_admin"])

    response = c.post(reverse("trainer_add"), _add_data(person, pool.world.avesta))

    assert response.status_code == 400
    assert "Nya Falunsson har inte rollen utbildare i Avesta" in response.content.decode()
    assert not TrainerProfile.objects.filter(user=person).exists()


def test_adding_needs_a_person_and_refuses_one_already_in_a_pool(client, pool):
    c = _as(client, pool.world["regional_admin"])
    count = TrainerProfile.objects.count()

    nobody = c.post(reverse("trainer_add"), {**_add_data(pool["falun"].user, pool.world.falun), "person": ""})
    twice = c.post(reverse("trainer_add"), _add_data(pool["falun"].user, pool.world.falun))

    assert nobody.status_code == twice.status_code == 400
    assert "Välj personen du vill lägga till" in nobody.content.decode()
    assert "Falun Utbildare är redan med i en utbildarpool" in twice.content.decode()
    assert TrainerProfile.objects.count() == count
    assert TrainerProfile.objects.get(pk=pool["falun"].pk).max_days_per_term == 2


def test_a_person_outside_ones_scope_cannot_be_added(client, pool):
    outsider = accounts.person_create(
        actor=pool.world["system_admin"],
        username="gavleperson",
        first_name="Gävle",
        last_name="Person",
        role="trainer",
        place=pool.world.gavle,
        notify=False,
    )
    c = _as(client, pool.world["regional_admin"])

    response = c.post(reverse("trainer_add"), _add_data(outsider, pool.world.falun))

    assert response.status_code == 400
    assert "Välj en av personerna" in response.content.decode()
    assert not TrainerProfile.objects.filter(user=outsider).exists()


def test_a_kadmin_adds_a_discussion_leader_from_their_municipality(client, pool):
    world = pool.world
    c = _as(client, world["municipal_admin"])

    page = c.get(reverse("trainer_add"), {"q": "staff_boende"})
    response = c.post(
        reverse("trainer_add"),
        _add_data(world["staff_boende"], world.avesta, kind=TrainerKind.DISCUSSION_LEADER),
    )
    refused = c.post(reverse("trainer_add"), _add_data(world["staff"], world.avesta))

    assert [value for value, _label in page.context["form"].fields["kind"].choices] == [TrainerKind.DISCUSSION_LEADER]
    assert response.status_code == 302
    assert TrainerProfile.objects.get(user=world["staff_boende"]).kind == TrainerKind.DISCUSSION_LEADER
    assert refused.status_code == 400  # a k-admin keeps no region's trainers
    assert list(refused.context["people"]) == [world["staff"]]  # the choice is kept
    assert f'value="{world["staff"].pk}" id="id_person_{world["staff"].pk}" checked' in refused.content.decode()
    assert not TrainerProfile.objects.filter(user=world["staff"]).exists()


# --- one trainer ----------------------------------------------------------------------------------


def test_the_trainers_page_shows_profile_qualifications_coming_days_and_history(client, pool):
    world = pool.world
    team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool["falun"], role=TeamRole.TRAINER)
    team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=pool["mora"], role=TeamRole.RESERVE)
    assignment = day_assign(
        actor=pool.coordinator, course_day=pool.days[0], trainer=pool["falun"], role=DayRole.TRAINER
    )
    absence_report(actor=pool["falun"].user, assignment=assignment, reason="Sjuk")
    substitute_assign(actor=pool.coordinator, assignment=assignment, substitute=pool["mora"], reason="Reserv")
    day_assign(actor=pool.coordinator, course_day=pool.days[1], trainer=pool["falun"], role=DayRole.TRAINER)

    response = _as(client, world["regional_admin"]).get(reverse("trainer_detail", args=[pool["falun"].pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert "Falun Utbildare" in body and "Hemkommun" in body
    assert "Handläggning med barnet i centrum" in body
    assert reverse("occasion_detail", args=[pool.occasion.pk]) in body
    assert [c.assignment.date for c in response.context["coming"]] == [D1, pool.days[1].date]
    history = [(str(e.trainer), e.action) for e in response.context["history"]]
    assert history == [  # newest first; Mora stepping in for Falun is Falun's history too
        ("Falun Utbildare", "assigned"),
        ("Mora Utbildare", "assigned"),
        ("Falun Utbildare", "replaced"),
        ("Falun Utbildare", "absence_reported"),
        ("Falun Utbildare", "assigned"),
    ]
    assert "Ersatt av Mora Utbildare" in body
    assert "Mora Utbildare tog över dagen" in body
    assert f"{response.context['days'].term}: 0 av de 2" in body


def test_a_coordinator_changes_the_profile(client, pool):
    c = _as(client, pool.world["regional_admin"])
    profile = pool["mora"]

    response = c.post(
        reverse("trainer_edit", args=[profile.pk]),
        {
            "kind": TrainerKind.TRAINER,
            "home_municipality": profile.home_municipality_id,
            "max_days_per_term": "4",
            "active": "",
            "note": "Föräldraledig i vår",
        },
    )

    profile.refresh_from_db()
    assert response.status_code == 302
    assert (profile.max_days_per_term, profile.active, profile.note) == (4, False, "Föräldraledig i vår")


def test_bad_profile_changes_are_refused_and_nothing_changes(client, pool):
    c = _as(client, pool.world["regional_admin"])
    profile = pool["mora"]
    url = reverse("trainer_edit", args=[profile.pk])

    too_many = c.post(
        url,
        {
            "kind": "trainer",
            "home_municipality": profile.home_municipality_id,
            "max_days_per_term": "99",
            "active": "on",
        },
    )
    no_role = c.post(
        url, {"kind": "trainer", "home_municipality": pool.world.falun.pk, "max_days_per_term": "2", "active": "on"}
    )

    assert too_many.status_code == no_role.status_code == 400
    assert "60" in too_many.content.decode()
    assert "Mora Utbildare har inte rollen utbildare i Falun" in no_role.content.decode()
    profile.refresh_from_db()
    assert (profile.max_days_per_term, profile.home_municipality.name) == (2, "Mora")


def test_a_coordinator_adds_and_removes_a_qualification(client, pool):
    world = pool.world
    c = _as(client, world["regional_admin"])
    trainer = pool["avesta_new"]

    added = c.post(
        reverse("trainer_qualification_add", args=[trainer.pk]),
        {"qualification-course": world.bou_course.pk, "qualification-since": "2024-05-02"},
    )
    qualification = Qualification.objects.get(trainer=trainer)
    removed = c.post(reverse("trainer_qualification_remove", args=[trainer.pk, qualification.pk]))

    assert added.status_code == removed.status_code == 302
    assert qualification.since == datetime.date(2024, 5, 2)
    assert not Qualification.objects.filter(trainer=trainer).exists()
    assert "är inte längre behörig" in c.get(removed["Location"]).content.decode()


def test_a_qualification_twice_or_for_a_web_course_is_refused_with_the_form_again(client, pool):
    world = pool.world
    c = _as(client, world["regional_admin"])
    trainer = pool["falun"]

    twice = c.post(
        reverse("trainer_qualification_add", args=[trainer.pk]),
        {"qualification-course": world.bou_course.pk, "qualification-since": "2024-05-02"},
    )
    no_date = c.post(
        reverse("trainer_qualification_add", args=[trainer.pk]),
        {"qualification-course": world.funk_course.pk, "qualification-since": ""},
    )

    assert twice.status_code == no_date.status_code == 400
    assert "Falun Utbildare har redan utbildning för Handläggning med barnet i centrum" in twice.content.decode()
    assert 'id="id_qualification-since_error"' in no_date.content.decode()
    assert list(Qualification.objects.filter(trainer=trainer).values_list("course", flat=True)) == [world.bou_course.pk]


def test_a_qualification_of_another_trainer_is_not_found(client, pool):
    other = Qualification.objects.get(trainer=pool["mora"])

    response = _as(client, pool.world["regional_admin"]).post(
        reverse("trainer_qualification_remove", args=[pool["falun"].pk, other.pk])
    )

    assert response.status_code == 404
    assert Qualification.objects.filter(pk=other.pk).exists()


def test_a_coordinator_notes_and_removes_days_a_trainer_cannot_teach(client, pool):
    c = _as(client, pool.world["regional_admin"])
    trainer = pool["mora"]
    start, end = D1 - datetime.timedelta(days=3), D1 + datetime.timedelta(days=3)

    added = c.post(
        reverse("trainer_unavailability_add", args=[trainer.pk]),
        {"unavailable-start": start.isoformat(), "unavailable-end": end.isoformat(), "unavailable-reason": "Kurs"},
    )
    period = Unavailability.objects.get(trainer=trainer)
    page = c.get(reverse("trainer_detail", args=[trainer.pk])).content.decode()
    removed = c.post(reverse("trainer_unavailability_remove", args=[trainer.pk, period.pk]))

    assert added.status_code == removed.status_code == 302
    assert (period.start, period.end, period.reason) == (start, end, "Kurs")
    assert "Kurs" in page
    assert not Unavailability.objects.filter(trainer=trainer).exists()


def test_days_a_trainer_cannot_teach_are_checked_and_nothing_is_saved_when_wrong(client, pool):
    c = _as(client, pool.world["regional_admin"])
    trainer = pool["falun"]
    team_member_add(actor=pool.coordinator, occasion=pool.occasion, trainer=trainer, role=TeamRole.TRAINER)
    day_assign(actor=pool.coordinator, course_day=pool.days[0], trainer=trainer, role=DayRole.TRAINER)
    url = reverse("trainer_unavailability_add", args=[trainer.pk])

    backwards = c.post(url, {"unavailable-start": D1.isoformat(), "unavailable-end": "2020-01-01"})
    booked = c.post(url, {"unavailable-start": D1.isoformat(), "unavailable-end": D1.isoformat()})

    assert backwards.status_code == booked.status_code == 400
    assert "Sista dagen kan inte vara före den första" in backwards.content.decode()
    assert "rapportera frånvaro" in booked.content.decode().lower() or "frånvaro" in booked.content.decode()
    assert not Unavailability.objects.filter(trainer=trainer).exists()
    assert DayAssignment.objects.filter(trainer=trainer, absent=False).count() == 1


def test_the_post_endpoints_do_not_answer_a_get(client, pool):
    c = _as(client, pool.world["regional_admin"])

    assert c.get(reverse("trainer_qualification_add", args=[pool["falun"].pk])).status_code == 405


def test_a_moved_trainer_is_found_in_the_new_pool(client, pool):
    world = pool.world
    accounts.role_assign(actor=world["system_admin"], person=world["trainer"], role="trainer", place=world.falun)
    trainer_profile_save(actor=pool.coordinator, person=world["trainer"], home_municipality=world.falun)

    names = _names(_as(client, world["regional_admin"]).get(reverse("trainer_pool"), {"municipality": world.falun.pk}))

    assert "Trainer Testsson" in names

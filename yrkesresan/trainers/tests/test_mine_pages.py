"""A trainer's own pages in Plattformen (their days, one day with team and participants, absence,
availability) and a manager's view of their staff who teach."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yrkesresan.core import policy
from yrkesresan.core.navigation import entries_for
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.services import occasion_create
from yrkesresan.occasions.tests.test_attendance import booked_occasion, move_days
from yrkesresan.trainers.models import (
    DayAction,
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    TeamRole,
    TrainerProfile,
    Unavailability,
)
from yrkesresan.trainers.services import absence_report, day_assign, team_member_add, unavailability_add

from .conftest import make_discussion_leader, make_trainer

#: Pinned query counts of the list pages (session, user, roles and the page's own reads).
MY_DAYS_QUERIES = 11
STAFF_DAYS_QUERIES = 8


def _today() -> datetime.date:
    return timezone.localdate()


def _html(response) -> str:
    return response.content.decode()


def _roomy(*profiles: TrainerProfile) -> None:
    """Let the trainers take more than the default two course days a term."""
    TrainerProfile.objects.filter(pk__in=[p.pk for p in profiles]).update(max_days_per_term=20)
    for profile in profiles:
        profile.refresh_from_db()


def _teach(coordinator, occasion: Occasion, trainer: TrainerProfile, role=TeamRole.TRAINER) -> None:
    team_member_add(actor=coordinator, occasion=occasion, trainer=trainer, role=role)


def _assign(coordinator, day: CourseDay, trainer: TrainerProfile, role=DayRole.TRAINER) -> DayAssignment:
    return day_assign(actor=coordinator, course_day=day, trainer=trainer, role=role)


def _days(occasion: Occasion) -> list[CourseDay]:
    return list(occasion.days.order_by("date", "id"))


@pytest.fixture
def taught(pool):
    """The world's trainer (Avesta) leads today's day of an occasion with three booked, with Falun as
    trainer; next week Avesta trains that occasion's second day. Falun also teaches another occasion."""
    world = pool.world
    _roomy(pool["avesta"], pool["falun"])
    occasion = booked_occasion(world, 3, day_offsets=(0, 7))
    today, next_week = _days(occasion)
    _teach(pool.coordinator, occasion, pool["avesta"], TeamRole.LEADER)
    _teach(pool.coordinator, occasion, pool["falun"])
    lead = _assign(pool.coordinator, today, pool["avesta"], DayRole.LEADER)
    _assign(pool.coordinator, today, pool["falun"])
    train = _assign(pool.coordinator, next_week, pool["avesta"])
    other = booked_occasion(world, 2, day_offsets=(14,), first_name="Annan")
    _teach(pool.coordinator, other, pool["falun"], TeamRole.LEADER)
    falun_other = _assign(pool.coordinator, _days(other)[0], pool["falun"], DayRole.LEADER)
    return {"occasion": occasion, "other": other, "lead": lead, "train": train, "falun_other": falun_other}


# --- Plattformen ------------------------------------------------------------------------------------------


def test_plattformen_shows_a_trainer_their_next_course_day_at_once(pool, taught, client):
    client.force_login(pool["avesta"].user)

    html = _html(client.get(reverse("plattformen")))

    section = html.split("Din nästa kursdag")[1].split("Kurspaket")[0]
    assert reverse("my_trainer_day", args=[taught["lead"].pk]) in section
    assert "Handläggning med barnet i centrum" in section and "Folkets hus, Kyrkogatan 1, Avesta" in section
    assert "Kursledare" in section
    assert reverse("my_trainer_day", args=[taught["train"].pk]) in section  # then, next week
    assert reverse("my_trainer_days") in section and reverse("my_availability") in section
    assert "Du har undervisat 1 kursdag i år." in section  # today's counts as taught


def test_plattformen_has_no_trainer_section_for_who_is_in_no_pool(world, client):
    client.force_login(world["regional_admin"])

    html = _html(client.get(reverse("plattformen")))

    assert "Din nästa kursdag" not in html
    assert reverse("my_trainer_days") not in html


def test_the_plattformen_section_reads_a_few_queries(pool, taught, rf, django_assert_num_queries):
    from yrkesresan.trainers.views.mine import plattformen_part

    request = rf.get("/")
    request.user = pool["avesta"].user
    with django_assert_num_queries(3):  # the profile, the next days, the counts
        [(template, context)] = plattformen_part(request)
    assert [a.pk for a in context["summary"].next_days] == [taught["lead"].pk, taught["train"].pk]


# --- my days ---------------------------------------------------------------------------------------------


def test_my_days_lists_the_coming_days_with_place_role_team_and_links(pool, taught, client):
    occasion = taught["occasion"]
    today, next_week = _days(occasion)
    client.force_login(pool["avesta"].user)

    response = client.get(reverse("my_trainer_days"))

    html = _html(response)
    assert response.status_code == 200
    first, second = html.split('class="card my-day')[1:3]
    assert "I dag" in first and "Kursledare" in first
    assert "Falun Utbildare (utbildare)" in first  # the rest of the team that day
    assert reverse("attendance_take", args=[occasion.pk, today.pk]) in first  # on the day itself
    assert reverse("attendance_take", args=[occasion.pk, next_week.pk]) not in second
    assert "Ingen annan ännu" in second
    assert reverse("course_package", args=[occasion.course_id]) in first
    assert "Dagar du har undervisat i år" in html


def test_days_taught_this_year_are_counted_by_role_without_absences_or_last_year(pool, taught, client):
    world = pool.world
    last_year = booked_occasion(world, 1, day_offsets=(30,))
    _teach(pool.coordinator, last_year, pool["avesta"])
    old = _assign(pool.coordinator, _days(last_year)[0], pool["avesta"])  # then moved to last year
    CourseDay.objects.filter(pk=old.course_day_id).update(date=datetime.date(_today().year - 1, 11, 3))
    DayAssignment.objects.filter(pk=old.pk).update(date=datetime.date(_today().year - 1, 11, 3))
    client.force_login(pool["avesta"].user)

    html = _html(client.get(reverse("my_trainer_days")))

    taught_part = html.split('id="taught-title"')[1]
    assert "1 kursdag:" in taught_part and "1 som kursledare" in taught_part and "0 som utbildare" in taught_part
    assert reverse("my_trainer_day", args=[taught["lead"].pk]) in taught_part
    assert reverse("my_trainer_day", args=[old.pk]) not in taught_part

    absence_report(actor=pool["avesta"].user, assignment=taught["lead"], reason="Sjuk")
    html = _html(client.get(reverse("my_trainer_days")))
    assert "Du har inte undervisat någon kursdag i år än." in html


def test_my_days_is_for_who_is_in_a_trainer_pool(world, client):
    client.force_login(world["staff"])

    assert client.get(reverse("my_trainer_days")).status_code == 403
    assert client.get(reverse("my_availability")).status_code == 403


def test_my_days_takes_as_many_queries_for_many_days_as_for_one(pool, client, django_assert_max_num_queries):
    world = pool.world
    _roomy(pool["falun"])
    first = booked_occasion(world, 2, day_offsets=(3,))
    _teach(pool.coordinator, first, pool["falun"])
    _assign(pool.coordinator, _days(first)[0], pool["falun"])
    client.force_login(pool["falun"].user)
    url = reverse("my_trainer_days")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200

    for offset in (4, 5, 6, 8, 9):
        occasion = booked_occasion(world, 2, day_offsets=(offset,))
        _teach(pool.coordinator, occasion, pool["falun"], TeamRole.LEADER)
        _teach(pool.coordinator, occasion, pool["borlange"])
        _assign(pool.coordinator, _days(occasion)[0], pool["falun"], DayRole.LEADER)
    with django_assert_max_num_queries(MY_DAYS_QUERIES), CaptureQueriesContext(connection) as six:
        response = client.get(url)

    assert _html(response).count('class="card my-day') == 6
    assert len(six) == len(one), "\n".join(q["sql"] for q in six.captured_queries)


# --- one day ---------------------------------------------------------------------------------------------


def test_a_day_shows_the_team_and_exactly_the_booked_participants(pool, taught, client):
    client.force_login(pool["avesta"].user)

    response = client.get(reverse("my_trainer_day", args=[taught["lead"].pk]))

    html = _html(response)
    assert response.status_code == 200
    team = html.split("Kurstillfällets team")[1].split("Deltagare")[0]
    assert "Trainer Testsson" in team and "kursledare" in team
    assert "Falun Utbildare" in team and 'href="mailto:falun@example.org"' in team
    participants = html.split("3 bokade")[1]
    names = sorted(name for name in ("Nummer 00", "Nummer 01", "Nummer 02") if name in participants)
    assert names == ["Nummer 00", "Nummer 01", "Nummer 02"]
    assert "Annan" not in participants  # the other occasion's people
    assert "Avesta hemtjänst" in participants  # their workplace
    assert reverse("my_trainer_absence", args=[taught["lead"].pk]) in html
    assert reverse("course_package", args=[taught["occasion"].course_id]) in html


def test_a_trainer_cannot_open_another_trainers_day(pool, taught, client):
    client.force_login(pool["falun"].user)

    assert client.get(reverse("my_trainer_day", args=[taught["lead"].pk])).status_code == 404
    assert client.get(reverse("my_trainer_absence", args=[taught["lead"].pk])).status_code == 404
    assert client.post(reverse("my_trainer_absence", args=[taught["lead"].pk])).status_code == 404
    assert not DayAssignment.objects.get(pk=taught["lead"].pk).absent


def test_a_trainer_of_another_occasion_does_not_see_its_participants(pool, taught, client):
    """Borlänge teaches only the other occasion: its own day lists its people, never the first one's."""
    _teach(pool.coordinator, taught["other"], pool["borlange"])
    own = _assign(pool.coordinator, _days(taught["other"])[0], pool["borlange"])
    today = _days(taught["occasion"])[0]
    client.force_login(pool["borlange"].user)

    html = _html(client.get(reverse("my_trainer_day", args=[own.pk])))
    assert "2 bokade" in html and "Annan" in html and "Deltagare Nummer" not in html
    assert client.get(reverse("my_trainer_day", args=[taught["lead"].pk])).status_code == 404
    assert client.get(reverse("attendance_take", args=[taught["occasion"].pk, today.pk])).status_code == 403


# --- absence ------------------------------------------------------------------------------------------------


def test_reporting_absence_marks_the_day_keeps_the_history_and_tells_the_coordinators(
    pool, taught, client, django_capture_on_commit_callbacks, mailoutbox
):
    lead = taught["lead"]
    client.force_login(pool["avesta"].user)
    url = reverse("my_trainer_absence", args=[lead.pk])
    assert "Jag kan inte komma" in _html(client.get(url))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Sjuk"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("my_trainer_day", args=[lead.pk])
    assert "Samordnaren har fått besked" in _html(response)
    lead.refresh_from_db()
    assert lead.absent and lead.absence_reason == "Sjuk" and lead.absent_reported_by == pool["avesta"].user
    assert list(
        DayAssignmentEvent.objects.filter(course_day=lead.course_day, trainer=pool["avesta"])
        .order_by("at", "pk")
        .values_list("action", "reason")
    ) == [(DayAction.ASSIGNED, ""), (DayAction.ABSENCE_REPORTED, "Sjuk")]
    [mail] = mailoutbox
    assert sorted(mail.to) == ["regional_admin@example.org", "regional_project_leader@example.org"]
    assert "Trainer Testsson kan inte komma" in mail.subject and "Sjuk" in mail.body
    assert "Du anmälde den" in _html(response)  # the day says so, without the button
    assert reverse("my_trainer_absence", args=[lead.pk]) not in _html(response)


def test_absence_for_a_day_already_reported_or_past_changes_nothing(
    pool, taught, client, django_capture_on_commit_callbacks, mailoutbox
):
    lead, train = taught["lead"], taught["train"]
    absence_report(actor=pool["avesta"].user, assignment=lead, reason="Sjuk")
    DayAssignment.objects.filter(pk=train.pk).update(date=_today() - datetime.timedelta(days=1))
    events = DayAssignmentEvent.objects.count()
    client.force_login(pool["avesta"].user)

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("my_trainer_absence", args=[lead.pk]), {"reason": "Igen"})
        past = client.post(reverse("my_trainer_absence", args=[train.pk]), {"reason": "För sent"})

    assert again.status_code == 400 and "Du har redan anmält att du inte kan komma" in _html(again)
    assert past.status_code == 400 and "har varit" in _html(past)
    assert DayAssignmentEvent.objects.count() == events
    assert not DayAssignment.objects.get(pk=train.pk).absent
    assert DayAssignment.objects.get(pk=lead.pk).absence_reason == "Sjuk"
    assert mailoutbox == []


# --- availability ------------------------------------------------------------------------------------------


def test_a_trainer_adds_and_removes_a_time_they_cannot_teach(pool, client):
    trainer = pool["falun"]
    client.force_login(trainer.user)
    start = _today() + datetime.timedelta(days=30)

    response = client.post(
        reverse("my_availability"),
        {"start": start.isoformat(), "end": (start + datetime.timedelta(days=6)).isoformat(), "reason": "Semester"},
        follow=True,
    )

    assert "Sparat" in _html(response) and "Semester" in _html(response)
    period = Unavailability.objects.get(trainer=trainer)
    assert (period.start, period.end, period.created_by) == (start, start + datetime.timedelta(days=6), trainer.user)

    response = client.post(reverse("my_availability_remove", args=[period.pk]), follow=True)

    assert "Borttaget" in _html(response)
    assert not Unavailability.objects.filter(trainer=trainer).exists()


def test_a_period_is_refused_when_it_ends_first_or_covers_a_day_already_taught(pool, taught, client):
    client.force_login(pool["avesta"].user)
    start = _today() + datetime.timedelta(days=5)

    backwards = client.post(
        reverse("my_availability"), {"start": start.isoformat(), "end": _today().isoformat(), "reason": ""}
    )
    on_a_day = client.post(
        reverse("my_availability"),
        {"start": start.isoformat(), "end": (start + datetime.timedelta(days=5)).isoformat(), "reason": ""},
    )

    assert backwards.status_code == 400 and "Sista dagen kan inte vara före den första." in _html(backwards)
    assert on_a_day.status_code == 400 and "anmäl frånvaro för den dagen i stället" in _html(on_a_day)
    assert not Unavailability.objects.exists()


def test_a_trainer_cannot_remove_someone_elses_period(pool, client):
    period = unavailability_add(
        actor=pool.coordinator,
        trainer=pool["mora"],
        start=_today() + datetime.timedelta(days=3),
        end=_today() + datetime.timedelta(days=4),
    )
    client.force_login(pool["falun"].user)

    assert client.post(reverse("my_availability_remove", args=[period.pk])).status_code == 404
    assert client.get(reverse("my_availability_remove", args=[period.pk])).status_code == 405
    assert Unavailability.objects.filter(pk=period.pk).exists()


# --- the home page: discussion leaders have no Plattformen --------------------------------------------------


def _municipal_day(world, leader: TrainerProfile, offset: int, *, name: str = "Lokal omgång") -> DayAssignment:
    """A municipal occasion of Avesta on Funk BAS with ``leader`` leading its day ``offset`` days from today."""
    occasion = occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=10,
        name=name,
        days=[
            {
                "date": _today() + datetime.timedelta(days=60),
                "starts": datetime.time(13),
                "ends": datetime.time(16),
                "venue": "Träffpunkten",
            }
        ],
    )
    move_days(occasion, (offset,))
    team_member_add(actor=world["municipal_admin"], occasion=occasion, trainer=leader, role=TeamRole.LEADER)
    return day_assign(
        actor=world["municipal_admin"], course_day=_days(occasion)[0], trainer=leader, role=DayRole.LEADER
    )


def test_a_discussion_leader_finds_their_next_day_on_the_home_page(world, client):
    leader = make_discussion_leader(world, "hanna", world.avesta_home)
    assignment = _municipal_day(world, leader, 10)
    client.force_login(leader.user)

    html = _html(client.get(reverse("home")))

    assert "Din nästa kursdag" in html and "Kurs 1 Introduktionskurs" in html and "Träffpunkten" in html
    assert reverse("my_trainer_day", args=[assignment.pk]) in html
    days = _html(client.get(reverse("my_trainer_days")))
    assert reverse("course_package", args=[world.funk_course.pk]) not in days  # no Plattformen for them


def test_the_home_page_has_no_trainer_part_for_who_is_in_no_pool(world, client):
    client.force_login(world["staff"])

    assert "Din nästa kursdag" not in _html(client.get(reverse("home")))


# --- attendance ---------------------------------------------------------------------------------------------


def test_a_trainer_who_teaches_finds_todays_attendance_in_the_menu(pool, taught, client):
    today = _days(taught["occasion"])[0]
    assert "attendance_today" in {e.key for e in entries_for(pool["avesta"].user)}
    client.force_login(pool["avesta"].user)

    response = client.get(reverse("attendance_today"))

    assert response.status_code == 200
    assert reverse("attendance_take", args=[taught["occasion"].pk, today.pk]) in _html(response)
    assert reverse("attendance_take", args=[taught["other"].pk, _days(taught["other"])[0].pk]) not in _html(response)


def test_a_trainer_on_no_team_has_no_attendance_to_take(pool, client):
    assert not policy.can(pool["gagnef"].user, "occasions.take_attendance_some")
    client.force_login(pool["gagnef"].user)

    assert client.get(reverse("attendance_today")).status_code == 403


# --- a manager's staff who teach -----------------------------------------------------------------------------


@pytest.fixture
def staff_who_teach(pool):
    """Discussion leaders in the manager's unit (Hanna, with two coming days and one today) and in another
    Avesta unit (Ivar), and the pool's trainers (the world's trainer is Avesta's)."""
    world = pool.world
    hanna = make_discussion_leader(world, "hanna", world.avesta_home)
    ivar = make_discussion_leader(world, "ivar", world.avesta_boende)
    _roomy(hanna)
    days = [_municipal_day(world, hanna, offset, name=f"Lokal {offset}") for offset in (0, 20, 40)]
    return {"hanna": hanna, "ivar": ivar, "days": days}


def test_a_manager_sees_only_their_own_staff_who_teach(pool, staff_who_teach, client):
    client.force_login(pool.world["manager"])

    response = client.get(reverse("staff_trainer_days"))

    html = _html(response)
    assert response.status_code == 200
    assert "Hanna Samtalsledare" in html and "Ivar" not in html and "Trainer Testsson" not in html
    assert "Falun Utbildare" not in html
    assert "Undervisat i år" in html and "1 kursdag" in html  # today's
    assert "Lokal 20" in html and "Lokal 40" in html
    assert "Träffpunkten" in html


def test_a_municipal_admin_sees_the_staff_of_their_municipality_who_teach(pool, staff_who_teach, client):
    client.force_login(pool.world["municipal_admin"])

    html = _html(client.get(reverse("staff_trainer_days")))

    assert "Hanna Samtalsledare" in html and "Ivar Samtalsledare" in html and "Trainer Testsson" in html
    assert "Falun Utbildare" not in html and "Mora Utbildare" not in html


@pytest.mark.parametrize("role", ["staff", "trainer", "regional_admin"])
def test_the_staff_page_is_for_managers_and_municipal_admins(world, client, role):
    client.force_login(world[role])

    assert client.get(reverse("staff_trainer_days")).status_code == 403


def test_stationen_links_to_the_staff_who_teach_only_when_there_are_some(world, client):
    client.force_login(world["manager"])
    assert reverse("staff_trainer_days") not in _html(client.get(reverse("stationen")))

    make_discussion_leader(world, "hanna", world.avesta_home)

    html = _html(client.get(reverse("stationen")))
    assert "1 av dina medarbetare är utbildare eller samtalsledare." in html
    assert reverse("staff_trainer_days") in html


def test_the_staff_page_takes_as_many_queries_for_many_as_for_one(
    pool, staff_who_teach, client, django_assert_max_num_queries
):
    world = pool.world
    client.force_login(world["municipal_admin"])
    url = reverse("staff_trainer_days")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200

    for i in range(4):
        leader = make_discussion_leader(world, f"extra{i}", world.avesta_home)
        _municipal_day(world, leader, 5 + i, name=f"Extra {i}")
    make_trainer(world, "avesta_two", world.avesta)
    with django_assert_max_num_queries(STAFF_DAYS_QUERIES), CaptureQueriesContext(connection) as many:
        html = _html(client.get(url))

    assert "Extra 3" in html and "Avesta Two Utbildare" in html
    assert len(many) == len(few), "\n".join(q["sql"] for q in many.captured_queries)

"""The coordinator's team pages end to end: an occasion's team and its course days, the substitutes for
an absent trainer, a day's history and the absences still to cover, as the people who use them and as
those who may not."""

from __future__ import annotations

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from yrkesresan.occasions.services import occasion_create
from yrkesresan.trainers.models import DayAction, DayAssignment, DayAssignmentEvent, DayRole, TeamMember, TeamRole
from yrkesresan.trainers.services import absence_report, day_assign, substitute_assign, team_member_add

from .conftest import D1, D2, day, make_discussion_leader, make_occasion, make_trainer

#: The team page: session, user, roles, the menu's enrolments; the occasion; the course days, the team,
#: the days' assignments and the pool (four, whatever their number).
TEAM_PAGE_QUERIES = 9
#: The absences page: session, user, roles, the menu's enrolments; the absences to cover and the days
#: without a leader or trainer.
ABSENCES_PAGE_QUERIES = 6


def _team(pool, occasion=None, **roles):
    for name, role in roles.items():
        team_member_add(actor=pool.coordinator, occasion=occasion or pool.occasion, trainer=pool[name], role=role)


def _assign(pool, name, day_index, role=DayRole.TRAINER):
    return day_assign(actor=pool.coordinator, course_day=pool.days[day_index], trainer=pool[name], role=role)


def _team_url(occasion):
    return reverse("occasion_team", args=[occasion.pk])


def _subs_url(assignment):
    day = assignment.course_day
    return reverse("course_day_substitutes", args=[day.occasion_id, day.pk, assignment.pk])


def _history_url(course_day):
    return reverse("course_day_history", args=[course_day.occasion_id, course_day.pk])


def _html(response):
    return response.content.decode()


def _text(response):
    """The page's text without tags, spaces folded: what a person reads."""
    return " ".join(re.sub(r"<[^>]+>", " ", _html(response)).split())


def _snapshot():
    return (
        sorted(TeamMember.objects.values_list("occasion_id", "trainer_id", "role")),
        sorted(DayAssignment.objects.values_list("course_day_id", "trainer_id", "role", "absent", "absence_reason")),
        DayAssignmentEvent.objects.count(),
    )


# --- the team page ---------------------------------------------------------------------------------


def test_the_coordinator_sees_the_team_the_days_and_who_leads_and_trains_them(pool, client):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    _assign(pool, "avesta", 0, DayRole.LEADER)
    _assign(pool, "falun", 0)
    _assign(pool, "falun", 1, DayRole.LEADER)
    client.force_login(pool.coordinator)

    response = client.get(_team_url(pool.occasion))

    assert response.status_code == 200
    text = _text(response)
    assert "Utbildarteam: Handläggning med barnet i centrum – Omgång T" in text
    for name in ("Trainer Testsson", "Falun Utbildare", "Mora Utbildare"):
        assert name in text
    assert "Kursledare" in text and "Reserv" in text
    assert f"onsdag 10 mars {D1.year}" in text and "Kungsgatan 1, Avesta" in text
    assert "Ingen utbildare" in text  # day 2 is led by Falun but nobody trains
    assert text.count("Ingen kursledare") == 1  # day 3
    html = _html(response)
    # The pool to add from: the qualified first, the unqualified marked; another region's trainers absent.
    assert '<optgroup label="Behöriga för kursen">' in html
    assert '<optgroup label="Inte behöriga för kursen">' in html
    assert html.index("Borlänge") < html.index("Inte behöriga för kursen") < html.index("Avesta New Utbildare")
    assert "Gavle Utbildare" not in html
    assert "0 av 2 kursdagar VT" in text
    assert reverse("course_day_history", args=[pool.occasion.pk, pool.days[0].pk]) in html


def test_the_occasion_page_links_to_the_team_only_for_those_who_coordinate_it(pool, client):
    url = reverse("occasion_detail", args=[pool.occasion.pk])
    team = _team_url(pool.occasion)

    for user, shown in [
        (pool.coordinator, True),
        (pool.world["system_admin"], True),
        (pool.world["trainer"], False),
        (pool.world["municipal_admin"], False),
    ]:
        client.force_login(user)
        assert (team in _html(client.get(url))) is shown, user


def test_a_kadmin_forms_the_team_of_their_municipalitys_occasion_but_not_a_regional_one(pool, client):
    world = pool.world
    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    occasion = occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=12,
        days=[day(D1, address="Avesta")],
    )
    client.force_login(world["municipal_admin"])

    page = client.get(_team_url(occasion))
    added = client.post(
        reverse("occasion_team_add", args=[occasion.pk]), {"add-trainer": leader.pk, "add-role": TeamRole.LEADER}
    )
    put_on = client.post(
        reverse("course_day_assign", args=[occasion.pk, occasion.days.get().pk]),
        {f"day{occasion.days.get().pk}-trainer": leader.pk, f"day{occasion.days.get().pk}-role": DayRole.LEADER},
    )

    assert page.status_code == 200 and "Samtal Samtalsledare" in _html(page)
    assert added.status_code == 302 and put_on.status_code == 302
    assert TeamMember.objects.get(occasion=occasion).role == TeamRole.LEADER
    assert DayAssignment.objects.get(course_day__occasion=occasion).trainer == leader
    assert client.get(_team_url(pool.occasion)).status_code == 403


def test_a_trainer_on_the_team_may_not_open_the_coordinators_pages(pool, client):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)
    client.force_login(pool["avesta"].user)
    before = _snapshot()

    assert client.get(_team_url(pool.occasion)).status_code == 403
    assert client.get(_subs_url(assignment)).status_code == 403
    assert client.get(_history_url(pool.days[0])).status_code == 403
    assert client.get(reverse("trainer_absences")).status_code == 403
    assert client.post(_subs_url(assignment), {"reason": "x", "substitute": pool["falun"].pk}).status_code == 403
    assert (
        client.post(reverse("occasion_team_add", args=[pool.occasion.pk]), {"add-trainer": pool["mora"].pk}).status_code
        == 403
    )
    assert _snapshot() == before


def test_another_regions_coordinator_finds_nothing(pool, client):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    absence_report(actor=pool["falun"].user, assignment=assignment, reason="Sjuk")
    client.force_login(pool.world["regional_admin_gavleborg"])

    assert client.get(_team_url(pool.occasion)).status_code == 404
    assert client.get(_subs_url(assignment)).status_code == 404
    assert client.get(_history_url(pool.days[0])).status_code == 404
    absences = client.get(reverse("trainer_absences"))
    assert absences.status_code == 200
    assert "Falun Utbildare" not in _html(absences)


def test_a_day_of_another_occasion_is_not_found(pool, client):
    other = make_occasion(pool.world, [day(D2)], name="Annan")
    client.force_login(pool.coordinator)

    assert client.get(reverse("course_day_history", args=[pool.occasion.pk, other.days.get().pk])).status_code == 404


def test_adding_and_removing_a_team_member(pool, client):
    client.force_login(pool.coordinator)

    added = client.post(
        reverse("occasion_team_add", args=[pool.occasion.pk]),
        {"add-trainer": pool["mora"].pk, "add-role": TeamRole.RESERVE},
        follow=True,
    )
    member = TeamMember.objects.get(occasion=pool.occasion)
    removed = client.post(reverse("occasion_team_remove", args=[pool.occasion.pk, member.pk]), follow=True)

    assert "Mora Utbildare är med i teamet som reserv." in _text(added)
    assert member.role == TeamRole.RESERVE
    assert "Mora Utbildare är inte längre med i teamet." in _text(removed)
    assert not TeamMember.objects.filter(occasion=pool.occasion).exists()


def test_adding_an_unqualified_trainer_is_refused_with_the_reason_and_changes_nothing(pool, client):
    client.force_login(pool.coordinator)
    before = _snapshot()

    response = client.post(
        reverse("occasion_team_add", args=[pool.occasion.pk]),
        {"add-trainer": pool["avesta_new"].pk, "add-role": TeamRole.TRAINER},
    )

    assert response.status_code == 400
    text = _text(response)
    assert "Ändringen gjordes inte" in text
    assert "Avesta New Utbildare har inte utbildning för Handläggning med barnet i centrum." in text
    assert _snapshot() == before


def test_a_missing_choice_is_shown_on_the_form(pool, client):
    client.force_login(pool.coordinator)
    before = _snapshot()

    response = client.post(reverse("occasion_team_add", args=[pool.occasion.pk]), {"add-role": TeamRole.TRAINER})

    assert response.status_code == 400
    assert 'aria-describedby="id_add-trainer_helptext id_add-trainer_error"' in _html(response)
    assert _snapshot() == before


def test_the_same_person_may_lead_one_day_and_train_another_from_the_page(pool, client):
    _team(pool, avesta=TeamRole.LEADER)
    client.force_login(pool.coordinator)

    for index, role in [(0, DayRole.LEADER), (1, DayRole.TRAINER)]:
        course_day = pool.days[index]
        response = client.post(
            reverse("course_day_assign", args=[pool.occasion.pk, course_day.pk]),
            {f"day{course_day.pk}-trainer": pool["avesta"].pk, f"day{course_day.pk}-role": role},
        )
        assert response.status_code == 302
        assert response["Location"].endswith(f"#day-{course_day.pk}")

    assert sorted(DayAssignment.objects.filter(trainer=pool["avesta"]).values_list("course_day_id", "role")) == [
        (pool.days[0].pk, DayRole.LEADER),
        (pool.days[1].pk, DayRole.TRAINER),
    ]


def test_a_double_booking_is_refused_with_its_message_and_changes_nothing(pool, client):
    _team(pool, falun=TeamRole.TRAINER)
    other = make_occasion(pool.world, [day(D1, address="Falun")], name="Omgång Falun")
    _team(pool, other, falun=TeamRole.LEADER)
    day_assign(actor=pool.coordinator, course_day=other.days.get(), trainer=pool["falun"], role=DayRole.LEADER)
    client.force_login(pool.coordinator)
    before = _snapshot()
    first = pool.days[0]

    response = client.post(
        reverse("course_day_assign", args=[pool.occasion.pk, first.pk]),
        {f"day{first.pk}-trainer": pool["falun"].pk, f"day{first.pk}-role": DayRole.TRAINER},
    )

    assert response.status_code == 400
    text = _text(response)
    assert f"Falun Utbildare undervisar redan 10 mars {D1.year}" in text
    assert f'href="#day-{first.pk}"' in _html(response)
    assert _snapshot() == before


def test_taking_a_member_off_a_day_and_a_member_with_coming_days_stays_on_the_team(pool, client):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    member = TeamMember.objects.get(occasion=pool.occasion)
    client.force_login(pool.coordinator)

    refused = client.post(reverse("occasion_team_remove", args=[pool.occasion.pk, member.pk]))
    assert refused.status_code == 400
    assert "Falun Utbildare har kommande kursdagar på det här kurstillfället" in _text(refused)
    assert TeamMember.objects.filter(pk=member.pk).exists()

    taken_off = client.post(
        reverse("course_day_unassign", args=[pool.occasion.pk, pool.days[0].pk, assignment.pk]), follow=True
    )
    assert f"Falun Utbildare undervisar inte längre 10 mars {D1.year}." in _text(taken_off)
    assert not DayAssignment.objects.filter(pk=assignment.pk).exists()
    assert DayAssignmentEvent.objects.filter(trainer=pool["falun"], action=DayAction.REMOVED).count() == 1


def test_the_team_page_takes_as_many_queries_for_many_days_and_people_as_for_few(
    pool, client, django_assert_num_queries
):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    _assign(pool, "avesta", 0, DayRole.LEADER)
    client.force_login(pool.coordinator)
    client.get(_team_url(pool.occasion))  # the session is warm

    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        assert client.get(_team_url(pool.occasion)).status_code == 200

    world = pool.world
    big = make_occasion(world, [day(datetime.date(D1.year, 9, d), address="Falun") for d in range(1, 13)], name="Stor")
    extra = [make_trainer(world, f"extra_{n}", world.falun, max_days=20) for n in range(6)]
    for n, trainer in enumerate(extra):
        team_member_add(actor=pool.coordinator, occasion=big, trainer=trainer, role=TeamRole.TRAINER)
        for course_day in big.days.order_by("date")[n : n + 4]:
            day_assign(actor=pool.coordinator, course_day=course_day, trainer=trainer, role=DayRole.TRAINER)
    absent = DayAssignment.objects.filter(course_day__occasion=big).earliest("pk")
    absence_report(actor=pool.coordinator, assignment=absent, reason="Sjuk")

    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        response = client.get(_team_url(big))
    assert response.status_code == 200
    assert "Hitta ersättare" in _text(response)


# --- substitutes -----------------------------------------------------------------------------------


def test_the_substitutes_page_ranks_the_reserve_first_and_shows_distance_and_days(pool, client):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)
    absence_report(actor=pool["avesta"].user, assignment=assignment, reason="Sjuk")
    client.force_login(pool.coordinator)

    response = client.get(_subs_url(assignment))

    assert response.status_code == 200
    text = _text(response)
    assert "Ersättare för Trainer Testsson" in text
    assert "Orsak: Sjuk" in text
    names = ["Mora Utbildare", "Borlange Utbildare", "Falun Utbildare", "Gagnef Utbildare"]
    positions = [text.index(n) for n in names]
    assert positions == sorted(positions)
    assert "okänt avstånd" in text and " km" in text
    assert "Ja, reserv" in text and "Ja, utbildare" in text
    assert _html(response).count("Sätt in som ersättare") == 4
    assert "Gavle Utbildare" not in text and "Avesta New Utbildare" not in text


def test_the_substitutes_page_shows_the_best_first_and_all_on_request(pool, client, monkeypatch):
    from yrkesresan.trainers.views import teams as team_views

    monkeypatch.setattr(team_views, "SUBSTITUTES_SHOWN", 2)
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)
    absence_report(actor=pool["avesta"].user, assignment=assignment, reason="Sjuk")
    client.force_login(pool.coordinator)

    best = _text(client.get(_subs_url(assignment)))
    everyone = _text(client.get(_subs_url(assignment) + "?alla=1"))

    assert "Mora Utbildare" in best and "Borlange Utbildare" in best
    assert "Gagnef Utbildare" not in best
    assert "Visa alla 4 möjliga ersättare" in best
    assert "Gagnef Utbildare" in everyone and "Visa alla" not in everyone


def test_the_substitutes_page_says_who_is_qualified_but_not_free_and_why(pool, client):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "avesta", 0, DayRole.LEADER)
    _assign(pool, "falun", 0)
    client.force_login(pool.coordinator)

    text = _text(client.get(_subs_url(assignment)))

    assert "Behöriga men inte lediga" in text
    assert "Redan på en kursdag det datumet" in text
    not_free = text[text.index("Behöriga men inte lediga") :]
    assert "Falun Utbildare" in not_free and "Trainer Testsson" not in not_free


def test_one_step_reassignment_keeps_both_trainers_in_the_history_with_the_reason(pool, client):
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "falun", 0)
    client.force_login(pool.coordinator)

    response = client.post(_subs_url(assignment), {"reason": "Sjuk", "substitute": pool["mora"].pk}, follow=True)

    assert response.redirect_chain[-1][0].startswith(_team_url(pool.occasion))
    assert f"Mora Utbildare går in för Falun Utbildare som utbildare 10 mars {D1.year}." in _text(response)
    assignment.refresh_from_db()
    assert (assignment.absent, assignment.absence_reason) == (True, "Sjuk")
    new = DayAssignment.objects.get(course_day=pool.days[0], trainer=pool["mora"])
    assert (new.role, new.substitute_for, new.absent) == (DayRole.TRAINER, pool["falun"], False)

    history = _text(client.get(_history_url(pool.days[0])))
    assert history.count("Falun Utbildare") >= 3 and history.count("Mora Utbildare") >= 2
    assert "Anmäld frånvarande" in history and "Ersatt av en ersättare" in history
    assert "ersatt av Mora Utbildare" in history and "i stället för Falun Utbildare" in history
    assert history.count("Sjuk") == 3
    assert "Regional Testsson" in history


def test_replacing_a_trainer_not_yet_absent_needs_a_reason_and_changes_nothing_without_one(pool, client):
    _team(pool, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "falun", 0)
    client.force_login(pool.coordinator)
    before = _snapshot()

    page = client.get(_subs_url(assignment))
    response = client.post(_subs_url(assignment), {"reason": "", "substitute": pool["mora"].pk})

    assert "Falun Utbildare är inte anmäld frånvarande" in _text(page)
    assert "Registrera bara frånvaron" in _text(page)
    assert response.status_code == 400
    assert "Skriv varför utbildaren inte kan komma." in _text(response)
    assert _snapshot() == before


def test_the_coordinator_may_record_the_absence_first_and_choose_later(pool, client):
    _team(pool, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "falun", 0)
    client.force_login(pool.coordinator)

    response = client.post(_subs_url(assignment), {"reason": "Vård av barn", "action": "absence"}, follow=True)

    assert response.redirect_chain[-1][0] == _subs_url(assignment)
    assignment.refresh_from_db()
    assert (assignment.absent, assignment.absence_reason) == (True, "Vård av barn")
    assert "Sätt in som ersättare" in _text(response)
    assert not DayAssignment.objects.filter(substitute_for=pool["falun"]).exists()


def test_a_substitute_the_service_refuses_leaves_the_trainer_on_the_day(pool, client):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)
    client.force_login(pool.coordinator)
    before = _snapshot()

    unqualified = client.post(_subs_url(assignment), {"reason": "Sjuk", "substitute": pool["avesta_new"].pk})
    outsider = client.post(_subs_url(assignment), {"reason": "Sjuk", "substitute": pool["gavle"].pk})

    assert unqualified.status_code == 400
    assert "Avesta New Utbildare har inte utbildning för" in _text(unqualified)
    assert outsider.status_code == 400
    assert "Välj en ersättare i listan." in _text(outsider)
    assert _snapshot() == before  # nor is Falun recorded absent


def test_a_day_already_covered_offers_no_second_substitute(pool, client):
    _team(pool, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    assignment = _assign(pool, "falun", 0)
    substitute_assign(actor=pool.coordinator, assignment=assignment, substitute=pool["mora"], reason="Sjuk")
    client.force_login(pool.coordinator)

    response = client.get(_subs_url(assignment))

    assert "Mora Utbildare går redan in den här dagen." in _text(response)
    assert "Sätt in som ersättare" not in _text(response)
    second = client.post(_subs_url(assignment), {"reason": "", "substitute": pool["borlange"].pk})
    assert second.status_code == 400
    assert "Falun Utbildare är redan ersatt av Mora Utbildare." in _text(second)
    assert not DayAssignment.objects.filter(trainer=pool["borlange"]).exists()
    team = _text(client.get(_team_url(pool.occasion)))
    assert "Mora Utbildare går in." in team
    assert "ersätter Falun Utbildare" in team


def test_the_absence_email_links_to_the_substitutes_page(pool, mailoutbox, django_capture_on_commit_callbacks):
    _team(pool, falun=TeamRole.TRAINER)
    assignment = _assign(pool, "falun", 0)

    with django_capture_on_commit_callbacks(execute=True):
        absence_report(actor=pool["falun"].user, assignment=assignment, reason="Sjuk")

    assert mailoutbox, "the coordinators are told"
    assert settings.SITE_URL + _subs_url(assignment) in mailoutbox[0].body


# --- absences to cover -----------------------------------------------------------------------------


def test_the_absences_page_lists_absences_without_a_substitute_and_days_without_a_leader(pool, client):
    world = pool.world
    _team(pool, avesta=TeamRole.LEADER, falun=TeamRole.TRAINER, mora=TeamRole.RESERVE)
    leader = _assign(pool, "avesta", 0, DayRole.LEADER)
    trainer = _assign(pool, "falun", 0)
    absence_report(actor=pool["avesta"].user, assignment=leader, reason="Sjuk")
    absence_report(actor=pool["falun"].user, assignment=trainer, reason="Kurs")
    substitute_assign(actor=pool.coordinator, assignment=trainer, substitute=pool["mora"])
    soon = timezone.localdate() + datetime.timedelta(days=10)
    near = make_occasion(world, [day(soon, address="Falun")], name="Snart")
    client.force_login(pool.coordinator)

    response = client.get(reverse("trainer_absences"))

    assert response.status_code == 200
    text = _text(response)
    assert "Trainer Testsson (kursledare)" in text and "Sjuk" in text
    assert "Falun Utbildare" not in text  # Mora steps in
    assert _subs_url(leader) in _html(response)
    assert "Snart" in text and "Omgång 1" in text  # near days without anyone (world's occasion too)
    assert f"{_team_url(near)}#day-{near.days.get().pk}" in _html(response)
    assert 'aria-current="page"' in _html(response)


def test_a_kadmin_sees_the_absences_of_their_municipalitys_occasions_only(pool, client):
    world = pool.world
    _team(pool, falun=TeamRole.TRAINER)
    absence_report(actor=pool.coordinator, assignment=_assign(pool, "falun", 0), reason="Sjuk")
    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    occasion = occasion_create(
        actor=world["municipal_admin"],
        course=world.funk_course,
        region=None,
        delivery_level="municipal",
        municipality=world.avesta,
        capacity=12,
        days=[day(D1, address="Avesta")],
    )
    team_member_add(actor=world["municipal_admin"], occasion=occasion, trainer=leader, role=TeamRole.LEADER)
    own = day_assign(
        actor=world["municipal_admin"], course_day=occasion.days.get(), trainer=leader, role=DayRole.LEADER
    )
    absence_report(actor=leader.user, assignment=own, reason="Sjuk")
    client.force_login(world["municipal_admin"])

    text = _text(client.get(reverse("trainer_absences")))

    assert "Samtal Samtalsledare" in text
    assert "Falun Utbildare" not in text


def test_the_absences_page_takes_as_many_queries_for_many_absences_as_for_one(pool, client, django_assert_num_queries):
    world = pool.world
    _team(pool, falun=TeamRole.TRAINER)
    absence_report(actor=pool.coordinator, assignment=_assign(pool, "falun", 0), reason="Sjuk")
    client.force_login(pool.coordinator)
    client.get(reverse("trainer_absences"))

    with django_assert_num_queries(ABSENCES_PAGE_QUERIES):
        assert client.get(reverse("trainer_absences")).status_code == 200

    soon = timezone.localdate() + datetime.timedelta(days=5)
    for n in range(5):
        trainer = make_trainer(world, f"many_{n}", world.falun, max_days=5)
        occasion = make_occasion(world, [day(soon + datetime.timedelta(days=n), address="Falun")], name=f"M{n}")
        team_member_add(actor=pool.coordinator, occasion=occasion, trainer=trainer, role=TeamRole.TRAINER)
        assignment = day_assign(
            actor=pool.coordinator, course_day=occasion.days.get(), trainer=trainer, role=DayRole.TRAINER
        )
        absence_report(actor=pool.coordinator, assignment=assignment, reason=f"Orsak {n}")

    with django_assert_num_queries(ABSENCES_PAGE_QUERIES):
        response = client.get(reverse("trainer_absences"))
    assert _html(response).count("Hitta ersättare") == 6


@pytest.mark.parametrize("who", ["staff", "manager", "trainer", "national_editor"])
def test_the_absences_page_is_for_coordinators(world, client, who):
    client.force_login(world[who])

    assert client.get(reverse("trainer_absences")).status_code == 403

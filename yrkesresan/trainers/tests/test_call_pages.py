"""Recruiting through the pages: the coordinators' list with the few-answers flag, opening a call,
a call's answers with confirming and closing; the trainer's calls and the answer page in Plattformen;
the managers' approvals in Stationen; who reaches which page."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from yrkesresan.trainers.models import Answer, Approval, CallAnswer, CallStatus, TeamMember, TeamRole, TrainerCall
from yrkesresan.trainers.services import call_answer, call_approve, call_confirm

from .conftest import D1, NEXT
from .test_calls import IN_TWO_WEEKS, _opened_days_ago, open_call, term_call

#: Queries of the list pages (session, user, roles, the page's own reads). Pinned: they must not grow
#: with the number of calls or answers.
CALL_LIST_QUERIES = 5
MY_CALLS_QUERIES = 9
APPROVALS_QUERIES = 5


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _messages(response: Any) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def managed(pool):
    from yrkesresan.accounts import services as accounts

    accounts.role_assign(
        actor=pool.world["system_admin"], person=pool["avesta"].user, role="staff", place=pool.world.avesta_home
    )
    return pool["avesta"]


# --- the coordinators' pages -------------------------------------------------------------------------------------


def test_the_list_shows_the_calls_short_of_answers_first_with_the_flag(client, pool):
    relaxed = open_call(pool, needed=1, answer_by=timezone.localdate() + datetime.timedelta(days=40))
    short = term_call(pool, needed=2, answer_by=timezone.localdate() + datetime.timedelta(days=5))
    call_answer(actor=pool["falun"].user, call=short, answer=Answer.YES)

    response = _as(client, pool.coordinator).get(reverse("trainer_call_list"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Utrop till utbildare" in html
    assert "1 öppet utrop har för få svar." in html
    assert html.index(f"/utbildare/utrop/{short.pk}/") < html.index(f"/utbildare/utrop/{relaxed.pk}/")
    assert html.count("⚠ För få svar") == 1
    assert 'aria-current="page"' in html  # the coordinators' navigation marks this page


def test_the_list_shows_closed_calls_on_request_and_refuses_a_bad_filter(client, pool):
    call = open_call(pool)
    from yrkesresan.trainers.services import call_cancel

    call_cancel(actor=pool.coordinator, call=call)
    c = _as(client, pool.coordinator)

    assert f"/utbildare/utrop/{call.pk}/" not in c.get(reverse("trainer_call_list")).content.decode()
    closed = c.get(reverse("trainer_call_list"), {"status": "closed"})
    assert f"/utbildare/utrop/{call.pk}/" in closed.content.decode()
    assert c.get(reverse("trainer_call_list"), {"status": "weird"}).status_code == 400


def _list_queries(client: Any, url: str, django_assert_num_queries: Any, expected: int) -> None:
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_list_takes_the_same_queries_however_many_calls_and_answers(client, pool, django_assert_num_queries):
    c = _as(client, pool.coordinator)
    url = reverse("trainer_call_list")
    open_call(pool)
    _list_queries(c, url, django_assert_num_queries, CALL_LIST_QUERIES)
    for needed in (1, 2, 3):
        call = term_call(pool, needed=needed)
        for name in ("falun", "mora", "borlange"):
            call_answer(actor=pool[name].user, call=call, answer=Answer.YES)
    _list_queries(c, url, django_assert_num_queries, CALL_LIST_QUERIES)


def test_a_coordinator_opens_a_call_from_the_occasions_team_page(client, pool, django_capture_on_commit_callbacks):
    c = _as(client, pool.coordinator)
    url = reverse("trainer_call_create") + f"?occasion={pool.occasion.pk}"

    form = c.get(url)
    assert form.status_code == 200
    assert "Kursen och terminen" not in form.content.decode()  # they follow from the occasion
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(
            url,
            {"needed": "3", "answer_by": IN_TWO_WEEKS.isoformat(), "message": "Välkommen", "manager_approval": "on"},
        )

    call = TrainerCall.objects.get()
    assert response.status_code == 302 and response.url == reverse("trainer_call_detail", args=[call.pk])
    assert (call.occasion, call.needed, call.message, call.manager_approval) == (pool.occasion, 3, "Välkommen", True)
    assert "5 behöriga utbildare i regionen har fått e-post" in " ".join(_messages(response))


def test_a_coordinator_opens_a_call_for_a_course_and_a_term(client, pool):
    response = _as(client, pool.coordinator).post(
        reverse("trainer_call_create"),
        {
            "region": pool.world.dalarna.pk,
            "course": pool.world.bou_course.pk,
            "year": str(NEXT),
            "term": "HT",
            "needed": "2",
            "answer_by": IN_TWO_WEEKS.isoformat(),
        },
    )

    call = TrainerCall.objects.get()
    assert response.status_code == 302
    assert (call.occasion, call.year, call.term, call.manager_approval) == (None, NEXT, "HT", False)


def test_bad_input_on_the_form_is_explained_and_nothing_is_opened(client, pool):
    c = _as(client, pool.coordinator)
    url = reverse("trainer_call_create") + f"?occasion={pool.occasion.pk}"

    late = c.post(url, {"needed": "2", "answer_by": (D1 + datetime.timedelta(days=2)).isoformat()})
    empty = c.post(url, {"needed": "0", "answer_by": ""})

    assert late.status_code == 400 and empty.status_code == 400
    assert "senast den första kursdagen" in late.content.decode()
    assert 'aria-describedby="id_answer_by_error"' in late.content.decode()
    assert "error-summary" in empty.content.decode()
    assert not TrainerCall.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("municipal_admin", 403), ("trainer", 403), ("manager", 403), ("regional_admin_gavleborg", 404)],
)
def test_only_the_occasions_coordinators_open_a_call_for_it(client, pool, who, status):
    url = reverse("trainer_call_create") + f"?occasion={pool.occasion.pk}"

    assert _as(client, pool.world[who]).get(url).status_code == status


def test_the_detail_shows_every_answer_and_confirms_a_trainer_onto_the_team(client, pool, managed):
    call = open_call(pool)
    offered = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES, comment="Dag 1 passar")
    call_answer(actor=pool["falun"].user, call=call, answer=Answer.NO)
    c = _as(client, pool.coordinator)

    before = c.get(reverse("trainer_call_detail", args=[call.pk])).content.decode()
    assert "Dag 1 passar" in before and "Väntar på chefen" in before
    assert reverse("trainer_call_confirm", args=[call.pk, offered.pk]) not in before  # waits for the manager
    assert "Har inte svarat än (3)" in before

    call_approve(actor=pool.world["manager"], answer=offered, approve=True)
    page = c.get(reverse("trainer_call_detail", args=[call.pk])).content.decode()
    assert reverse("trainer_call_confirm", args=[call.pk, offered.pk]) in page
    response = c.post(reverse("trainer_call_confirm", args=[call.pk, offered.pk]), {"role": TeamRole.LEADER})

    assert response.status_code == 302
    assert TeamMember.objects.get(occasion=pool.occasion).role == TeamRole.LEADER
    assert "är bekräftad som kursledare" in " ".join(_messages(response))


def test_a_refused_confirmation_is_explained_with_a_400_and_changes_nothing(client, pool):
    call = open_call(pool, manager_approval=False)
    first = call_answer(actor=pool["falun"].user, call=call, answer=Answer.YES)
    second = call_answer(actor=pool["mora"].user, call=call, answer=Answer.YES)
    call_confirm(actor=pool.coordinator, answer=first, role=TeamRole.LEADER)
    c = _as(client, pool.coordinator)

    refused = c.post(reverse("trainer_call_confirm", args=[call.pk, second.pk]), {"role": TeamRole.LEADER})
    bad_role = c.post(reverse("trainer_call_confirm", args=[call.pk, second.pk]), {"role": "boss"})

    assert refused.status_code == 400 and "redan en kursledare" in refused.content.decode()
    assert bad_role.status_code == 400
    assert not CallAnswer.objects.get(pk=second.pk).confirmed_at


def test_closing_and_cancelling_from_the_detail(client, pool):
    call = open_call(pool, manager_approval=False)
    c = _as(client, pool.coordinator)
    url = reverse("trainer_call_close", args=[call.pk])

    early = c.post(url, {"outcome": "formed"})
    assert early.status_code == 400 and "Bekräfta minst en utbildare" in early.content.decode()
    assert c.post(url, {"outcome": "maybe"}).status_code == 400
    done = c.post(url, {"outcome": "cancelled", "reason": "Flyttas"})

    call.refresh_from_db()
    assert done.status_code == 302 and call.status == CallStatus.CANCELLED
    assert "Utropet är inställt." in _messages(done)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("regional_project_leader", 200),
        ("system_admin", 200),
        ("regional_admin_gavleborg", 404),
        ("municipal_admin", 404),
        ("manager", 404),
        ("staff", 404),
    ],
)
def test_who_reaches_a_calls_page(client, pool, who, status):
    call = open_call(pool)

    assert _as(client, pool.world[who]).get(reverse("trainer_call_detail", args=[call.pk])).status_code == status


def test_a_trainer_who_sees_the_call_does_not_get_the_coordinators_page(client, pool):
    call = open_call(pool)

    assert _as(client, pool["falun"].user).get(reverse("trainer_call_detail", args=[call.pk])).status_code == 403
    assert _as(client, pool["falun"].user).get(reverse("trainer_call_list")).status_code == 403


# --- the trainer's pages --------------------------------------------------------------------------------------------


def test_a_trainer_answers_a_call_from_plattformen(client, pool, managed):
    call = open_call(pool)
    c = _as(client, pool["avesta"].user)

    hub = c.get(reverse("plattformen")).content.decode()
    assert "1 förfrågan väntar på ditt svar." in hub
    mine = c.get(reverse("my_trainer_calls")).content.decode()
    assert reverse("trainer_call_answer", args=[call.pk]) in mine
    page = c.get(reverse("trainer_call_answer", args=[call.pk])).content.decode()
    assert "Kan du utbilda?" in page and "Ja, som reserv" in page
    response = c.post(reverse("trainer_call_answer", args=[call.pk]), {"answer": "yes", "comment": "Gärna"})

    assert response.status_code == 302 and response.url == reverse("my_trainer_calls")
    assert "Din chef har ombetts att godkänna det." in " ".join(_messages(response))
    saved = CallAnswer.objects.get()
    assert (saved.answer, saved.comment, saved.approval) == (Answer.YES, "Gärna", Approval.PENDING)
    assert "Inga förfrågningar väntar på ditt svar." in c.get(reverse("plattformen")).content.decode()


def test_an_answer_without_a_choice_is_explained_and_nothing_is_saved(client, pool):
    call = open_call(pool)

    response = _as(client, pool["falun"].user).post(reverse("trainer_call_answer", args=[call.pk]), {"comment": "?"})

    assert response.status_code == 400
    assert 'id="id_answer_error"' in response.content.decode()
    assert not CallAnswer.objects.exists()


def test_after_the_last_day_the_answer_page_says_so(client, pool):
    call = open_call(pool)
    TrainerCall.objects.filter(pk=call.pk).update(answer_by=timezone.localdate() - datetime.timedelta(days=1))
    c = _as(client, pool["falun"].user)

    page = c.get(reverse("trainer_call_answer", args=[call.pk]))
    late = c.post(reverse("trainer_call_answer", args=[call.pk]), {"answer": "yes"})

    assert "Sista dag att svara var" in page.content.decode() and "Skicka svaret" not in page.content.decode()
    assert late.status_code == 400 and not CallAnswer.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("avesta_new", 404), ("gavle", 404)],
)
def test_trainers_the_call_does_not_go_to_do_not_find_it(client, pool, who, status):
    call = open_call(pool)

    assert _as(client, pool[who].user).get(reverse("trainer_call_answer", args=[call.pk])).status_code == status


def test_the_coordinator_sees_the_answer_page_but_may_not_answer(client, pool):
    call = open_call(pool)

    assert _as(client, pool.coordinator).get(reverse("trainer_call_answer", args=[call.pk])).status_code == 403


def test_my_calls_takes_the_same_queries_however_many_calls(client, pool, django_assert_num_queries):
    c = _as(client, pool["mora"].user)
    open_call(pool)
    _list_queries(c, reverse("my_trainer_calls"), django_assert_num_queries, MY_CALLS_QUERIES)
    for needed in (1, 2, 3):
        call = term_call(pool, needed=needed)
        call_answer(actor=pool["mora"].user, call=call, answer=Answer.RESERVE)
    _list_queries(c, reverse("my_trainer_calls"), django_assert_num_queries, MY_CALLS_QUERIES)


@pytest.mark.parametrize(("who", "status"), [("trainer", 200), ("staff", 403), ("regional_admin", 403)])
def test_my_calls_is_for_trainers(client, world, who, status):
    assert _as(client, world[who]).get(reverse("my_trainer_calls")).status_code == status


# --- the managers' approvals ----------------------------------------------------------------------------------------


def test_the_manager_approves_from_stationen(client, pool, managed):
    call = open_call(pool)
    offered = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES)
    c = _as(client, pool.world["manager"])

    hub = c.get(reverse("stationen")).content.decode()
    assert "Utbildaruppdrag att godkänna" in hub and reverse("trainer_call_approvals") in hub
    page = c.get(reverse("trainer_call_approvals")).content.decode()
    assert "Trainer Testsson" in page
    response = c.post(reverse("trainer_call_approve", args=[offered.pk]), {"approve": "1"})

    assert response.status_code == 302
    assert CallAnswer.objects.get().approval == Approval.APPROVED
    assert "Utbildaruppdrag att godkänna" not in c.get(reverse("stationen")).content.decode()


def test_declining_without_a_reason_is_explained_with_a_400(client, pool, managed):
    call = open_call(pool)
    offered = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES)
    c = _as(client, pool.world["manager"])

    without = c.post(reverse("trainer_call_approve", args=[offered.pk]), {"approve": "0", "note": " "})
    nothing = c.post(reverse("trainer_call_approve", args=[offered.pk]), {})
    declined = c.post(reverse("trainer_call_approve", args=[offered.pk]), {"approve": "0", "note": "Semester"})

    assert without.status_code == 400 and "Skriv varför du säger nej" in without.content.decode()
    assert nothing.status_code == 400
    assert declined.status_code == 302
    assert CallAnswer.objects.get().approval == Approval.DECLINED


def test_the_approvals_page_takes_the_same_queries_however_many_wait(client, pool, django_assert_num_queries):
    c = _as(client, pool.world["municipal_admin"])  # the k-admin of Avesta, the home of "trainer"
    url = reverse("trainer_call_approvals")
    call_answer(actor=pool["avesta"].user, call=open_call(pool), answer=Answer.YES)
    _list_queries(c, url, django_assert_num_queries, APPROVALS_QUERIES)
    for needed in (1, 2):
        call_answer(actor=pool["avesta"].user, call=term_call(pool, needed=needed), answer=Answer.RESERVE)
    _list_queries(c, url, django_assert_num_queries, APPROVALS_QUERIES)


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("municipal_admin", 200), ("system_admin", 200), ("trainer", 403), ("regional_admin", 403)],
)
def test_the_approvals_page_is_for_managers_and_kadmins(client, world, who, status):
    assert _as(client, world[who]).get(reverse("trainer_call_approvals")).status_code == status


def test_a_manager_may_not_decide_for_someone_elses_staff(client, pool, managed):
    call = open_call(pool)
    falun = call_answer(actor=pool["falun"].user, call=call, answer=Answer.YES)

    response = _as(client, pool.world["manager"]).post(
        reverse("trainer_call_approve", args=[falun.pk]), {"approve": "1"}
    )

    assert response.status_code == 404
    assert CallAnswer.objects.get().approval == Approval.PENDING


def test_old_calls_short_of_answers_are_flagged_on_the_detail(client, pool):
    call = open_call(pool, needed=2, answer_by=timezone.localdate() + datetime.timedelta(days=20))
    _opened_days_ago(call, 20)

    page = _as(client, pool.coordinator).get(reverse("trainer_call_detail", args=[call.pk])).content.decode()

    assert "⚠ För få svar" in page
    assert "0 av 2 utbildare har sagt ja: 2 till behövs." in page

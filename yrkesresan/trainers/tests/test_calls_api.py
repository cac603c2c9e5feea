"""Recruiting through the API: calls, answers and approvals with the same services and scoping as the
pages. Outsiders get 404, those who see but may not act 403, bad input a 400 that changes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yrkesresan.trainers.models import Answer, Approval, CallAnswer, CallStatus, TeamMember, TeamRole, TrainerCall
from yrkesresan.trainers.services import call_answer, call_approve

from .conftest import NEXT
from .test_calls import IN_TWO_WEEKS, _opened_days_ago, open_call, term_call

#: Queries of the list endpoints once the caller's roles are known: the count and the page's rows (the
#: answers counted in the same query). Pinned: they must not grow with calls or answers.
CALLS_LIST_QUERIES = 2
ANSWERS_LIST_QUERIES = 2


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def managed(pool):
    from yrkesresan.accounts import services as accounts

    accounts.role_assign(
        actor=pool.world["system_admin"], person=pool["avesta"].user, role="staff", place=pool.world.avesta_home
    )
    return pool["avesta"]


# --- calls ----------------------------------------------------------------------------------------------------------


def test_a_coordinator_opens_a_call_for_an_occasion_and_for_a_course_and_term(pool):
    api = client_for(pool.coordinator)

    for_occasion = api.post(
        "/api/v1/trainer-calls/",
        {"occasion": pool.occasion.pk, "needed": 3, "answer_by": IN_TWO_WEEKS.isoformat(), "message": "Hej"},
        format="json",
    )
    for_term = api.post(
        "/api/v1/trainer-calls/",
        {
            "region": pool.world.dalarna.pk,
            "course": pool.world.bou_course.pk,
            "year": NEXT,
            "term": "HT",
            "needed": 2,
            "answer_by": IN_TWO_WEEKS.isoformat(),
            "manager_approval": False,
        },
        format="json",
    )

    assert for_occasion.status_code == 201, for_occasion.content
    body = for_occasion.json()
    assert (body["occasion"], body["course"], body["term"], body["year"], body["status"]) == (
        pool.occasion.pk,
        pool.world.bou_course.pk,
        "VT",
        NEXT,
        "open",
    )
    assert (body["yes"], body["firm_yes"], body["short_of_answers"]) == (0, 0, False)
    assert for_term.status_code == 201, for_term.content
    assert (for_term.json()["occasion"], for_term.json()["manager_approval"]) == (None, False)


def test_opening_refuses_bad_input_unknown_ids_and_those_who_do_not_coordinate(pool):
    api = client_for(pool.coordinator)
    past = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()

    bad = api.post(
        "/api/v1/trainer-calls/", {"occasion": pool.occasion.pk, "needed": 0, "answer_by": past}, format="json"
    )
    unknown = api.post("/api/v1/trainer-calls/", {"occasion": 999999, "needed": 2, "answer_by": past}, format="json")
    missing = api.post("/api/v1/trainer-calls/", {"needed": 2, "answer_by": IN_TWO_WEEKS.isoformat()}, format="json")
    kadmin = client_for(pool.world["municipal_admin"]).post(
        "/api/v1/trainer-calls/",
        {"occasion": pool.occasion.pk, "needed": 2, "answer_by": IN_TWO_WEEKS.isoformat()},
        format="json",
    )
    gavleborg = client_for(pool.world["regional_admin_gavleborg"]).post(
        "/api/v1/trainer-calls/",
        {"occasion": pool.occasion.pk, "needed": 2, "answer_by": IN_TWO_WEEKS.isoformat()},
        format="json",
    )

    assert bad.status_code == 400 and "needed" in bad.json()
    assert (
        "answer_by"
        in api.post(
            "/api/v1/trainer-calls/", {"occasion": pool.occasion.pk, "needed": 2, "answer_by": past}, format="json"
        ).json()
    )
    assert unknown.status_code == 400 and unknown.json() == {"occasion": ["Okänt id: 999999."]}
    assert missing.status_code == 400 and {"region", "course", "term"} <= set(missing.json())
    assert kadmin.status_code == 403
    assert gavleborg.status_code == 400 and "occasion" in gavleborg.json()  # an occasion they do not see
    assert not TrainerCall.objects.exists()


def test_the_list_is_scoped_filtered_and_flags_the_short_calls(pool):
    relaxed = open_call(pool, needed=1, answer_by=timezone.localdate() + datetime.timedelta(days=40))
    short = term_call(pool, needed=2, answer_by=timezone.localdate() + datetime.timedelta(days=20))
    _opened_days_ago(short, 20)
    call_answer(actor=pool["falun"].user, call=short, answer=Answer.YES)

    def ids(user: Any, query: str = "") -> list[int]:
        response = client_for(user).get(f"/api/v1/trainer-calls/{query}")
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids(pool.coordinator) == [short.pk, relaxed.pk]
    assert ids(pool.coordinator, "?short=true") == [short.pk]
    assert ids(pool.coordinator, "?short=false") == [relaxed.pk]
    assert ids(pool.coordinator, f"?occasion={pool.occasion.pk}") == [relaxed.pk]
    assert ids(pool.coordinator, "?status=closed") == []
    assert ids(pool["mora"].user) == [short.pk, relaxed.pk]  # open calls that go to them
    assert ids(pool["avesta_new"].user) == []
    assert ids(pool.world["regional_admin_gavleborg"]) == []
    assert ids(pool.world["staff"]) == []
    row = client_for(pool.coordinator).get(f"/api/v1/trainer-calls/{short.pk}/").json()
    assert (row["yes"], row["pending_approval"], row["firm_yes"], row["short_of_answers"]) == (1, 1, 0, True)
    assert client_for(pool.coordinator).get("/api/v1/trainer-calls/?status=maybe").status_code == 400
    assert (
        client_for(pool.world["regional_admin_gavleborg"]).get(f"/api/v1/trainer-calls/{short.pk}/").status_code == 404
    )


def test_the_calls_list_takes_the_same_queries_however_many_calls(pool, django_assert_num_queries):
    api = client_for(pool.coordinator)
    open_call(pool)
    with django_assert_num_queries(CALLS_LIST_QUERIES):
        assert api.get("/api/v1/trainer-calls/").status_code == 200
    for needed in (1, 2, 3):
        call = term_call(pool, needed=needed)
        for name in ("falun", "mora"):
            call_answer(actor=pool[name].user, call=call, answer=Answer.RESERVE)
    with django_assert_num_queries(CALLS_LIST_QUERIES):
        assert api.get("/api/v1/trainer-calls/").status_code == 200


def test_closing_and_cancelling_through_the_api(pool):
    closing = open_call(pool, manager_approval=False)
    cancelling = term_call(pool)
    offered = call_answer(actor=pool["falun"].user, call=closing, answer=Answer.YES)
    api = client_for(pool.coordinator)

    early = api.post(f"/api/v1/trainer-calls/{closing.pk}/close/")
    api.post(f"/api/v1/trainer-call-answers/{offered.pk}/confirm/", {"role": "leader"}, format="json")
    closed = api.post(f"/api/v1/trainer-calls/{closing.pk}/close/")
    by_trainer = client_for(pool["mora"].user).post(f"/api/v1/trainer-calls/{cancelling.pk}/cancel/", {})
    cancelled = api.post(f"/api/v1/trainer-calls/{cancelling.pk}/cancel/", {"reason": "Flyttas"}, format="json")
    again = api.post(f"/api/v1/trainer-calls/{cancelling.pk}/cancel/", {})

    assert early.status_code == 400 and "Bekräfta minst en utbildare" in early.json()["detail"][0]
    assert closed.status_code == 200 and closed.json()["status"] == CallStatus.CLOSED
    assert by_trainer.status_code == 403  # sees the open call, may not cancel it
    assert cancelled.status_code == 200 and cancelled.json()["status"] == CallStatus.CANCELLED
    assert again.status_code == 400


# --- answers --------------------------------------------------------------------------------------------------------


def test_a_trainer_answers_then_changes_the_answer(pool, managed):
    call = open_call(pool)
    api = client_for(pool["avesta"].user)

    first = api.post("/api/v1/trainer-call-answers/", {"call": call.pk, "answer": "reserve"}, format="json")
    changed = api.post(
        "/api/v1/trainer-call-answers/", {"call": call.pk, "answer": "yes", "comment": "Gärna"}, format="json"
    )

    assert first.status_code == 201, first.content
    assert (first.json()["answer"], first.json()["approval"]) == ("reserve", "pending")
    assert changed.status_code == 200
    assert (changed.json()["answer"], changed.json()["comment"], changed.json()["confirmed_role"]) == (
        "yes",
        "Gärna",
        None,
    )
    assert CallAnswer.objects.count() == 1


def test_answers_are_refused_for_bad_input_and_those_the_call_does_not_go_to(pool):
    call = open_call(pool)

    bad = client_for(pool["falun"].user).post(
        "/api/v1/trainer-call-answers/", {"call": call.pk, "answer": "maybe"}, format="json"
    )
    unseen = client_for(pool["gavle"].user).post(
        "/api/v1/trainer-call-answers/", {"call": call.pk, "answer": "yes"}, format="json"
    )
    coordinator = client_for(pool.coordinator).post(
        "/api/v1/trainer-call-answers/", {"call": call.pk, "answer": "yes"}, format="json"
    )

    assert bad.status_code == 400 and "answer" in bad.json()
    assert unseen.status_code == 400 and unseen.json() == {"call": [f"Okänt id: {call.pk}."]}
    assert coordinator.status_code == 403  # sees the call, is not asked
    assert not CallAnswer.objects.exists()


def test_answers_are_listed_by_who_may_see_them(pool, managed):
    call = open_call(pool)
    mine = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES)
    other = call_answer(actor=pool["falun"].user, call=call, answer=Answer.NO)

    def ids(user: Any, query: str = "") -> list[int]:
        response = client_for(user).get(f"/api/v1/trainer-call-answers/{query}")
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(pool.coordinator) == sorted([mine.pk, other.pk])
    assert ids(pool.coordinator, "?answer=no") == [other.pk]
    assert ids(pool.coordinator, "?approval=pending") == [mine.pk]
    assert ids(pool["avesta"].user) == [mine.pk]
    assert ids(pool["avesta"].user, "?mine=true") == [mine.pk]
    assert ids(pool.world["manager"]) == [mine.pk]
    assert ids(pool.world["regional_admin_gavleborg"]) == []
    assert client_for(pool["mora"].user).get(f"/api/v1/trainer-call-answers/{mine.pk}/").status_code == 404


def test_the_answers_list_takes_the_same_queries_however_many(pool, django_assert_num_queries):
    api = client_for(pool.coordinator)
    call = open_call(pool)
    call_answer(actor=pool["falun"].user, call=call, answer=Answer.YES)
    with django_assert_num_queries(ANSWERS_LIST_QUERIES):
        assert api.get("/api/v1/trainer-call-answers/").status_code == 200
    for name in ("mora", "borlange", "gagnef"):
        call_answer(actor=pool[name].user, call=call, answer=Answer.RESERVE)
    with django_assert_num_queries(ANSWERS_LIST_QUERIES):
        assert api.get("/api/v1/trainer-call-answers/").status_code == 200


def test_the_coordinator_confirms_an_answer_and_the_trainer_joins_the_team(pool, managed):
    call = open_call(pool)
    offered = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES)
    api = client_for(pool.coordinator)

    waiting = api.post(f"/api/v1/trainer-call-answers/{offered.pk}/confirm/", {"role": "leader"}, format="json")
    call_approve(actor=pool.world["manager"], answer=offered, approve=True)
    bad_role = api.post(f"/api/v1/trainer-call-answers/{offered.pk}/confirm/", {"role": "boss"}, format="json")
    by_trainer = client_for(pool["avesta"].user).post(
        f"/api/v1/trainer-call-answers/{offered.pk}/confirm/", {"role": "leader"}, format="json"
    )
    confirmed = api.post(f"/api/v1/trainer-call-answers/{offered.pk}/confirm/", {"role": "leader"}, format="json")

    assert waiting.status_code == 400 and "väntar på chefens godkännande" in waiting.json()["detail"][0]
    assert bad_role.status_code == 400 and "role" in bad_role.json()
    assert by_trainer.status_code == 403
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["confirmed_role"] == "leader"
    assert TeamMember.objects.get(occasion=pool.occasion).role == TeamRole.LEADER


# --- approvals ------------------------------------------------------------------------------------------------------


def test_the_manager_lists_and_decides_their_staffs_answers(pool, managed):
    call = open_call(pool)
    offered = call_answer(actor=pool["avesta"].user, call=call, answer=Answer.YES)
    call_answer(actor=pool["falun"].user, call=call, answer=Answer.YES)  # Falun's: not this manager's
    api = client_for(pool.world["manager"])

    listed = api.get("/api/v1/trainer-call-approvals/")
    without_note = api.post(f"/api/v1/trainer-call-approvals/{offered.pk}/decide/", {"approve": False}, format="json")
    approved = api.post(f"/api/v1/trainer-call-approvals/{offered.pk}/decide/", {"approve": True}, format="json")
    again = api.post(f"/api/v1/trainer-call-approvals/{offered.pk}/decide/", {"approve": True}, format="json")

    assert [row["id"] for row in listed.json()["results"]] == [offered.pk]
    assert without_note.status_code == 400 and "note" in without_note.json()
    assert approved.status_code == 200 and approved.json()["approval"] == Approval.APPROVED
    assert again.status_code == 400
    assert api.get("/api/v1/trainer-call-approvals/").json()["results"] == []
    assert [r["id"] for r in api.get("/api/v1/trainer-call-approvals/?approval=approved").json()["results"]] == [
        offered.pk
    ]


def test_approvals_are_for_managers_and_kadmins_and_only_over_their_own_staff(pool, managed):
    call = open_call(pool)
    falun = call_answer(actor=pool["falun"].user, call=call, answer=Answer.YES)

    assert (
        client_for(pool.world["manager"])
        .post(f"/api/v1/trainer-call-approvals/{falun.pk}/decide/", {"approve": True}, format="json")
        .status_code
        == 404
    )
    assert client_for(pool.world["regional_admin"]).get("/api/v1/trainer-call-approvals/").status_code == 403
    assert client_for(pool["falun"].user).get("/api/v1/trainer-call-approvals/").status_code == 403
    decided = client_for(pool.world["municipal_admin_falun"]).post(
        f"/api/v1/trainer-call-approvals/{falun.pk}/decide/", {"approve": False, "note": "Inte nu"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["approval"] == Approval.DECLINED
    assert client_for(pool.world["staff"]).get("/api/v1/trainer-call-approvals/").status_code == 403
    assert APIClient().get("/api/v1/trainer-call-approvals/").status_code in (401, 403)


def test_the_schema_describes_the_recruiting_endpoints():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/trainer-calls/"])
    for path in (
        "/api/v1/trainer-calls/{id}/close/",
        "/api/v1/trainer-calls/{id}/cancel/",
        "/api/v1/trainer-call-answers/{id}/confirm/",
        "/api/v1/trainer-call-approvals/{id}/decide/",
    ):
        assert "post" in paths[path]
    components = schema["components"]["schemas"]
    assert components["AnswerEnum"]["enum"] == [a.value for a in Answer]
    assert components["ApprovalEnum"]["enum"] == [a.value for a in Approval]
    assert components["CallRoleEnum"]["enum"] == [r.value for r in TeamRole]
    assert components["TermEnum"]["enum"] == ["VT", "HT"]
    assert "short_of_answers" in components["TrainerCall"]["properties"]

"""The trainer meeting pages end to end: a coordinator plans, invites, takes attendance and cancels; a
trainer replies on their own page and on Plattformen. As those who use them and as those who may not."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yrkesresan.trainers import services
from yrkesresan.trainers.models import MeetingInvitation, Reply, TrainerMeeting

from .conftest import make_discussion_leader, make_trainer
from .test_meetings import TODAY, invitation_of, move_to, plan, soon

pytestmark = pytest.mark.django_db


def _as(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _form(**fields: Any) -> dict[str, Any]:
    return {
        "place": "",
        "title": "Utbildarträff",
        "description": "",
        "date": soon().isoformat(),
        "starts": "13:00",
        "ends": "16:00",
        "venue": "Kulturhuset",
        "address": "",
        "link": "",
        **fields,
    }


# --- planning ---------------------------------------------------------------------------------------------


def test_a_coordinator_plans_a_meeting_and_lands_on_it(world, client):
    c = _as(client, world["regional_admin"])
    page = c.get(reverse("trainer_meeting_create"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Utbildarna i Region Dalarna" in html
    assert "Samtalsledarna i Avesta" in html

    response = c.post(reverse("trainer_meeting_create"), _form(place=f"r{world.dalarna.pk}"), follow=True)

    meeting = TrainerMeeting.objects.get()
    assert response.redirect_chain[-1][0] == reverse("trainer_meeting_detail", args=[meeting.pk])
    assert "Träffen är planerad" in response.content.decode()
    assert (meeting.region, meeting.municipality, meeting.venue) == (world.dalarna, None, "Kulturhuset")


def test_a_kadmin_is_offered_only_their_municipality(world, client):
    c = _as(client, world["municipal_admin"])
    html = c.get(reverse("trainer_meeting_create")).content.decode()
    assert "Samtalsledarna i Avesta" in html
    assert "Region Dalarna" not in html and "Falun" not in html

    refused = c.post(reverse("trainer_meeting_create"), _form(place=f"r{world.dalarna.pk}"))
    assert refused.status_code == 400
    c.post(reverse("trainer_meeting_create"), _form(place=f"m{world.avesta.pk}"))
    assert TrainerMeeting.objects.get().municipality == world.avesta


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"starts": "16:00", "ends": "13:00"}, "Träffen måste sluta efter att den börjar."),
        ({"venue": ""}, "Säg var träffen hålls, eller ge en länk för att delta på distans."),
        ({"date": "2020-01-01"}, "Datumet har passerat"),
        ({"date": "igår"}, "Fyll i ett giltigt datum."),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_saved(world, client, fields, message):
    c = _as(client, world["regional_admin"])
    response = c.post(reverse("trainer_meeting_create"), _form(place=f"r{world.dalarna.pk}", **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TrainerMeeting.objects.exists()


def test_changing_a_meeting_keeps_what_was_not_changed(world, client):
    meeting = plan(world)
    c = _as(client, world["regional_admin"])
    page = c.get(reverse("trainer_meeting_edit", args=[meeting.pk]))
    assert 'value="Kulturhuset"' in page.content.decode()

    response = c.post(
        reverse("trainer_meeting_edit", args=[meeting.pk]),
        _form(place=f"r{world.dalarna.pk}", title=meeting.title, starts="14:00", address=meeting.address),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.starts, meeting.address) == (datetime.time(14), "Slottsgatan 1, Falun")


def test_a_cancelled_meeting_sends_the_editor_back_to_the_meeting(world, client):
    meeting = services.meeting_cancel(actor=world["regional_admin"], meeting=plan(world), reason="Sjukdom")
    response = _as(client, world["regional_admin"]).get(reverse("trainer_meeting_edit", args=[meeting.pk]))
    assert response.status_code == 302


# --- who may open what ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("regional_admin", 200),
        ("regional_project_leader", 200),
        ("system_admin", 200),
        ("municipal_admin", 200),
        ("trainer", 403),
        ("staff", 403),
        ("manager", 403),
    ],
)
def test_the_list_is_for_those_who_coordinate_a_pool(world, client, who, status):
    assert _as(client, world[who]).get(reverse("trainer_meeting_list")).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("regional_admin", 200),
        ("trainer", 403),  # invited: sees the meeting, but on their own page
        ("municipal_admin", 404),  # a regional meeting is not theirs
        ("regional_admin_gavleborg", 404),
        ("staff", 404),
    ],
)
def test_a_meeting_page_is_its_coordinators(pool, client, who, status):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"]])
    c = _as(client, world[who])
    for name in ("trainer_meeting_detail", "trainer_meeting_edit", "trainer_meeting_attendance"):
        assert c.get(reverse(name, args=[meeting.pk])).status_code == status, name
    if status != 200:
        for name in ("trainer_meeting_invite", "trainer_meeting_cancel"):
            assert c.post(reverse(name, args=[meeting.pk]), {"whom": "pool", "reason": "x"}).status_code == status
        assert MeetingInvitation.objects.count() == 1
        assert not TrainerMeeting.objects.get().cancelled


def test_a_kadmin_opens_their_municipalitys_meeting(world, client):
    meeting = plan(world, actor=world["municipal_admin"], municipality=world.avesta)
    assert (
        _as(client, world["municipal_admin"]).get(reverse("trainer_meeting_detail", args=[meeting.pk])).status_code
        == 200
    )


def test_the_posting_pages_answer_only_posts(world, client):
    meeting = plan(world)
    c = _as(client, world["regional_admin"])
    assert c.get(reverse("trainer_meeting_invite", args=[meeting.pk])).status_code == 405
    assert c.get(reverse("trainer_meeting_cancel", args=[meeting.pk])).status_code == 405


# --- the meeting page: inviting and cancelling ------------------------------------------------------------


def test_the_meeting_page_invites_the_pool_and_shows_the_replies(pool, client):
    world = pool.world
    meeting = plan(world)
    c = _as(client, world["regional_admin"])
    html = c.get(reverse("trainer_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Bjud in hela poolen (6 inte inbjudna än)" in html
    assert world.bou_course.title in html  # the course select of "qualified for"

    response = c.post(reverse("trainer_meeting_invite", args=[meeting.pk]), {"whom": "pool"}, follow=True)

    assert "6 utbildare inbjudna" in response.content.decode()
    services.meeting_reply(actor=world["trainer"], invitation=invitation_of(meeting, pool["avesta"]), reply=Reply.YES)
    html = c.get(reverse("trainer_meeting_detail", args=[meeting.pk])).content.decode()
    assert "6 inbjudna" in html
    assert re.search(
        r"<strong>1</strong> kommer, <strong>0</strong> kommer inte, <strong>5</strong> har inte svarat", html
    )
    assert "Alla i poolen är inbjudna." in html

    again = c.post(reverse("trainer_meeting_invite", args=[meeting.pk]), {"whom": "pool"}, follow=True)
    assert "Ingen ny att bjuda in" in again.content.decode()
    assert MeetingInvitation.objects.count() == 6


def test_inviting_those_qualified_needs_a_course(pool, client):
    world = pool.world
    meeting = plan(world)
    c = _as(client, world["regional_admin"])

    refused = c.post(reverse("trainer_meeting_invite", args=[meeting.pk]), {"whom": "course"})
    assert refused.status_code == 400
    assert "Välj kursen som de inbjudna är behöriga för." in refused.content.decode()
    assert not MeetingInvitation.objects.exists()

    c.post(reverse("trainer_meeting_invite", args=[meeting.pk]), {"whom": "course", "course": world.bou_course.pk})
    assert MeetingInvitation.objects.count() == 5  # avesta_new is not qualified


def test_a_municipal_meeting_offers_the_discussion_leaders(pool, client):
    world = pool.world
    make_discussion_leader(world, "samtal", world.avesta_home)
    meeting = plan(world, actor=world["municipal_admin"], municipality=world.avesta)
    c = _as(client, world["municipal_admin"])
    html = c.get(reverse("trainer_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Poolen är de aktiva samtalsledarna i Avesta." in html
    assert "Bjud in hela poolen (1 inte inbjuden än)" in html


def test_cancelling_needs_a_reason_on_the_meeting_page(pool, client):
    world = pool.world
    meeting = plan(world)
    c = _as(client, world["regional_admin"])

    refused = c.post(reverse("trainer_meeting_cancel", args=[meeting.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert '<details class="card meeting-cancel" open>' in refused.content.decode()
    assert not TrainerMeeting.objects.get().cancelled

    response = c.post(
        reverse("trainer_meeting_cancel", args=[meeting.pk]), {"reason": "Lokalen är dubbelbokad"}, follow=True
    )
    html = response.content.decode()
    assert "Träffen är inställd." in html and "Lokalen är dubbelbokad" in html
    assert TrainerMeeting.objects.get().cancelled


# --- attendance -------------------------------------------------------------------------------------------


def test_attendance_opens_on_the_meeting_day_with_nobody_ticked(pool, client):
    world = pool.world
    meeting = plan(world, date=soon(1))
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"], pool["falun"]])
    c = _as(client, world["regional_admin"])
    url = reverse("trainer_meeting_attendance", args=[meeting.pk])

    early = c.get(url).content.decode()
    assert "Närvaron kan tas från och med dagen för träffen" in early
    refused = c.post(url, {f"came_{invitation_of(meeting, pool['falun']).pk}": "on"})
    assert refused.status_code == 400
    assert not MeetingInvitation.objects.filter(attended__isnull=False).exists()

    move_to(meeting, TODAY())
    html = c.get(url).content.decode()
    assert html.count('type="checkbox"') == 2
    assert "checked" not in html

    falun = invitation_of(meeting, pool["falun"])
    response = c.post(url, {f"came_{falun.pk}": "on"}, follow=True)
    html = response.content.decode()
    assert "Närvaron är sparad: 1 av 2 kom." in html
    assert html.count("checked") == 1
    assert dict(MeetingInvitation.objects.values_list("trainer__user__username", "attended")) == {
        "trainer": False,
        "falun": True,
    }


# --- the trainer's page and Plattformen -------------------------------------------------------------------


def test_a_trainer_replies_on_their_page(pool, client):
    world = pool.world
    meeting = plan(world, title="Vårträffen")
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    c = _as(client, world["trainer"])
    html = c.get(reverse("my_trainer_meetings")).content.decode()
    assert "Vårträffen" in html and "Jag kommer" in html

    response = c.post(reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "yes"}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("my_trainer_meetings")
    assert "Tack: du kommer till Vårträffen." in response.content.decode()
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.YES


def test_a_bad_or_late_reply_is_refused_with_a_message(pool, client):
    world = pool.world
    meeting = plan(world, date=soon(1))
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    c = _as(client, world["trainer"])

    bad = c.post(reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "kanske"})
    assert bad.status_code == 400
    assert "Svara kommer eller kommer inte." in bad.content.decode()

    move_to(meeting, TODAY() - datetime.timedelta(days=1))
    late = c.post(reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "no"})
    assert late.status_code == 400
    assert "Träffen har börjat" in late.content.decode()
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.NONE


def test_nobody_replies_for_someone_else(pool, client):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"]])
    for user in (world["trainer"], world["regional_admin"]):
        assert (
            _as(client, user).post(reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "yes"}).status_code
            == 404
        )
    assert invitation_of(meeting, pool["falun"]).reply == Reply.NONE


def test_my_meetings_is_for_those_in_a_pool(pool, client):
    assert _as(client, pool.world["trainer"]).get(reverse("my_trainer_meetings")).status_code == 200
    assert _as(client, pool.world["staff"]).get(reverse("my_trainer_meetings")).status_code == 403
    leader = make_discussion_leader(pool.world, "samtal", pool.world.avesta_home)
    page = _as(client, leader.user).get(reverse("my_trainer_meetings"))
    assert page.status_code == 200
    assert f'href="{reverse("plattformen")}"' not in page.content.decode()  # not theirs: no link there


def test_plattformen_shows_the_next_meeting_with_the_reply_buttons(pool, client):
    world = pool.world
    c = _as(client, world["trainer"])
    assert "Din nästa utbildarträff" not in c.get(reverse("plattformen")).content.decode()
    meeting = plan(world, title="Höstträffen")
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    html = c.get(reverse("plattformen")).content.decode()

    assert "Din nästa utbildarträff: Höstträffen" in html
    assert html.count("Jag kommer") == 1
    response = c.post(
        reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "no", "next": reverse("plattformen")}
    )
    assert response.url == reverse("plattformen")
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.NO
    outside = c.post(
        reverse("trainer_meeting_reply", args=[meeting.pk]), {"reply": "yes", "next": "https://evil.example"}
    )
    assert outside.url == reverse("my_trainer_meetings")


# --- query counts -----------------------------------------------------------------------------------------

#: The coordinators' list: session, user, roles; count, meetings with their counts; the menu's journeys.
LIST_QUERIES = 6
#: A meeting: session, user, roles; the meeting, its invitations, the pool's courses, those not invited
#: yet; the menu's journeys.
DETAIL_QUERIES = 8
#: A trainer's page: session, user; profile (the rule); coming and held invitations; the menu (roles,
#: occasions taught, journeys).
MINE_QUERIES = 8


def test_the_list_pages_take_the_same_queries_however_many_meetings_and_invitations(
    pool, client, django_assert_num_queries
):
    world = pool.world
    first = plan(world, title="Träff 0")
    services.meeting_invite(actor=world["regional_admin"], meeting=first)
    coordinator = _as(client, world["regional_admin"])
    small_list = _queries(coordinator, reverse("trainer_meeting_list"))
    small_detail = _queries(coordinator, reverse("trainer_meeting_detail", args=[first.pk]))
    trainer = _as(client.__class__(), world["trainer"])
    small_mine = _queries(trainer, reverse("my_trainer_meetings"))

    for i in range(5):
        meeting = plan(world, title=f"Träff {i + 1}", date=soon(20 + i))
        services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    for i in range(4):
        make_trainer(world, f"extra{i}", world.falun)
    services.meeting_invite(actor=world["regional_admin"], meeting=first)

    assert _queries(coordinator, reverse("trainer_meeting_list")) == small_list
    assert _queries(coordinator, reverse("trainer_meeting_detail", args=[first.pk])) == small_detail
    assert _queries(trainer, reverse("my_trainer_meetings")) == small_mine
    with django_assert_num_queries(LIST_QUERIES):
        coordinator.get(reverse("trainer_meeting_list"))
    with django_assert_num_queries(DETAIL_QUERIES):
        coordinator.get(reverse("trainer_meeting_detail", args=[first.pk]))
    with django_assert_num_queries(MINE_QUERIES):
        trainer.get(reverse("my_trainer_meetings"))

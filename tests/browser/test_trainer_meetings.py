"""Trainer meetings in a real browser: a coordinator plans a meeting and invites the region's trainers on a
desktop; a trainer answers from Plattformen on a phone; and every meeting page is accessible on both."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from yrkesresan.trainers import services
from yrkesresan.trainers.models import MeetingInvitation, Reply, TrainerMeeting
from yrkesresan.trainers.tests.conftest import pool  # noqa: F401  (the trainer pool fixture)
from yrkesresan.trainers.tests.test_meetings import invitation_of, move_to, plan

from .helpers import check_page, small_touch_targets

pytestmark = pytest.mark.browser

PLAN_IT = re.compile(r"^(Planera träffen|Plan the meeting)$")
PLANNED = re.compile(r"(Träffen är planerad|The meeting is planned)")
INVITE_ALL = re.compile(r"^(Bjud in hela poolen|Invite the whole pool) \(6")
INVITED = re.compile(r"(6 utbildare inbjudna|6 trainers invited)")
COMING = re.compile(r"^(Jag kommer|I am coming)$")
THANKS = re.compile(r"(Tack: du kommer till|Thank you: you are coming to) Vårens utbildarträff")


@pytest.mark.parametrize("viewport", ["desktop"], indirect=True)
def test_a_coordinator_plans_a_meeting_and_invites_the_pool(pool, page, open_as, viewport):  # noqa: F811
    world = pool.world
    day = timezone.localdate() + datetime.timedelta(days=21)
    open_as(world["regional_admin"], reverse("trainer_meeting_list"))
    check_page(page, name="trainer-meeting-list-empty", viewport=viewport)
    page.get_by_role("link", name=re.compile(r"^(Planera en utbildarträff|Plan a trainer meeting)$")).click()

    page.get_by_label(re.compile(r"^(För|For)\b")).select_option(label="Utbildarna i Region Dalarna")
    page.get_by_label(re.compile(r"^(Titel|Title)\b")).fill("Vårens utbildarträff")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_starts").fill("13:00")
    page.locator("#id_ends").fill("16:00")
    page.locator("#id_venue").fill("Kulturhuset")
    page.locator("#id_address").fill("Slottsgatan 1, Falun")
    check_page(page, name="trainer-meeting-create", viewport=viewport)
    page.get_by_role("button", name=PLAN_IT).click()

    expect(page.get_by_text(PLANNED)).to_be_visible()
    meeting = TrainerMeeting.objects.get(title="Vårens utbildarträff")
    expect(page).to_have_url(re.compile(rf"{reverse('trainer_meeting_detail', args=[meeting.pk])}$"))
    page.get_by_role("button", name=INVITE_ALL).click()

    expect(page.get_by_text(INVITED)).to_be_visible()
    expect(page.get_by_role("table").locator("tbody tr")).to_have_count(6)
    check_page(page, name="trainer-meeting-invited", viewport=viewport)
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 6


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_trainer_answers_from_plattformen_on_a_phone(pool, page, open_as, viewport):  # noqa: F811
    world = pool.world
    meeting = plan(world, title="Vårens utbildarträff")
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    open_as(world["trainer"], reverse("plattformen"))
    section = page.get_by_role("region", name=re.compile(r"(Din nästa utbildarträff|Your next trainer meeting)"))
    expect(section).to_contain_text("Kulturhuset")
    check_page(page, name="plattformen-next-meeting", viewport=viewport)
    assert small_touch_targets(page) == []
    section.get_by_role("button", name=COMING).tap()

    expect(page.get_by_text(THANKS)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"{reverse('plattformen')}$"))
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.YES

    page.goto(reverse("my_trainer_meetings"))
    expect(page.get_by_text(re.compile(r"^(Kommer|Coming)$"))).to_be_visible()
    check_page(page, name="my-trainer-meetings", viewport=viewport)


def _meeting_on_the_day(trainers: Any) -> TrainerMeeting:
    world = trainers.world
    meeting = plan(world, date=timezone.localdate() + datetime.timedelta(days=1), description="Nytt kursmaterial.")
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    services.meeting_reply(
        actor=world["trainer"], invitation=invitation_of(meeting, trainers["avesta"]), reply=Reply.YES
    )
    return move_to(meeting, timezone.localdate())


PAGES = [
    ("trainer-meeting-list", "regional_admin", lambda m: reverse("trainer_meeting_list")),
    ("trainer-meeting-list-held", "regional_admin", lambda m: reverse("trainer_meeting_list") + "?tidigare=1"),
    ("trainer-meeting-create", "municipal_admin", lambda m: reverse("trainer_meeting_create")),
    ("trainer-meeting-detail", "regional_admin", lambda m: reverse("trainer_meeting_detail", args=[m.pk])),
    ("trainer-meeting-edit", "regional_admin", lambda m: reverse("trainer_meeting_edit", args=[m.pk])),
    ("trainer-meeting-attendance", "regional_admin", lambda m: reverse("trainer_meeting_attendance", args=[m.pk])),
    ("my-trainer-meetings", "trainer", lambda m: reverse("my_trainer_meetings")),
]


@pytest.mark.parametrize(("name", "who", "path"), PAGES, ids=[name for name, _who, _path in PAGES])
def test_the_meeting_pages_are_accessible(pool, page, open_as, viewport, name, who, path):  # noqa: F811
    meeting = _meeting_on_the_day(pool)

    response = open_as(pool.world[who], path(meeting))

    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=name, viewport=viewport)
    if viewport == "phone":
        assert small_touch_targets(page) == []


def test_the_cancel_form_and_an_upcoming_meeting_page_are_accessible(pool, page, open_as, viewport):  # noqa: F811
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"]])
    open_as(world["regional_admin"], reverse("trainer_meeting_detail", args=[meeting.pk]))

    page.locator("summary", has_text=re.compile(r"(Ställ in träffen|Cancel the meeting)")).click()
    page.get_by_role("button", name=re.compile(r"^(Ställ in träffen|Cancel the meeting)$")).click()

    expect(page.get_by_role("alert")).to_be_visible()  # no reason: the form comes back with its error
    check_page(page, name="trainer-meeting-cancel-refused", viewport=viewport)
    page.get_by_label(re.compile(r"(Varför ställs träffen in|Why is the meeting cancelled)")).fill("Sjukdom")
    page.get_by_role("button", name=re.compile(r"^(Ställ in träffen|Cancel the meeting)$")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        re.compile(r"(Träffen är inställd|The meeting is cancelled)")
    )
    check_page(page, name="trainer-meeting-cancelled", viewport=viewport)
    assert TrainerMeeting.objects.get().cancelled

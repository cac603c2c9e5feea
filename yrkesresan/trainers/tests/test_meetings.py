"""Trainer meetings (*utbildarträffar*): planning, inviting the pool, replies, attendance and cancelling,
through the services, and the selectors the pages read.

The ``pool`` fixture (conftest) gives Dalarna six trainers (``avesta_new`` not qualified for the BoU
course) and Gävleborg one (``gavle``)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.core import policy
from yrkesresan.core.models import AuditEvent
from yrkesresan.trainers import selectors, services
from yrkesresan.trainers.models import MeetingInvitation, Reply, TrainerMeeting, TrainerProfile
from yrkesresan.trainers.selectors.meetings import meeting_start

from .conftest import make_discussion_leader, make_trainer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
DALARNA_POOL = {"avesta", "falun", "borlange", "mora", "gagnef", "avesta_new"}


def soon(days: int = 14) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


def plan(world: Any, *, actor: Any = None, **fields: Any) -> TrainerMeeting:
    values: dict[str, Any] = {
        "title": "Utbildarträff våren",
        "date": soon(),
        "starts": datetime.time(13),
        "ends": datetime.time(16),
        "venue": "Kulturhuset",
        "address": "Slottsgatan 1, Falun",
    }
    if "municipality" not in fields:
        values["region"] = world.dalarna
    values.update(fields)
    return services.meeting_save(actor=actor or world["regional_admin"], **values)


def move_to(meeting: TrainerMeeting, day: datetime.date) -> TrainerMeeting:
    """Put a meeting on a day that has passed (the services refuse to plan one there)."""
    TrainerMeeting.objects.filter(pk=meeting.pk).update(date=day)
    meeting.refresh_from_db()
    return meeting


def names(invitations: Any) -> set[str]:
    return {i.trainer.user.username for i in invitations}


def username_of(pool: Any, key: str) -> str:
    return pool[key].user.username


def invited(pool: Any, meeting: TrainerMeeting) -> set[str]:
    keys = {p.user.username: key for key, p in pool.trainers.items()}
    return {
        keys.get(u, u)
        for u in MeetingInvitation.objects.filter(meeting=meeting).values_list("trainer__user__username", flat=True)
    }


def invitation_of(meeting: TrainerMeeting, trainer: TrainerProfile) -> MeetingInvitation:
    return MeetingInvitation.objects.select_related("trainer__user", "meeting").get(meeting=meeting, trainer=trainer)


def audits(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("pk"))


# --- planning ---------------------------------------------------------------------------------------------


def test_a_coordinator_plans_a_meeting_for_the_regions_trainers(world):
    meeting = plan(world)

    assert (meeting.region, meeting.municipality, meeting.created_by) == (world.dalarna, None, world["regional_admin"])
    [event] = audits("trainer_meeting.save")
    assert event.region_id == world.dalarna.pk
    assert event.changes["title"] == "Utbildarträff våren"


def test_a_project_leader_of_the_region_plans_too(world):
    assert plan(world, actor=world["regional_project_leader"]).region == world.dalarna


def test_a_kadmin_plans_a_meeting_for_their_municipalitys_discussion_leaders(world):
    meeting = plan(world, actor=world["municipal_admin"], municipality=world.avesta)

    assert (meeting.region, meeting.municipality) == (world.dalarna, world.avesta)
    assert audits("trainer_meeting.save")[0].municipality_id == world.avesta.pk


@pytest.mark.parametrize(
    ("who", "place"),
    [
        ("municipal_admin", "region"),  # a k-admin: not the whole region's trainers
        ("municipal_admin", "falun"),  # nor another municipality
        ("regional_admin_gavleborg", "region"),  # another region's coordinator
        ("trainer", "region"),
        ("staff", "region"),
        ("manager", "avesta"),
    ],
)
def test_only_the_places_coordinators_plan_a_meeting_there(world, who, place):
    where = {"region": {"region": world.dalarna}, "falun": {"municipality": world.falun}}.get(
        place, {"municipality": world.avesta}
    )
    with pytest.raises(PermissionDenied):
        services.meeting_save(
            actor=world[who],
            title="Träff",
            date=soon(),
            starts=datetime.time(13),
            ends=datetime.time(15),
            venue="Folkets hus",
            **where,
        )
    assert not TrainerMeeting.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"starts": datetime.time(15), "ends": datetime.time(13)}, "ends"),
        ({"starts": datetime.time(15), "ends": datetime.time(15)}, "ends"),
        ({"date": datetime.date(2020, 1, 1)}, "date"),
        ({"title": "  "}, "title"),
        ({"venue": "", "address": "", "link": ""}, "venue"),
        ({"link": "inte en länk"}, "link"),
        ({"date": None}, "date"),
        ({"starts": None}, "starts"),
    ],
)
def test_a_meeting_with_bad_times_or_no_place_is_refused_and_nothing_is_saved(world, fields, field):
    with pytest.raises(ValidationError) as refused:
        plan(world, **fields)

    assert field in refused.value.message_dict
    assert not TrainerMeeting.objects.exists()


def test_the_refusal_says_what_is_wrong_in_swedish(world):
    with pytest.raises(ValidationError) as refused:
        plan(world, starts=datetime.time(15), ends=datetime.time(13))
    assert refused.value.message_dict["ends"] == ["Träffen måste sluta efter att den börjar."]


def test_a_meeting_online_only_needs_no_venue(world):
    meeting = plan(world, venue="", address="", link="https://meet.example.org/traff")
    assert meeting.link == "https://meet.example.org/traff"


def test_a_municipality_outside_the_region_given_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        services.meeting_save(
            actor=world["system_admin"],
            region=world.gavleborg,
            municipality=world.avesta,
            title="Träff",
            date=soon(),
            starts=datetime.time(9),
            ends=datetime.time(10),
            venue="X",
        )
    assert "municipality" in refused.value.message_dict


def test_a_change_of_time_or_place_emails_those_invited_who_have_not_declined(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    world = pool.world
    meeting = plan(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"], pool["mora"]])
    services.meeting_reply(actor=pool["mora"].user, invitation=invitation_of(meeting, pool["mora"]), reply=Reply.NO)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        plan_change = dict(
            title=meeting.title, date=meeting.date, starts=datetime.time(14), ends=datetime.time(16), venue="Nytt rum"
        )
        services.meeting_save(actor=world["regional_admin"], meeting=meeting, **plan_change)

    assert [m.to for m in mailoutbox] == [["falun@example.org"]]
    assert "14:00–16:00" in mailoutbox[0].body
    assert "Nytt rum" in mailoutbox[0].body
    [_created, change] = audits("trainer_meeting.save")
    assert change.changes["starts"] == ["13:00:00", "14:00:00"]


def test_a_change_of_the_description_only_emails_nobody(pool, django_capture_on_commit_callbacks, mailoutbox):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_save(
            actor=world["regional_admin"],
            meeting=meeting,
            title=meeting.title,
            description="Vi pratar om nya kursmaterialet.",
            date=meeting.date,
            starts=meeting.starts,
            ends=meeting.ends,
            venue=meeting.venue,
            address=meeting.address,
        )
    assert mailoutbox == []
    assert TrainerMeeting.objects.get().description == "Vi pratar om nya kursmaterialet."


def test_once_anyone_is_invited_the_meeting_keeps_its_pool(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"]])

    with pytest.raises(ValidationError) as refused:
        plan(world, meeting=meeting, municipality=world.avesta)

    assert "place" in refused.value.message_dict
    assert TrainerMeeting.objects.get().municipality is None


def test_a_kadmin_may_not_change_a_regional_meeting(world):
    meeting = plan(world)
    with pytest.raises(PermissionDenied):
        plan(world, meeting=meeting, actor=world["municipal_admin"], municipality=world.avesta)


def test_a_cancelled_meeting_cannot_be_changed(world):
    meeting = services.meeting_cancel(actor=world["regional_admin"], meeting=plan(world), reason="Sjukdom")
    with pytest.raises(ValidationError):
        plan(world, meeting=meeting, title="Ny titel")


# --- inviting ---------------------------------------------------------------------------------------------


def test_inviting_the_pool_invites_the_regions_active_trainers_once(
    pool, django_capture_on_commit_callbacks, mailoutbox
):
    world = pool.world
    meeting = plan(world)
    TrainerProfile.objects.filter(pk=pool["gagnef"].pk).update(active=False)

    with django_capture_on_commit_callbacks(execute=True):
        first = services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    expected = {"avesta", "falun", "borlange", "mora", "avesta_new"}  # not Gävle's, not the inactive one
    assert {k for k in DALARNA_POOL if pool[k].user.username in names(first)} == expected
    assert sorted(m.to[0] for m in mailoutbox) == sorted(pool[k].user.email for k in expected)
    assert "Utbildarträff våren" in mailoutbox[0].subject
    assert "/plattformen/traffar/" in mailoutbox[0].body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    assert again == []
    assert mailoutbox == []
    assert MeetingInvitation.objects.filter(meeting=meeting).count() == 5
    [event] = audits("trainer_meeting.invite")
    assert len(event.changes["invited"]) == 5


def test_inviting_those_qualified_for_a_course_leaves_out_the_others(pool):
    world = pool.world
    meeting = plan(world)

    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, course=world.bou_course)

    assert invited(pool, meeting) == DALARNA_POOL - {"avesta_new"}
    assert audits("trainer_meeting.invite")[0].changes["course"] == world.bou_course.title


def test_inviting_the_pool_after_some_were_chosen_adds_only_the_rest(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"], pool["mora"]])

    added = services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    assert len(added) == 4
    assert invited(pool, meeting) == DALARNA_POOL


def test_chosen_trainers_must_be_in_the_meetings_pool(pool):
    world = pool.world
    meeting = plan(world)

    with pytest.raises(ValidationError) as refused:
        services.meeting_invite(actor=world["system_admin"], meeting=meeting, trainers=[pool["falun"], pool["gavle"]])

    assert "Gavle Utbildare" in refused.value.message_dict["trainers"][0]
    assert not MeetingInvitation.objects.exists()  # nobody, not even the one who fits


def test_a_municipal_meeting_invites_the_municipalitys_discussion_leaders(pool):
    world = pool.world
    leader = make_discussion_leader(world, "samtal", world.avesta_home)
    meeting = plan(world, actor=world["municipal_admin"], municipality=world.avesta)

    added = services.meeting_invite(actor=world["municipal_admin"], meeting=meeting)

    assert [i.trainer for i in added] == [leader]  # not the region's trainers from Avesta
    with pytest.raises(ValidationError):
        services.meeting_invite(actor=world["municipal_admin"], meeting=meeting, trainers=[pool["avesta"]])


def test_nobody_is_invited_to_a_cancelled_meeting_or_one_that_has_started(pool):
    world = pool.world
    cancelled = services.meeting_cancel(actor=world["regional_admin"], meeting=plan(world), reason="Sjukdom")
    with pytest.raises(ValidationError):
        services.meeting_invite(actor=world["regional_admin"], meeting=cancelled)

    meeting = plan(world)
    with pytest.raises(ValidationError) as refused:
        services.meeting_invite(
            actor=world["regional_admin"], meeting=meeting, now=meeting_start(meeting) + datetime.timedelta(minutes=1)
        )
    assert "startat" in refused.value.messages[0]
    assert not MeetingInvitation.objects.exists()


@pytest.mark.parametrize("who", ["trainer", "municipal_admin", "regional_admin_gavleborg", "staff"])
def test_only_the_meetings_coordinators_invite(pool, who):
    meeting = plan(pool.world)
    with pytest.raises(PermissionDenied):
        services.meeting_invite(actor=pool.world[who], meeting=meeting)
    assert not MeetingInvitation.objects.exists()


# --- replies ----------------------------------------------------------------------------------------------


def test_the_invited_trainer_replies_and_may_change_their_mind(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    invitation = invitation_of(meeting, pool["avesta"])

    services.meeting_reply(actor=world["trainer"], invitation=invitation, reply=Reply.YES)
    services.meeting_reply(actor=world["trainer"], invitation=invitation, reply=Reply.NO)

    invitation.refresh_from_db()
    assert invitation.reply == Reply.NO
    assert invitation.replied_at is not None
    assert [e.changes["reply"] for e in audits("meeting_invitation.reply")] == [["", "yes"], ["yes", "no"]]


@pytest.mark.parametrize("who", ["regional_admin", "system_admin", "falun"])
def test_only_the_one_invited_replies(pool, who):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    actor = pool[who].user if who == "falun" else world[who]

    with pytest.raises(PermissionDenied):
        services.meeting_reply(actor=actor, invitation=invitation_of(meeting, pool["avesta"]), reply=Reply.YES)
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.NONE


def test_replies_close_when_the_meeting_starts(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    invitation = invitation_of(meeting, pool["avesta"])
    start = meeting_start(meeting)

    services.meeting_reply(
        actor=world["trainer"], invitation=invitation, reply=Reply.YES, now=start - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.meeting_reply(actor=world["trainer"], invitation=invitation, reply=Reply.NO, now=start)

    assert refused.value.messages == ["Träffen har börjat: det går inte längre att svara."]
    assert invitation_of(meeting, pool["avesta"]).reply == Reply.YES


def test_a_reply_to_a_cancelled_meeting_or_neither_yes_nor_no_is_refused(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    invitation = invitation_of(meeting, pool["avesta"])

    with pytest.raises(ValidationError) as refused:
        services.meeting_reply(actor=world["trainer"], invitation=invitation, reply="kanske")
    assert "reply" in refused.value.message_dict

    services.meeting_cancel(actor=world["regional_admin"], meeting=meeting, reason="Sjukdom")
    with pytest.raises(ValidationError):
        services.meeting_reply(actor=world["trainer"], invitation=invitation, reply=Reply.YES)


# --- attendance -------------------------------------------------------------------------------------------


def _held(pool: Any) -> tuple[TrainerMeeting, dict[str, MeetingInvitation]]:
    world = pool.world
    meeting = plan(world, date=soon(1))
    services.meeting_invite(
        actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"], pool["falun"], pool["mora"]]
    )
    move_to(meeting, TODAY())  # the meeting day has come
    return meeting, {k: invitation_of(meeting, pool[k]) for k in ("avesta", "falun", "mora")}


def test_attendance_is_taken_from_the_meeting_day_on(pool):
    meeting, invitations = _held(pool)

    with pytest.raises(ValidationError) as refused:
        services.meeting_attendance_take(
            actor=pool.coordinator,
            meeting=meeting,
            present=[invitations["avesta"].pk],
            today=TODAY() - datetime.timedelta(days=1),
        )

    assert refused.value.messages == ["Närvaron tas från och med dagen för träffen."]
    assert not MeetingInvitation.objects.filter(attended__isnull=False).exists()


def test_attendance_marks_who_came_and_a_correction_is_kept_in_the_audit_trail(pool):
    meeting, invitations = _held(pool)

    counts = services.meeting_attendance_take(
        actor=pool.coordinator, meeting=meeting, present=[invitations["avesta"].pk, invitations["falun"].pk]
    )
    assert counts == {"present": 2, "absent": 1}
    marks = dict(MeetingInvitation.objects.values_list("trainer__user__username", "attended"))
    assert marks == {"trainer": True, "falun": True, "mora": False}

    move_to(meeting, TODAY() - datetime.timedelta(days=3))  # corrected days later
    counts = services.meeting_attendance_take(
        actor=pool.coordinator, meeting=meeting, present=[invitations["avesta"].pk, invitations["mora"].pk]
    )

    assert counts == {"present": 2, "absent": 1}
    first, correction = audits("trainer_meeting.attendance")
    assert len(first.changes["present"]) == 2
    assert sorted(correction.changes["corrected"]) == sorted([str(pool["falun"]), str(pool["mora"])])
    assert correction.changes["present"] == [str(pool["mora"])]
    assert correction.changes["absent"] == [str(pool["falun"])]
    assert MeetingInvitation.objects.get(pk=invitations["mora"].pk).attendance_by == pool.coordinator


def test_saving_the_same_attendance_again_records_nothing_new(pool):
    meeting, invitations = _held(pool)
    services.meeting_attendance_take(actor=pool.coordinator, meeting=meeting, present=[invitations["falun"].pk])
    services.meeting_attendance_take(actor=pool.coordinator, meeting=meeting, present=[invitations["falun"].pk])
    assert len(audits("trainer_meeting.attendance")) == 1


def test_attendance_refuses_someone_not_invited_and_changes_nothing(pool):
    meeting, invitations = _held(pool)
    other = plan(pool.world)
    services.meeting_invite(actor=pool.coordinator, meeting=other, trainers=[pool["borlange"]])
    stranger = invitation_of(other, pool["borlange"])

    with pytest.raises(ValidationError):
        services.meeting_attendance_take(
            actor=pool.coordinator, meeting=meeting, present=[invitations["avesta"].pk, stranger.pk]
        )
    assert not MeetingInvitation.objects.filter(attended__isnull=False).exists()


@pytest.mark.parametrize("who", ["trainer", "municipal_admin", "regional_admin_gavleborg"])
def test_only_the_meetings_coordinators_take_attendance(pool, who):
    meeting, invitations = _held(pool)
    with pytest.raises(PermissionDenied):
        services.meeting_attendance_take(actor=pool.world[who], meeting=meeting, present=[invitations["avesta"].pk])


# --- cancelling -------------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_tells_everyone_invited(pool, django_capture_on_commit_callbacks, mailoutbox):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["falun"], pool["mora"]])
    services.meeting_reply(actor=pool["mora"].user, invitation=invitation_of(meeting, pool["mora"]), reply=Reply.NO)

    with pytest.raises(ValidationError) as refused:
        services.meeting_cancel(actor=world["regional_admin"], meeting=meeting, reason="  ")
    assert "reason" in refused.value.message_dict
    assert not TrainerMeeting.objects.get().cancelled

    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=world["regional_admin"], meeting=meeting, reason="För få anmälda")

    assert TrainerMeeting.objects.get().cancelled
    assert sorted(m.to[0] for m in mailoutbox) == ["falun@example.org", "mora@example.org"]
    assert "För få anmälda" in mailoutbox[0].body
    assert selectors.meetings.cancel_reason(meeting) == "För få anmälda"


def test_a_meeting_is_cancelled_once_and_not_after_it_started(pool):
    world = pool.world
    meeting = plan(world)
    with pytest.raises(ValidationError):
        services.meeting_cancel(
            actor=world["regional_admin"], meeting=meeting, reason="Sent", now=meeting_start(meeting)
        )
    services.meeting_cancel(actor=world["regional_admin"], meeting=meeting, reason="Sjukdom")
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=world["regional_admin"], meeting=meeting, reason="Igen")
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=world["trainer"], meeting=plan(world), reason="Jag vill inte")


# --- what each sees ---------------------------------------------------------------------------------------


def test_who_sees_which_meetings_and_invitations(pool):
    world = pool.world
    regional = plan(world, title="Regionens träff")
    municipal = plan(world, actor=world["municipal_admin"], municipality=world.avesta, title="Avestas träff")
    services.meeting_invite(actor=world["regional_admin"], meeting=regional, trainers=[pool["avesta"], pool["falun"]])

    def seen(user: Any) -> set[str]:
        return set(policy.visible(user, TrainerMeeting.objects.all()).values_list("title", flat=True))

    assert seen(world["regional_admin"]) == {"Regionens träff", "Avestas träff"}
    assert seen(world["municipal_admin"]) == {"Avestas träff"}
    assert seen(world["trainer"]) == {"Regionens träff"}
    assert seen(pool["mora"].user) == set()
    assert seen(world["regional_admin_gavleborg"]) == set()
    assert seen(world["staff"]) == set()
    assert municipal.pk not in policy.visible(world["trainer"], TrainerMeeting.objects.all()).values_list(
        "pk", flat=True
    )

    own = policy.visible(world["trainer"], MeetingInvitation.objects.all())
    assert [i.trainer for i in own] == [pool["avesta"]]
    assert policy.visible(world["regional_admin"], MeetingInvitation.objects.all()).count() == 2
    assert policy.visible(world["municipal_admin"], MeetingInvitation.objects.all()).count() == 0


def test_the_coordinators_list_counts_the_replies_and_splits_coming_from_held(pool):
    world = pool.world
    coming = plan(world, title="Kommande")
    services.meeting_invite(actor=world["regional_admin"], meeting=coming)
    services.meeting_reply(actor=world["trainer"], invitation=invitation_of(coming, pool["avesta"]), reply=Reply.YES)
    services.meeting_reply(actor=pool["falun"].user, invitation=invitation_of(coming, pool["falun"]), reply=Reply.NO)
    held, invitations = _held(pool)
    services.meeting_attendance_take(actor=pool.coordinator, meeting=held, present=[invitations["mora"].pk])
    move_to(held, TODAY() - datetime.timedelta(days=7))

    [row] = selectors.meeting_list(actor=world["regional_admin"])
    assert (row.title, row.invited, row.coming, row.not_coming, row.not_answered) == ("Kommande", 6, 1, 1, 4)
    [past] = selectors.meeting_list(actor=world["regional_admin"], past=True)
    assert (past.pk, past.invited, past.attended) == (held.pk, 3, 1)
    assert list(selectors.meeting_list(actor=world["regional_admin_gavleborg"])) == []


def test_a_trainers_invitations_put_the_coming_ones_first(pool):
    world = pool.world
    later = plan(world, title="Senare", date=soon(30))
    sooner = plan(world, title="Snart", date=soon(3))
    earlier = plan(world, title="Förra", date=soon(1))
    for meeting in (later, sooner, earlier):
        services.meeting_invite(actor=world["regional_admin"], meeting=meeting, trainers=[pool["avesta"]])
    move_to(earlier, TODAY() - datetime.timedelta(days=30))

    mine = selectors.trainer_invitations(user=world["trainer"])

    assert [i.meeting.title for i in mine.coming] == ["Snart", "Senare"]
    assert [i.meeting.title for i in mine.past] == ["Förra"]
    assert selectors.next_invitation(user=world["trainer"]).meeting.title == "Snart"
    services.meeting_cancel(actor=world["regional_admin"], meeting=sooner, reason="Sjukdom")
    assert selectors.next_invitation(user=world["trainer"]).meeting.title == "Senare"
    assert selectors.next_invitation(user=world["trainer"], now=meeting_start(later)) is None
    assert selectors.next_invitation(user=pool["mora"].user) is None


def test_a_new_trainer_in_the_pool_can_be_invited_later(pool):
    world = pool.world
    meeting = plan(world)
    services.meeting_invite(actor=world["regional_admin"], meeting=meeting)
    newcomer = make_trainer(world, "nykomling", world.falun)

    added = services.meeting_invite(actor=world["regional_admin"], meeting=meeting)

    assert [i.trainer for i in added] == [newcomer]

"""The demo's recruiting calls and trainer meetings in Dalarna, built through the trainers services on top
of the pool that ``trainer_pool`` loads.

- A call for Kurs 2 next term (three trainers, answers within three weeks): Fia and Anders said yes and wait
  for their managers (``kadmin`` approves Anders), Jonas said yes, was approved and is confirmed; Ahmed
  said no.
- A call for the occasion *Avesta, våren*, answers within six days: only a reserve has offered, so it is
  short of answers and shows first, flagged.
- A trainer meeting in three weeks with the pool invited and three replies, and one held five weeks ago
  with its attendance taken.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from yrkesresan.accounts.models import User
from yrkesresan.occasions.models import Occasion
from yrkesresan.organisations.models import Region
from yrkesresan.trainers import services as trainers
from yrkesresan.trainers.models import Answer, MeetingInvitation, Reply, TeamRole, TrainerProfile

from .trainer_pool import _courses


def _in(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _next_term(today: datetime.date) -> tuple[int, str]:
    return (today.year, "HT") if today.month <= 6 else (today.year + 1, "VT")


def demo_recruiting_load(*, admin: User) -> None:
    dalarna = Region.objects.get(name="Region Dalarna")
    coordinator = User.objects.get(username="regionadmin")
    profiles = {p.user.username: p for p in TrainerProfile.objects.select_related("user").filter(region=dalarna)}
    courses = _courses()
    year, term = _next_term(timezone.localdate())

    call = trainers.call_open(
        actor=coordinator,
        region=dalarna,
        course=courses["kurs2"],
        year=year,
        term=term,
        needed=3,
        answer_by=_in(21),
        message="Vi behöver tre utbildare till Kurs 2 nästa termin, gärna någon som kan vara kursledare.",
    )
    answers = {
        username: trainers.call_answer(actor=profiles[username].user, call=call, answer=answer, comment=comment)
        for username, answer, comment in [
            ("utbildare", Answer.YES, "Gärna som kursledare."),
            ("anders.nyberg", Answer.YES, ""),
            ("jonas.eklund", Answer.YES, "Helst i Ludvika eller Smedjebacken."),
            ("ahmed.yilmaz", Answer.NO, "Jag har redan mina dagar i vår."),
        ]
    }
    # Ludvika has no manager or k-admin in the demo: the system administrator approves in their place.
    trainers.call_approve(actor=admin, answer=answers["jonas.eklund"], approve=True, note="Godkänt")
    trainers.call_confirm(actor=coordinator, answer=answers["jonas.eklund"], role=TeamRole.TRAINER)

    spring = Occasion.objects.get(region=dalarna, name="Avesta, våren")
    short = trainers.call_open(
        actor=coordinator,
        occasion=spring,
        needed=3,
        answer_by=min(_in(6), spring.first_day or _in(6)),
        message="En utbildare till behövs i Avesta i vår.",
    )
    trainers.call_answer(actor=profiles["nadia.hassan"].user, call=short, answer=Answer.RESERVE)
    trainers.call_answer(
        actor=profiles["therese.berglund"].user, call=short, answer=Answer.NO, comment="Föräldraledig i vår."
    )

    meeting = trainers.meeting_save(
        actor=coordinator,
        region=dalarna,
        title="Utbildarträff: erfarenheter från Kurs 2",
        description="Vi delar erfarenheter från höstens omgångar och går igenom det nya materialet. Fika finns.",
        date=_in(21),
        starts=datetime.time(13),
        ends=datetime.time(15, 30),
        venue="Regionens hus",
        address="Vasagatan 16, Falun",
    )
    trainers.meeting_invite(actor=coordinator, meeting=meeting)
    for username, reply in [("utbildare", Reply.YES), ("anders.nyberg", Reply.YES), ("camilla.wallin", Reply.NO)]:
        invitation = MeetingInvitation.objects.get(meeting=meeting, trainer=profiles[username])
        trainers.meeting_reply(actor=profiles[username].user, invitation=invitation, reply=reply)

    # A meeting held five weeks ago: planned, invited and its attendance taken as on those days (the
    # services take the day they act on, so the demo plays them back on their dates).
    held_on = _in(-35)
    held = trainers.meeting_save(
        actor=coordinator,
        region=dalarna,
        title="Utbildarträff: höstens start",
        date=held_on,
        starts=datetime.time(13),
        ends=datetime.time(15),
        link="https://meet.example.org/utbildartraff",
        today=held_on - datetime.timedelta(days=14),
    )
    invited_at = timezone.make_aware(datetime.datetime.combine(held_on - datetime.timedelta(days=14), datetime.time(9)))
    trainers.meeting_invite(actor=coordinator, meeting=held, course=courses["kurs1"], now=invited_at)
    came = MeetingInvitation.objects.filter(
        meeting=held, trainer__user__username__in=["utbildare", "anders.nyberg", "jonas.eklund", "ulrika.forsberg"]
    )
    trainers.meeting_attendance_take(actor=coordinator, meeting=held, present=[i.pk for i in came], today=held_on)

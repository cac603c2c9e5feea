"""E-mail about trainer meetings, sent by the worker after the change commits: the invitation, a change of
date, time or place, and a cancellation.

Plain text without a calendar file: ``occasions.calendar`` builds its events from course days (their uid
and summary), so it has nothing a meeting can reuse as it stands.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from yrkesresan.core.email import email_send_later

from .models import MeetingInvitation, TrainerMeeting


def _when(meeting: TrainerMeeting) -> str:
    return _("%(date)s %(starts)s–%(ends)s") % {
        "date": formats.date_format(meeting.date, "l j F Y"),
        "starts": meeting.starts.strftime("%H:%M"),
        "ends": meeting.ends.strftime("%H:%M"),
    }


def _where(meeting: TrainerMeeting) -> list[str]:
    lines = []
    place = ", ".join(part for part in (meeting.venue, meeting.address) if part)
    if place:
        lines.append(_("Place: %(place)s") % {"place": place})
    if meeting.link:
        lines.append(_("Take part online: %(link)s") % {"link": meeting.link})
    return lines


def _reply_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("my_trainer_meetings")


def _addresses(invitations: Iterable[MeetingInvitation]) -> list[str]:
    return [i.trainer.user.email for i in invitations if i.trainer.user.email and i.trainer.user.is_active]


def meeting_invited_notify(meeting: TrainerMeeting, invitations: list[MeetingInvitation]) -> None:
    """Invite each trainer by e-mail (one message each: it is their own invitation to answer)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: invitation to %(title)s on %(date)s") % {
            "title": meeting.title,
            "date": formats.date_format(meeting.date, "j F"),
        }
        lines = [
            _("You are invited to a trainer meeting: %(title)s.") % {"title": meeting.title},
            "",
            _when(meeting),
            *_where(meeting),
        ]
        if meeting.description:
            lines += ["", meeting.description]
        lines += ["", _("Tell us whether you are coming: %(url)s") % {"url": _reply_url()}]
        body = "\n".join(lines)
    for address in _addresses(invitations):
        email_send_later(subject=subject, body=body, to=[address])


def meeting_changed_notify(meeting: TrainerMeeting, invitations: list[MeetingInvitation]) -> None:
    """Tell those invited (who have not declined) the meeting's new date, time or place."""
    addresses = _addresses(invitations)
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: %(title)s has changed") % {"title": meeting.title}
        lines = [
            _("The trainer meeting %(title)s has a new date, time or place:") % {"title": meeting.title},
            "",
            _when(meeting),
            *_where(meeting),
            "",
            _("Your invitation: %(url)s") % {"url": _reply_url()},
        ]
        body = "\n".join(lines)
    for address in addresses:
        email_send_later(subject=subject, body=body, to=[address])


def meeting_cancelled_notify(meeting: TrainerMeeting, invitations: list[MeetingInvitation], *, reason: str) -> None:
    """Tell those invited that the meeting will not be held, and why."""
    addresses = _addresses(invitations)
    if not addresses:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: %(title)s on %(date)s is cancelled") % {
            "title": meeting.title,
            "date": formats.date_format(meeting.date, "j F"),
        }
        lines = [
            _("The trainer meeting %(title)s is cancelled.") % {"title": meeting.title},
            "",
            _when(meeting),
            "",
            _("Reason: %(reason)s") % {"reason": reason},
        ]
        body = "\n".join(lines)
    for address in addresses:
        email_send_later(subject=subject, body=body, to=[address])

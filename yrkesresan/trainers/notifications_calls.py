"""E-mail about calls for trainers, sent by the worker after the change commits: a new call to the
trainers it goes to, a request for approval to the trainer's managers, the manager's decision and the
coordinator's confirmation to the trainer, the end of a call to those who offered, and the calls short
of answers to the region's coordinators."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from yrkesresan.accounts.models import User
from yrkesresan.core.email import email_send_later

from .models import Answer, Approval, CallAnswer, CallStatus, TeamRole, TrainerCall, TrainerProfile
from .selectors.calls import CallRow


def _link(name: str, *args: int) -> str:
    return f"{settings.SITE_URL}{reverse(name, args=args)}"


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def call_title(call: TrainerCall) -> str:
    """What the call is for: the course and the occasion, or the course and the term."""
    if call.occasion_id is not None:
        return str(call.occasion)
    return _("%(course)s, %(term)s %(year)d") % {"course": call.course.title, "term": call.term, "year": call.year}


def _when(call: TrainerCall) -> str:
    occasion = call.occasion
    if occasion is not None and occasion.first_day:
        if occasion.last_day and occasion.last_day != occasion.first_day:
            return _("Course days %(first)s to %(last)s") % {
                "first": _date(occasion.first_day),
                "last": _date(occasion.last_day),
            }
        return _("Course day %(date)s") % {"date": _date(occasion.first_day)}
    return _("Term %(term)s %(year)d") % {"term": call.term, "year": call.year}


def call_opened_notify(call: TrainerCall, trainers: Iterable[TrainerProfile]) -> None:
    """Tell each trainer the call goes to that it is open, and how to answer."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: trainers wanted for %(course)s") % {"course": call_title(call)}
        body = [
            _("Trainers are wanted for %(course)s.") % {"course": call_title(call)},
            _when(call),
            _needed(call.needed),
            _("Answer by %(date)s: yes, as a reserve, or no.") % {"date": _date(call.answer_by)},
        ]
        if call.message:
            body += ["", call.message]
        if call.manager_approval:
            body += ["", _("If you answer yes, your manager is asked to approve it.")]
        body += ["", _("Answer here: %(link)s") % {"link": _link("trainer_call_answer", call.pk)}]
        text = "\n".join(body)
        for trainer in trainers:
            email_send_later(subject=subject, body=text, to=[trainer.user.email])


def _needed(needed: int) -> str:
    return ngettext(
        "%(count)d trainer is needed, the course leader included.",
        "%(count)d trainers are needed, the course leader included.",
        needed,
    ) % {"count": needed}


def approval_requested_notify(answer: CallAnswer, approvers: Iterable[User]) -> None:
    """Ask the trainer's managers (or k-admins) to approve the trainer's offer to teach."""
    recipients = [u.email for u in approvers if u.email]
    if not recipients:
        return
    call = answer.call
    with translation.override(settings.LANGUAGE_CODE):
        name = str(answer.trainer.user)
        subject = _("Yrkesresan: %(name)s offers to teach %(course)s") % {"name": name, "course": call.course.title}
        body = [
            _("%(name)s has answered “%(answer)s” to a call for trainers for %(course)s.")
            % {"name": name, "answer": answer.get_answer_display().lower(), "course": call_title(call)},
            _when(call),
            "",
            _("As their manager you are asked to approve that they teach. Approve or decline here: %(link)s")
            % {"link": _link("trainer_call_approvals")},
        ]
        email_send_later(subject=subject, body="\n".join(body), to=recipients)


def approval_decided_notify(answer: CallAnswer) -> None:
    """Tell the trainer what their manager decided."""
    call = answer.call
    with translation.override(settings.LANGUAGE_CODE):
        if answer.approval == Approval.APPROVED:
            subject = _("Yrkesresan: your manager approved that you teach %(course)s") % {"course": call.course.title}
            lines = [
                _("Your manager has approved your answer to the call for %(course)s.") % {"course": call_title(call)},
                _("The coordinator confirms who forms the team."),
            ]
        else:
            subject = _("Yrkesresan: your manager declined that you teach %(course)s") % {"course": call.course.title}
            lines = [
                _("Your manager has declined your answer to the call for %(course)s.") % {"course": call_title(call)}
            ]
        if answer.approval_note:
            lines.append(_("Note: %(note)s") % {"note": answer.approval_note})
        lines += ["", _("Your calls: %(link)s") % {"link": _link("my_trainer_calls")}]
        email_send_later(subject=subject, body="\n".join(lines), to=[answer.trainer.user.email])


def answer_confirmed_notify(answer: CallAnswer) -> None:
    """Tell the trainer they are on the team, and as what."""
    call = answer.call
    role = TeamRole(answer.confirmed_role).label if answer.confirmed_role else ""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: you are on the team for %(course)s") % {"course": call.course.title}
        lines = [
            _("The coordinator has confirmed you as %(role)s for %(course)s.")
            % {"role": str(role).lower(), "course": call_title(call)},
            _when(call),
        ]
        if call.occasion_id is None:
            lines.append(_("Which occasions of the term you teach on is told when the teams are formed."))
        lines += [
            "",
            _("Your days and the course's trainer material are on Plattformen: %(link)s")
            % {"link": _link("plattformen")},
        ]
        email_send_later(subject=subject, body="\n".join(lines), to=[answer.trainer.user.email])


def call_ended_notify(call: TrainerCall, answers: Iterable[CallAnswer], *, reason: str = "") -> None:
    """Tell those who offered to teach and were not taken that the call has ended (the team was formed
    without them, or the call was cancelled)."""
    with translation.override(settings.LANGUAGE_CODE):
        if call.status == CallStatus.CANCELLED:
            subject = _("Yrkesresan: the call for %(course)s is cancelled") % {"course": call.course.title}
            first = _("The call for trainers for %(course)s is cancelled.") % {"course": call_title(call)}
        else:
            subject = _("Yrkesresan: the team for %(course)s is formed") % {"course": call.course.title}
            first = _(
                "The team for %(course)s is formed, and you were not needed this time. Thank you for answering."
            ) % {"course": call_title(call)}
        lines = [first]
        if reason:
            lines.append(_("Reason: %(reason)s") % {"reason": reason})
        text = "\n".join(lines)
        for answer in answers:
            if answer.answer in (Answer.YES, Answer.RESERVE):
                email_send_later(subject=subject, body=text, to=[answer.trainer.user.email])


def calls_short_notify(coordinators: Iterable[User], rows: Iterable[CallRow]) -> None:
    """Tell a region's coordinators which open calls have become short of answers."""
    recipients = [u.email for u in coordinators if u.email]
    rows = list(rows)
    if not recipients or not rows:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = ngettext(
            "Yrkesresan: %(count)d call for trainers has too few answers",
            "Yrkesresan: %(count)d calls for trainers have too few answers",
            len(rows),
        ) % {"count": len(rows)}
        lines = [_("These calls have fewer yes-answers than trainers needed:"), ""]
        for row in rows:
            call = row.call
            lines.append(
                _("- %(course)s: %(yes)d of %(needed)d, answer by %(date)s. %(link)s")
                % {
                    "course": call_title(call),
                    "yes": row.firm_yes,
                    "needed": call.needed,
                    "date": _date(call.answer_by),
                    "link": _link("trainer_call_detail", call.pk),
                }
            )
        email_send_later(subject=subject, body="\n".join(lines), to=recipients)

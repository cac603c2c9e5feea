"""E-mail about trainers' days, sent by the worker after the change commits: to the coordinators when a
trainer reports absence (with the best substitutes), and to a substitute who has been given a day."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from yrkesresan.core.email import email_send_later

from .models import DayAssignment
from .selectors.teams import Candidate, coordinators_of

#: How many substitutes the e-mail lists; the page shows them all.
SUBSTITUTES_IN_EMAIL = 5


def _day_text(assignment: DayAssignment) -> str:
    day = assignment.course_day
    where = ", ".join(part for part in (day.venue, day.address) if part) or day.link or _("place not given")
    return _("%(date)s %(starts)s–%(ends)s, %(where)s") % {
        "date": formats.date_format(day.date, "l j F Y"),
        "starts": day.starts.strftime("%H:%M"),
        "ends": day.ends.strftime("%H:%M"),
        "where": where,
    }


def _name(user: object) -> str:
    return str(user)


def absence_reported_notify(assignment: DayAssignment, *, actor: object, candidates: list[Candidate]) -> None:
    """Tell the occasion's coordinators (except whoever reported it) that a trainer will be absent,
    with the best-placed substitutes."""
    occasion = assignment.course_day.occasion
    recipients = [u.email for u in coordinators_of(occasion) if u.email and u.pk != getattr(actor, "pk", None)]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        trainer = _name(assignment.trainer.user)
        subject = _("Yrkesresan: %(name)s cannot come on %(date)s") % {
            "name": trainer,
            "date": formats.date_format(assignment.date, "j F"),
        }
        lines = [
            _("%(name)s has reported absence as %(role)s on %(course)s.")
            % {"name": trainer, "role": assignment.get_role_display().lower(), "course": occasion},
            "",
            _day_text(assignment),
        ]
        if assignment.absence_reason:
            lines.append(_("Reason: %(reason)s") % {"reason": assignment.absence_reason})
        lines.append("")
        if candidates:
            lines.append(_("Possible substitutes, best first:"))
            for candidate in candidates[:SUBSTITUTES_IN_EMAIL]:
                lines.append(f"- {_name(candidate.trainer.user)} ({', '.join(candidate.reasons)})")
        else:
            lines.append(_("No qualified trainer in the pool is free that day."))
        page = reverse("course_day_substitutes", args=[occasion.pk, assignment.course_day_id, assignment.pk])
        lines += ["", _("Choose a substitute in Yrkesresan: %(site)s") % {"site": settings.SITE_URL + page}]
        email_send_later(subject=subject, body="\n".join(lines), to=recipients)


def substitute_assigned_notify(assignment: DayAssignment) -> None:
    """Tell the substitute about the day they now lead or train."""
    user = assignment.trainer.user
    if not user.email:
        return
    occasion = assignment.course_day.occasion
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: you step in on %(course)s on %(date)s") % {
            "course": occasion.course.title,
            "date": formats.date_format(assignment.date, "j F"),
        }
        lines = [
            _("You have been asked to step in as %(role)s on %(course)s.")
            % {"role": assignment.get_role_display().lower(), "course": occasion},
            "",
            _day_text(assignment),
            "",
            _("Your days and the course's trainer material are on Plattformen: %(site)s") % {"site": settings.SITE_URL},
        ]
        email_send_later(subject=subject, body="\n".join(lines), to=[user.email])

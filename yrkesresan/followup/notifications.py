"""E-mail about surveys, sent by the worker after the change commits: an invitation to answer, whose
first question's options are links, so that one tap answers it (decision 0013)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yrkesresan.core.email import email_send_later

from .models import Invitation, QuestionKind


def answer_url(
    invitation: Invitation, *, question_id: int | None = None, value: str | None = None, absolute: bool = True
) -> str:
    """The invitation's page; with a question and a value, the link that answers that question at once.
    Absolute (``SITE_URL``) for e-mail; ``absolute=False`` for a link on one of the site's own pages."""
    url = (settings.SITE_URL if absolute else "") + reverse("survey_answer", args=[invitation.token])
    if question_id is not None and value is not None:
        url += "?" + urlencode({"q": question_id, "v": value})
    return url


def invitation_notify(invitation: Invitation) -> None:
    """Ask the person to answer. People without an e-mail address see the survey on their home page."""
    user = invitation.user
    if not user.email:
        return
    survey = invitation.dispatch.survey
    first = survey.questions.order_by("position", "id").first()
    with translation.override(settings.LANGUAGE_CODE):
        options = []
        if first is not None and first.kind != QuestionKind.TEXT:
            options = [
                {"label": str(label), "url": answer_url(invitation, question_id=first.pk, value=value)}
                for value, label in first.options
            ]
        occasion = invitation.dispatch.occasion
        context = {
            "user": user,
            "survey": survey,
            "occasion": occasion,
            "first": first,
            "options": options,
            "url": answer_url(invitation),
        }
        subject = _("Yrkesresan: %(title)s") % {"title": survey.title}
        email_send_later(
            subject=subject, body=render_to_string("followup/email/invitation.txt", context), to=[user.email]
        )

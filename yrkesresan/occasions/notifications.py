"""E-mail about sign-ups, sent by the worker after the change commits: booked (with the course days as
a calendar file), on the waitlist (with the place), and a request for the manager's approval."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.core.email import email_send_later

from .calendar import occasion_ics
from .models import Registration, RegistrationState


def registration_notify(registration: Registration) -> None:
    """Tell the person (and, for a sign-up that needs approval, their managers) what the sign-up now is."""
    person = registration.user
    occasion = registration.occasion
    with translation.override(settings.LANGUAGE_CODE):
        context = {"person": person, "occasion": occasion, "registration": registration, "site": settings.SITE_URL}
        if registration.state == RegistrationState.BOOKED:
            email_send_later(
                subject=_("Yrkesresan: you are booked on %(course)s") % {"course": occasion.course.title},
                body=render_to_string("occasions/email/booked.txt", context),
                to=[person.email],
                attachments=[("kursdagar.ics", occasion_ics(occasion).decode(), "text/calendar")],
            )
        elif registration.state == RegistrationState.WAITLISTED:
            email_send_later(
                subject=_("Yrkesresan: you are on the waitlist for %(course)s") % {"course": occasion.course.title},
                body=render_to_string("occasions/email/waitlisted.txt", context),
                to=[person.email],
            )
        elif registration.state == RegistrationState.REQUESTED:
            email_send_later(
                subject=_("Yrkesresan: %(name)s asks to take part in %(course)s")
                % {"name": person.get_full_name() or person.username, "course": occasion.course.title},
                body=render_to_string("occasions/email/approval_request.txt", context),
                to=_managers_of(person),
            )


def _managers_of(person: User) -> list[str]:
    """The e-mail addresses of the managers of the units where the person works today."""
    units = RoleAssignment.objects.active().filter(user=person, unit__isnull=False).values("unit_id")
    managers = RoleAssignment.objects.active().filter(role=Role.MANAGER, unit_id__in=units).values("user_id")
    return list(User.objects.filter(pk__in=managers, is_active=True).exclude(email="").values_list("email", flat=True))

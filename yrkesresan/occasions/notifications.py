"""E-mail about sign-ups, sent by the worker after the change commits: booked (with the course days as
a calendar file), on the waitlist (with the place), and a request for the manager's approval; and
to everyone signed up, a change of the course days and a cancelled occasion."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.core.email import email_send_later

from .calendar import occasion_ics
from .models import Occasion, Registration, RegistrationState


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


def occasion_changed_notify(occasion: Occasion, registrations: Iterable[Registration]) -> None:
    """Tell everyone signed up (booked, waitlisted, waiting for approval) that the course days have
    changed, listing the new days; the booked get the new days as a calendar file (the same uids, so
    their calendar moves the events)."""
    registrations = list(registrations)
    if not registrations:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: the course days of %(course)s have changed") % {"course": occasion.course.title}
        ics = occasion_ics(occasion).decode()
        days = list(occasion.days.all())
        for registration in registrations:
            context = {
                "person": registration.user,
                "occasion": occasion,
                "registration": registration,
                "days": days,
                "site": settings.SITE_URL,
            }
            booked = registration.state == RegistrationState.BOOKED
            email_send_later(
                subject=subject,
                body=render_to_string("occasions/email/occasion_changed.txt", context),
                to=[registration.user.email],
                attachments=[("kursdagar.ics", ics, "text/calendar")] if booked else None,
            )


def occasion_cancelled_notify(occasion: Occasion, registrations: Iterable[Registration]) -> None:
    """Tell everyone whose sign-up the cancellation ended that the occasion will not take place, and why."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Yrkesresan: %(course)s is cancelled") % {"course": occasion.course.title}
        days = list(occasion.days.all())
        for registration in registrations:
            context = {
                "person": registration.user,
                "occasion": occasion,
                "registration": registration,
                "days": days,
                "site": settings.SITE_URL,
            }
            email_send_later(
                subject=subject,
                body=render_to_string("occasions/email/occasion_cancelled.txt", context),
                to=[registration.user.email],
            )

"""A trainer's own pages in Plattformen, and a manager's view of their staff who teach.

The trainer (anyone in a trainer pool: rule ``trainers.my_days``) sees their next course days at once in
Plattformen, all their coming days with the team, place and material, one day with its participants,
reports that they cannot come, and says when they cannot teach. Managers and k-admins see the days their
own staff teach (``trainers.view_staff_days``), linked from Stationen. Thin: look up within scope, check
the rule, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors

from .. import services
from ..forms_mine import AbsenceForm, UnavailabilityForm
from ..models import DayAssignment, TrainerProfile, Unavailability
from ..selectors import mine as selectors

# --- the hubs' and the home page's parts ------------------------------------------------------------------


def plattformen_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Plattformen's first section for a trainer: the next course days at once, with a link to them all."""
    trainer = selectors.trainer_profile_of(request.user)
    if trainer is None:
        return []
    return [("trainers/mine/_plattformen.html", {"summary": selectors.trainer_summary(trainer=trainer)})]


def stationen_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """A link in Stationen to the days the manager's staff teach, when some of them are in a trainer pool."""
    count = selectors.staff_trainer_count(actor=request.user)
    if not count:
        return []
    return [("trainers/mine/_stationen.html", {"count": count})]


def home_part(request: HttpRequest) -> dict[str, Any]:
    """The next course day on the home page of anyone in a trainer pool (discussion leaders have no
    Plattformen in their menu: this is their way to their days)."""
    trainer = selectors.trainer_profile_of(request.user)
    if trainer is None:
        return {}
    return {
        "trainer_summary": selectors.trainer_summary(trainer=trainer, limit=1),
        "home_sections": ["trainers/mine/_home.html"],
    }


# --- the trainer's days -----------------------------------------------------------------------------------


def _trainer(request: HttpRequest) -> TrainerProfile:
    """The user's own trainer profile; 403 for who is in no trainer pool."""
    policy.require(request.user, "trainers.my_days")
    trainer = selectors.trainer_profile_of(request.user)
    assert trainer is not None  # the rule asks for it
    return trainer


def _my_assignment(request: HttpRequest, a_pk: int) -> DayAssignment:
    """One of the user's own course days; 404 for anyone else's."""
    trainer = _trainer(request)
    assignment: DayAssignment = policy.get_visible_or_404(
        request.user,
        DayAssignment.objects.filter(trainer_id=trainer.pk).select_related(
            "course_day__occasion__course",
            "course_day__occasion__region",
            "course_day__occasion__municipality",
        ),
        pk=a_pk,
    )
    assignment.trainer = trainer
    return assignment


def _may_see_material(request: HttpRequest) -> bool:
    return policy.can(request.user, "plattformen.view")


def my_trainer_days(request: HttpRequest) -> HttpResponse:
    """The trainer's coming course days with place, team and links; the days taught this year; the term."""
    trainer = _trainer(request)
    days = selectors.my_days(actor=request.user, trainer=trainer, today=timezone.localdate())
    return render(request, "trainers/mine/days.html", {"days": days, "material": _may_see_material(request)})


def my_trainer_day(request: HttpRequest, a_pk: int) -> HttpResponse:
    """One of the trainer's course days: the day, who teaches it, the team, the participants, the material."""
    assignment = _my_assignment(request, a_pk)
    day = selectors.my_day(actor=request.user, assignment=assignment, today=timezone.localdate())
    return render(request, "trainers/mine/day.html", {"day": day, "material": _may_see_material(request)})


def _absence_refusal(assignment: DayAssignment) -> str | None:
    """Why absence cannot be reported for the day any more (None: it can)."""
    if assignment.absent:
        return _("You have already reported that you cannot come on %(date)s. The coordinator has been told.") % {
            "date": formats.date_format(assignment.date, "j F Y")
        }
    if assignment.date < timezone.localdate():
        return _("The course day %(date)s has passed. Contact the coordinator if something was wrong.") % {
            "date": formats.date_format(assignment.date, "j F Y")
        }
    return None


def my_trainer_absence(request: HttpRequest, a_pk: int) -> HttpResponse:
    """ "I cannot come": the assignment is kept, marked absent, and the coordinators are e-mailed with the
    best substitutes. A day already reported, or one that has passed, changes nothing."""
    assignment = _my_assignment(request, a_pk)
    refusal = _absence_refusal(assignment)
    form = AbsenceForm(request.POST if request.method == "POST" and refusal is None else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.absence_report(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your absence on %(date)s is reported. The coordinator has been told and will find a substitute.")
                % {"date": formats.date_format(assignment.date, "j F Y")},
            )
            return redirect("my_trainer_day", a_pk=assignment.pk)
    status = 400 if request.method == "POST" and (refusal is not None or form.errors) else 200
    context = {"assignment": assignment, "form": form, "refusal": refusal}
    return render(request, "trainers/mine/absence.html", context, status=status)


# --- availability -------------------------------------------------------------------------------------------


def my_availability(request: HttpRequest) -> HttpResponse:
    """The periods the trainer cannot teach: a list, and a form to add one."""
    trainer = _trainer(request)
    form = UnavailabilityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.unavailability_add(
                actor=request.user, trainer=trainer, start=data["start"], end=data["end"], reason=data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved: the coordinators will not ask you to teach on those days."))
            return redirect("my_availability")
    periods = selectors.my_unavailability(actor=request.user, trainer=trainer, today=timezone.localdate())
    context = {"trainer": trainer, "form": form, "periods": periods}
    return render(request, "trainers/mine/availability.html", context, status=400 if form.errors else 200)


@require_POST
def my_availability_remove(request: HttpRequest, u_pk: int) -> HttpResponse:
    """The trainer can teach in a period after all."""
    trainer = _trainer(request)
    period: Unavailability = policy.get_visible_or_404(
        request.user, Unavailability.objects.filter(trainer_id=trainer.pk).select_related("trainer"), pk=u_pk
    )
    services.unavailability_remove(actor=request.user, unavailability=period)
    messages.success(request, _("Removed: you can be asked to teach on those days again."))
    return redirect("my_availability")


# --- a manager's staff who teach ----------------------------------------------------------------------------


def staff_trainer_days(request: HttpRequest) -> HttpResponse:
    """A manager's or k-admin's staff who are trainers or discussion leaders: their days this term against
    what is allowed, their coming days and the days taught this year."""
    policy.require(request.user, "trainers.view_staff_days")
    today = timezone.localdate()
    rows = selectors.staff_trainer_days(actor=request.user, today=today)
    return render(
        request, "trainers/mine/staff.html", {"rows": rows, "term": selectors.term_label(today), "today": today}
    )


urlpatterns = [
    path("plattformen/mina-dagar/", my_trainer_days, name="my_trainer_days"),
    path("plattformen/mina-dagar/<int:a_pk>/", my_trainer_day, name="my_trainer_day"),
    path("plattformen/mina-dagar/<int:a_pk>/franvaro/", my_trainer_absence, name="my_trainer_absence"),
    path("plattformen/tillganglighet/", my_availability, name="my_availability"),
    path("plattformen/tillganglighet/<int:u_pk>/ta-bort/", my_availability_remove, name="my_availability_remove"),
    path("stationen/utbildare/", staff_trainer_days, name="staff_trainer_days"),
]


def register() -> None:
    """Rules, hub parts and the home part of these pages (called from the app's ready())."""
    from yrkesresan.core.home import register_home_part, register_hub_part
    from yrkesresan.occasions.policies import register_attendance_taker_somewhere

    policy.register_rule("trainers.my_days", selectors.has_trainer_profile)
    policy.register_rule("trainers.view_staff_days", selectors.can_view_staff_days)
    register_hub_part("plattformen", plattformen_part)
    register_hub_part("stationen", stationen_part)
    register_home_part(home_part)
    register_attendance_taker_somewhere(selectors.teaches_somewhere)

"""The coordinator's pages on an occasion's trainer team: the team and a grid of its course days (who
leads, who trains, who is absent), the ranked substitutes for an absent trainer with one-step
reassignment, a day's history, and the absences still to cover across the occasions one coordinates.

Thin: look up within scope (404), check ``trainers.coordinate`` (403), call a service or a selector,
render. A refused change shows the service's reason on the page again (400) and changes nothing."""

from __future__ import annotations

from typing import Any

from django import forms as forms_module
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors
from yrkesresan.occasions.models import CourseDay, Occasion

from .. import selectors, services
from ..forms_teams import DayAssignForm, SubstituteForm, TeamMemberAddForm, UnassignForm
from ..models import DayAssignment, TeamMember, TrainerProfile
from ..selectors.days import UNSTAFFED_HORIZON_DAYS

# --- lookups ---------------------------------------------------------------------------------------


def _occasion(request: HttpRequest, pk: int) -> Occasion:
    """An occasion the actor sees (else 404) and coordinates (else 403)."""
    occasion = policy.get_visible_or_404(
        request.user, Occasion.objects.select_related("course", "region", "municipality", "unit"), pk=pk
    )
    policy.require(request.user, "trainers.coordinate", occasion)
    return occasion


def _day(request: HttpRequest, occasion: Occasion, day_pk: int) -> CourseDay:
    """One of the occasion's course days (a day of another occasion is 404)."""
    day = policy.get_visible_or_404(request.user, CourseDay.objects.filter(occasion_id=occasion.pk), pk=day_pk)
    day.occasion = occasion
    return day


def _assignment(request: HttpRequest, day: CourseDay, a_pk: int) -> DayAssignment:
    assignment = policy.get_visible_or_404(
        request.user,
        DayAssignment.objects.filter(course_day_id=day.pk).select_related(
            "trainer__user", "trainer__home_municipality", "substitute_for__user", "absent_reported_by"
        ),
        pk=a_pk,
    )
    assignment.course_day = day
    return assignment


def _date(day: Any) -> str:
    return formats.date_format(day, "j F Y")


# --- the team page ---------------------------------------------------------------------------------


def _team_page(
    request: HttpRequest,
    occasion: Occasion,
    grid: selectors.TeamGrid | None = None,
    *,
    add_form: TeamMemberAddForm | None = None,
    day_form: DayAssignForm | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The team page; after a refused change, with the form as sent and the reasons (400)."""
    grid = grid or selectors.team_grid(occasion=occasion)
    add_form = add_form or TeamMemberAddForm(pool=grid.pool, term=grid.term)
    days: list[tuple[selectors.DayRow, DayAssignForm]] = []
    for row in grid.days:
        prefix = f"day{row.day.pk}"
        sent = day_form if day_form is not None and day_form.prefix == prefix else None
        days.append((row, sent or DayAssignForm(team=grid.team, term=grid.term, prefix=prefix)))
    problems = list(problems or [])
    forms: list[tuple[forms_module.Form, str]] = [(add_form, "add-member")]
    forms += [(form, f"day-{row.day.pk}") for row, form in days]
    for form, anchor in forms:
        if form.is_bound and form.errors:
            problems += [(str(message), anchor) for errors in form.errors.values() for message in errors]
    context = {"occasion": occasion, "grid": grid, "add_form": add_form, "days": days, "problems": problems}
    return render(request, "trainers/teams/team.html", context, status=400 if problems else 200)


@require_GET
def occasion_team(request: HttpRequest, pk: int) -> HttpResponse:
    """The team (course leader, trainers, reserve) and, per course day, who leads and trains it."""
    return _team_page(request, _occasion(request, pk))


@require_POST
def occasion_team_add(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    grid = selectors.team_grid(occasion=occasion)
    form = TeamMemberAddForm(request.POST, pool=grid.pool, term=grid.term)
    if form.is_valid():
        trainer = next(row.trainer for row in grid.pool if row.trainer.pk == form.cleaned_data["trainer"])
        try:
            member = services.team_member_add(
                actor=request.user, occasion=occasion, trainer=trainer, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is on the team as %(role)s.")
                % {"name": trainer, "role": member.get_role_display().lower()},
            )
            return redirect("occasion_team", pk=occasion.pk)
    return _team_page(request, occasion, grid, add_form=form)


@require_POST
def occasion_team_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    member = policy.get_visible_or_404(
        request.user, TeamMember.objects.filter(occasion_id=occasion.pk).select_related("trainer__user"), pk=member_pk
    )
    member.occasion = occasion
    try:
        services.team_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        return _team_page(request, occasion, problems=[(m, f"member-{member.pk}") for m in exc.messages])
    messages.success(request, _("%(name)s is no longer on the team.") % {"name": member.trainer})
    return redirect("occasion_team", pk=occasion.pk)


@require_POST
def course_day_assign(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    day = _day(request, occasion, day_pk)
    grid = selectors.team_grid(occasion=occasion)
    form = DayAssignForm(request.POST, team=grid.team, term=grid.term, prefix=f"day{day.pk}")
    if form.is_valid():
        trainer = next(row.trainer for row in grid.team if row.trainer.pk == form.cleaned_data["trainer"])
        try:
            assignment = services.day_assign(
                actor=request.user, course_day=day, trainer=trainer, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is %(role)s on %(date)s.")
                % {"name": trainer, "role": assignment.get_role_display().lower(), "date": _date(day.date)},
            )
            return redirect(reverse("occasion_team", args=[occasion.pk]) + f"#day-{day.pk}")
    return _team_page(request, occasion, grid, day_form=form)


@require_POST
def course_day_unassign(request: HttpRequest, pk: int, day_pk: int, a_pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    day = _day(request, occasion, day_pk)
    assignment = _assignment(request, day, a_pk)
    form = UnassignForm(request.POST)
    if not form.is_valid():
        problems = [str(m) for errors in form.errors.values() for m in errors]
        return _team_page(request, occasion, problems=[(m, f"day-{day.pk}") for m in problems])
    try:
        services.day_unassign(actor=request.user, assignment=assignment, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _team_page(request, occasion, problems=[(m, f"day-{day.pk}") for m in exc.messages])
    messages.success(
        request,
        _("%(name)s no longer teaches on %(date)s.") % {"name": assignment.trainer, "date": _date(day.date)},
    )
    return redirect(reverse("occasion_team", args=[occasion.pk]) + f"#day-{day.pk}")


# --- substitutes and history -----------------------------------------------------------------------


#: How many substitutes (and how many trainers not free) the page lists before "show all".
SUBSTITUTES_SHOWN = 25


@require_http_methods(["GET", "POST"])
def course_day_substitutes(request: HttpRequest, pk: int, day_pk: int, a_pk: int) -> HttpResponse:
    """The ranked substitutes for a trainer's day (the reserve first, then the nearest), and one button
    per candidate that puts them in, recording the absence in the same step when it is not yet."""
    occasion = _occasion(request, pk)
    day = _day(request, occasion, day_pk)
    assignment = _assignment(request, day, a_pk)
    form = SubstituteForm(request.POST if request.method == "POST" else None, absent=assignment.absent)
    replaced_by = selectors.replacement_of(assignment)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.records_absence_only:
                services.absence_report(actor=request.user, assignment=assignment, reason=reason)
                messages.success(
                    request,
                    _("%(name)s is recorded as absent on %(date)s. Choose a substitute below.")
                    % {"name": assignment.trainer, "date": _date(day.date)},
                )
                return redirect("course_day_substitutes", pk=occasion.pk, day_pk=day.pk, a_pk=assignment.pk)
            substitute = (
                policy.visible(request.user, TrainerProfile.objects.filter(pk=form.cleaned_data["substitute"]))
                .select_related("user", "home_municipality")
                .first()
            )
            if substitute is None:
                raise ValidationError(_("Choose a substitute from the list."))
            new = services.substitute_assign(
                actor=request.user, assignment=assignment, substitute=substitute, reason=reason
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(substitute)s steps in for %(name)s as %(role)s on %(date)s.")
                % {
                    "substitute": substitute,
                    "name": assignment.trainer,
                    "role": new.get_role_display().lower(),
                    "date": _date(day.date),
                },
            )
            return redirect(reverse("occasion_team", args=[occasion.pk]) + f"#day-{day.pk}")
    # A large region's pool can offer hundreds: the best first, the rest on request.
    show_all = request.GET.get("alla") == "1"
    limit = None if show_all else SUBSTITUTES_SHOWN
    substitutes = selectors.substitutes_for(course_day=day, role=assignment.role, limit=limit)
    absent = [assignment.trainer_id]
    not_free = selectors.not_free_for(course_day=day, occasion=occasion, exclude=absent, limit=limit)
    context = {
        "occasion": occasion,
        "day": day,
        "assignment": assignment,
        "replaced_by": replaced_by,
        "form": form,
        "substitutes": substitutes,
        "candidates": substitutes.candidates,
        "not_free": not_free,
        "not_free_count": (
            len(not_free) if show_all else selectors.not_free_count(course_day=day, occasion=occasion, exclude=absent)
        ),
        "show_all": show_all,
        "term": selectors.term_label(day.date),
    }
    return render(request, "trainers/teams/substitutes.html", context, status=400 if form.errors else 200)


@require_GET
def course_day_history(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    """Every change of who leads and trains the day: when, who, what, why and by whom."""
    occasion = _occasion(request, pk)
    day = _day(request, occasion, day_pk)
    events = selectors.day_history(course_day=day)
    return render(request, "trainers/teams/history.html", {"occasion": occasion, "day": day, "events": events})


@require_GET
def trainer_absences(request: HttpRequest) -> HttpResponse:
    """The coming course days where a trainer is absent and nobody steps in yet, and the near days that
    lack a course leader or a trainer, on the occasions the actor coordinates."""
    policy.require(request.user, "trainers.coordinate_some")
    today = timezone.localdate()
    return render(
        request,
        "trainers/teams/absences.html",
        {
            "absences": selectors.absences_to_cover(actor=request.user, today=today),
            "unstaffed": selectors.unstaffed_days(actor=request.user, today=today),
            "horizon": UNSTAFFED_HORIZON_DAYS,
        },
    )


urlpatterns: list[URLPattern] = [
    path("tillfallen/<int:pk>/utbildare/", occasion_team, name="occasion_team"),
    path("tillfallen/<int:pk>/utbildare/lagg-till/", occasion_team_add, name="occasion_team_add"),
    path("tillfallen/<int:pk>/utbildare/<int:member_pk>/ta-bort/", occasion_team_remove, name="occasion_team_remove"),
    path("tillfallen/<int:pk>/dagar/<int:day_pk>/utbildare/", course_day_assign, name="course_day_assign"),
    path(
        "tillfallen/<int:pk>/dagar/<int:day_pk>/utbildare/<int:a_pk>/ta-bort/",
        course_day_unassign,
        name="course_day_unassign",
    ),
    path(
        "tillfallen/<int:pk>/dagar/<int:day_pk>/ersattare/<int:a_pk>/",
        course_day_substitutes,
        name="course_day_substitutes",
    ),
    path("tillfallen/<int:pk>/dagar/<int:day_pk>/historik/", course_day_history, name="course_day_history"),
    path("utbildare/franvaro/", trainer_absences, name="trainer_absences"),
]


def register() -> None:
    """The link from the occasion page to its team (for those who coordinate it). The coordinators reach
    the absences page through the trainers pages' own links (``trainers_nav``)."""
    from yrkesresan.core.navigation import ObjectLink, register_object_link

    register_object_link(
        ObjectLink(
            key="occasion_team",
            kind="occasion",
            label=gettext_lazy("Trainer team and course days"),
            url_name="occasion_team",
            action="trainers.coordinate",
            order=10,
        )
    )

"""Planning pages: the list and calendar of occasions, one occasion, and planning, changing, copying
and cancelling an occasion. Thin: the rules live in ``services.planning`` and the reads in
``selectors.planning``."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors
from yrkesresan.core.navigation import object_links_for
from yrkesresan.core.pagination import CappedPaginator
from yrkesresan.organisations.models import Municipality

from .. import services
from ..forms import (
    CancelForm,
    CopyForm,
    DayFormSet,
    OccasionFilterForm,
    OccasionForm,
    QuotaFormSet,
    days_initial,
    filled,
    quiet,
    quotas_initial,
)
from ..models import Occasion, OccasionStatus
from ..selectors import planning as selectors

PER_PAGE = 25


# --- the list and the calendar ---------------------------------------------------------------------


def _filters(request: HttpRequest, *, coming_by_default: bool = False) -> tuple[OccasionFilterForm, dict[str, Any]]:
    """The GET filters, turned into the selector's arguments (ids looked up within what the actor sees).
    ``coming_by_default``: without a "from" date in the query, show what has not ended yet (clearing the
    field shows the held ones too)."""
    query: QueryDict = request.GET.copy()
    if coming_by_default and "date_from" not in query:
        query["date_from"] = timezone.localdate().isoformat()
    form = OccasionFilterForm(query or None, actor=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    course = Course.objects.filter(pk=data["course"]).first() if data.get("course") else None
    municipality = (
        policy.visible(request.user, Municipality.objects.filter(pk=data["municipality"])).first()
        if data.get("municipality")
        else None
    )
    return form, {"course": course, "municipality": municipality}


def occasion_list(request: HttpRequest) -> HttpResponse:
    """The occasions one sees, first day first, filtered; planners get the buttons to plan."""
    policy.require(request.user, "occasions.browse")
    form, found = _filters(request, coming_by_default=True)
    data = form.cleaned_data if form.is_bound and not form.errors else {}
    qs = selectors.occasion_list(
        actor=request.user,
        course=found["course"],
        municipality=found["municipality"],
        delivery_level=data.get("level") or None,
        status=data.get("status") or None,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        search=data.get("q") or "",
        only_free=bool(data.get("free")),
    )
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.occasions_with_days(page.object_list)
    return render(
        request,
        "occasions/planning/list.html",
        {"form": form, "page": page, "can_plan": policy.can(request.user, "occasions.plan")},
        status=400 if form.errors else 200,
    )


def _month(value: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return timezone.localdate().replace(day=1)


def occasion_calendar(request: HttpRequest) -> HttpResponse:
    """One month's course days, day by day (a list reads the same on a phone and a desktop)."""
    policy.require(request.user, "occasions.browse")
    form, found = _filters(request)
    month = _month(request.GET.get("month", ""))
    cal = selectors.calendar_month(
        actor=request.user,
        year=month.year,
        month=month.month,
        course=found["course"],
        municipality=found["municipality"],
    )
    keep = request.GET.copy()
    keep.pop("month", None)
    return render(
        request,
        "occasions/planning/calendar.html",
        {"form": form, "cal": cal, "query": keep.urlencode(), "today": timezone.localdate()},
    )


# --- one occasion ----------------------------------------------------------------------------------


def occasion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = selectors.occasion_get(actor=request.user, pk=pk)
    days = list(occasion.days.all())
    can_manage = policy.can(request.user, "occasions.manage", occasion)
    context: dict[str, Any] = {
        "occasion": occasion,
        "days": days,
        "places_left": max(0, occasion.capacity - cast(Any, occasion).booked),
        "can_manage": can_manage,
        "is_cancelled": occasion.status == OccasionStatus.CANCELLED,
        # Pages other apps keep about the occasion (its trainer team), for those their rule allows.
        "object_links": object_links_for(request.user, "occasion", occasion),
    }
    if can_manage:
        clashes = selectors.venue_clashes(days=days, actor=request.user)
        context.update(
            {
                "participants": selectors.occasion_participants(actor=request.user, occasion=occasion),
                "quotas": selectors.occasion_quotas(occasion=occasion),
                "clashes": [(day, clashes[day.pk]) for day in days if day.pk in clashes],
                "targets": {
                    "municipalities": list(occasion.target_municipalities.all()),
                    "units": list(occasion.target_units.select_related("municipality")),
                    "levels": list(occasion.target_levels.select_related("journey")),
                },
            }
        )
    return render(request, "occasions/planning/detail.html", context)


def _managed(request: HttpRequest, pk: int) -> Occasion:
    """An occasion the actor sees (else 404) and plans (else 403)."""
    occasion = policy.get_visible_or_404(
        request.user, Occasion.objects.select_related("course", "region", "municipality", "unit"), pk=pk
    )
    policy.require(request.user, "occasions.manage", occasion)
    return occasion


def _warn_clashes(request: HttpRequest, occasion: Occasion) -> None:
    clashes = selectors.venue_clashes(occasion=occasion, actor=request.user)
    for day_id, others in clashes.items():
        day = next(d for d in occasion.days.all() if d.pk == day_id)
        names = ", ".join(f"{o.occasion.course.title} {o.occasion.name}".strip() for o in others)
        messages.warning(
            request,
            _("Check the venue: %(venue)s is also booked on %(date)s at the same time, for %(others)s.")
            % {"venue": day.venue, "date": day.date.isoformat(), "others": names},
        )


def _plan(request: HttpRequest, occasion: Occasion | None) -> HttpResponse:
    """The planning form for a new occasion or a change: the settings, the course days and the places kept.
    "Add a course day" and "Keep places for one more municipality" show the form again with one row
    more, without saving (with htmx only the rows are replaced)."""
    actor = request.user
    post = request.method == "POST"
    data = request.POST.copy() if post else None
    adding = ""
    if data is not None:
        for prefix in ("days", "quotas"):
            if f"add_{prefix}" in data:
                adding = prefix
                total = data.get(f"{prefix}-TOTAL_FORMS", "0")
                data[f"{prefix}-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    if occasion is None:
        initial: dict[str, Any] = {}
        day_rows: list[dict[str, Any]] = []
        quota_rows: list[dict[str, Any]] = []
    else:
        initial = OccasionForm.initial_from(occasion)
        day_rows, quota_rows = days_initial(occasion), quotas_initial(occasion)
    form = OccasionForm(data, actor=actor, initial=initial)
    days = DayFormSet(data, prefix="days", initial=day_rows or None)
    if not post and occasion is None:
        days = DayFormSet(prefix="days", initial=[{}])
    quotas = QuotaFormSet(data, prefix="quotas", initial=quota_rows or None, form_kwargs={"actor": actor})
    day_errors: list[str] = []
    quota_errors: list[str] = []
    refused = False
    if adding:
        quiet(form, days, quotas)
    elif post and form.is_valid() and days.is_valid() and quotas.is_valid():
        try:
            saved = services.occasion_save(
                actor=actor, occasion=occasion, **form.cleaned_data, days=filled(days), quotas=filled(quotas)
            )
        except ValidationError as exc:
            refused = True
            if hasattr(exc, "error_dict"):
                problems = exc.message_dict
                day_errors, quota_errors = problems.pop("days", []), problems.pop("quotas", [])
                if problems:
                    add_service_errors(form, ValidationError(problems))
            else:
                add_service_errors(form, exc)
        except PermissionDenied as exc:
            refused = True
            reason = str(exc)
            form.add_error(
                None, reason if reason and not reason.startswith("occasions.") else _("You may not plan there.")
            )
        else:
            if occasion is None:
                messages.success(request, _("The occasion is planned."))
            else:
                messages.success(request, _("The changes are saved."))
            _warn_clashes(request, saved)
            return redirect("occasion_detail", pk=saved.pk)
    else:
        refused = post
    context = {
        "form": form,
        "days": days,
        "quotas": quotas,
        "occasion": occasion,
        "adding": adding,
        "day_errors": day_errors,
        "quota_errors": quota_errors,
    }
    if adding and getattr(request, "htmx", False):
        template = f"occasions/planning/_{adding}.html"
        return render(request, template, context)
    return render(request, "occasions/planning/form.html", context, status=400 if refused else 200)


def occasion_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "occasions.plan")
    return _plan(request, None)


def occasion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _managed(request, pk)
    if occasion.status == OccasionStatus.CANCELLED:
        messages.error(request, _("The occasion is cancelled and can no longer be changed."))
        return redirect("occasion_detail", pk=occasion.pk)
    return _plan(request, occasion)


def occasion_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy to the next term: choose the new first day, see the days moved, then copy."""
    occasion = _managed(request, pk)
    source = request.POST if request.method == "POST" else request.GET
    default = selectors.default_copy_day(occasion)
    form = CopyForm(source if "first_day" in source else None, initial={"first_day": default})
    first_day = form.cleaned_data["first_day"] if form.is_bound and form.is_valid() else default
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.occasion_copy(
                actor=request.user, occasion=occasion, first_day=form.cleaned_data["first_day"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The copy is made. Check it and change what differs this time."))
            return redirect("occasion_edit", pk=copy.pk)
    preview = selectors.copy_preview(occasion=occasion, first_day=first_day) if first_day else []
    return render(
        request,
        "occasions/planning/copy.html",
        {"occasion": occasion, "form": form, "preview": preview},
        status=400 if form.errors else 200,
    )


def occasion_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the occasion: a reason is required, and everyone signed up is told."""
    occasion = _managed(request, pk)
    if occasion.status == OccasionStatus.CANCELLED:
        messages.error(request, _("The occasion is already cancelled."))
        return redirect("occasion_detail", pk=occasion.pk)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.occasion_cancel(actor=request.user, occasion=occasion, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The occasion is cancelled and everyone signed up has been told."))
            return redirect("occasion_detail", pk=occasion.pk)
    count = selectors.people_to_tell(occasion=occasion)
    told = ngettext(
        "%(count)d person signed up will get an e-mail.", "%(count)d people signed up will get an e-mail.", count
    ) % {"count": count}
    return render(
        request,
        "occasions/planning/cancel.html",
        {"occasion": occasion, "form": form, "count": count, "told": told},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("tillfallen/", occasion_list, name="occasion_list"),
    path("tillfallen/kalender/", occasion_calendar, name="occasion_calendar"),
    path("tillfallen/nytt/", occasion_create, name="occasion_create"),
    path("tillfallen/<int:pk>/", occasion_detail, name="occasion_detail"),
    path("tillfallen/<int:pk>/andra/", occasion_edit, name="occasion_edit"),
    path("tillfallen/<int:pk>/kopiera/", occasion_copy, name="occasion_copy"),
    path("tillfallen/<int:pk>/stall-in/", occasion_cancel, name="occasion_cancel"),
]


def register() -> None:
    """Menu entries, home parts and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.audit import register_action_labels
    from yrkesresan.core.navigation import Entry, register_entry

    policy.register_rule("occasions.browse", selectors.can_browse)
    register_entry(
        Entry(
            key="occasions",
            label=gettext_lazy("Course occasions"),
            description=gettext_lazy("The course occasions: dates, places, waitlists. Planners plan them here."),
            url_name="occasion_list",
            action="occasions.browse",
            order=20,
        )
    )
    register_action_labels(
        {
            "occasion.copy": gettext_lazy("Course occasion copied"),
            "occasion.cancel": gettext_lazy("Course occasion cancelled"),
        }
    )

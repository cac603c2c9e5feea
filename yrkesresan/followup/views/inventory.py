"""The inventory survey (*enkät – inventering*) and the planning suggestion built on it.

- ``followup_inventory``: per journey and year, each municipality's reported staff and managers per level
  (or "not reported") with totals; the regional roles see their region, a k-admin their own municipality.
  ``followup_inventory_export``: the same as a spreadsheet.
- ``followup_inventory_edit``: one municipality's report for a journey and a year (figures per level,
  venues, a note).
- ``followup_planning``: the regional roles' planning suggestion for a journey and a year, with the
  assumptions beside it and a form to change them.

Thin: the rules are in ``services.inventory``, the reads in ``selectors.inventory``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, has_role
from yrkesresan.catalog.models import Journey
from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.organisations.models import Municipality

from ..forms_inventory import AssumptionsForm, ChoiceForm, InventoryForm, VenueFormSet
from ..selectors import inventory as selectors
from ..services.inventory import FIRST_YEAR, LAST_YEAR, inventory_save, planning_assumptions_save

REPORT_SOME = "followup.report_inventory_some"
PLAN_SOME = "followup.plan_some"


def _reports_some(user: Any, _obj: Any = None) -> bool:
    """K-admins, the regional roles and system admins (from the roles cached on the request: no query, since
    the menu asks on every page)."""
    return has_role(user, Role.SYSTEM_ADMIN, Role.MUNICIPAL_ADMIN, *REGIONAL_ROLES)


def _plans_some(user: Any, _obj: Any = None) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN, *REGIONAL_ROLES)


def _choice(request: HttpRequest, regions: list[Any]) -> tuple[ChoiceForm, dict[str, Any] | None]:
    """The region, journey and year chosen; a region that is not the actor's is 404, as if it did not exist."""
    asked = request.GET.get("region")
    if asked and asked not in {str(r.pk) for r in regions}:
        raise Http404
    form = ChoiceForm.from_query(request.GET, regions=regions)
    return form, (form.cleaned_data if form.is_valid() else None)


# --- the overview ------------------------------------------------------------------------------------


def inventory_overview(request: HttpRequest) -> HttpResponse:
    """Per journey and year: each municipality's figures per level, or "not reported", with the totals."""
    policy.require(request.user, REPORT_SOME)
    regions = selectors.inventory_regions(request.user)
    form, chosen = _choice(request, regions)
    overview = (
        selectors.inventory_overview(request.user, chosen["region"], chosen["journey"], chosen["year"])
        if chosen
        else None
    )
    query = urlencode({k: v.pk if hasattr(v, "pk") else v for k, v in chosen.items()}) if chosen else ""
    return render(
        request,
        "followup/inventory_overview.html",
        {
            "form": form,
            "overview": overview,
            "query": query,
            "can_plan": bool(chosen and policy.can(request.user, "followup.plan", chosen["region"])),
        },
        status=200 if chosen else 400,
    )


def inventory_export(request: HttpRequest) -> HttpResponse:
    """The overview as a spreadsheet (xlsx, or CSV with ``?format=csv``)."""
    policy.require(request.user, REPORT_SOME)
    _form, chosen = _choice(request, selectors.inventory_regions(request.user))
    if not chosen:
        raise Http404
    overview = selectors.inventory_overview(request.user, chosen["region"], chosen["journey"], chosen["year"])
    header, rows = selectors.inventory_rows(overview)
    return spreadsheet_response(
        filename=f"inventering-{overview.journey.code}-{overview.year}",
        sheet=_("Inventory"),
        header=header,
        rows=rows,
        fmt="csv" if request.GET.get("format") == "csv" else "xlsx",
    )


# --- one municipality's report -----------------------------------------------------------------------


def inventory_edit(request: HttpRequest, municipality: int, journey: int, year: int) -> HttpResponse:
    """A municipality's staff and managers per level, its venues and a note, for a journey and a year."""
    actor = request.user
    policy.require(actor, REPORT_SOME)
    # 404 for a municipality that is missing and for one whose inventory is not the actor's.
    place = get_object_or_404(selectors.inventory_municipalities(actor), pk=municipality)
    if not policy.can(actor, "followup.report_inventory", place):
        raise Http404
    trip = get_object_or_404(Journey, pk=journey)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    levels = selectors.journey_levels(trip)
    report = selectors.inventory_report_get(actor, municipality=place, journey=trip, year=year)
    post = request.method == "POST"
    form = InventoryForm(request.POST if post else None, levels=levels, initial=InventoryForm.initial_from(report))
    initial_venues = (
        [{"name": v.name, "places": v.places, "note": v.note} for v in report.venues.all()] if report else []
    )
    more = post and "more" in request.POST
    venues = VenueFormSet(request.POST if post else None, prefix="venue", initial=initial_venues)
    if more and venues.is_valid():
        # "More rows for venues": the same form again, with three more empty rows and nothing saved.
        data = request.POST.copy()
        total = int(data.get("venue-TOTAL_FORMS", 0))
        data["venue-TOTAL_FORMS"] = str(min(total + 3, 200))
        form = InventoryForm(data, levels=levels)
        venues = VenueFormSet(data, prefix="venue")
        form.is_valid()
        venues.is_valid()
        return _edit_page(request, place, trip, year, form, venues, report, status=200)
    if post and form.is_valid() & venues.is_valid():
        wanted = [v for v in (f.venue() for f in venues.forms) if v is not None]
        try:
            inventory_save(
                actor=actor,
                municipality=place,
                journey=trip,
                year=year,
                levels=form.figures(),
                venues=wanted,
                note=form.cleaned_data.get("note") or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("The inventory of %(municipality)s for %(journey)s %(year)s is saved.")
                % {"municipality": place.name, "journey": trip.short_name, "year": year},
            )
            return redirect(_overview_url(place.region_id, trip.pk, year))
    return _edit_page(request, place, trip, year, form, venues, report, status=400 if post else 200)


def _overview_url(region_id: int, journey_id: int, year: int) -> str:
    return reverse("followup_inventory") + "?" + urlencode({"region": region_id, "journey": journey_id, "year": year})


def _edit_page(
    request: HttpRequest,
    place: Municipality,
    trip: Journey,
    year: int,
    form: InventoryForm,
    venues: Any,
    report: Any,
    *,
    status: int,
) -> HttpResponse:
    has_errors = bool(form.errors) or any(f.errors for f in venues.forms) or bool(venues.non_form_errors())
    return render(
        request,
        "followup/inventory_edit.html",
        {
            "municipality": place,
            "journey": trip,
            "year": year,
            "form": form,
            "venues": venues,
            "report": report,
            "has_errors": has_errors,
            "back": _overview_url(place.region_id, trip.pk, year),
        },
        status=status,
    )


# --- planning ----------------------------------------------------------------------------------------


def planning(request: HttpRequest) -> HttpResponse:
    """The planning suggestion for a journey and a year, the assumptions beside it and a form to change them
    (POST: saves the assumptions, then shows the suggestion again)."""
    actor = request.user
    policy.require(actor, PLAN_SOME)
    regions = selectors.planning_regions(actor)
    choice, chosen = _choice(request, regions)
    if not chosen:
        return render(request, "followup/planning_suggestion.html", {"choice": choice}, status=400)
    region, journey, year = chosen["region"], chosen["journey"], chosen["year"]
    current = selectors.planning_assumptions(region, journey, year)
    post = request.method == "POST"
    form = AssumptionsForm(request.POST if post else None, initial=current.as_dict())
    if post and form.is_valid():
        try:
            planning_assumptions_save(actor=actor, region=region, journey=journey, year=year, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The assumptions are saved and the suggestion is worked out again."))
            return redirect(
                reverse("followup_planning")
                + "?"
                + urlencode({"region": region.pk, "journey": journey.pk, "year": year})
            )
    suggestion = selectors.planning_suggestion(actor, region, journey, year)
    return render(
        request,
        "followup/planning_suggestion.html",
        {
            "choice": choice,
            "suggestion": suggestion,
            "form": form,
            "inventory_url": _overview_url(region.pk, journey.pk, year),
            "query": urlencode({"region": region.pk, "journey": journey.pk, "year": year}),
        },
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("uppfoljning/inventering/", inventory_overview, name="followup_inventory"),
    path("uppfoljning/inventering/export/", inventory_export, name="followup_inventory_export"),
    path(
        "uppfoljning/inventering/<int:municipality>/<int:journey>/<int:year>/",
        inventory_edit,
        name="followup_inventory_edit",
    ),
    path("uppfoljning/planering/", planning, name="followup_planning"),
]


def register() -> None:
    """Menu entries and the rules for them (called from the app's ready())."""
    from yrkesresan.core.navigation import Entry, register_entry

    policy.register_rule(REPORT_SOME, _reports_some)
    policy.register_rule(PLAN_SOME, _plans_some)
    register_entry(
        Entry(
            key="followup_inventory",
            label=gettext_lazy("Inventory"),
            description=gettext_lazy(
                "Staff and managers per level and the venues each municipality has, per journey and year."
            ),
            url_name="followup_inventory",
            action=REPORT_SOME,
            in_menu=False,
            order=60,
        )
    )
    register_entry(
        Entry(
            key="followup_planning",
            label=gettext_lazy("Planning suggestion"),
            description=gettext_lazy(
                "How many course starts, course days and trainers a journey needs in a year, from the inventory."
            ),
            url_name="followup_planning",
            action=PLAN_SOME,
            in_menu=False,
            order=61,
        )
    )

"""Organisation pages. Visibility comes from core.policy (registered by accounts, which knows roles)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yrkesresan.core import policy
from yrkesresan.core.forms import save_form

from . import selectors, services
from .forms import UnitForm
from .models import Municipality, Region, Unit


def organisation_index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "organisations.view")
    regions = selectors.region_list(regions=policy.visible(request.user, Region.objects.all()))
    municipalities = None
    if not regions:
        municipalities = selectors.municipality_list(
            municipalities=policy.visible(request.user, Municipality.objects.all())
        )
    units = None
    if not regions and not municipalities:
        units = selectors.unit_list(units=policy.visible(request.user, Unit.objects.all()))
    return render(
        request, "organisations/index.html", {"regions": regions, "municipalities": municipalities, "units": units}
    )


def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = policy.get_visible_or_404(request.user, Region.objects.all(), pk=pk)
    year = selectors.latest_population_year(region=region)
    municipalities = list(
        selectors.municipality_list(municipalities=policy.visible(request.user, region.municipalities.all()), year=year)
    )
    total = sum(getattr(m, "population", None) or 0 for m in municipalities) if year else None
    return render(
        request,
        "organisations/region_detail.html",
        {"region": region, "municipalities": municipalities, "year": year, "total": total},
    )


def municipality_detail(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = policy.get_visible_or_404(request.user, Municipality.objects.select_related("region"), pk=pk)
    units = selectors.unit_list(units=policy.visible(request.user, municipality.units.all()))
    populations = municipality.populations.order_by("-year")[:5]
    return render(
        request,
        "organisations/municipality_detail.html",
        {
            "municipality": municipality,
            "units": units,
            "populations": populations,
            "can_manage_units": policy.can(request.user, "units.manage", municipality),
            "region_visible": policy.visible(request.user, Region.objects.filter(pk=municipality.region_id)).exists(),
        },
    )


def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    municipality = policy.get_visible_or_404(request.user, Municipality.objects.all(), pk=pk)
    policy.require(request.user, "units.manage", municipality)
    form = UnitForm(request.POST or None)
    if (
        save_form(
            request,
            form,
            lambda data: services.unit_create(actor=request.user, municipality=municipality, name=data["name"]),
        )
        is not None
    ):
        messages.success(request, _("The unit is added."))
        return redirect("municipality_detail", pk=municipality.pk)
    return render(
        request,
        "organisations/unit_form.html",
        {"form": form, "municipality": municipality, "title": _("New unit in %(m)s") % {"m": municipality}},
        status=400 if form.errors else 200,
    )


def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = policy.get_visible_or_404(request.user, Unit.objects.select_related("municipality"), pk=pk)
    policy.require(request.user, "units.manage", unit)
    form = UnitForm(request.POST or None, initial={"name": unit.name, "is_active": unit.is_active})
    if save_form(request, form, lambda data: services.unit_update(actor=request.user, unit=unit, **data)) is not None:
        messages.success(request, _("The changes are saved."))
        return redirect("municipality_detail", pk=unit.municipality_id)
    return render(
        request,
        "organisations/unit_form.html",
        {"form": form, "municipality": unit.municipality, "title": _("Change %(u)s") % {"u": unit}},
        status=400 if form.errors else 200,
    )

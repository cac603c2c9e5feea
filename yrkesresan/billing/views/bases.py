"""The invoicing-basis pages (*faktureringsunderlag*): the list with its filters and the forms that draft
bases, one basis (its totals, warnings, lines per occasion, per person and in full), issuing and removing a
draft, a printable page and the exports (xlsx, CSV and, for an issued basis, a Peppol e-invoice).

Thin: every basis is looked up through ``selectors.basis_get`` (404 for missing and not yours), what a
basis says comes from ``selectors.basis_view``, and every write is a service (``invoice_basis_create``,
``invoice_basis_issue``, ``invoice_basis_delete``), which also checks ``billing.prepare``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.pagination import CappedPaginator
from yrkesresan.organisations.models import Municipality, Region

from .. import exports, selectors, services
from ..forms_bases import BasisCreateAllForm, BasisCreateForm, BasisFilterForm
from ..models import InvoiceBasis
from ..policies import own_municipalities, own_regions, preparing_regions

PER_PAGE = 50
VIEW = "billing.view"
PREPARE = "billing.prepare"
FORMATS = ("xlsx", "csv", "xml")


# --- the places an actor works with (small reads of their scope) ---------------------------------------


def _prepared_regions(actor: Any) -> QuerySet[Region]:
    """The regions whose bases ``actor`` drafts and issues."""
    regions = preparing_regions(actor)
    qs = Region.objects.order_by("name")
    return qs if regions is None else qs.filter(pk__in=regions)


def _seen_regions(actor: Any) -> QuerySet[Region]:
    regions = preparing_regions(actor)
    qs = Region.objects.order_by("name")
    return qs if regions is None else qs.filter(pk__in=regions | own_regions(actor))


def _seen_municipalities(actor: Any) -> QuerySet[Municipality]:
    regions = preparing_regions(actor)
    qs = Municipality.objects.select_related("region").order_by("name")
    if regions is None:
        return qs
    return qs.filter(Q(pk__in=own_municipalities(actor)) | Q(region_id__in=regions))


def _prepared_municipalities(actor: Any) -> QuerySet[Municipality]:
    regions = preparing_regions(actor)
    qs = Municipality.objects.order_by("name")
    return qs if regions is None else qs.filter(region_id__in=regions)


# --- the list, and drafting ---------------------------------------------------------------------------


def _list_page(
    request: HttpRequest,
    *,
    create_form: BasisCreateForm | None = None,
    all_form: BasisCreateAllForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    seen_regions = list(_seen_regions(actor))
    filters = BasisFilterForm(
        request.GET,
        regions=_seen_regions(actor) if len(seen_regions) > 1 else None,
        municipalities=_seen_municipalities(actor),
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    qs = selectors.basis_list(
        actor=actor,
        region=data.get("region"),
        municipality=data.get("municipality"),
        year=data.get("year"),
        state=data.get("state") or None,
    )
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(basis, selectors.period_label(basis.period_kind, basis.period_start)) for basis in page]
    prepares = preparing_regions(actor) is None or bool(preparing_regions(actor))
    if prepares:
        create_form = create_form or BasisCreateForm(prefix="new", municipalities=_prepared_municipalities(actor))
        all_form = all_form or BasisCreateAllForm(prefix="all", regions=_prepared_regions(actor))
    return render(
        request,
        "billing/basis_list.html",
        {
            "filters": filters,
            "page": page,
            "rows": rows,
            "create_form": create_form if prepares else None,
            "all_form": all_form if prepares else None,
        },
        status=400 if filters.errors and status == 200 else status,
    )


def basis_list(request: HttpRequest) -> HttpResponse:
    """The bases the actor may see, filtered; a preparer also gets the forms that draft new ones."""
    policy.require(request.user, VIEW)
    return _list_page(request)


def _require_preparer(actor: Any) -> None:
    regions = preparing_regions(actor)
    if regions is not None and not regions:
        raise PermissionDenied(PREPARE)


@require_POST
def basis_create(request: HttpRequest) -> HttpResponse:
    """Draft one municipality's basis for a month, a term or a year."""
    actor = request.user
    _require_preparer(actor)
    form = BasisCreateForm(request.POST, prefix="new", municipalities=_prepared_municipalities(actor))
    if form.is_valid():
        data = form.cleaned_data
        try:
            basis = services.invoice_basis_create(
                actor=actor,
                municipality=data["municipality"],
                period_kind=data["period_kind"],
                year=data["year"],
                number=form.number,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("The draft basis for %(municipality)s, %(period)s, is made.")
                % {
                    "municipality": basis.municipality.name,
                    "period": selectors.period_label(basis.period_kind, basis.period_start),
                },
            )
            return redirect("billing_basis_detail", pk=basis.pk)
    return _list_page(request, create_form=form, status=400)


@require_POST
def basis_create_all(request: HttpRequest) -> HttpResponse:
    """Draft the basis of every municipality of the region for the period, all at once or none; a
    municipality that already has one for the period keeps it and is skipped."""
    actor = request.user
    _require_preparer(actor)
    form = BasisCreateAllForm(request.POST, prefix="all", regions=_prepared_regions(actor))
    if form.is_valid():
        data = form.cleaned_data
        region: Region = data["region"]
        made = skipped = 0
        try:
            with transaction.atomic():
                for municipality in _prepared_municipalities(actor).filter(region=region):
                    try:
                        services.invoice_basis_create(
                            actor=actor,
                            municipality=municipality,
                            period_kind=data["period_kind"],
                            year=data["year"],
                            number=form.number,
                        )
                    except ValidationError as exc:
                        # The one refusal that concerns a single municipality: it already has a basis.
                        if any(e.code == "exists" for e in getattr(exc, "error_dict", {}).get("period_kind", [])):
                            skipped += 1
                            continue
                        raise
                    made += 1
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            text = ngettext(
                "%(count)s draft basis made for %(region)s.",
                "%(count)s draft bases made for %(region)s.",
                made,
            ) % {"count": made, "region": region.name}
            if skipped:
                text += " " + ngettext(
                    "%(count)s municipality already had a basis for the period and was skipped.",
                    "%(count)s municipalities already had a basis for the period and were skipped.",
                    skipped,
                ) % {"count": skipped}
            messages.success(request, text)
            return redirect(f"{reverse('billing_basis_list')}?region={region.pk}&year={data['year']}")
    return _list_page(request, all_form=form, status=400)


# --- one basis ------------------------------------------------------------------------------------------


def _context(request: HttpRequest, basis: InvoiceBasis) -> dict[str, Any]:
    view = selectors.basis_view(basis)
    return {
        "basis": basis,
        "view": view,
        "period": selectors.period_label(basis.period_kind, basis.period_start),
        "municipality_name": basis.municipality_name or basis.municipality.name,
        "region_name": basis.region_name or basis.region.name,
        "can_prepare": policy.can(request.user, PREPARE, basis.region),
    }


def basis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    basis = selectors.basis_get(actor=request.user, pk=pk)
    template = "billing/basis_print.html" if request.GET.get("print") else "billing/basis_detail.html"
    return render(request, template, _context(request, basis))


def basis_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The basis plain, for paper: sender and receiver with their organisation numbers, every line, the totals."""
    basis = selectors.basis_get(actor=request.user, pk=pk)
    return render(request, "billing/basis_print.html", _context(request, basis))


def _preparer_basis(request: HttpRequest, pk: int) -> InvoiceBasis:
    """The basis if the actor sees it (404 otherwise) and prepares its region (403 otherwise)."""
    basis = selectors.basis_get(actor=request.user, pk=pk)
    if not policy.can(request.user, PREPARE, basis.region):
        raise PermissionDenied(PREPARE)
    return basis


def basis_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what issuing means, with the totals; POST: issue (lock, number, copy every line)."""
    basis = _preparer_basis(request, pk)
    if basis.is_issued:
        messages.info(request, _("This basis is already issued (%(number)s).") % {"number": basis.number})
        return redirect("billing_basis_detail", pk=basis.pk)
    if request.method == "POST":
        try:
            issued = services.invoice_basis_issue(actor=request.user, basis=basis)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("billing_basis_detail", pk=basis.pk)
        messages.success(
            request,
            _("The basis is issued with number %(number)s. It can no longer change.") % {"number": issued.number},
        )
        return redirect("billing_basis_detail", pk=issued.pk)
    return render(request, "billing/basis_confirm.html", {**_context(request, basis), "action": "issue"})


def basis_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: ask; POST: remove the draft. An issued basis is never removed (the service refuses)."""
    basis = _preparer_basis(request, pk)
    if request.method == "POST":
        try:
            services.invoice_basis_delete(actor=request.user, basis=basis)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("billing_basis_detail", pk=basis.pk)
        messages.success(request, _("The draft basis is removed."))
        return redirect("billing_basis_list")
    if basis.is_issued:
        messages.error(request, _("An issued basis cannot be removed; later changes go on the next basis."))
        return redirect("billing_basis_detail", pk=basis.pk)
    return render(request, "billing/basis_confirm.html", {**_context(request, basis), "action": "delete"})


def basis_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Every line as xlsx or CSV (a draft as computed now), or an issued basis as a Peppol e-invoice."""
    basis = selectors.basis_get(actor=request.user, pk=pk)
    if fmt not in FORMATS:
        raise Http404
    name = exports.basis_name(basis)
    if fmt == "xml":
        if not basis.is_issued:
            raise Http404
        from .. import peppol  # built alongside these pages

        try:
            xml = peppol.peppol_invoice_xml(basis)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect("billing_basis_detail", pk=basis.pk)
        response = HttpResponse(xml, content_type="application/xml")
        response["Content-Disposition"] = f'attachment; filename="{name}.xml"'
        return response
    header, rows = exports.basis_rows(selectors.basis_view(basis), fmt=fmt)
    response = spreadsheet_response(filename=name, sheet=_("Invoicing basis"), header=header, rows=rows, fmt=fmt)
    if basis.is_issued:
        # An issued basis never changes: its file is named by its number alone, without today's date.
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


urlpatterns: list[URLPattern] = [
    path("fakturering/underlag/", basis_list, name="billing_basis_list"),
    path("fakturering/underlag/nytt/", basis_create, name="billing_basis_create"),
    path("fakturering/underlag/alla-kommuner/", basis_create_all, name="billing_basis_create_all"),
    path("fakturering/underlag/<int:pk>/", basis_detail, name="billing_basis_detail"),
    path("fakturering/underlag/<int:pk>/utskrift/", basis_print, name="billing_basis_print"),
    path("fakturering/underlag/<int:pk>/utfarda/", basis_issue, name="billing_basis_issue"),
    path("fakturering/underlag/<int:pk>/ta-bort/", basis_delete, name="billing_basis_delete"),
    path("fakturering/underlag/<int:pk>/export.<str:fmt>", basis_export, name="billing_basis_export"),
]


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready()). The overview
    registers "Fakturering"; these pages are reached from it."""

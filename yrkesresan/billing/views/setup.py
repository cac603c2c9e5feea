"""The billing set-up pages: the overview, fee schedules, the trainer pot, the fixed costs with the national
fee, and population. Thin: the reads are ``billing.selectors``, the writes ``billing.services`` and
``organisations.services`` (population); who may do what is ``billing.policies`` through ``core.policy``.

Region-bound pages take the region from the person's scope: a region's preparers (administrators and
project leaders) and its k-admins and managers have one region; a system admin (or anyone with several)
chooses with ``?region=``. A region outside the person's scope answers 404; a write by someone who may
only read answers 403.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yrkesresan.accounts.scopes import is_system_admin
from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.forms import add_service_errors
from yrkesresan.organisations import services as organisations
from yrkesresan.organisations.models import Municipality, Population, Region

from .. import selectors, services
from ..forms_setup import (
    BaseComponentFormSet,
    ComponentFormSet,
    FeeScheduleForm,
    PopulationForm,
    PopulationImportForm,
    RegionalCostForm,
)
from ..models import DEFAULT_LEADER_SHARES, DEFAULT_TRAINER_SHARES, FeeSchedule
from ..policies import own_municipalities, own_regions, preparing_regions
from ..templatetags.billing_tags import format_number

VIEW = "billing.view"
PREPARE = "billing.prepare"
EXAMPLE_CSV = "Kommun;År;Folkmängd\nAvesta;2024;22753\nFalun;2024;59986\n"


# --- scope -------------------------------------------------------------------------------------------


def _regions(user: Any) -> QuerySet[Region]:
    """The regions whose billing ``user`` sees: every region for a system admin, else the regions they
    prepare and those of the municipalities where they are k-admin or manager."""
    regions = preparing_regions(user)
    qs = Region.objects.all() if regions is None else Region.objects.filter(pk__in=regions | own_regions(user))
    return qs.order_by("name")


def _region(request: HttpRequest) -> tuple[Region | None, QuerySet[Region]]:
    """The region a page is about: ``?region=`` (404 when it is not one of the person's), else their only
    region; ``None`` when they have several and have not chosen."""
    policy.require(request.user, VIEW)
    regions = _regions(request.user)
    chosen = request.GET.get("region") or request.POST.get("region")
    if chosen:
        try:
            return regions.get(pk=int(chosen)), regions
        except (ValueError, Region.DoesNotExist):
            raise Http404 from None
    only = list(regions[:2])
    return (only[0] if len(only) == 1 else None), regions


def _several(user: Any, regions: QuerySet[Region]) -> bool:
    return is_system_admin(user) or regions.count() > 1


def _q(region: Region | None, several: bool) -> str:
    """The ``?region=`` to keep on links where the person has to choose."""
    return f"?region={region.pk}" if region is not None and several else ""


def _choose_region(request: HttpRequest, regions: QuerySet[Region], title: str, url: str) -> HttpResponse:
    return render(request, "billing/choose_region.html", {"regions": regions, "title": title, "url": url})


def _maybe_url(name: str, *args: Any) -> str | None:
    """A page built elsewhere (the bases list) may not be wired in yet: no link rather than an error."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _own(user: Any, region: Region) -> list[Municipality]:
    """The person's own municipalities in ``region`` (a k-admin's or manager's)."""
    ids = own_municipalities(user)
    return list(Municipality.objects.filter(pk__in=ids, region=region).order_by("name")) if ids else []


def _context(request: HttpRequest, region: Region, regions: QuerySet[Region]) -> dict[str, Any]:
    several = _several(request.user, regions)
    return {
        "region": region,
        "regions": regions if several else None,
        "q": _q(region, several),
        "prepares": policy.can(request.user, PREPARE, region),
        "own": _own(request.user, region),
    }


# --- the overview ------------------------------------------------------------------------------------


def billing_overview(request: HttpRequest) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        return _choose_region(request, regions, _("Billing"), reverse("billing_overview"))
    ctx = _context(request, region, regions)
    year = timezone.localdate().year
    ctx.update(year=year, bases_url=_maybe_url("billing_basis_list"))
    ctx["schedules"] = list(selectors.fee_schedule_list(actor=request.user, region=region))
    for schedule in ctx["schedules"]:
        setattr(schedule, "fee", selectors.fee_of(schedule))  # noqa: B010 (for the template)
    if ctx["prepares"]:
        ctx["pots"] = [selectors.pot_view(region=region, year=y) for y in (year, year - 1)]
        ctx["split"] = selectors.cost_split(region=region, year=year)
    if ctx["own"]:
        own = ctx["own"]
        ctx["own_bases"] = [
            b
            for m in own
            for b in selectors.basis_list(actor=request.user, region=region, municipality=m, state="issued")[:12]
        ]
        ctx["own_payouts"] = [p for m in own for p in selectors.payouts_of(actor=request.user, municipality=m)[:50]]
        split = ctx.get("split") or selectors.cost_split(region=region, year=year)
        ids = {m.pk for m in own}
        ctx["own_split"] = split
        ctx["own_rows"] = [r for r in split.rows if r.municipality_id in ids]
    return render(request, "billing/overview.html", ctx)


# --- fee schedules -----------------------------------------------------------------------------------


def schedule_list(request: HttpRequest) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        return _choose_region(request, regions, _("Fee schedules"), reverse("billing_schedule_list"))
    ctx = _context(request, region, regions)
    schedules = list(selectors.fee_schedule_list(actor=request.user, region=region))
    for schedule in schedules:
        setattr(schedule, "fee", selectors.fee_of(schedule))  # noqa: B010 (for the template)
    ctx["schedules"] = schedules
    return render(request, "billing/schedule_list.html", ctx)


def _component_initial(schedule: FeeSchedule | None) -> list[dict[str, Any]]:
    if schedule is None:
        return []
    return [{"name": c.name, "amount": c.amount, "is_pot": c.is_pot} for c in schedule.components.all()]


def _schedule_form(request: HttpRequest, region: Region, schedule: FeeSchedule | None) -> HttpResponse:
    """Create (``schedule`` None) or change a fee schedule: the form and its parts, saved in one service call."""
    if not policy.can(request.user, PREPARE, region):
        raise PermissionDenied(PREPARE)
    if schedule is None:
        initial: dict[str, Any] = {
            "year": timezone.localdate().year,
            "charge_late_cancellations": True,
            "charge_no_shows": True,
            "charge_regional": True,
            "charge_national": False,
            "leader_shares": DEFAULT_LEADER_SHARES,
            "trainer_shares": DEFAULT_TRAINER_SHARES,
        }
    else:
        initial = {
            f: getattr(schedule, f)
            for f in (
                "year",
                "charge_late_cancellations",
                "charge_no_shows",
                "charge_regional",
                "charge_national",
                "leader_shares",
                "trainer_shares",
                "pot_start",
                "pot_end",
                "note",
            )
        }
    data = request.POST if request.method == "POST" else None
    form = FeeScheduleForm(data, initial=initial)
    parts = cast(BaseComponentFormSet, ComponentFormSet(data, initial=_component_initial(schedule), prefix="parts"))
    if data is not None:
        form_ok, parts_ok = form.is_valid(), parts.is_valid()
        if form_ok and parts_ok:
            d = form.cleaned_data
            try:
                saved = services.fee_schedule_save(
                    actor=request.user,
                    region=region,
                    schedule=schedule,
                    year=d["year"],
                    components=[services.ComponentInput(name=n, amount=a, is_pot=p) for n, a, p in parts.parts()],
                    charge_late_cancellations=d["charge_late_cancellations"],
                    charge_no_shows=d["charge_no_shows"],
                    charge_regional=d["charge_regional"],
                    charge_national=d["charge_national"],
                    leader_shares=d["leader_shares"],
                    trainer_shares=d["trainer_shares"],
                    pot_start=d["pot_start"],
                    pot_end=d["pot_end"],
                    note=d["note"],
                )
            except ValidationError as exc:
                component_errors = exc.message_dict.pop("components", []) if hasattr(exc, "error_dict") else []
                if hasattr(exc, "error_dict"):
                    add_service_errors(form, ValidationError(exc.message_dict) if exc.message_dict else exc)
                else:
                    add_service_errors(form, exc)
                parts._non_form_errors = parts.error_class(component_errors)  # type: ignore[attr-defined]
            else:
                fee = selectors.fee_of(saved)
                messages.success(
                    request,
                    _("The fee schedule for %(year)s is saved: %(price)s kr per participant and course day.")
                    % {"year": saved.year, "price": _plain_kr(fee.price)},
                )
                several = _several(request.user, _regions(request.user))
                return redirect(reverse("billing_schedule_list") + _q(region, several))
    ctx = _context(request, region, _regions(request.user))
    ctx.update(form=form, parts=parts, schedule=schedule)
    if schedule is not None:
        ctx["schedule_total"] = selectors.fee_of(schedule).price
    invalid = data is not None and (form.errors or parts.total_error_count())
    return render(request, "billing/schedule_form.html", ctx, status=400 if invalid else 200)


def _plain_kr(amount: Any) -> str:
    return format_number(amount, places=0 if amount == amount.to_integral_value() else 2)


def schedule_create(request: HttpRequest) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        return _choose_region(request, regions, _("New fee schedule"), reverse("billing_schedule_create"))
    return _schedule_form(request, region, None)


def schedule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, VIEW)
    schedule = policy.get_visible_or_404(
        request.user, FeeSchedule.objects.select_related("region").prefetch_related("components"), pk=pk
    )
    return _schedule_form(request, schedule.region, schedule)


# --- the trainer pot ---------------------------------------------------------------------------------


def _pot(request: HttpRequest, year: int) -> tuple[Region | None, QuerySet[Region], Any]:
    region, regions = _region(request)
    if region is None:
        return None, regions, None
    view = selectors.pot_view(region=region, year=year)
    if not policy.can(request.user, PREPARE, region):
        own = _own(request.user, region)
        if not own:
            raise Http404
        view = view.for_municipalities([m.pk for m in own])
    return region, regions, view


def pot_page(request: HttpRequest, year: int) -> HttpResponse:
    region, regions, view = _pot(request, year)
    if region is None:
        return _choose_region(request, regions, _("Trainer pot"), reverse("billing_pot", args=[year]))
    ctx = _context(request, region, regions)
    ctx["own_ids"] = {m.pk for m in ctx["own"]}
    ctx.update(pot=view, year=year, years=[year - 1, year + 1] if year < timezone.localdate().year else [year - 1])
    ctx["days_total_shares"] = [(d, sum((s[2] for s in d.shares), 0)) for d in view.days]
    # The service issues a pot only once its period has ended: before that the page says when instead.
    ctx["period_over"] = timezone.localdate() > view.end
    return render(request, "billing/pot.html", ctx)


@require_POST
def pot_issue(request: HttpRequest, year: int) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        raise Http404
    if not policy.can(request.user, PREPARE, region):
        raise PermissionDenied(PREPARE)
    try:
        services.trainer_pot_issue(actor=request.user, region=region, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The trainer pot for %(year)s is issued and locked.") % {"year": year})
    return redirect(reverse("billing_pot", args=[year]) + _q(region, _several(request.user, regions)))


def pot_export(request: HttpRequest, year: int) -> HttpResponse:
    region, _regions_, view = _pot(request, year)
    if region is None:
        raise Http404
    header = [_("Trainer"), _("Lending municipality"), _("Days as course leader"), _("Days as trainer")]
    header += [_("Shares"), _("Exact value (kr)"), _("Payout (kr)")]
    rows = [[t.name, t.municipality, t.days_led, t.days_trained, t.shares, t.exact, t.payout] for t in view.trainers]
    return spreadsheet_response(
        filename=f"utbildarpott-{region.county_code}-{year}",
        sheet=_("Trainer pot"),
        header=header,
        rows=rows,
        fmt="csv" if request.GET.get("format") == "csv" else "xlsx",
    )


def pot_current(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("billing_pot", args=[timezone.localdate().year]) + (f"?{query}" if query else ""))


# --- fixed costs and the national fee ----------------------------------------------------------------


def costs_page(request: HttpRequest, year: int) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        return _choose_region(request, regions, _("Fixed costs"), reverse("billing_costs", args=[year]))
    ctx = _context(request, region, regions)
    if not ctx["prepares"] and not ctx["own"]:
        raise Http404
    split = selectors.cost_split(region=region, year=year)
    form = None
    status = 200
    if ctx["prepares"]:
        initial: dict[str, Any] = {"population_year": year - 1}
        if split.cost is not None:
            initial = {
                "total": split.cost.total,
                "population_year": split.cost.population_year,
                "description": split.cost.description,
            }
        form = RegionalCostForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST":
            if form.is_valid():
                d = form.cleaned_data
                try:
                    services.regional_cost_save(
                        actor=request.user,
                        region=region,
                        year=year,
                        total=d["total"],
                        population_year=d["population_year"],
                        description=d["description"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("The fixed costs for %(year)s are saved.") % {"year": year})
                    return redirect(reverse("billing_costs", args=[year]) + ctx["q"])
            status = 400
    elif request.method == "POST":
        raise PermissionDenied(PREPARE)
    own_ids = {m.pk for m in ctx["own"]}
    ctx.update(split=split, year=year, form=form, own_ids=own_ids, population_url=reverse("billing_population"))
    return render(request, "billing/costs.html", ctx, status=status)


def costs_current(request: HttpRequest) -> HttpResponse:
    query = request.GET.urlencode()
    return redirect(reverse("billing_costs", args=[timezone.localdate().year]) + (f"?{query}" if query else ""))


# --- population --------------------------------------------------------------------------------------


def _population_table(region: Region) -> tuple[list[int], list[tuple[Municipality, list[tuple[int, int | None]]]]]:
    """Municipalities × years (the years any figure exists for, and last year), newest year first."""
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    counts = {
        (m, y): c
        for m, y, c in Population.objects.filter(municipality__region=region).values_list(
            "municipality_id", "year", "count"
        )
    }
    years = sorted({y for _m, y in counts} | {timezone.localdate().year - 1}, reverse=True)[:6]
    return years, [(m, [(y, counts.get((m.pk, y))) for y in years]) for m in municipalities]


def population_page(request: HttpRequest) -> HttpResponse:
    region, regions = _region(request)
    if region is None:
        return _choose_region(request, regions, _("Population"), reverse("billing_population"))
    ctx = _context(request, region, regions)
    if not ctx["prepares"]:
        raise PermissionDenied(PREPARE)
    municipalities = Municipality.objects.filter(region=region).order_by("name")
    action = request.POST.get("action") if request.method == "POST" else None
    form = PopulationForm(request.POST if action == "save" else None, municipalities=municipalities)
    upload = PopulationImportForm(request.POST if action == "import" else None, request.FILES or None)
    import_errors: list[str] = []
    status = 200
    if action == "save":
        if form.is_valid():
            d = form.cleaned_data
            try:
                organisations.population_save(
                    actor=request.user, municipality=d["municipality"], year=d["year"], count=d["count"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(municipality)s %(year)s is saved.") % {"municipality": d["municipality"], "year": d["year"]},
                )
                return redirect(reverse("billing_population") + ctx["q"])
        status = 400
    elif action == "import":
        if upload.is_valid():
            try:
                result = organisations.population_import(
                    actor=request.user, region=region, content=upload.cleaned_data["file"].read()
                )
            except ValidationError as exc:
                import_errors = exc.messages
            else:
                messages.success(
                    request,
                    _("The file is imported: %(created)s figures added, %(updated)s changed, %(unchanged)s unchanged.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect(reverse("billing_population") + ctx["q"])
        status = 400
    elif action is not None:
        status = 400
    years, table = _population_table(region)
    ctx.update(form=form, upload=upload, import_errors=import_errors, years=years, table=table)
    return render(request, "billing/population.html", ctx, status=status)


def population_example(request: HttpRequest) -> HttpResponse:
    """The example file of the population import: for those who prepare some region's billing."""
    policy.require(request.user, VIEW)
    if preparing_regions(request.user) == frozenset():
        raise PermissionDenied(PREPARE)
    response = HttpResponse("\ufeff" + EXAMPLE_CSV, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="befolkning-exempel.csv"'
    return response


urlpatterns: list[URLPattern] = [
    path("fakturering/", billing_overview, name="billing_overview"),
    path("fakturering/avgiftsmodeller/", schedule_list, name="billing_schedule_list"),
    path("fakturering/avgiftsmodeller/ny/", schedule_create, name="billing_schedule_create"),
    path("fakturering/avgiftsmodeller/<int:pk>/andra/", schedule_edit, name="billing_schedule_edit"),
    path("fakturering/utbildarpott/", pot_current, name="billing_pot_current"),
    path("fakturering/utbildarpott/<int:year>/", pot_page, name="billing_pot"),
    path("fakturering/utbildarpott/<int:year>/utfarda/", pot_issue, name="billing_pot_issue"),
    path("fakturering/utbildarpott/<int:year>/utbetalningar.xlsx", pot_export, name="billing_pot_export"),
    path("fakturering/kostnader/", costs_current, name="billing_costs_current"),
    path("fakturering/kostnader/<int:year>/", costs_page, name="billing_costs"),
    path("fakturering/befolkning/", population_page, name="billing_population"),
    path("fakturering/befolkning/exempel.csv", population_example, name="billing_population_example"),
]


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready())."""
    from yrkesresan.core.navigation import Entry, register_entry

    register_entry(
        Entry(
            key="billing",
            label=gettext_lazy("Billing"),
            description=gettext_lazy(
                "Fee schedules, invoicing bases, the trainer pot, fixed costs and population for your region."
            ),
            url_name="billing_overview",
            action=VIEW,
            order=60,
        )
    )

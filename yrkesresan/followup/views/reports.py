"""The follow-up reports: an overview and one page per report (accounts, progress, course occasions, days
taught), each with a filter form, the table with its totals, a chart and a spreadsheet. Thin: the figures
come from ``followup.reports``, the spreadsheet rows from ``followup.exports``.

A region, municipality or journey outside the reader's reach is answered 404 (the form only offers those inside
it, so only an edited address asks for another); a bad date is a message on the form (400). A national editor
reads the nation's figures of one journey they edit at a time (the pages open on the first), not the days taught."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yrkesresan.accounts.scopes import OrgScope
from yrkesresan.catalog.models import Journey
from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.navigation import entries_for
from yrkesresan.organisations.models import Municipality, Region

from .. import exports, reports
from ..policies import report_journeys, report_scope

#: The accounts, progress and course-occasion reports (and the overview): their readers and national editors.
VIEW_REPORTS = "followup.view_reports"
#: The days taught: the reports' readers without the national editors.
VIEW = "followup.view"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReportForm(forms.Form):
    """The filters: the period (this year unless chosen), and a region (for those who read more than one),
    a journey and a municipality inside the reader's reach."""

    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.none(), required=False
    )
    journey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Journey"), queryset=Journey.objects.none(), required=False
    )
    municipality: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    start = forms.DateField(
        label=gettext_lazy("From"),
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a date as year-month-day, for example 2024-01-31.")},
    )
    end = forms.DateField(
        label=gettext_lazy("To and including"),
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a date as year-month-day, for example 2024-01-31.")},
    )

    MAX_DAYS = 366 * 5

    def __init__(self, data: Any, *, actor: Any) -> None:
        super().__init__(data)
        regions = reports.report_regions(actor)
        scope: OrgScope = report_scope(actor)
        if scope.everything or len(regions) > 1:
            self.fields["region"].queryset = regions  # type: ignore[attr-defined]
            self.fields["region"].empty_label = _("The whole nation") if scope.everything else _("All my regions")  # type: ignore[attr-defined]
        else:
            del self.fields["region"]
        journey_field: Any = self.fields["journey"]
        journeys = report_journeys(actor)
        if journeys is None:
            journey_field.queryset = Journey.objects.order_by("order", "name")
            journey_field.empty_label = _("All journeys")
        else:  # a national editor: the nation's figures of one of the journeys they edit
            journey_field.queryset = Journey.objects.filter(pk__in=journeys).order_by("order", "name")
            journey_field.required = True
            journey_field.empty_label = None
        region = None
        if "region" in self.fields and data.get("region"):
            region = regions.filter(pk=data.get("region")).first() if str(data.get("region")).isdigit() else None
        self.fields["municipality"].queryset = reports.report_municipalities(actor, region=region)  # type: ignore[attr-defined]
        self.fields["municipality"].empty_label = _("All municipalities")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                self.add_error("end", _("The last day cannot be before the first."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

    def outside_reach(self) -> bool:
        """A region, municipality or journey that is not offered: asked for by an edited address."""
        return any(
            e.code == "invalid_choice"
            for name in ("region", "municipality", "journey")
            for e in self.errors.as_data().get(name, [])
        )


@dataclass(frozen=True)
class Kind:
    key: str
    title: str | Promise
    description: str | Promise
    template: str
    url_name: str
    compute: Callable[..., Any]
    rows: Callable[[Any], exports.Rows]
    #: The rule that lets a person read it.
    action: str = VIEW_REPORTS


KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        Kind(
            "accounts",
            gettext_lazy("Accounts per municipality"),
            gettext_lazy("How many people have an account, per municipality and role."),
            "followup/report_accounts.html",
            "followup_report_accounts",
            lambda actor, filters: reports.accounts_by_municipality(actor=actor, filters=filters),
            lambda report: exports.accounts_rows(report),
        ),
        Kind(
            "progress",
            gettext_lazy("Progress per course"),
            gettext_lazy("How many are ongoing and how many completed each course, per municipality."),
            "followup/report_progress.html",
            "followup_report_progress",
            lambda actor, filters: reports.progress_by_course(actor=actor, filters=filters),
            lambda report: exports.progress_rows(report),
        ),
        Kind(
            "occasions",
            gettext_lazy("Course occasions and attendance"),
            gettext_lazy("Rounds, course days, registered and attended per course: the yearly attendance table."),
            "followup/report_occasions.html",
            "followup_report_occasions",
            lambda actor, filters: reports.occasions_by_course(actor=actor, filters=filters),
            lambda report: exports.occasions_rows(report),
        ),
        Kind(
            "trainers",
            gettext_lazy("Days taught by trainers"),
            gettext_lazy("Course days taught per trainer and lending municipality."),
            "followup/report_trainers.html",
            "followup_report_trainers",
            lambda actor, filters: reports.trainer_activity(actor=actor, filters=filters),
            lambda report: exports.trainers_rows(report),
            action=VIEW,
        ),
    )
}


def _report(request: HttpRequest, kind: Kind) -> tuple[ReportForm, Any]:
    """The form (this year by default) and the report when the form is valid; 404 for a place out of reach."""
    query = request.GET.copy()
    if not query.get("start") and not query.get("end"):
        start, end = reports.this_year(timezone.localdate())
        query["start"], query["end"] = start.isoformat(), end.isoformat()
    journeys = report_journeys(request.user)
    if journeys and not query.get("journey"):
        # A national editor reads one journey at a time: the first they edit, unless they chose.
        first = Journey.objects.filter(pk__in=journeys).order_by("order", "name").values_list("pk", flat=True)[:1]
        query["journey"] = str(first[0])
    form = ReportForm(query, actor=request.user)
    if "region" not in form.fields and query.get("region"):
        # One region only: no choice to make, but another region asked for by the address is not theirs.
        region = str(query.get("region", ""))
        if not region.isdigit() or not reports.report_regions(request.user).filter(pk=region).exists():
            raise Http404
    if not form.is_valid():
        if form.outside_reach():
            raise Http404
        return form, None
    data = form.cleaned_data
    filters = reports.ReportFilters(
        start=data["start"],
        end=data["end"],
        journey=data.get("journey"),
        region=data.get("region"),
        municipality=data.get("municipality"),
    )
    return form, kind.compute(request.user, filters)


def _page(request: HttpRequest, key: str) -> HttpResponse:
    kind = KINDS[key]
    policy.require(request.user, kind.action)
    form, report = _report(request, kind)
    export_query = request.GET.copy()
    export_query.pop("format", None)
    if report is not None:
        export_query["start"] = report.filters.start.isoformat()
        export_query["end"] = report.filters.end.isoformat()
    return render(
        request,
        kind.template,
        {
            "kind": kind,
            "kinds": _kinds_for(request.user),
            "form": form,
            "report": report,
            "export_query": export_query.urlencode(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def report_accounts(request: HttpRequest) -> HttpResponse:
    return _page(request, "accounts")


def report_progress(request: HttpRequest) -> HttpResponse:
    return _page(request, "progress")


def report_occasions(request: HttpRequest) -> HttpResponse:
    return _page(request, "occasions")


def report_trainers(request: HttpRequest) -> HttpResponse:
    return _page(request, "trainers")


def report_export(request: HttpRequest, kind: str) -> HttpResponse:
    """A report's rows with the same filters, as a spreadsheet (or CSV with ``?format=csv``)."""
    policy.require(request.user, VIEW_REPORTS)
    if kind not in KINDS:
        raise Http404
    policy.require(request.user, KINDS[kind].action)
    form, report = _report(request, KINDS[kind])
    if report is None:
        return _page(request, kind)
    header, rows = KINDS[kind].rows(report)
    return spreadsheet_response(
        filename=exports.export_name(kind, report.filters),
        sheet=str(KINDS[kind].title),
        header=header,
        rows=rows,
        fmt="csv" if request.GET.get("format") == "csv" else "xlsx",
    )


def reports_index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, VIEW_REPORTS)
    # The rest of follow-up the person may use (each entry's own rule decides), so the menu needs one entry.
    more = [e for e in entries_for(request.user) if e.key in MORE_ENTRIES]
    return render(request, "followup/report_index.html", {"kinds": _kinds_for(request.user), "more": more})


def _kinds_for(user: Any) -> list[Kind]:
    return [k for k in KINDS.values() if policy.can(user, k.action)]


#: Follow-up's other pages, linked from the reports' overview rather than from the menu.
MORE_ENTRIES = ("followup_yearly", "followup_surveys", "followup_inventory", "followup_planning")


urlpatterns: list[URLPattern] = [
    path("uppfoljning/rapporter/", reports_index, name="followup_reports"),
    path("uppfoljning/rapporter/konton/", report_accounts, name="followup_report_accounts"),
    path("uppfoljning/rapporter/framsteg/", report_progress, name="followup_report_progress"),
    path("uppfoljning/rapporter/kurstillfallen/", report_occasions, name="followup_report_occasions"),
    path("uppfoljning/rapporter/utbildare/", report_trainers, name="followup_report_trainers"),
    path(
        "uppfoljning/rapporter/<slug:kind>.xlsx",
        report_export,
        name="followup_report_export",
    ),
]


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready())."""
    from yrkesresan.core.navigation import Entry, register_entry

    register_entry(
        Entry(
            key="followup",
            label=gettext_lazy("Follow-up"),
            description=gettext_lazy(
                "Reports: accounts, progress per course, course occasions and attendance, days taught."
            ),
            url_name="followup_reports",
            action=VIEW_REPORTS,
            order=60,
        )
    )

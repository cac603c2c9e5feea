"""The days-taught report: course days taught per trainer, role and lending municipality in a period,
with the sums per lending municipality and in all (what the trainer pot is shared out from), on a page
and as a spreadsheet. Thin: the rows come from ``selectors.pool.days_taught_report``."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response

from .. import exports
from ..forms_pool import ReportForm
from ..selectors import pool as selectors

COORDINATE_SOME = "trainers.coordinate_some"


def _report(request: HttpRequest) -> tuple[ReportForm, selectors.DaysTaughtReport | None, list[Any], str]:
    """The form (a quick choice ``?period=this_term`` fills in its dates; this year by default), the
    report when the form is valid, the quick choices, and the one chosen."""
    actor = request.user
    today = timezone.localdate()
    periods = selectors.report_periods(today)
    query: QueryDict = request.GET.copy()
    chosen = next((p for p in periods if p.key == query.get("period")), None)
    if chosen is not None:
        query["start"], query["end"] = chosen.start.isoformat(), chosen.end.isoformat()
    elif "start" not in query and "end" not in query:
        chosen = periods[0]
        query["start"], query["end"] = chosen.start.isoformat(), chosen.end.isoformat()
    scope = selectors.pool_scope(actor)
    regions = selectors.pool_regions(actor=actor)
    form = ReportForm(
        query,
        municipalities=selectors.pool_municipalities(actor=actor),
        regions=regions if scope.everything or len(regions) > 1 else None,
    )
    if not form.is_valid():
        return form, None, periods, ""
    data = form.cleaned_data
    start: datetime.date = data["start"]
    end: datetime.date = data["end"]
    current = next((p.key for p in periods if (p.start, p.end) == (start, end)), "")
    report = selectors.days_taught_report(
        actor=actor,
        start=start,
        end=end,
        region=data.get("region"),
        municipality=data.get("municipality"),
        today=today,
    )
    return form, report, periods, current


def days_taught_report(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, COORDINATE_SOME)
    form, report, periods, current = _report(request)
    keep = request.GET.copy()
    for key in ("period", "start", "end", "format"):
        keep.pop(key, None)
    export_query = keep.copy()
    if report is not None:
        export_query["start"], export_query["end"] = report.start.isoformat(), report.end.isoformat()
    return render(
        request,
        "trainers/reports/days_taught.html",
        {
            "form": form,
            "report": report,
            "periods": periods,
            "current": current,
            "keep": keep.urlencode(),
            "export_query": export_query.urlencode(),
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def days_taught_export(request: HttpRequest) -> HttpResponse:
    """The report's rows with the same filters, as a spreadsheet (or CSV with ``?format=csv``)."""
    policy.require(request.user, COORDINATE_SOME)
    form, report, _periods, _current = _report(request)
    if report is None:
        return render(
            request,
            "trainers/reports/days_taught.html",
            {"form": form, "report": None, "periods": _periods, "current": "", "keep": "", "export_query": ""},
            status=400,
        )
    header, rows = exports.days_taught_rows(report)
    return spreadsheet_response(
        filename=exports.days_taught_name(report.start, report.end),
        sheet=_("Days taught"),
        header=header,
        rows=rows,
        fmt="csv" if request.GET.get("format") == "csv" else "xlsx",
    )


urlpatterns: list[URLPattern] = [
    path("utbildare/rapport/", days_taught_report, name="days_taught_report"),
    path("utbildare/rapport.xlsx", days_taught_export, name="days_taught_export"),
]


def register() -> None:
    """Menu entries, rules and audit labels of these pages (called from the app's ready())."""

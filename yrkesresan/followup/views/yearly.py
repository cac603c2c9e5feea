"""The yearly follow-up report to the steering group: the page (printable), its PDF and its spreadsheet. Thin:
the figures come from ``followup.yearly``, the PDF from ``followup.pdf``.

Who: the regional roles for their own region and system admins for any (``yearly.may_read_yearly``);
k-admins and managers are answered 403. A region that is not the reader's is answered 404, as any place
out of reach."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy

from yrkesresan.catalog.models import Journey

from .. import yearly
from ..pdf import yearly_pdf

FIRST_YEAR = 2021  # the programme's first year (the national fee runs 2021–2028)


class YearlyForm(forms.Form):
    region: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=None)
    journey: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=gettext_lazy("Journey"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("Year"))

    def __init__(self, data: Any, *, actor: Any) -> None:
        super().__init__(data)
        self.fields["region"].queryset = yearly.yearly_regions(actor)  # type: ignore[attr-defined]
        self.fields["region"].empty_label = None  # type: ignore[attr-defined]
        self.fields["journey"].queryset = Journey.objects.order_by("order", "name")  # type: ignore[attr-defined]
        self.fields["journey"].empty_label = None  # type: ignore[attr-defined]
        year = self.fields["year"]
        year.widget.attrs.update({"min": FIRST_YEAR, "max": timezone.localdate().year + 1, "inputmode": "numeric"})

    def clean_year(self) -> int:
        value: int = self.cleaned_data["year"]
        if not FIRST_YEAR <= value <= timezone.localdate().year + 1:
            raise forms.ValidationError(
                gettext_lazy("Choose a year from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": timezone.localdate().year + 1},
            )
        return value


def _report(request: HttpRequest) -> tuple[YearlyForm, yearly.YearlyReport | None]:
    """The form (the reader's first region, the first journey and this year unless chosen) and the report;
    403 for a reader who may not read yearly reports, 404 for a region that is not theirs."""
    if not yearly.may_read_yearly(request.user):
        raise PermissionDenied("followup.yearly")
    query = request.GET.copy()
    if not query.get("region"):
        first = yearly.yearly_regions(request.user).first()
        query["region"] = str(first.pk) if first else ""
    if not query.get("journey"):
        journey = Journey.objects.order_by("order", "name").first()
        query["journey"] = str(journey.pk) if journey else ""
    if not query.get("year"):
        query["year"] = str(timezone.localdate().year)
    form = YearlyForm(query, actor=request.user)
    if not form.is_valid():
        if any(e.code == "invalid_choice" for e in form.errors.as_data().get("region", [])):
            raise Http404
        return form, None
    data = form.cleaned_data
    report = yearly.yearly_report(actor=request.user, region=data["region"], journey=data["journey"], year=data["year"])
    return form, report


def _page_tables(sections: list[yearly.Section]) -> dict[str, dict[str, Any]]:
    """Per section key, its table ready for the template: the header with which columns are numbers, and
    each cell with its column's label (the phone layout shows it before the value)."""
    tables: dict[str, dict[str, Any]] = {}
    for section in sections:
        numeric = [
            i in section.percent_columns
            or (i > 0 and all(isinstance(row[i], int | float | Decimal) or row[i] is None for row in section.rows))
            for i in range(len(section.header))
        ]
        rows = [
            [
                {
                    "value": value,
                    "label": section.header[i],
                    "numeric": numeric[i],
                    "percent": i in section.percent_columns and isinstance(value, int | float | Decimal),
                }
                for i, value in enumerate(row)
            ]
            for row in section.rows
        ]
        body, total = (rows[:-1], rows[-1]) if section.has_total and rows else (rows, None)
        tables[section.key] = {
            "section": section,
            "header": list(zip(section.header, numeric, strict=True)),
            "rows": body,
            "total": total,
        }
    return tables


def _file_name(report: yearly.YearlyReport, ext: str) -> str:
    journey = slugify(report.journey.short_name or report.journey.name)
    return f"arsrapport-{slugify(report.region.name)}-{journey}-{report.year}.{ext}"


def followup_yearly(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    query = request.GET.copy()
    if report is not None:
        query["region"], query["journey"], query["year"] = (
            str(report.region.pk),
            str(report.journey.pk),
            str(report.year),
        )
    return render(
        request,
        "followup/yearly_report.html",
        {
            "form": form,
            "report": report,
            "tables": _page_tables(yearly.yearly_sections(report)) if report else {},
            "export_query": query.urlencode(),
        },
        status=400 if form.errors else 200,
    )


def followup_yearly_pdf(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    if report is None:
        return followup_yearly(request)
    # The PDF speaks the reader's language, as the page does: LocaleMiddleware has activated it.
    response = HttpResponse(yearly_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "pdf")}"'
    return response


def followup_yearly_xlsx(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    if report is None:
        return followup_yearly(request)
    response = HttpResponse(
        yearly.yearly_workbook(report),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_name(report, "xlsx")}"'
    return response


urlpatterns: list[URLPattern] = [
    path("uppfoljning/arsrapport/", followup_yearly, name="followup_yearly"),
    path("uppfoljning/arsrapport/pdf/", followup_yearly_pdf, name="followup_yearly_pdf"),
    path("uppfoljning/arsrapport/xlsx/", followup_yearly_xlsx, name="followup_yearly_xlsx"),
]


def _reads_yearly(user: Any, _obj: Any = None) -> bool:
    return yearly.may_read_yearly(user)


def register() -> None:
    """Menu entries and home-page parts of these pages (called from the app's ready())."""
    from yrkesresan.core import policy
    from yrkesresan.core.navigation import Entry, register_entry

    policy.register_rule("followup.yearly", _reads_yearly)
    register_entry(
        Entry(
            key="followup_yearly",
            label=gettext_lazy("Yearly follow-up report"),
            description=gettext_lazy(
                "The year per region and journey for the steering group: courses, attendance, accounts, progress, "
                "trainers and survey targets, as PDF and xlsx."
            ),
            url_name="followup_yearly",
            action="followup.yearly",
            order=85,
            in_menu=False,
        )
    )

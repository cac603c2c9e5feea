"""Attendance pages: the day's list on a phone, the printable sign-in sheet, the occasion's two
spreadsheets (participants, attendance per day) and the attendance taker's "today" page. Thin: look up
within scope, check the rule, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.forms import add_service_errors

from .. import exports, services
from ..forms_attendance import AttendanceForm
from ..models import CourseDay, Occasion
from ..policies import takes_attendance_somewhere
from ..selectors import attendance as selectors

#: Blank lines at the end of the sign-in sheet, for those who come without a booking.
WALK_IN_LINES = 6


def _occasion(request: HttpRequest, pk: int) -> Occasion:
    return policy.get_visible_or_404(
        request.user, Occasion.objects.select_related("course", "region", "municipality", "unit"), pk=pk
    )


def _day(request: HttpRequest, pk: int, day_pk: int) -> tuple[Occasion, CourseDay]:
    """The occasion and one of its days, both in the actor's scope (404 otherwise; a day of another
    occasion is 404 too), and the right to take attendance on it (403)."""
    occasion = _occasion(request, pk)
    day = policy.get_visible_or_404(request.user, CourseDay.objects.filter(occasion_id=occasion.pk), pk=day_pk)
    day.occasion = occasion
    policy.require(request.user, "occasions.take_attendance", occasion)
    return occasion, day


def attendance_take(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    """The day's list: everyone present unless marked; a tap marks a person absent; one save."""
    occasion, day = _day(request, pk, day_pk)
    day_list = selectors.attendance_list(actor=request.user, course_day=day, today=timezone.localdate())
    form = AttendanceForm(request.POST if request.method == "POST" else None, rows=day_list.rows)
    if request.method == "POST" and form.is_valid():
        try:
            counts = services.attendance_take(actor=request.user, course_day=day, absent=form.absent)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            total = counts["present"] + counts["absent"]
            messages.success(
                request,
                _("Attendance saved: %(present)s of %(total)s present.")
                % {"present": counts["present"], "total": total},
            )
            return redirect("attendance_take", pk=occasion.pk, day_pk=day.pk)
    entries = form.entries()
    context = {
        "occasion": occasion,
        "day": day,
        "list": day_list,
        "form": form,
        "entries": entries,
        "present_count": sum(1 for e in entries if not e.absent),
    }
    return render(request, "occasions/attendance/take.html", context, status=400 if form.errors else 200)


def attendance_sheet(request: HttpRequest, pk: int, day_pk: int) -> HttpResponse:
    """A sign-in sheet to print: one line per booked person with a box for the signature."""
    occasion, day = _day(request, pk, day_pk)
    day_list = selectors.attendance_list(actor=request.user, course_day=day, today=timezone.localdate())
    return render(
        request,
        "occasions/attendance/sheet.html",
        {"occasion": occasion, "day": day, "list": day_list, "blank_lines": range(WALK_IN_LINES)},
    )


def _format(request: HttpRequest) -> str:
    return "csv" if request.GET.get("format") == "csv" else "xlsx"


def occasion_participants_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everyone registered on the occasion, as a spreadsheet (or CSV with ``?format=csv``)."""
    occasion = _occasion(request, pk)
    policy.require(request.user, "occasions.take_attendance", occasion)
    header, rows = exports.participant_rows(occasion=occasion)
    return spreadsheet_response(
        filename=exports.export_name(occasion, "deltagare"),
        sheet=_("Participants"),
        header=header,
        rows=rows,
        fmt=_format(request),
    )


def occasion_attendance_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Attendance per course day and the outcome, as a spreadsheet (or CSV)."""
    occasion = _occasion(request, pk)
    if not policy.can(request.user, "occasions.manage", occasion):
        policy.require(request.user, "occasions.take_attendance", occasion)
    header, rows = exports.attendance_rows(occasion=occasion)
    return spreadsheet_response(
        filename=exports.export_name(occasion, "narvaro"),
        sheet=_("Attendance"),
        header=header,
        rows=rows,
        fmt=_format(request),
    )


def attendance_today(request: HttpRequest) -> HttpResponse:
    """The attendance taker's start: today's and recent course days, one tap to each list."""
    policy.require(request.user, "occasions.take_attendance_some")
    today = timezone.localdate()
    summaries = selectors.days_to_take(actor=request.user, today=today)
    return render(
        request,
        "occasions/attendance/today.html",
        {
            "today_days": [s for s in summaries if s.day.date == today],
            "recent_days": [s for s in summaries if s.day.date < today],
            "recent": selectors.RECENT_DAYS,
        },
    )


urlpatterns = [
    path("tillfallen/<int:pk>/dagar/<int:day_pk>/narvaro/", attendance_take, name="attendance_take"),
    path("tillfallen/<int:pk>/dagar/<int:day_pk>/lista/", attendance_sheet, name="attendance_sheet"),
    path("tillfallen/<int:pk>/deltagare.xlsx", occasion_participants_export, name="occasion_participants_export"),
    path("tillfallen/<int:pk>/narvaro.xlsx", occasion_attendance_export, name="occasion_attendance_export"),
    path("narvaro/", attendance_today, name="attendance_today"),
]


def may_take_attendance_somewhere(actor: Any, obj: Any = None) -> bool:
    """Has occasions to take attendance on (the "today" page shows in the menu): the planners, and whoever
    another app names through ``register_attendance_taker_somewhere`` (the trainers who teach)."""
    return policy.can(actor, "occasions.plan") or takes_attendance_somewhere(actor)


def register() -> None:
    """Menu entries, home parts and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.navigation import Entry, register_entry

    policy.register_rule("occasions.take_attendance_some", may_take_attendance_somewhere)
    register_entry(
        Entry(
            key="attendance_today",
            label=gettext_lazy("Attendance"),
            order=42,
            url_name="attendance_today",
            action="occasions.take_attendance_some",
            description=gettext_lazy("Take attendance for today's course days, and correct recent ones."),
        )
    )

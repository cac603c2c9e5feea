"""Spreadsheet rows of the follow-up reports: plain values (text, numbers, dates), so that the xlsx and the
CSV say the same; the views stream them through ``core.exports.spreadsheet_response``. Each ends with the
total row the page shows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from .reports import AccountsReport, OccasionsReport, ProgressReport, ReportFilters, TrainerActivityReport

Rows = tuple[list[str], Iterator[list[Any]]]


def accounts_rows(report: AccountsReport) -> Rows:
    header = [_("Municipality"), _("Accounts"), _("Staff"), _("Managers"), _("Trainers"), _("Municipal admins")]

    def rows() -> Iterator[list[Any]]:
        for r in [*report.rows, report.total]:
            name = r.municipality if r.municipality_id else _("In all")
            yield [name, r.accounts, r.staff, r.managers, r.trainers, r.kadmins]

    return header, rows()


def progress_rows(report: ProgressReport) -> Rows:
    header = [_("Journey"), _("Level"), _("Course"), _("Municipality"), _("Ongoing"), _("Completed")]

    def rows() -> Iterator[list[Any]]:
        for group in report.levels:
            for course in group.courses:
                for cell in course.municipalities:
                    yield [group.journey, group.level, course.course, cell.municipality, cell.ongoing, cell.completed]
                yield [group.journey, group.level, course.course, _("In all"), course.ongoing, course.completed]
        yield ["", "", _("In all"), "", report.ongoing, report.completed]

    return header, rows()


def occasions_rows(report: OccasionsReport) -> Rows:
    header = [_("Course"), _("Rounds"), _("Course days"), _("Registered"), _("Attended"), _("Attendance (%)")]

    def rows() -> Iterator[list[Any]]:
        for r in [*report.rows, report.total]:
            attendance = float(r.attendance) if r.attendance is not None else None
            yield [r.course or _("In all"), r.rounds, r.days, r.registered, r.attended, attendance]

    return header, rows()


def trainers_rows(report: TrainerActivityReport) -> Rows:
    header = [
        _("Lending municipality"),
        _("Trainer"),
        _("Days as course leader"),
        _("Days as trainer"),
        _("Days in all"),
    ]

    def rows() -> Iterator[list[Any]]:
        for m in report.municipalities:
            for t in m.trainers:
                yield [m.municipality, t.name, t.days_led, t.days_trained, t.days]
        yield [_("In all"), "", report.days_led, report.days_trained, report.days]

    return header, rows()


def export_name(kind: str, filters: ReportFilters) -> str:
    names = {"accounts": "konton", "progress": "framsteg", "occasions": "kurstillfallen", "trainers": "utbildare"}
    return f"uppfoljning-{names[kind]}-{filters.start.isoformat()}-{filters.end.isoformat()}"

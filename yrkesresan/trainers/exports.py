"""Spreadsheet rows of the trainers pages: the pool list and the days-taught report. Plain values
(text, numbers, dates), so that the xlsx and the CSV say the same; the views stream them through
``core.exports.spreadsheet_response``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils.translation import gettext as _

from .models import TrainerProfile
from .selectors.pool import DaysTaughtReport


def days_taught_rows(report: DaysTaughtReport) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per trainer and lending municipality: the days led and trained in the period."""
    header = [
        _("Trainer"),
        _("Lending municipality"),
        _("Days as course leader"),
        _("Days as trainer"),
        _("Days in all"),
        _("From"),
        _("To and including"),
    ]

    def rows() -> Iterator[list[Any]]:
        for row in report.rows:
            yield [
                row.name,
                row.municipality,
                row.days_led,
                row.days_trained,
                row.days,
                report.start,
                report.counted_until,
            ]

    return header, rows()


def days_taught_name(start: datetime.date, end: datetime.date) -> str:
    return f"undervisade-dagar-{start.isoformat()}-{end.isoformat()}"


def pool_rows(profiles: Iterable[TrainerProfile]) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per trainer of the pool list (with its annotations: days this term, coming days)."""
    header = [
        _("Name"),
        _("Username"),
        _("E-mail"),
        _("Home municipality"),
        _("Kind"),
        _("Qualified for"),
        _("Course days this term"),
        _("Course days a term"),
        _("Next course day"),
        _("Active"),
        _("Note"),
    ]

    def rows() -> Iterator[list[Any]]:
        for profile in profiles:
            row: Any = profile
            yield [
                f"{profile.user.first_name} {profile.user.last_name}".strip() or profile.user.username,
                profile.user.username,
                profile.user.email,
                profile.home_municipality.name,
                str(profile.get_kind_display()),
                ", ".join(q.course.title for q in profile.qualifications.all()),
                row.term_days,
                profile.max_days_per_term,
                row.next_day,
                _("Yes") if profile.active else _("No"),
                profile.note,
            ]

    return header, rows()

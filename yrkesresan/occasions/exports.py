"""An occasion's spreadsheets: the participant list and the attendance per course day (with the outcome,
and the late cancellations that billing counts). Each gives (header, rows) for
``core.exports.spreadsheet_response``; who may have them is checked by the view."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import DayMode, Occasion, RegistrationState
from .selectors.attendance import attendance_per_day, participants_of, workplace_of


def _local(moment: datetime.datetime) -> datetime.datetime:
    """A spreadsheet cell holds no time zone: the Swedish wall-clock time, to the second."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def _states() -> dict[str, str]:
    return {value: str(label) for value, label in RegistrationState.choices}


def participant_rows(*, occasion: Occasion) -> tuple[list[str], Iterator[list[Any]]]:
    """Everyone registered on the occasion, whatever the state, booked first."""
    header = [
        _("Last name"),
        _("First name"),
        _("E-mail"),
        _("Workplace"),
        _("Municipality at sign-up"),
        _("State"),
        _("Place on the waitlist"),
        _("Signed up"),
    ]
    states = _states()
    registrations = participants_of(occasion=occasion)

    def rows() -> Iterator[list[Any]]:
        for r in registrations:
            yield [
                r.user.last_name,
                r.user.first_name,
                r.user.email,
                workplace_of(r.user),
                r.municipality_at_signup.name if r.municipality_at_signup else "",
                states.get(r.state, r.state),
                r.position if r.state == RegistrationState.WAITLISTED else None,
                _local(r.created_at),
            ]

    return header, rows()


def day_heading(day: Any) -> str:
    mode = _("digital") if day.mode == DayMode.DIGITAL else ""
    return " ".join(part for part in (date_format(day.date, "Y-m-d"), mode) if part)


def attendance_rows(*, occasion: Occasion) -> tuple[list[str], Iterator[list[Any]]]:
    """One row per registration that holds a place, and per late cancellation; a column per course day
    (present, absent with the reason, or not taken) and the outcome (the registration's state)."""
    days, sheet = attendance_per_day(occasion=occasion)
    header = [
        _("Last name"),
        _("First name"),
        _("Workplace"),
        _("Municipality at sign-up"),
        *(day_heading(d) for d in days),
        _("Outcome"),
    ]
    states = _states()
    present, absent, not_taken = _("Present"), _("Absent"), "—"

    def cell(mark: Any) -> str:
        if mark is None:
            return not_taken
        if mark.present:
            return present
        label = absent + (f" ({_('announced')})" if mark.announced else "")
        return f"{label}: {mark.reason}" if mark.reason else label

    def rows() -> Iterator[list[Any]]:
        for row in sheet:
            r = row.registration
            yield [
                r.user.last_name,
                r.user.first_name,
                workplace_of(r.user),
                r.municipality_at_signup.name if r.municipality_at_signup else "",
                *(cell(mark) for mark in row.marks),
                states.get(r.state, r.state),
            ]

    return header, rows()


def export_name(occasion: Occasion, what: str) -> str:
    """A file name without spaces or characters a file system might refuse."""
    return f"{what}-{occasion.pk}"

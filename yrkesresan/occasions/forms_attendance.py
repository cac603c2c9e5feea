"""The attendance list as a form: per booked person a choice present/absent (``att_<registration id>``),
and when absent a common reason (``why_<id>``) and a free-text note (``note_<id>``).

The list opens with everyone present except those already marked; one tap marks a person absent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors.attendance import AttendanceRow

PRESENT, ABSENT = "present", "absent"
#: The reasons most often given, offered as a choice; anything else goes in the note.
REASONS = [
    ("ill", gettext_lazy("Ill")),
    ("child", gettext_lazy("Caring for a sick child")),
    ("schedule", gettext_lazy("Work schedule or staffing")),
    ("unknown", gettext_lazy("Unknown")),
]
_SEPARATOR = " – "
_FIELD = re.compile(r"^att_(\d+)$")
NOTE_MAX = 150


def join_reason(key: str, note: str) -> str:
    """The stored reason: the chosen common reason, the note, or both."""
    label = str(dict(REASONS).get(key, ""))
    note = " ".join(note.split())
    return _SEPARATOR.join(part for part in (label, note) if part)


def split_reason(reason: str) -> tuple[str, str]:
    """The other way: which common reason (key) a stored reason starts with, and the rest as the note."""
    for key, lazy_label in REASONS:
        label = str(lazy_label)
        if reason == label:
            return key, ""
        if reason.startswith(label + _SEPARATOR):
            return key, reason[len(label) + len(_SEPARATOR) :]
    return "", reason


@dataclass
class Entry:
    """One row of the list as the form shows it."""

    row: AttendanceRow
    absent: bool
    why: str
    note: str
    errors: list[str]

    @property
    def pk(self) -> int:
        return self.row.registration.pk


class AttendanceForm(forms.Form):
    """Built for the rows of the day's list. Ids posted for people not on the list are passed on to the
    service, which refuses them (so the rule about who is booked lives in one place)."""

    def __init__(self, *args: Any, rows: Sequence[AttendanceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.extra_absent: dict[int, str] = {}
        reasons = [("", _("Choose a reason")), *REASONS]
        for row in self.rows:
            pk = row.registration.pk
            self.fields[f"att_{pk}"] = forms.ChoiceField(
                label=row.name,
                choices=[(PRESENT, _("Present")), (ABSENT, _("Absent"))],
                initial=PRESENT if row.present else ABSENT,
                required=False,
            )
            why, note = split_reason(row.reason)
            self.fields[f"why_{pk}"] = forms.ChoiceField(
                label=_("Reason"), choices=reasons, initial=why, required=False
            )
            self.fields[f"note_{pk}"] = forms.CharField(
                label=_("Other reason or comment"), initial=note, max_length=NOTE_MAX, required=False
            )

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        extra: dict[int, str] = {}
        for key in self.data:
            match = _FIELD.match(key)
            if match and key not in self.fields:
                value = self.data.get(key)
                if value not in (PRESENT, ABSENT):
                    raise forms.ValidationError(_("The list was sent in a form we do not understand."))
                if value == ABSENT:
                    extra[int(match.group(1))] = ""
        self.extra_absent = extra
        return cleaned

    @property
    def absent(self) -> dict[int, str]:
        """Registration id → reason, for those marked absent (after ``is_valid()``)."""
        absent = dict(self.extra_absent)
        for row in self.rows:
            pk = row.registration.pk
            # A field left out of the post (a person booked after the list was opened) counts as present.
            if self.cleaned_data.get(f"att_{pk}") == ABSENT:
                absent[pk] = join_reason(
                    self.cleaned_data.get(f"why_{pk}", ""), self.cleaned_data.get(f"note_{pk}", "")
                )
        return absent

    def entries(self) -> list[Entry]:
        """The rows with what the form shows for each: as saved, or as posted when the post is shown again."""
        result = []
        for row in self.rows:
            pk = row.registration.pk
            if self.is_bound:
                absent = self.data.get(f"att_{pk}") == ABSENT
                why, note = self.data.get(f"why_{pk}", ""), self.data.get(f"note_{pk}", "")
            else:
                absent = not row.present
                why, note = split_reason(row.reason)
            errors = [str(e) for name in (f"att_{pk}", f"why_{pk}", f"note_{pk}") for e in self.errors.get(name, [])]
            result.append(Entry(row=row, absent=absent, why=why, note=note, errors=errors))
        return result

    @property
    def reasons(self) -> list[tuple[str, str]]:
        return [("", _("Choose a reason")), *((k, str(v)) for k, v in REASONS)]

"""Forms of a trainer's own pages: reporting absence from a course day, and times they cannot teach."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class AbsenceForm(forms.Form):
    reason = forms.CharField(
        label=_("Why can you not come? (optional)"),
        max_length=300,
        required=False,
        help_text=_("For example illness. The coordinator reads it when finding a substitute."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class UnavailabilityForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To and including"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example holiday or a course of your own. The coordinators of your pool see it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first."))
        return data

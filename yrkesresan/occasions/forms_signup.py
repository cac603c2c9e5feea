"""Forms of the sign-up pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .models import CourseDay


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["unit"]).choices = [("", _("All units"))] + [
            (u.pk, f"{u.name} ({u.municipality.name})") for u in units
        ]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (optional)"), max_length=300, required=False, widget=forms.TextInput(attrs={"size": 40})
    )


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(choices=[("1", _("Approve")), ("0", _("Decline"))], coerce=lambda v: v == "1")
    reason = forms.CharField(label=_("Why? (shown to the person)"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("approve") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline the sign-up."))
        return data


class AbsenceForm(forms.Form):
    day = forms.TypedChoiceField(label=_("Which course day?"), coerce=int, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Why will you be away?"),
        max_length=200,
        help_text=_("For example illness, a shift or a planned leave."),
    )

    def __init__(self, *args: Any, days: list[CourseDay], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["day"]).choices = [
            (d.pk, f"{date_format(d.date, 'l j F Y')}, {d.starts:%H:%M}–{d.ends:%H:%M}") for d in days
        ]

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Say why (for example illness or a shift)."))
        return reason

"""Forms of the invoicing-basis pages: the list's filters, drafting one municipality's basis and drafting
the bases of every municipality of a region at once. The choices (regions, municipalities) are handed in
by the view, so a form never offers a place outside the actor's scope; the rules (a period that exists,
one basis per municipality and period) stay in ``services.invoice_basis_create``."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from yrkesresan.core.forms import add_service_errors
from yrkesresan.organisations.models import Municipality, Region

from .models import BasisState, PeriodKind

TERMS = [(1, _("Spring term (January–June)")), (2, _("Autumn term (July–December)"))]


def _choices(field: forms.Field, queryset: QuerySet, empty: Any) -> None:
    model_field = cast(forms.ModelChoiceField, field)
    model_field.queryset = queryset
    model_field.empty_label = empty


class BasisFilterForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none(), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    state = forms.ChoiceField(label=_("State"), required=False)

    def __init__(
        self, *args: Any, regions: QuerySet[Region] | None, municipalities: QuerySet[Municipality], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            _choices(self.fields["region"], regions, _("All regions"))
        _choices(self.fields["municipality"], municipalities, _("All municipalities"))
        cast(forms.ChoiceField, self.fields["state"]).choices = [("", _("All")), *BasisState.choices]


class _PeriodForm(forms.Form):
    """A period: its kind, the year, and the month or the term when the kind asks for one."""

    period_kind = forms.ChoiceField(label=_("Period"), choices=PeriodKind.choices, initial=PeriodKind.YEAR)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    month = forms.TypedChoiceField(
        label=_("Month"),
        help_text=_("Only for a month's basis."),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "–"), *MONTHS.items()],
    )
    term = forms.TypedChoiceField(
        label=_("Term"),
        help_text=_("Only for a term's basis."),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", "–"), *TERMS],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("period_kind")
        if kind == PeriodKind.MONTH and not data.get("month"):
            self.add_error("month", _("Choose the month."))
        if kind == PeriodKind.TERM and not data.get("term"):
            self.add_error("term", _("Choose the term."))
        return data

    @property
    def number(self) -> int:
        """The month (1–12) or the term (1 spring, 2 autumn) the service takes; 1 for a year."""
        data = self.cleaned_data
        if data["period_kind"] == PeriodKind.MONTH:
            return int(data["month"])
        if data["period_kind"] == PeriodKind.TERM:
            return int(data["term"])
        return 1

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's reasons on the fields they name; its ``number`` is the month or the term here."""
        if hasattr(exc, "error_dict") and "number" in exc.error_dict:
            kind = self.cleaned_data.get("period_kind")
            target = {"month": "month", "term": "term"}.get(str(kind), "period_kind")
            messages = exc.message_dict
            self.add_error(target, messages.pop("number"))
            if messages:
                add_service_errors(self, ValidationError(messages))
            return
        add_service_errors(self, exc)


class BasisCreateForm(_PeriodForm):
    """Draft one municipality's basis."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())

    field_order = ["municipality", "period_kind", "year", "month", "term"]

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["municipality"], municipalities, _("Choose a municipality"))


class BasisCreateAllForm(_PeriodForm):
    """Draft the basis of every municipality of a region for one period (the year-end basis by default)."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())

    field_order = ["region", "period_kind", "year", "month", "term"]

    def __init__(self, *args: Any, regions: QuerySet[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["region"], regions, None)
        if len(regions) == 1:
            self.fields["region"].initial = regions[0].pk
            self.fields["region"].widget = forms.HiddenInput()

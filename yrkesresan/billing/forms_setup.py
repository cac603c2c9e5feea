"""Forms of the billing set-up pages: a fee schedule with its parts, the fixed costs, one population figure
and a population file. They only parse and check what a person typed; the rules (one pot part, years,
whole kronor) are the services' and come back onto these forms as errors on the field they concern."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.organisations.models import Municipality

MAX_CSV_BYTES = 1_000_000


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class SwedishDecimalField(forms.DecimalField):
    """A decimal as Swedes type it: "1 250,50" or "1250.50" (spaces and a decimal comma are fine)."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value.normalize() if value == value.to_integral_value() else value, "f").replace(".", ",")
        return value


def _year_field(label: Any, help_text: Any = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class FeeScheduleForm(forms.Form):
    year = _year_field(_("Year"), _("The fee applies to course days held this year."))
    charge_late_cancellations = forms.BooleanField(
        label=_("Charge late cancellations"),
        required=False,
        help_text=_("A participant who cancels late is charged for every day of the occasion."),
    )
    charge_no_shows = forms.BooleanField(
        label=_("Charge no-shows"),
        required=False,
        help_text=_("A participant who does not come and has not announced it in advance is charged for the day."),
    )
    charge_regional = forms.BooleanField(
        label=_("Charge regional courses"),
        required=False,
        help_text=_("Municipal and workplace courses are always free of charge."),
    )
    charge_national = forms.BooleanField(
        label=_("Charge national courses"),
        required=False,
        help_text=_("Municipal and workplace courses are always free of charge."),
    )
    leader_shares = SwedishDecimalField(
        label=_("Shares for a day as course leader"),
        min_value=Decimal("0"),
        max_digits=5,
        help_text=_("Usually 1,5."),
    )
    trainer_shares = SwedishDecimalField(
        label=_("Shares for a day as trainer"), min_value=Decimal("0"), max_digits=5, help_text=_("Usually 1.")
    )
    pot_start = forms.DateField(
        label=_("Trainer pot from"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave both dates empty for the calendar year."),
    )
    pot_end = forms.DateField(label=_("Trainer pot to and including"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("pot_start"), data.get("pot_end")
        if (start is None) != (end is None) and "pot_start" not in self.errors and "pot_end" not in self.errors:
            self.add_error("pot_end", _("Give both the first and the last day of the pot's period."))
        elif start and end and end < start:
            self.add_error("pot_end", _("The period cannot end before it starts."))
        return data


class ComponentForm(forms.Form):
    """One part of the fee. A row left empty is no part (that is how a part is removed)."""

    name = forms.CharField(label=_("Name"), required=False, max_length=120)
    amount = SwedishDecimalField(label=_("Amount (kr)"), required=False, min_value=Decimal("0"))
    is_pot = forms.BooleanField(label=_("Goes to the trainer pot"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = (data.get("name") or "").strip()
        amount = data.get("amount")
        if "amount" in self.errors:
            if not name:
                self.add_error("name", _("Give the part a name."))
            return data
        if not name and amount is None:
            if data.get("is_pot"):
                self.add_error("name", _("Give the part a name."))
                self.add_error("amount", _("Give the amount."))
            return data
        if not name:
            self.add_error("name", _("Give the part a name."))
        if amount is None:
            self.add_error("amount", _("Give the amount."))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not (data.get("name") or "").strip() and data.get("amount") is None and not data.get("is_pot")


class BaseComponentFormSet(forms.BaseFormSet):
    def _construct_form(self, i: int, **kwargs: Any) -> forms.Form:
        # Every row is read, changed or not: an unchanged part is still a part, and a blank row is skipped by
        # ``is_blank``, not by the formset's "extra form" rule (which depends on the posted form count).
        kwargs["empty_permitted"] = False
        form: forms.Form = super()._construct_form(i, **kwargs)  # type: ignore[misc]
        return form

    def clean(self) -> None:
        if any(form.errors for form in self.forms):
            return
        parts = [f for f in self.forms if not f.is_blank]
        if not parts:
            raise ValidationError(_("Give at least one part of the fee."))
        pots = [f for f in parts if f.cleaned_data.get("is_pot")]
        for form in pots[1:]:
            form.add_error("is_pot", _("Only one part of the fee can go to the trainer pot."))
        seen: set[str] = set()
        for form in parts:
            key = form.cleaned_data["name"].strip().casefold()
            if key in seen:
                form.add_error("name", _("Two parts have the same name."))
            seen.add(key)

    def parts(self) -> list[tuple[str, Decimal, bool]]:
        return [
            (f.cleaned_data["name"].strip(), f.cleaned_data["amount"], bool(f.cleaned_data.get("is_pot")))
            for f in self.forms
            if not f.is_blank
        ]


ComponentFormSet = forms.formset_factory(ComponentForm, formset=BaseComponentFormSet, extra=3, max_num=30)


class RegionalCostForm(forms.Form):
    total = SwedishDecimalField(
        label=_("Fixed costs (kr)"),
        min_value=Decimal("0"),
        help_text=_("In whole kronor, for example 1 030 000. They are shared out to the krona."),
    )
    population_year = _year_field(
        _("Population on 31 December of"), _("Usually the year before: the latest figures from SCB.")
    )
    description = forms.CharField(
        label=_("What the costs are"),
        required=False,
        max_length=300,
        help_text=_("For example: coordinator 850 000, administrator 180 000."),
    )

    def clean_total(self) -> Decimal:
        total: Decimal = self.cleaned_data["total"]
        if total != total.to_integral_value():
            raise ValidationError(_("Give the fixed costs in whole kronor: they are shared out to the krona."))
        return total


class PopulationForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    year = forms.IntegerField(
        label=_("Year"),
        min_value=1900,
        max_value=2100,
        help_text=_("Inhabitants on 31 December of this year."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    count = forms.CharField(
        label=_("Inhabitants"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, municipalities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["year"].initial = timezone.localdate().year - 1


class PopulationImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per municipality and year, with a heading row: Kommun;År;Folkmängd "
            "(semicolons, commas or tabs). Nothing is changed if any row is wrong."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv,text/plain"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise ValidationError(_("The file is too large (at most 1 MB)."))
        return upload

"""Forms of the inventory and planning pages: which region, journey and year; a municipality's figures per
level and its venues; the planning assumptions. They check the shape of the input; the rules are in
``services.inventory``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Journey, Level
from yrkesresan.organisations.models import Region

from .services.inventory import ASSUMPTION_BOUNDS, FIRST_YEAR, LAST_YEAR, VENUE_NAME_MAX, VENUE_NOTE_MAX

WHOLE = {
    "invalid": _("Give a whole number, 0 or more."),
    "min_value": _("Give a whole number, 0 or more."),
}


class ChoiceForm(forms.Form):
    """Which region (when the person has more than one), journey and year a page shows."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), empty_label=None)
    journey = forms.ModelChoiceField(label=_("Journey"), queryset=Journey.objects.all(), empty_label=None)
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, data: Any = None, *, regions: list[Region], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField)
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")
        if len(regions) <= 1:
            region_field.widget = forms.HiddenInput()

    @classmethod
    def from_query(cls, query: Any, *, regions: list[Region]) -> ChoiceForm:
        """Bound to the GET query, with the first region, first journey and this year where it says none."""
        data = query.copy()
        if not data.get("region") and regions:
            data["region"] = str(regions[0].pk)
        if not data.get("journey"):
            first = Journey.objects.order_by("order", "name").first()
            data["journey"] = str(first.pk) if first else ""
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        return cls(data, regions=regions)


class InventoryForm(forms.Form):
    """Staff and managers at each level of the journey (``staff_<level id>``, ``managers_<level id>``), and a
    note. Blank counts as 0."""

    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything the region should know, for example about staff starting later in the year."),
    )

    def __init__(self, data: Any = None, *, levels: list[Level], **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.levels = levels
        note = self.fields.pop("note")
        for lv in levels:
            for what, label in (("staff", _("Staff")), ("managers", _("Managers"))):
                self.fields[f"{what}_{lv.pk}"] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=1_000_000,
                    error_messages=WHOLE,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1"}),
                )
        self.fields["note"] = note

    def level_rows(self) -> list[tuple[Level, Any, Any]]:
        """Per level: the level, its staff field and its managers field (bound)."""
        return [(lv, self[f"staff_{lv.pk}"], self[f"managers_{lv.pk}"]) for lv in self.levels]

    def figures(self) -> dict[int, tuple[int, int]]:
        data = self.cleaned_data
        return {lv.pk: (data.get(f"staff_{lv.pk}") or 0, data.get(f"managers_{lv.pk}") or 0) for lv in self.levels}

    @staticmethod
    def initial_from(report: Any) -> dict[str, Any]:
        if report is None:
            return {}
        initial: dict[str, Any] = {"note": report.note}
        for row in report.levels.all():
            initial[f"staff_{row.level_id}"] = row.staff
            initial[f"managers_{row.level_id}"] = row.managers
        return initial


class VenueForm(forms.Form):
    """One venue. A row left wholly empty is no venue; a row with places or a note needs a name."""

    name = forms.CharField(label=_("Name of the venue"), required=False, max_length=VENUE_NAME_MAX)
    places = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages=WHOLE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0", "step": "1"}),
    )
    note = forms.CharField(label=_("Note on the venue"), required=False, max_length=VENUE_NOTE_MAX)
    remove = forms.BooleanField(label=_("Remove this venue"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("remove"):
            return data
        filled = data.get("places") is not None or (data.get("note") or "").strip()
        if filled and not (data.get("name") or "").strip():
            self.add_error("name", _("A venue needs a name."))
        if (data.get("name") or "").strip() and data.get("places") is None and "places" not in self.errors:
            self.add_error("places", _("Give the number of places, 0 or more."))
        return data

    def venue(self) -> dict[str, Any] | None:
        """The venue to save, or None for an empty or removed row."""
        data = self.cleaned_data
        if data.get("remove") or not (data.get("name") or "").strip():
            return None
        return {
            "name": data["name"].strip(),
            "places": data.get("places") or 0,
            "note": (data.get("note") or "").strip(),
        }


VenueFormSet = forms.formset_factory(VenueForm, extra=2, max_num=200, absolute_max=200, validate_max=True)


class AssumptionsForm(forms.Form):
    group_size = forms.IntegerField(
        label=_("Participants per occasion"),
        min_value=ASSUMPTION_BOUNDS["group_size"][0],
        max_value=ASSUMPTION_BOUNDS["group_size"][1],
    )
    share_per_year = forms.IntegerField(
        label=_("Share of the reported staff to start in the year (%)"),
        min_value=ASSUMPTION_BOUNDS["share_per_year"][0],
        max_value=ASSUMPTION_BOUNDS["share_per_year"][1],
    )
    terms_per_year = forms.TypedChoiceField(
        label=_("Terms with courses in the year"),
        choices=[(1, "1"), (2, "2")],
        coerce=int,
    )
    trainers_per_occasion = forms.IntegerField(
        label=_("Trainers per occasion"),
        min_value=ASSUMPTION_BOUNDS["trainers_per_occasion"][0],
        max_value=ASSUMPTION_BOUNDS["trainers_per_occasion"][1],
        help_text=_("The course leader and the trainers of a team, the reserve included."),
    )
    days_per_trainer = forms.IntegerField(
        label=_("Course days a trainer gives in a year"),
        min_value=ASSUMPTION_BOUNDS["days_per_trainer"][0],
        max_value=ASSUMPTION_BOUNDS["days_per_trainer"][1],
        help_text=_("About a working week a year: 1–2 course days a term besides preparation and trainer meetings."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, f in self.fields.items():
            if isinstance(f, forms.IntegerField) and name != "terms_per_year":
                f.widget.attrs.update({"inputmode": "numeric", "step": "1"})

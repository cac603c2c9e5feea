from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Journey, Level
from yrkesresan.core import policy
from yrkesresan.organisations.models import Unit

from .models import SupportKind
from .selectors import HubStatus


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.journey.name} – {obj.name}"


def _levels() -> Any:
    return Level.objects.select_related("journey").order_by("journey__order", "journey__name", "order")


class EnrolForm(forms.Form):
    level = LevelChoiceField(
        label=_("Journey and level"),
        queryset=Level.objects.none(),
        help_text=_("If the person is already on the journey, they move to this level. Nothing done is lost."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["level"]).queryset = _levels()


class PauseForm(forms.Form):
    reason = forms.CharField(label=_("Why? (optional)"), max_length=300, required=False)


class SupportForm(forms.Form):
    kind = forms.ChoiceField(choices=SupportKind.choices)
    message = forms.CharField(
        label=_("Message (optional)"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class HubFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    journey = forms.TypedChoiceField(label=_("Journey"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            (HubStatus.ALL, _("Everyone on a journey")),
            (HubStatus.NOT_STARTED, _("Those who have not started")),
            (HubStatus.STALLED, _("Those who have stalled")),
            (HubStatus.PAUSED, _("Paused journeys")),
            (HubStatus.LEVEL_DONE, _("Those who have completed their level")),
            (HubStatus.NOT_ENROLLED, _("Staff not on a journey")),
        ],
    )
    weeks = forms.IntegerField(
        label=_("Stalled after (weeks without activity)"), required=False, min_value=1, max_value=52
    )
    per_page = forms.TypedChoiceField(
        label=_("Rows per page"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[(50, "50"), (100, "100"), (500, "500")],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = policy.visible(actor, Unit.objects.select_related("municipality")).order_by(
            "municipality__name", "name"
        )
        cast(forms.TypedChoiceField, self.fields["unit"]).choices = [("", _("All units"))] + [
            (u.pk, f"{u.name} ({u.municipality.name})") for u in units[:2000]
        ]
        cast(forms.TypedChoiceField, self.fields["journey"]).choices = [("", _("All journeys"))] + [
            (j.pk, j.name) for j in Journey.objects.order_by("order", "name")
        ]
        self.fields["weeks"].widget.attrs["placeholder"] = str(settings.STALLED_AFTER_WEEKS)


class EnrolManyForm(forms.Form):
    level = LevelChoiceField(label=_("Journey and level"), queryset=Level.objects.none())
    unit = forms.TypedChoiceField(label=_("Everyone in the unit"), required=False, coerce=int, empty_value=None)
    role = forms.ChoiceField(
        label=_("Who"),
        choices=[("staff", _("Staff (medarbetare)")), ("manager", _("Managers"))],
        initial="staff",
    )
    q = forms.CharField(label=_("Whose name matches (optional)"), required=False, max_length=100)
    only_new = forms.BooleanField(label=_("Only people not yet on this journey"), required=False, initial=True)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    #: How many people the preview showed: placing is refused if the list has changed since.
    expected = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["level"]).queryset = _levels()
        units = policy.visible(actor, Unit.objects.select_related("municipality")).order_by(
            "municipality__name", "name"
        )
        cast(forms.TypedChoiceField, self.fields["unit"]).choices = [("", _("Everyone you administer"))] + [
            (u.pk, f"{u.name} ({u.municipality.name})") for u in units[:2000]
        ]

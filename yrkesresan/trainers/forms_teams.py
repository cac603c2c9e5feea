"""Forms of the coordinator's team pages: adding a trainer to an occasion's team, putting a team member
on a course day, taking someone off a day, and choosing a substitute.

The choices are built from what the page shows (the pool, the team); whether a person may take the
role is the services' rule, so a refused choice comes back from the service onto the form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DayRole, TeamRole
from .selectors.days import PoolRow, TeamRow, days_text


def _person(row: PoolRow | TeamRow, term: str) -> str:
    trainer = row.trainer
    return _("%(name)s, %(place)s – %(days)s") % {
        "name": trainer,
        "place": trainer.home_municipality.name,
        "days": days_text(row.days_this_term, trainer.max_days_per_term, term),
    }


class TeamMemberAddForm(forms.Form):
    """A trainer of the pool, qualified ones first, and their role on the team."""

    trainer = forms.TypedChoiceField(label=gettext_lazy("Trainer"), coerce=int)
    role = forms.ChoiceField(label=gettext_lazy("Role on the team"), choices=TeamRole.choices)

    def __init__(self, *args: Any, pool: Sequence[PoolRow], term: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "add")
        super().__init__(*args, **kwargs)
        qualified = [(row.trainer.pk, _person(row, term)) for row in pool if row.qualified]
        others = [(row.trainer.pk, _person(row, term)) for row in pool if not row.qualified]
        choices: list[Any] = [("", _("Choose a trainer"))]
        if qualified:
            choices.append((_("Qualified for the course"), qualified))
        if others:
            choices.append((_("Not qualified for the course"), others))
        field = self.fields["trainer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        field.help_text = _("The number of course days is what each has taken of the days their manager allows.")


class DayAssignForm(forms.Form):
    """A member of the team, and whether they lead or train the day. One per course day on the page."""

    trainer = forms.TypedChoiceField(label=gettext_lazy("Team member"), coerce=int)
    role = forms.ChoiceField(label=gettext_lazy("Role on the day"), choices=DayRole.choices, initial=DayRole.TRAINER)

    def __init__(self, *args: Any, team: Sequence[TeamRow], term: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trainer"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("Choose a team member"))] + [
            (row.trainer.pk, f"{_person(row, term)} ({row.member.get_role_display().lower()})") for row in team
        ]


class UnassignForm(forms.Form):
    """Taking someone off a course day; a day already held needs a reason (the service says so)."""

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300, required=False)


#: What the substitutes page's form does: record the absence only, or put a substitute in.
RECORD_ABSENCE = "absence"


class SubstituteForm(forms.Form):
    """The reason, and the button pressed: a candidate's "Put in as substitute" (``substitute`` = their
    profile's id) or, for a trainer not yet reported absent, "Record the absence only"."""

    reason = forms.CharField(max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    substitute = forms.IntegerField(required=False, min_value=1)
    action = forms.CharField(required=False)

    def __init__(self, *args: Any, absent: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.absent = absent
        reason = self.fields["reason"]
        if absent:
            reason.label = _("Reason for the change (optional)")
            reason.help_text = _("Kept in the day's history with the change.")
        else:
            reason.label = _("Why the trainer cannot come")
            reason.required = True
            reason.error_messages["required"] = _("Say why the trainer cannot come.")
            reason.help_text = _("The trainer is recorded as absent with this reason, and kept in the day's history.")

    @property
    def records_absence_only(self) -> bool:
        return self.cleaned_data.get("action") == RECORD_ABSENCE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") != RECORD_ABSENCE and not data.get("substitute") and "substitute" not in self.errors:
            self.add_error(None, _("Choose a substitute from the list."))
        return data

"""Forms of the recruiting pages: opening a call, answering it, the manager's decision, the
coordinator's confirmation and closing, and the list's filter. The rules are the services'; these
only parse what was posted."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.accounts.scopes import REGIONAL_ROLES, is_system_admin, role_scope
from yrkesresan.catalog.models import Course, CourseKind
from yrkesresan.organisations.models import Region

from .models import AUTUMN, SPRING, Answer, TeamRole, term_of
from .selectors.calls import CLOSED, OPEN

#: How long trainers have to answer, by default.
DEFAULT_ANSWER_DAYS = 14


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.journey.short_name} – {obj.title}"


class CallForm(forms.Form):
    """A call for an occasion (only how many, by when, a message and the approval), or for a course and
    a term in a region."""

    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    term = forms.ChoiceField(label=_("Term"), choices=[(SPRING, _("Spring (VT)")), (AUTUMN, _("Autumn (HT)"))])
    needed = forms.IntegerField(
        label=_("Trainers needed"),
        min_value=1,
        max_value=30,
        help_text=_("The course leader included. A team usually has a course leader, a trainer and a reserve."),
    )
    answer_by = forms.DateField(label=_("Last day to answer"), widget=DateInput())
    message = forms.CharField(
        label=_("Message to the trainers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: what the assignment involves, preparation, trainer meetings."),
    )
    manager_approval = forms.BooleanField(
        label=_("Ask the trainer's manager to approve a yes"), required=False, initial=True
    )

    def __init__(self, *args: Any, actor: Any, occasion: Any = None, **kwargs: Any) -> None:
        today = timezone.localdate()
        initial = kwargs.setdefault("initial", {})
        answer_by = today + datetime.timedelta(days=DEFAULT_ANSWER_DAYS)
        if occasion is not None and occasion.first_day:
            answer_by = max(today, min(answer_by, occasion.first_day))
        year, term = term_of(today + datetime.timedelta(days=90))
        initial.setdefault("answer_by", answer_by)
        initial.setdefault("needed", 3)
        initial.setdefault("year", year)
        initial.setdefault("term", term)
        initial.setdefault("manager_approval", True)
        super().__init__(*args, **kwargs)
        self.occasion = occasion
        if occasion is not None:
            for name in ("region", "course", "year", "term"):
                del self.fields[name]
        else:
            regions = Region.objects.order_by("name")
            if not is_system_admin(actor):
                regions = regions.filter(pk__in=role_scope(actor, *REGIONAL_ROLES).regions)
            region_field: Any = self.fields["region"]
            region_field.queryset = regions
            course_field: Any = self.fields["course"]
            course_field.queryset = (
                Course.objects.exclude(kind=CourseKind.WEB)
                .select_related("journey")
                .order_by("journey__order", "journey__name", "title")
            )
            if len(regions) == 1:
                initial.setdefault("region", regions[0].pk)


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(label=_("Your answer"), choices=Answer.choices, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Comment to the coordinator"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: for example which days suit you."),
    )


class ApproveForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", _("Approve")), ("0", _("Decline"))], coerce=lambda v: v == "1", empty_value=None
    )
    note = forms.CharField(label=_("Note to the trainer"), required=False, max_length=300)


class ConfirmForm(forms.Form):
    role = forms.ChoiceField(label=_("As"), choices=TeamRole.choices)


class CloseForm(forms.Form):
    FORMED, CANCELLED = "formed", "cancelled"

    outcome = forms.ChoiceField(
        label=_("How the call ends"),
        choices=[(FORMED, _("The team is formed")), (CANCELLED, _("Cancel the call"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (told to those who offered)"), required=False, max_length=300)


class CallFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(OPEN, _("Open calls")), (CLOSED, _("Closed and cancelled calls"))],
    )

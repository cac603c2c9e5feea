"""Forms of the coordinators' pool pages and the days-taught report. The choices (courses, regions,
municipalities) come from ``selectors.pool``, so a form never offers a place outside the actor's pools."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Course
from yrkesresan.organisations.models import Municipality, Region

from .models import DEFAULT_MAX_DAYS_PER_TERM, TrainerKind, TrainerProfile


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.journey.short_name} – {obj.title}"


def _choices(field: forms.Field, queryset: QuerySet, empty: Any) -> None:
    model_field = cast(forms.ModelChoiceField, field)
    model_field.queryset = queryset
    model_field.empty_label = empty


class PoolFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=100,
        help_text=_("Part of the name, username or e-mail."),
    )
    course = CourseChoiceField(label=_("Qualified for"), queryset=Course.objects.none(), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Home municipality"), queryset=Municipality.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Not active")), ("all", _("All"))],
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        courses: QuerySet[Course],
        municipalities: QuerySet[Municipality],
        regions: QuerySet[Region] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["course"], courses, _("All courses"))
        _choices(self.fields["municipality"], municipalities, _("All municipalities"))
        cast(forms.ChoiceField, self.fields["kind"]).choices = [("", _("All"))] + list(TrainerKind.choices)
        if regions is None:
            del self.fields["region"]
        else:
            _choices(self.fields["region"], regions, _("All regions"))


class ProfileForm(forms.Form):
    """What a coordinator keeps about a trainer: kind, home municipality, days a term, active, note."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        help_text=_(
            "A trainer teaches the region's courses and holds the trainer role in the home municipality. "
            "A discussion leader leads the municipality's own courses."
        ),
    )
    home_municipality = forms.ModelChoiceField(
        label=_("Home municipality"),
        queryset=Municipality.objects.none(),
        help_text=_("The municipality that lends the trainer: the trainer pot pays it for the days taught."),
    )
    max_days_per_term = forms.IntegerField(
        label=_("Course days a term"),
        min_value=0,
        max_value=60,
        initial=DEFAULT_MAX_DAYS_PER_TERM,
        help_text=_("How many course days a term the trainer's manager allows."),
    )
    active = forms.BooleanField(label=_("Active: can be put on teams and course days"), required=False, initial=True)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the coordinators only. At most 300 characters."),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], adds_trainers: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _choices(self.fields["home_municipality"], municipalities, _("Choose a municipality"))
        kinds = list(TrainerKind.choices)
        if not adds_trainers:  # a k-admin keeps their municipality's discussion leaders only
            kinds = [(v, label) for v, label in kinds if v == TrainerKind.DISCUSSION_LEADER]
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0][0]

    @staticmethod
    def initial_from(profile: TrainerProfile) -> dict[str, Any]:
        return {
            "kind": profile.kind,
            "home_municipality": profile.home_municipality_id,
            "max_days_per_term": profile.max_days_per_term,
            "active": profile.active,
            "note": profile.note,
        }


class TrainerAddForm(ProfileForm):
    """Put a person in the pool: the person is chosen among those a search found (shown as radio buttons
    by the template); the view finds them within the actor's scope."""

    person = forms.IntegerField(
        label=_("Person"),
        widget=forms.HiddenInput,
        error_messages={"required": _("Choose the person to add."), "invalid": _("Choose the person to add.")},
    )
    q = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    field_order = ["person", "kind", "home_municipality", "max_days_per_term", "active", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["active"]  # a new trainer is active


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for the person"),
        required=False,
        max_length=100,
        help_text=_("Name, username or e-mail. The person needs an account first."),
    )


class QualificationForm(forms.Form):
    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none(), empty_label=_("Choose a course"))
    since = forms.DateField(
        label=_("Qualified since"),
        widget=DateInput(),
        help_text=_("For example the day of the train-the-trainer course."),
    )

    def __init__(self, *args: Any, courses: QuerySet[Course], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"since": timezone.localdate()})
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = courses


class UnavailabilityForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To and including"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=200,
        help_text=_("For example parental leave or another assignment."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day cannot be before the first."))
        return data


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("To and including"), widget=DateInput())
    municipality = forms.ModelChoiceField(
        label=_("Lending municipality"), queryset=Municipality.objects.none(), required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)

    #: The longest period the report covers at once.
    MAX_DAYS = 366 * 5

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        regions: QuerySet[Region] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["municipality"], municipalities, _("All municipalities"))
        if regions is None:
            del self.fields["region"]
        else:
            _choices(self.fields["region"], regions, _("All regions"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            if end < start:
                self.add_error("end", _("The last day cannot be before the first."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("end", _("Choose a period of at most five years."))
        return data

"""Forms of the occasion pages: planning an occasion (with its course days and kept places as
formsets), filtering the list and calendar, copying and cancelling."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, is_system_admin, role_scope
from yrkesresan.catalog.models import Course, CourseKind, Level
from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Region, Unit

from .models import DayMode, DeliveryLevel, Occasion, OccasionStatus

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_FORMAT)


def _datetime_field(label: Any, **kwargs: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        **kwargs,
    )


class CourseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.journey.short_name} – {obj.title}"


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.municipality.name})"


class LevelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.journey.short_name} – {obj.name}"


def planned_courses() -> QuerySet[Course]:
    """The courses given on course days (a self-paced web course has no occasions)."""
    return (
        Course.objects.exclude(kind=CourseKind.WEB)
        .select_related("journey")
        .order_by("journey__order", "journey__name", "order", "title")
    )


def planning_places(actor: Any) -> tuple[QuerySet[Region], QuerySet[Municipality], QuerySet[Unit]]:
    """Where the actor may plan: the regions of their regional roles (all for system admins), and the
    municipalities and units in them or in the municipalities where they are k-admin."""
    if is_system_admin(actor):
        regions = Region.objects.all()
        municipalities = Municipality.objects.all()
    else:
        region_ids = role_scope(actor, *REGIONAL_ROLES).regions
        municipality_ids = role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities
        regions = Region.objects.filter(pk__in=region_ids)
        municipalities = Municipality.objects.filter(Q(region_id__in=region_ids) | Q(pk__in=municipality_ids))
    units = Unit.objects.filter(municipality__in=municipalities.values("pk"), is_active=True)
    return (
        regions.order_by("name"),
        municipalities.select_related("region").order_by("name"),
        units.select_related("municipality").order_by("municipality__name", "name"),
    )


def quiet(*forms_: Any) -> None:
    """Show the input again without checking it (after "add a course day", say): no error messages yet."""
    for form in forms_:
        if isinstance(form, forms.BaseFormSet):
            formset = cast(Any, form)
            formset._errors = []
            formset._non_form_errors = formset.error_class()
            quiet(*formset.forms)
        else:
            form._errors = ErrorDict()
            form.cleaned_data = {}


class OccasionForm(forms.Form):
    course = CourseChoiceField(label=_("Course"), queryset=Course.objects.none())
    delivery_level = forms.ChoiceField(
        label=_("Given at"),
        choices=DeliveryLevel.choices,
        initial=DeliveryLevel.REGIONAL,
        help_text=_("Regional: for the whole region. Municipal: for one municipality. Workplace: for one unit."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        help_text=_("For a regional occasion."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("For a municipal occasion, or a workplace occasion (then its unit's municipality)."),
    )
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, help_text=_("For a workplace occasion.")
    )
    name = forms.CharField(
        label=_("Name of the occasion"),
        max_length=120,
        required=False,
        help_text=_("For example “Omgång 1, våren”."),
    )
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10000)
    min_participants = forms.IntegerField(
        label=_("Minimum number of participants"),
        min_value=0,
        max_value=10000,
        initial=0,
        help_text=_("Below this the occasion may be cancelled. 0 means no minimum."),
    )
    registration_opens = _datetime_field(_("Registration opens"), required=False)
    registration_closes = _datetime_field(_("Registration closes"), required=False)
    cancel_deadline = forms.DateField(
        label=_("Last day to cancel"),
        required=False,
        widget=DateInput(),
        help_text=_("A cancellation after this day is late."),
    )
    needs_approval = forms.BooleanField(label=_("Sign-ups need the manager's approval"), required=False)
    waitlist_stops_days = forms.IntegerField(
        label=_("No promotion from the waitlist in the last days"),
        min_value=0,
        max_value=60,
        initial=2,
        help_text=_("Places that free up this many days before the first day are not filled automatically."),
    )
    target_municipalities = forms.ModelMultipleChoiceField(
        label=_("Open to the municipalities"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open to every municipality where the occasion is given."),
    )
    target_units = UnitMultipleChoiceField(
        label=_("Open to the units"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: open to every unit. Hold Ctrl (Cmd on a Mac) to choose several."),
    )
    target_levels = LevelMultipleChoiceField(
        label=_("Open to those on the levels"),
        queryset=Level.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: open to everyone on the journey."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Refreshments, material, anything the day needs."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions, municipalities, units = planning_places(actor)
        cast(forms.ModelChoiceField, self.fields["course"]).queryset = planned_courses()
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = regions
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = municipalities
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        # The target choices: the municipalities and units of the regions where the actor plans.
        region_ids = {m.region_id for m in municipalities}
        targets_m = Municipality.objects.filter(region_id__in=region_ids).order_by("name")
        cast(forms.ModelMultipleChoiceField, self.fields["target_municipalities"]).queryset = targets_m
        cast(forms.ModelMultipleChoiceField, self.fields["target_units"]).queryset = (
            Unit.objects.filter(region_id__in=region_ids, is_active=True)
            .select_related("municipality")
            .order_by("municipality__name", "name")
        )
        cast(forms.ModelMultipleChoiceField, self.fields["target_levels"]).queryset = Level.objects.select_related(
            "journey"
        ).order_by("journey__order", "journey__name", "order")
        levels = [(v, label) for v, label in DeliveryLevel.choices if v != DeliveryLevel.NATIONAL]
        if policy.can(actor, "occasions.manage", None):
            levels.append((DeliveryLevel.NATIONAL, DeliveryLevel.NATIONAL.label))
        elif not regions.exists():  # a k-admin plans for their municipality only
            levels = [(v, label) for v, label in levels if v != DeliveryLevel.REGIONAL]
        cast(forms.ChoiceField, self.fields["delivery_level"]).choices = levels
        if not self.is_bound and not self.initial.get("delivery_level"):
            self.initial["delivery_level"] = levels[0][0]
        if not self.is_bound and not self.initial.get("region") and len(regions) == 1:
            self.initial["region"] = regions[0].pk

    @staticmethod
    def initial_from(occasion: Occasion) -> dict[str, Any]:
        return {
            "course": occasion.course_id,
            "delivery_level": occasion.delivery_level,
            "region": occasion.region_id,
            "municipality": occasion.municipality_id,
            "unit": occasion.unit_id,
            "name": occasion.name,
            "capacity": occasion.capacity,
            "min_participants": occasion.min_participants,
            "registration_opens": _local(occasion.registration_opens),
            "registration_closes": _local(occasion.registration_closes),
            "cancel_deadline": occasion.cancel_deadline,
            "needs_approval": occasion.needs_approval,
            "waitlist_stops_days": occasion.waitlist_stops_days,
            "target_municipalities": list(occasion.target_municipalities.values_list("pk", flat=True)),
            "target_units": list(occasion.target_units.values_list("pk", flat=True)),
            "target_levels": list(occasion.target_levels.values_list("pk", flat=True)),
            "notes": occasion.notes,
        }


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment) if moment else None


class DayForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts = forms.TimeField(label=_("Starts"), widget=TimeInput())
    ends = forms.TimeField(label=_("Ends"), widget=TimeInput())
    mode = forms.ChoiceField(label=_("On site or digital"), choices=DayMode.choices, initial=DayMode.ON_SITE)
    venue = forms.CharField(label=_("Venue"), max_length=160, required=False, help_text=_("For a day on site."))
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", help_text=_("For a digital day."))


class QuotaForm(forms.Form):
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    seats = forms.IntegerField(label=_("Places kept"), min_value=1, max_value=10000)
    release_at = _datetime_field(_("Kept until"), help_text=_("After this the places are open to everyone."))

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _regions, municipalities, _units = planning_places(actor)
        region_ids = {m.region_id for m in municipalities}
        cast(forms.ModelChoiceField, self.fields["municipality"]).queryset = Municipality.objects.filter(
            region_id__in=region_ids
        ).order_by("name")


class RowsFormSet(forms.BaseFormSet):
    """Rows that can be removed with a check box saying so."""

    remove_label = _("Remove")

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.remove_label


class DayRows(RowsFormSet):
    remove_label = _("Remove this course day")


class QuotaRows(RowsFormSet):
    remove_label = _("Remove these kept places")


DayFormSet = forms.formset_factory(DayForm, formset=DayRows, extra=0, can_delete=True, max_num=60, absolute_max=60)
QuotaFormSet = forms.formset_factory(
    QuotaForm, formset=QuotaRows, extra=0, can_delete=True, max_num=100, absolute_max=100
)


def days_initial(occasion: Occasion) -> list[dict[str, Any]]:
    return [
        {
            "id": day.pk,
            "date": day.date,
            "starts": day.starts,
            "ends": day.ends,
            "mode": day.mode,
            "venue": day.venue,
            "address": day.address,
            "link": day.link,
        }
        for day in occasion.days.all()
    ]


def quotas_initial(occasion: Occasion) -> list[dict[str, Any]]:
    return [
        {"municipality": q.municipality_id, "seats": q.seats, "release_at": _local(q.release_at)}
        for q in occasion.quotas.all()
    ]


def filled(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """The rows of a valid formset that were filled in and not marked to be removed."""
    return [
        {k: v for k, v in data.items() if k != "DELETE"}
        for data in formset.cleaned_data
        if data and not data.get("DELETE")
    ]


class OccasionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)
    municipality = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)
    level = forms.ChoiceField(label=_("Given at"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    free = forms.BooleanField(label=_("Only with free places"), required=False)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["course"]).choices = [("", _("All courses"))] + [
            (c.pk, f"{c.journey.short_name} – {c.title}") for c in planned_courses()
        ]
        municipalities = policy.visible(actor, Municipality.objects.all()).order_by("name")
        cast(forms.TypedChoiceField, self.fields["municipality"]).choices = [("", _("All municipalities"))] + [
            (m.pk, m.name) for m in municipalities
        ]
        cast(forms.ChoiceField, self.fields["level"]).choices = [("", _("All levels")), *DeliveryLevel.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = [("", _("All")), *OccasionStatus.choices]


class CopyForm(forms.Form):
    first_day = forms.DateField(
        label=_("First course day of the copy"),
        widget=DateInput(),
        help_text=_("Every date moves by as many days: the course days, registration and the last day to cancel."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the occasion cancelled?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone signed up gets this in their e-mail."),
    )

"""Forms of the trainer meeting pages: planning a meeting, inviting, attendance, cancelling and replying.
They parse input only; the rules are the services' (``services.meetings``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Course

from .models import MeetingInvitation, Reply, TrainerMeeting
from .selectors.meetings import Place


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class MeetingForm(forms.Form):
    """A meeting: for whom (a region's trainers or a municipality's discussion leaders), when and where."""

    place = forms.ChoiceField(label=_("For"), help_text=_("Whose trainers are invited."))
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What the meeting is about"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts = forms.TimeField(label=_("Starts"), widget=TimeInput())
    ends = forms.TimeField(label=_("Ends"), widget=TimeInput())
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    link = forms.URLField(
        label=_("Link for taking part online"),
        max_length=200,
        required=False,
        assume_scheme="https",
        help_text=_("Give a venue, a link, or both."),
    )

    def __init__(self, *args: Any, places: list[Place], meeting: TrainerMeeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            kwargs.setdefault(
                "initial",
                {
                    "place": f"m{meeting.municipality_id}" if meeting.municipality_id else f"r{meeting.region_id}",
                    "title": meeting.title,
                    "description": meeting.description,
                    "date": meeting.date,
                    "starts": meeting.starts,
                    "ends": meeting.ends,
                    "venue": meeting.venue,
                    "address": meeting.address,
                    "link": meeting.link,
                },
            )
        super().__init__(*args, **kwargs)
        self.places = {p.key: p for p in places}
        choices = []
        for p in places:
            if p.municipality is None:
                label = _("The trainers of %(region)s") % {"region": p.region.name}
            else:
                label = _("The discussion leaders of %(municipality)s") % {"municipality": p.municipality.name}
            choices.append((p.key, label))
        if meeting is not None and self.initial.get("place") not in self.places:
            # A meeting of a place the form does not offer keeps its place.
            current = Place(region=meeting.region, municipality=meeting.municipality)
            self.places[current.key] = current
            choices.insert(0, (current.key, str(meeting.municipality or meeting.region)))
        field = self.fields["place"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        place = self.places[data.pop("place")]
        return {"region": place.region, "municipality": place.municipality, **data}


class InviteForm(forms.Form):
    """Invite the whole pool, or those of it qualified for a course (one of those the pool is qualified
    for: ``courses``)."""

    WHOLE_POOL = "pool"
    QUALIFIED = "course"

    whom = forms.ChoiceField(choices=[(WHOLE_POOL, _("The whole pool")), (QUALIFIED, _("Qualified for a course"))])
    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, courses: list[Course], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.courses = {c.pk: c for c in courses}
        field = self.fields["course"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Choose a course")), *((c.pk, c.title) for c in courses)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("whom") == self.QUALIFIED and not data.get("course"):
            self.add_error("course", _("Choose the course those invited are qualified for."))
        return data

    @property
    def chosen_course(self) -> Course | None:
        if self.cleaned_data.get("whom") != self.QUALIFIED:
            return None
        return self.courses.get(self.cleaned_data.get("course") or 0)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the meeting cancelled?"),
        max_length=300,
        help_text=_("Everyone invited gets an e-mail with the reason."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttendanceForm(forms.Form):
    """One checkbox per invited person: ticked if they came. Nobody is ticked before attendance is taken."""

    def __init__(self, *args: Any, invitations: list[MeetingInvitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"came_{invitation.pk}"] = forms.BooleanField(
                label=str(invitation.trainer), required=False, initial=bool(invitation.attended)
            )

    def rows(self) -> list[tuple[MeetingInvitation, forms.BoundField]]:
        return [(i, self[f"came_{i.pk}"]) for i in self.invitations]

    @property
    def present(self) -> list[int]:
        return [i.pk for i in self.invitations if self.cleaned_data.get(f"came_{i.pk}")]


class ReplyForm(forms.Form):
    reply = forms.ChoiceField(choices=[(Reply.YES, _("Coming")), (Reply.NO, _("Not coming"))])
    next = forms.CharField(required=False, max_length=500)

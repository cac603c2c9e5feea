"""Forms of the survey pages: building a survey and its questions, sending a yearly survey, answering.
The rules are the services'; these only parse what was posted."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Journey
from yrkesresan.organisations.models import Region

from .models import SCALES, Question, QuestionKind, SurveyKind
from .policies import coordinating_regions


def _regions(actor: Any) -> Any:
    regions = coordinating_regions(actor)
    qs = Region.objects.order_by("name")
    return qs if regions is None else qs.filter(pk__in=regions)


class SurveyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of survey"), choices=SurveyKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions."),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)
    journey = forms.ModelChoiceField(
        label=_("Journey"),
        queryset=Journey.objects.order_by("order", "name"),
        required=False,
        empty_label=_("All journeys"),
        help_text=_("Optional: a survey for one journey is used for it instead of one for all journeys."),
    )
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["region"])
        field.queryset = _regions(actor)
        if coordinating_regions(actor) is None:
            field.empty_label = _("The whole country (national survey)")
            field.help_text = _("A region's own survey replaces the national one there.")
        else:
            field.required = True


#: "Which answers meet the target": the top one, two or three options of the scale.
TOP_CHOICES = [("2", _("The top two (default)")), ("1", _("Only the top one")), ("3", _("The top three"))]


class QuestionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("Question"), max_length=400)
    kind = forms.ChoiceField(label=_("Kind of answer"), choices=QuestionKind.choices)
    required = forms.BooleanField(label=_("Must be answered"), required=False)
    target_percent = forms.IntegerField(
        label=_("Target (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Optional: at least this share should answer positively."),
    )
    top = forms.ChoiceField(label=_("Answers that meet the target"), choices=TOP_CHOICES, required=False, initial="2")

    def positive_values(self) -> list[str]:
        """The option values that count as positive, from the top of the scale ("No opinion" never)."""
        kind = str(self.cleaned_data.get("kind") or "")
        top = int(self.cleaned_data.get("top") or 2)
        if kind == QuestionKind.TEXT or self.cleaned_data.get("target_percent") is None:
            return []
        options = [v for v, _label in SCALES.get(kind, []) if v != "0"]
        if kind == QuestionKind.YES_NO:
            top = 1
        return options[:top]

    @staticmethod
    def initial_from(question: Question) -> dict[str, Any]:
        options = [v for v, _label in question.options if v != "0"]
        top = len(question.positive_values) if question.positive else 2
        return {
            "id": question.pk,
            "text": question.text,
            "kind": question.kind,
            "required": question.required,
            "target_percent": question.target_percent,
            "top": str(top if top in (1, 2, 3) and options else 2),
        }


class QuestionRows(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this question")


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=QuestionRows, extra=0, can_delete=True, max_num=60, absolute_max=60
)


class SendForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Survey"),
        choices=[
            (SurveyKind.MANAGER_YEARLY, SurveyKind.MANAGER_YEARLY.label),
            (SurveyKind.TRAINER_YEARLY, SurveyKind.TRAINER_YEARLY.label),
        ],
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["region"]).queryset = _regions(actor)
        self.fields["year"].initial = timezone.localdate().year


class ResultsFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"), required=False)
    municipality = forms.IntegerField(required=False, widget=forms.HiddenInput)
    dispatch = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    """One field per question: ``q<id>``, radio buttons for a scale, a text box for free text."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            if q.kind == QuestionKind.TEXT:
                self.fields[f"q{q.pk}"] = forms.CharField(
                    label=q.text, required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
                )
            else:
                self.fields[f"q{q.pk}"] = forms.ChoiceField(
                    label=q.text, required=False, choices=q.options, widget=forms.RadioSelect
                )

    def answers(self) -> dict[int, tuple[str, str]]:
        out: dict[int, tuple[str, str]] = {}
        for q in self.questions:
            raw = self.cleaned_data.get(f"q{q.pk}") or ""
            out[q.pk] = ("", raw) if q.kind == QuestionKind.TEXT else (raw, "")
        return out

    def rows(self) -> list[tuple[Question, Any]]:
        return [(q, self[f"q{q.pk}"]) for q in self.questions]

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Course, InfoPage, Journey, Level, PreparationTask


class JourneyForm(forms.ModelForm):
    class Meta:
        model = Journey
        fields = ["name", "short_name", "producer", "launched", "audience", "description"]


class LevelForm(forms.ModelForm):
    objectives = forms.CharField(
        label=_("Learning objectives"),
        required=False,
        widget=forms.Textarea,
        help_text=_("One learning objective per line."),
    )

    class Meta:
        model = Level
        fields = ["name", "code", "description", "order"]
        help_texts = {"code": _("Short, lowercase, used in addresses, e.g. ny.")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["objectives"].initial = "\n".join(self.instance.objectives.values_list("text", flat=True))

    def _post_clean(self) -> None:  # uniqueness is checked by the service, with the journey set
        pass


class CourseForm(forms.ModelForm):
    checklist = forms.CharField(
        label=_("After the course (checklist)"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Optional deepening tasks, one per line."),
    )

    class Meta:
        model = Course
        fields = [
            "level",
            "title",
            "code",
            "kind",
            "summary",
            "day_count",
            "day_mode",
            "day_mode_note",
            "completion_rule",
            "mandatory",
            "trainer_material",
            "order",
        ]
        help_texts = {"day_count": _("0 for a self-paced web course.")}

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_field = cast(forms.ModelChoiceField, self.fields["level"])
        level_field.queryset = journey.levels.order_by("order")
        level_field.empty_label = None
        if self.instance.pk:
            self.fields["checklist"].initial = "\n".join(self.instance.checklist.values_list("text", flat=True))

    def _post_clean(self) -> None:
        pass


class TaskForm(forms.ModelForm):
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = PreparationTask
        fields = ["title", "format", "minutes", "mandatory", "body", "url", "file", "order"]

    def _post_clean(self) -> None:
        pass


class EditorAppointForm(forms.Form):
    username = forms.CharField(label=_("Username of the new editor"), max_length=150)


class InfoPageForm(forms.ModelForm):
    class Meta:
        model = InfoPage
        fields = ["title", "summary", "audience", "body", "slug", "order"]
        help_texts = {
            "body": _("Plain text. An empty line starts a new paragraph."),
            "slug": _("The end of the page's address: lower-case letters, digits and hyphens."),
        }

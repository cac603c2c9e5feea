from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")


class AccessibilityReportForm(forms.Form):
    page_url = forms.CharField(label=_("Which page? (optional)"), max_length=500, required=False)
    description = forms.CharField(label=_("What did not work?"), max_length=5000, widget=forms.Textarea)
    contact = forms.CharField(
        label=_("Your e-mail or phone, if you want an answer (optional)"), max_length=200, required=False
    )


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names where the form has one, else on the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def save_form(request: HttpRequest, form: forms.BaseForm, save: Callable[[dict[str, Any]], T]) -> T | None:
    """For a valid POST, run ``save(form.cleaned_data)`` (a service call) and return its result.

    Returns None when nothing was saved: not a POST, invalid input, or the service refused (its
    reasons are then on the form, and the view answers 400 with the form again)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None

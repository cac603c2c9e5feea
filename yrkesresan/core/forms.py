from django import forms
from django.utils.translation import gettext_lazy as _


class AccessibilityReportForm(forms.Form):
    page_url = forms.CharField(label=_("Which page? (optional)"), max_length=500, required=False)
    description = forms.CharField(label=_("What did not work?"), max_length=5000, widget=forms.Textarea)
    contact = forms.CharField(
        label=_("Your e-mail or phone, if you want an answer (optional)"), max_length=200, required=False
    )

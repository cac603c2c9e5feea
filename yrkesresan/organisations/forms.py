from django import forms
from django.utils.translation import gettext_lazy as _


class UnitForm(forms.Form):
    name = forms.CharField(label=_("Name of the unit"), max_length=160)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

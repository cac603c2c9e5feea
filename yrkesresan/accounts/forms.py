from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from yrkesresan.core import policy
from yrkesresan.organisations.models import Municipality, Region, Unit

from .models import Role
from .scopes import assignable_roles, is_system_admin

#: Roles given elsewhere: a national editor is appointed on the journey they edit.
ROLES_GIVEN_ELSEWHERE = {Role.NATIONAL_EDITOR}


def role_choices(actor: Any) -> list[tuple[str, Any]]:
    allowed = set(assignable_roles(actor)) - ROLES_GIVEN_ELSEWHERE
    return [(value, label) for value, label in Role.choices if value in allowed]


def place_choices(actor: Any) -> list[tuple[Any, Any]]:
    """Places the actor administers, grouped by municipality: 'r:ID', 'm:ID', 'u:ID', 'n' (nation)."""
    choices: list[tuple[Any, Any]] = []
    if is_system_admin(actor):
        choices.append(("n", _("Nationally")))
    regions = list(policy.visible(actor, Region.objects.all()).order_by("name"))
    if regions:
        choices.append((_("Regions"), [(f"r:{r.pk}", r.name) for r in regions]))
    units_by_municipality: dict[int, list[Unit]] = {}
    for unit in policy.visible(actor, Unit.objects.filter(is_active=True)).order_by("name"):
        units_by_municipality.setdefault(unit.municipality_id, []).append(unit)
    municipalities = policy.visible(actor, Municipality.objects.all()).order_by("name")
    for municipality in municipalities:
        group = [(f"m:{municipality.pk}", _("%(name)s (the whole municipality)") % {"name": municipality.name})]
        group += [
            (f"u:{u.pk}", f"{u.name}, {municipality.name}") for u in units_by_municipality.pop(municipality.pk, [])
        ]
        choices.append((municipality.name, group))
    # Units the actor leads without seeing the whole municipality (a manager of some units).
    leftover = [u for units in units_by_municipality.values() for u in units]
    if leftover:
        unit_municipalities = dict(
            Municipality.objects.filter(pk__in={u.municipality_id for u in leftover}).values_list("pk", "name")
        )
        choices.append(
            (_("Units"), [(f"u:{u.pk}", f"{u.name}, {unit_municipalities[u.municipality_id]}") for u in leftover])
        )
    return choices


def resolve_place(actor: Any, value: str) -> Region | Municipality | Unit | None:
    """The place a form value names, looked up within the actor's scope (so ids outside it are 'unknown')."""
    kind, _sep, pk = (value or "").partition(":")
    model = {"r": Region, "m": Municipality, "u": Unit}.get(kind)
    if value == "n":
        return None
    if model is None or not pk.isdigit():
        raise forms.ValidationError(_("Choose a place."))
    place = policy.visible(actor, model._default_manager.all()).filter(pk=int(pk)).first()
    if place is None:
        raise forms.ValidationError(_("Choose a place."))
    return place


class RoleAndPlaceMixin(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    place = forms.ChoiceField(
        label=_("Where"),
        help_text=_(
            "Staff belong to a unit; managers to units or a whole municipality; "
            "k-admins and trainers to a municipality; regional roles to a region."
        ),
    )

    def setup_role_and_place(self, actor: Any) -> None:
        self.actor = actor
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices(actor)
        cast(forms.ChoiceField, self.fields["place"]).choices = place_choices(actor)

    def clean_place(self) -> Any:
        return resolve_place(self.actor, self.cleaned_data["place"])


class PersonForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the person types to sign in. Letters, digits and @ . + - _ only."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional. With an e-mail address the person can reset a forgotten password."),
    )


class PersonCreateForm(RoleAndPlaceMixin, PersonForm):
    password = forms.CharField(
        label=_("Temporary password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Optional. Give one to hand over yourself; leave empty to send a link by e-mail instead."),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_role_and_place(actor)
        self.order_fields(["first_name", "last_name", "username", "email", "role", "place", "password"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("password") and not data.get("email") and not self.errors:
            raise forms.ValidationError(
                _(
                    "Give either an e-mail address (for a sign-in link) or a temporary password, "
                    "so the person can sign in."
                )
            )
        return data


class RoleForm(RoleAndPlaceMixin):
    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_role_and_place(actor)


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            raise forms.ValidationError(_("The two passwords differ."))
        return data


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Name, username or e-mail"),
    )
    municipality = forms.TypedChoiceField(label=_("Municipality"), required=False, coerce=int, empty_value=None)
    unit = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = policy.visible(actor, Municipality.objects.all()).order_by("name").values_list("pk", "name")
        cast(forms.ChoiceField, self.fields["municipality"]).choices = [("", _("All")), *municipalities]
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", _("All")), *Role.choices]

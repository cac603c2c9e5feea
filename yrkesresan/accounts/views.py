"""People pages: thin. They parse input, look up within scope, call a service, render."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.forms import save_form
from yrkesresan.core.navigation import person_links_for
from yrkesresan.core.pagination import CappedPaginator
from yrkesresan.organisations.models import Unit

from . import selectors, services
from .forms import PersonCreateForm, PersonFilterForm, PersonForm, RoleForm, SetPasswordForm
from .models import RoleAssignment, User
from .scopes import active_roles


def _filtered_people(request: HttpRequest) -> tuple[PersonFilterForm, Any]:
    form = PersonFilterForm(request.GET or None, actor=request.user)
    filters: dict[str, Any] = {"status": "active"}
    if form.is_valid():
        filters = {
            "search": form.cleaned_data["q"],
            "municipality_id": form.cleaned_data["municipality"],
            "unit_id": form.cleaned_data["unit"],
            "role": form.cleaned_data["role"],
            "status": form.cleaned_data["status"] or "active",
        }
    return form, selectors.person_list(actor=request.user, **filters)


def person_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "people.list")
    form, people = _filtered_people(request)
    page = CappedPaginator(people, 50).get_page(request.GET.get("page"))
    unit_id = form.cleaned_data.get("unit") if form.is_valid() else None
    unit = policy.visible(request.user, Unit.objects.filter(pk=unit_id)).first() if unit_id else None
    context = {"form": form, "page": page, "unit": unit, "can_create": policy.can(request.user, "people.create")}
    template = "accounts/_person_results.html" if getattr(request, "htmx", False) else "accounts/person_list.html"
    return render(request, template, context)


def person_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as a spreadsheet (xlsx, or csv with ?format=csv)."""
    policy.require(request.user, "people.list")
    _form, people = _filtered_people(request)
    header = [_("Last name"), _("First name"), _("Username"), _("E-mail"), _("Roles"), _("Active")]
    rows = (
        [
            p.last_name,
            p.first_name,
            p.username,
            p.email,
            "; ".join(f"{a.get_role_display()} ({a.scope_name})" for a in p.visible_roles),
            _("yes") if p.is_active else _("no"),
        ]
        for p in people  # read 2,000 at a time
    )
    return spreadsheet_response(
        filename="people", sheet=_("People"), header=header, rows=rows, fmt=request.GET.get("format", "xlsx")
    )


def person_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "people.create")
    form = PersonCreateForm(request.POST or None, actor=request.user, initial={"place": request.GET.get("place", "")})
    person = save_form(request, form, lambda data: services.person_create(actor=request.user, **data))
    if person is not None:
        messages.success(
            request, _("%(name)s can now sign in as %(username)s.") % {"name": person, "username": person.username}
        )
        return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "title": _("New person")},
        status=400 if form.errors else 200,
    )


def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "history": selectors.person_role_history(actor=request.user, person=person),
            "can_manage": policy.can(request.user, "people.manage", person),
            "today": timezone.localdate(),
            "links": person_links_for(request.user, person),
        },
    )


def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    policy.require(request.user, "people.manage", person)
    initial = {f: getattr(person, f) for f in ("username", "first_name", "last_name", "email")}
    form = PersonForm(request.POST or None, initial=initial)
    saved = save_form(request, form, lambda data: services.person_update(actor=request.user, person=person, **data))
    if saved is not None:
        messages.success(request, _("The changes are saved."))
        return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person, "title": _("Change %(name)s") % {"name": person}},
        status=400 if form.errors else 200,
    )


def person_role_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    policy.require(request.user, "people.manage", person)
    form = RoleForm(request.POST or None, actor=request.user)
    saved = save_form(request, form, lambda data: services.role_assign(actor=request.user, person=person, **data))
    if saved is not None:
        messages.success(request, _("The role is added."))
        return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person, "title": _("Add a role for %(name)s") % {"name": person}},
        status=400 if form.errors else 200,
    )


@require_POST
def person_role_end(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    assignment = policy.get_visible_or_404(request.user, RoleAssignment.objects.filter(user=person), pk=assignment_pk)
    try:
        services.role_end(actor=request.user, assignment=assignment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The role has ended. It stays in the history."))
    return redirect("person_detail", pk=person.pk)


@require_POST
def person_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    try:
        services.person_deactivate(actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is deactivated and can no longer sign in.") % {"name": person})
    return redirect("person_detail", pk=person.pk)


@require_POST
def person_activate(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    services.person_activate(actor=request.user, person=person)
    messages.success(request, _("%(name)s is active again.") % {"name": person})
    return redirect("person_detail", pk=person.pk)


def person_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(actor=request.user, pk=pk)
    policy.require(request.user, "people.manage", person)
    form = SetPasswordForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.person_set_password(actor=request.user, person=person, password=data["password1"]),
    )
    if saved is not None:
        messages.success(request, _("The new password is set. Hand it over to %(name)s in person.") % {"name": person})
        return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "person": person, "title": _("New password for %(name)s") % {"name": person}},
        status=400 if form.errors else 200,
    )


def my_account(request: HttpRequest) -> HttpResponse:
    token = Token.objects.filter(user=request.user).first()
    new_key = request.session.pop("new_api_key", None)
    return render(
        request, "accounts/my_account.html", {"roles": _my_roles(request.user), "token": token, "new_key": new_key}
    )


@require_POST
def my_api_token(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        services.api_token_revoke(user=cast(User, request.user))
        messages.success(request, _("Your API key is revoked."))
    else:
        token = services.api_token_rotate(user=cast(User, request.user))
        request.session["new_api_key"] = token.key
        messages.success(request, _("A new API key is created. Copy it now: it is shown only once."))
    return redirect("my_account")


def _my_roles(user: Any) -> list[RoleAssignment]:
    if not active_roles(user):
        return []
    return list(RoleAssignment.objects.active().filter(user=user).select_related("region", "municipality", "unit"))


def home_part(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {"my_roles": _my_roles(request.user), "people_count": None}
    if policy.can(request.user, "people.list"):
        context["people_count"] = selectors.person_list(actor=request.user).count()
    return context

"""Every write to people and their roles. Each checks the actor's right to do it here, so the
pages, the API and management commands cannot differ; each writes the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from yrkesresan.core.audit import audit_record, diff
from yrkesresan.core.email import email_send_later
from yrkesresan.organisations.models import Municipality, Region, Unit

from .listing import people_listing_refresh
from .models import ROLE_SCOPES, Role, RoleAssignment, ScopeLevel, User
from .scopes import can_assign, forget_roles

Place = Region | Municipality | Unit | None


def place_ids(place: Place) -> tuple[int | None, int | None, int | None]:
    """(region_id, municipality_id, unit_id) of a place; all None for the nation."""
    if isinstance(place, Unit):
        return place.region_id, place.municipality_id, place.pk
    if isinstance(place, Municipality):
        return place.region_id, place.pk, None
    if isinstance(place, Region):
        return place.pk, None, None
    return None, None, None


def _place_level(place: Place) -> str:
    if isinstance(place, Unit):
        return ScopeLevel.UNIT
    if isinstance(place, Municipality):
        return ScopeLevel.MUNICIPALITY
    if isinstance(place, Region):
        return ScopeLevel.REGION
    return ScopeLevel.NATION


def _home_ids(person: User) -> tuple[int | None, int | None]:
    """Where audit events about a person belong: the place of their first active role."""
    row = (
        RoleAssignment.objects.active()
        .filter(user=person)
        .order_by("id")
        .values_list("region_id", "municipality_id")
        .first()
    )
    return row if row else (None, None)


def _check_username(username: str, *, exclude_pk: int | None = None) -> str:
    username = username.strip().lower()
    if not username:
        raise ValidationError({"username": _("Give a username.")})
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    taken = User.objects.filter(username__iexact=username)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"username": _("The username %(username)s is taken.") % {"username": username}})
    return username


def _check_names(first_name: str, last_name: str) -> tuple[str, str]:
    errors = {}
    if not first_name.strip():
        errors["first_name"] = _("Give a first name.")
    if not last_name.strip():
        errors["last_name"] = _("Give a last name.")
    if errors:
        raise ValidationError(errors)
    return first_name.strip(), last_name.strip()


def _check_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            User._meta.get_field("email").run_validators(email)
        except ValidationError:
            raise ValidationError({"email": _("Enter a valid e-mail address, or leave it empty.")}) from None
    return email


@transaction.atomic
def person_create(
    *,
    actor: Any,
    username: str,
    first_name: str,
    last_name: str,
    email: str = "",
    role: str,
    place: Place,
    password: str = "",
    notify: bool = True,
) -> User:
    """Create an account with its first role. The actor must be allowed to give that role there.

    With a password, the person can sign in at once (the admin hands it over). Without one
    and with an e-mail address, the person gets an e-mail with a link to choose a password
    (unless ``notify`` is off, e.g. for data loaded in bulk).
    """
    username = _check_username(username)
    first_name, last_name = _check_names(first_name, last_name)
    email = _check_email(email)
    _check_role_and_place(actor=actor, role=role, place=place)
    person = User(username=username, first_name=first_name, last_name=last_name, email=email)
    if password:
        try:
            validate_password(password, user=person)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from None
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.save()
    region_id, municipality_id, _unit_id = place_ids(place)
    audit_record(
        actor=actor,
        action="person.create",
        target=person,
        changes={"username": username, "first_name": first_name, "last_name": last_name, "email": email},
        region_id=region_id,
        municipality_id=municipality_id,
    )
    role_assign(actor=actor, person=person, role=role, place=place)
    if notify and not password and email:
        _send_welcome(person)
    return person


def _send_welcome(person: User) -> None:
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(person), "key": default_token_generator.make_token(person)},
    )
    from django.conf import settings

    base = getattr(settings, "SITE_URL", "http://127.0.0.1:8000")
    email_send_later(
        subject=_("Your account in Yrkesresan"),
        body=_(
            "Hello %(name)s,\n\nAn account has been created for you in Yrkesresan.\n"
            "Your username is: %(username)s\n\nChoose your password here:\n%(url)s\n"
        )
        % {"name": person.first_name, "username": person.username, "url": base + path},
        to=[person.email],
    )


@transaction.atomic
def person_update(*, actor: Any, person: User, username: str, first_name: str, last_name: str, email: str) -> User:
    _require_manage(actor, person)
    username = _check_username(username, exclude_pk=person.pk)
    first_name, last_name = _check_names(first_name, last_name)
    email = _check_email(email)
    before = {
        "username": person.username,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email,
    }
    after = {"username": username, "first_name": first_name, "last_name": last_name, "email": email}
    changes = diff(before, after)
    if changes:
        for key, value in after.items():
            setattr(person, key, value)
        person.save(update_fields=list(after))
        people_listing_refresh(user_ids=[person.pk])
        region_id, municipality_id = _home_ids(person)
        audit_record(
            actor=actor,
            action="person.update",
            target=person,
            changes=changes,
            region_id=region_id,
            municipality_id=municipality_id,
        )
    return person


@transaction.atomic
def person_deactivate(*, actor: Any, person: User) -> User:
    """A deactivated person cannot sign in; their roles and history stay, and they can be activated again."""
    _require_manage(actor, person)
    if person.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
        people_listing_refresh(user_ids=[person.pk])
        Token.objects.filter(user=person).delete()
        region_id, municipality_id = _home_ids(person)
        audit_record(
            actor=actor, action="person.deactivate", target=person, region_id=region_id, municipality_id=municipality_id
        )
    return person


@transaction.atomic
def person_activate(*, actor: Any, person: User) -> User:
    _require_manage(actor, person)
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
        people_listing_refresh(user_ids=[person.pk])
        region_id, municipality_id = _home_ids(person)
        audit_record(
            actor=actor, action="person.activate", target=person, region_id=region_id, municipality_id=municipality_id
        )
    return person


@transaction.atomic
def person_set_password(*, actor: Any, person: User, password: str) -> User:
    """An admin sets a new password for someone who cannot get in (and has no e-mail to reset it)."""
    _require_manage(actor, person)
    try:
        validate_password(password, user=person)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    person.set_password(password)
    person.save(update_fields=["password"])
    region_id, municipality_id = _home_ids(person)
    audit_record(
        actor=actor, action="person.set_password", target=person, region_id=region_id, municipality_id=municipality_id
    )
    return person


def _check_role_and_place(*, actor: Any, role: str, place: Place) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if _place_level(place) not in ROLE_SCOPES[role]:
        raise ValidationError(
            {"place": _("The role %(role)s cannot be held at that level.") % {"role": Role(role).label}}
        )
    region_id, municipality_id, unit_id = place_ids(place)
    if isinstance(place, Unit) and not place.is_active:
        raise ValidationError({"place": _("That unit is no longer active.")})
    if not can_assign(actor, role=role, region_id=region_id, municipality_id=municipality_id, unit_id=unit_id):
        raise PermissionDenied(_("You may not give that role there."))


@transaction.atomic
def role_assign(
    *, actor: Any, person: User, role: str, place: Place, valid_from: datetime.date | None = None
) -> RoleAssignment:
    """Give ``person`` a role at a place. A person may hold several roles; the same role at the
    same place twice is refused."""
    _check_role_and_place(actor=actor, role=role, place=place)
    region_id, municipality_id, unit_id = place_ids(place)
    same_place: dict[str, Any] = {"region_id": region_id, "municipality_id": municipality_id, "unit_id": unit_id}
    if RoleAssignment.objects.active().filter(user=person, role=role, **same_place).exists():
        raise ValidationError({"role": _("%(name)s already has that role there.") % {"name": person}})
    assignment = RoleAssignment.objects.create(
        user=person,
        role=role,
        region_id=region_id,
        municipality_id=municipality_id,
        unit_id=unit_id,
        valid_from=valid_from or timezone.localdate(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action="role.assign",
        target=person,
        changes={"role": role, "place": str(place) if place else "nation"},
        region_id=region_id,
        municipality_id=municipality_id,
    )
    forget_roles(person)
    people_listing_refresh(user_ids=[person.pk])
    return assignment


@transaction.atomic
def role_end(*, actor: Any, assignment: RoleAssignment) -> RoleAssignment:
    """End a role today. The row stays as history."""
    if not can_assign(
        actor,
        role=assignment.role,
        region_id=assignment.region_id,
        municipality_id=assignment.municipality_id,
        unit_id=assignment.unit_id,
    ):
        raise PermissionDenied(_("You may not change that role."))
    # Ending a role changes the person: a k-admin may not strip a regional admin of a staff role.
    _require_manage(actor, assignment.user)
    today = timezone.localdate()
    if not assignment.is_active_on(today):
        raise ValidationError(_("That role has already ended."))
    if assignment.user_id == actor.pk and assignment.role in (Role.SYSTEM_ADMIN,):
        raise ValidationError(_("You cannot end your own system administrator role."))
    assignment.valid_to = max(today, assignment.valid_from)
    assignment.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="role.end",
        target=assignment.user,
        changes={"role": assignment.role, "place": assignment.scope_name},
        region_id=assignment.region_id,
        municipality_id=assignment.municipality_id,
    )
    forget_roles(assignment.user)
    people_listing_refresh(user_ids=[assignment.user_id])
    return assignment


@transaction.atomic
def system_admin_bootstrap(
    *, username: str, password: str, first_name: str = "", last_name: str = "", email: str = ""
) -> User:
    """The first system administrator, made from the command line where no one can grant the role yet."""
    username = _check_username(username)
    person = User(username=username, first_name=first_name, last_name=last_name, email=_check_email(email))
    try:
        validate_password(password, user=person)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    person.set_password(password)
    person.save()
    RoleAssignment.objects.create(user=person, role=Role.SYSTEM_ADMIN)
    people_listing_refresh(user_ids=[person.pk])
    audit_record(actor=None, action="person.create", target=person, changes={"role": Role.SYSTEM_ADMIN})
    return person


@transaction.atomic
def api_token_rotate(*, user: User) -> Token:
    """A new API key for the user; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=user, action="api_token.rotate", target=user)
    return token


@transaction.atomic
def api_token_revoke(*, user: User) -> None:
    if Token.objects.filter(user=user).delete()[0]:
        audit_record(actor=user, action="api_token.revoke", target=user)


def _require_manage(actor: Any, person: User) -> None:
    from yrkesresan.core import policy

    if not policy.can(actor, "people.manage", person):
        raise PermissionDenied(_("You may not change this person."))

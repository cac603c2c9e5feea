"""People and their roles. One account per person; a role is always held *somewhere*.

A ``RoleAssignment`` ties a person to a role at a scope: the nation (no organisation),
a region, a municipality or a unit. Narrower scopes also carry the wider ones (a unit
assignment has its municipality and region filled in), so "is this inside that" is
a plain column comparison. Ending a role sets ``valid_to``; rows are never deleted, so
a person who moves between municipalities keeps their history.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yrkesresan.organisations.models import Municipality, Region, Unit


class User(AbstractUser):
    """A person. The username is enough to sign in; e-mail is optional."""

    email = models.EmailField(_("e-mail address"), blank=True)
    #: Name, username and e-mail case-folded in Python, so that search ignores case for å, ä and ö
    #: on every database (SQLite folds ASCII only). Derived from this row's own fields in save().
    search_text = models.CharField(max_length=700, blank=True, editable=False)

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["last_name", "first_name"], name="user_name_idx")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @staticmethod
    def make_search_text(*parts: str) -> str:
        return " ".join(p for p in parts if p).casefold()

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = self.make_search_text(self.first_name, self.last_name, self.username, self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class Role(models.TextChoices):
    STAFF = "staff", _("Staff member")
    MANAGER = "manager", _("Manager")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal admin")
    TRAINER = "trainer", _("Trainer")
    REGIONAL_PROJECT_LEADER = "regional_project_leader", _("Regional project leader")
    REGIONAL_ADMIN = "regional_admin", _("Regional administrator")
    NATIONAL_EDITOR = "national_editor", _("National editor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


class ScopeLevel(models.TextChoices):
    NATION = "nation", _("Nation")
    REGION = "region", _("Region")
    MUNICIPALITY = "municipality", _("Municipality")
    UNIT = "unit", _("Unit")


#: Where each role may be held. A manager leads one or more units, or a whole municipality.
ROLE_SCOPES: dict[str, tuple[str, ...]] = {
    Role.STAFF: (ScopeLevel.UNIT,),
    Role.MANAGER: (ScopeLevel.UNIT, ScopeLevel.MUNICIPALITY),
    Role.MUNICIPAL_ADMIN: (ScopeLevel.MUNICIPALITY,),
    Role.TRAINER: (ScopeLevel.MUNICIPALITY,),
    Role.REGIONAL_PROJECT_LEADER: (ScopeLevel.REGION,),
    Role.REGIONAL_ADMIN: (ScopeLevel.REGION,),
    Role.NATIONAL_EDITOR: (ScopeLevel.NATION,),
    Role.SYSTEM_ADMIN: (ScopeLevel.NATION,),
}


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self, on: datetime.date | None = None) -> RoleAssignmentQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on), valid_from__lte=on)


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField(_("from"), default=timezone.localdate)
    valid_to = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The first day the role no longer applies.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("role assignment")
        indexes = [
            models.Index(fields=["municipality", "user"], name="ra_municipality_user"),
            models.Index(fields=["region", "user"], name="ra_region_user"),
            models.Index(fields=["unit", "user"], name="ra_unit_user"),
            models.Index(fields=["user", "valid_to"], name="ra_user_valid_to"),
        ]
        constraints = [
            # The scope columns must match the role (see ROLE_SCOPES), wider columns filled in.
            models.CheckConstraint(
                name="ra_scope_matches_role",
                condition=(
                    Q(role="staff", unit__isnull=False, municipality__isnull=False, region__isnull=False)
                    | Q(role="manager", municipality__isnull=False, region__isnull=False)
                    | Q(
                        role__in=["municipal_admin", "trainer"],
                        unit__isnull=True,
                        municipality__isnull=False,
                        region__isnull=False,
                    )
                    | Q(
                        role__in=["regional_project_leader", "regional_admin"],
                        unit__isnull=True,
                        municipality__isnull=True,
                        region__isnull=False,
                    )
                    | Q(
                        role__in=["national_editor", "system_admin"],
                        unit__isnull=True,
                        municipality__isnull=True,
                        region__isnull=True,
                    )
                ),
            ),
            models.CheckConstraint(
                name="ra_valid_to_not_before_from",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.scope_name}"

    @property
    def scope_level(self) -> str:
        if self.unit_id:
            return ScopeLevel.UNIT
        if self.municipality_id:
            return ScopeLevel.MUNICIPALITY
        if self.region_id:
            return ScopeLevel.REGION
        return ScopeLevel.NATION

    @property
    def scope_name(self) -> str:
        if self.unit_id:
            return f"{self.unit.name}, {self.municipality.name}"
        if self.municipality_id:
            return str(self.municipality.name)
        if self.region_id:
            return str(self.region.name)
        return str(_("Nationally"))

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)

"""People and their roles. One account per person; a role is always held *somewhere*.

A ``RoleAssignment`` ties a person to a role at a scope: the nation (no organisation),
a region, a municipality or a unit. Narrower scopes also carry the wider ones (a unit
assignment has its municipality and region filled in), so "is this inside that" is
a plain column comparison. Ending a role sets ``valid_to``; rows are never deleted, so
a person who moves between municipalities keeps their history.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
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
            # "Who holds an active role in this place" is answered from the index alone (docs/benchmarks.md).
            models.Index(fields=["municipality", "user", "valid_from", "valid_to"], name="ra_municipality_user"),
            models.Index(fields=["region", "user", "valid_from", "valid_to"], name="ra_region_user"),
            models.Index(fields=["unit", "user", "valid_from", "valid_to"], name="ra_unit_user"),
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
        if self.unit is not None and self.municipality is not None:
            return f"{self.unit.name}, {self.municipality.name}"
        if self.municipality is not None:
            return str(self.municipality.name)
        if self.region is not None:
            return str(self.region.name)
        return str(_("Nationally"))

    def is_active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to > day)


class PlaceLevel(models.IntegerChoices):
    NATION = 0, _("Nation")
    REGION = 1, _("Region")
    MUNICIPALITY = 2, _("Municipality")
    UNIT = 3, _("Unit")


class PersonPlace(models.Model):
    """A read model for the people lists: one row for every place a person belongs to today.

    Every person has a row for the nation; an active role adds rows for its region, its
    municipality and its unit. Each row copies what a list sorts and searches by, so that
    "the active people of this municipality, sorted by name, page 3" is one range of one
    index instead of a join over the whole nation. Kept current by ``accounts.listing``,
    which the services call whenever a person or a role changes, and once a day for roles
    that start or end by date (docs/decisions/0006-people-listing.md).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(choices=PlaceLevel.choices)
    place_id = models.BigIntegerField()
    is_active = models.BooleanField()
    sort_key = models.CharField(max_length=320)
    search_text = models.CharField(max_length=700)

    class Meta:
        constraints = [
            # Leads with the person: serves the refresh's "delete this person's rows" as well.
            models.UniqueConstraint(fields=["user", "level", "place_id"], name="person_place_once"),
        ]
        indexes = [
            # A place's people in list order; with the search text in the index, paging a search reads
            # the index alone. is_active comes after the sort key: SQLite cannot use a bare boolean
            # condition as an equality, and would otherwise sort the whole place (docs/benchmarks.md).
            models.Index(
                fields=["level", "place_id", "sort_key", "user", "is_active", "search_text"], name="person_place_list"
            ),
            # Counting a place's people reads this narrow index.
            models.Index(fields=["level", "place_id", "is_active"], name="person_place_count"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.get_level_display()} {self.place_id}"

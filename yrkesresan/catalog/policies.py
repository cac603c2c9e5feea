"""Who may see and edit the catalog: every signed-in person reads it; national editors
edit their own journey; system admins edit all and appoint the editors."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, has_role, is_system_admin
from yrkesresan.core import policy

from .models import (
    Audience,
    ChecklistItem,
    Course,
    InfoPage,
    Journey,
    JourneyEditor,
    LearningObjective,
    Level,
    PreparationTask,
)

_CACHE_ATTR = "_yr_edited_journeys"


def edited_journey_ids(user: Any) -> frozenset[int]:
    """Journeys the user edits today: a JourneyEditor row *and* an active national-editor role."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        if has_role(user, Role.NATIONAL_EDITOR):
            cached = frozenset(JourneyEditor.objects.filter(user_id=user.pk).values_list("journey_id", flat=True))
        else:
            cached = frozenset()
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_edited_journeys(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _journey_id(obj: Any) -> int | None:
    if isinstance(obj, Journey):
        return obj.pk
    if isinstance(obj, Level | Course):
        return obj.journey_id
    if isinstance(obj, PreparationTask | ChecklistItem):
        return obj.course.journey_id
    return None


def can_edit(actor: Any, obj: Any) -> bool:
    if is_system_admin(actor):
        return True
    journey_id = _journey_id(obj)
    return journey_id is not None and journey_id in edited_journey_ids(actor)


def _everyone(user: Any, qs: QuerySet) -> QuerySet:
    return qs


def _editors(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(user_id=user.pk)


for model in (Journey, Level, LearningObjective, Course, PreparationTask, ChecklistItem):
    policy.register_visibility(model, _everyone)
policy.register_visibility(JourneyEditor, _editors)

#: Who reads the programme's information pages for managers and for trainers (the editors, too).
_MANAGER_READERS = (Role.MANAGER, Role.MUNICIPAL_ADMIN, *REGIONAL_ROLES, Role.SYSTEM_ADMIN, Role.NATIONAL_EDITOR)
_TRAINER_READERS = (Role.TRAINER, *REGIONAL_ROLES, Role.SYSTEM_ADMIN, Role.NATIONAL_EDITOR)


def _info_pages(user: Any, qs: QuerySet) -> QuerySet:
    audiences = [Audience.EVERYONE]
    if has_role(user, *_MANAGER_READERS):
        audiences.append(Audience.MANAGERS)
    if has_role(user, *_TRAINER_READERS):
        audiences.append(Audience.TRAINERS)
    return qs.filter(audience__in=audiences)


policy.register_visibility(InfoPage, _info_pages)
policy.register_rule("info.view", lambda actor, obj: True)
policy.register_rule("info.edit", lambda actor, obj: has_role(actor, Role.SYSTEM_ADMIN, Role.NATIONAL_EDITOR))

policy.register_rule("catalog.view", lambda actor, obj: True)
policy.register_rule("catalog.edit", can_edit)
policy.register_rule("catalog.edit_some", lambda actor, obj: is_system_admin(actor) or bool(edited_journey_ids(actor)))
policy.register_rule("catalog.appoint_editors", lambda actor, obj: is_system_admin(actor))

"""Writing the audit trail. Services call ``audit_record`` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent

_labels: dict[str, Any] = {}


def register_action_labels(labels: dict[str, Any]) -> None:
    """Apps name their audit actions for people to read ("role.assign" → "Role given")."""
    _labels.update(labels)


def action_label(action: str) -> str:
    return str(_labels.get(action, action))


_field_labels: dict[str, Any] = {}


def register_field_labels(labels: dict[str, Any]) -> None:
    """Apps name the fields their audit events record ("first_name" → "First name")."""
    _field_labels.update(labels)


def change_rows(changes: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """An event's changes for people to read: (field, old, new); old is None for a plain value."""
    rows = []
    for key, value in changes.items():
        label = str(_field_labels.get(key, key))
        if isinstance(value, list) and len(value) == 2:
            rows.append((label, value[0], value[1]))
        else:
            rows.append((label, None, value))
    return rows


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    changes: dict[str, Any] | None = None,
    region_id: int | None = None,
    municipality_id: int | None = None,
) -> AuditEvent:
    name = ""
    if actor is not None:
        name = actor.get_full_name() or actor.get_username()
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=name,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_repr=str(target)[:300],
        changes=_jsonable(changes or {}),
        region_id=region_id,
        municipality_id=municipality_id,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)

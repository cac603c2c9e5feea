"""The one place that decides who may see and do what.

Each domain app registers, for its own models, how to narrow a queryset to what an
actor may see (``visible``) and which actions an actor may take on an object (``can``).
Views, exports, API handlers and selectors ask here and nowhere else, so a rule has
one home. ``core`` itself knows no domain app: the apps register in ``ready()``.

Two answers an object lookup can give: 404 when the object is missing *or* outside
the actor's scope (so ids leak nothing), 403 when it is visible but the action is not
allowed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

VisibleFn = Callable[[Any, QuerySet], QuerySet]
RuleFn = Callable[[Any, Any], bool]

_visible: dict[type[Model], VisibleFn] = {}
_rules: dict[str, RuleFn] = {}


def register_visibility(model: type[Model], fn: VisibleFn) -> None:
    if model in _visible and _visible[model] is not fn:
        raise ImproperlyConfigured(f"Visibility for {model.__name__} is registered twice.")
    _visible[model] = fn


def register_rule(action: str, fn: RuleFn) -> None:
    if action in _rules and _rules[action] is not fn:
        raise ImproperlyConfigured(f"The rule {action!r} is registered twice.")
    _rules[action] = fn


def visible(actor: Any, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` to the rows ``actor`` may see. Anonymous actors see nothing."""
    try:
        fn = _visible[queryset.model]
    except KeyError:
        raise ImproperlyConfigured(f"No visibility policy is registered for {queryset.model.__name__}.") from None
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return queryset.none()
    return fn(actor, queryset)


def can(actor: Any, action: str, obj: Any = None) -> bool:
    """May ``actor`` take ``action`` (on ``obj``)? Unknown actions are a programming error."""
    try:
        rule = _rules[action]
    except KeyError:
        raise ImproperlyConfigured(f"No rule is registered for the action {action!r}.") from None
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    return bool(rule(actor, obj))


def require(actor: Any, action: str, obj: Any = None) -> None:
    if not can(actor, action, obj):
        raise PermissionDenied(action)


def get_visible_or_404(actor: Any, queryset: QuerySet, **lookup: Any) -> Any:
    """The scoped getter: one answer, 404, for both "does not exist" and "not yours"."""
    try:
        return visible(actor, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def registered_actions() -> list[str]:
    return sorted(_rules)

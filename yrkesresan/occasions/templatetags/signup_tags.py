"""The sign-up box, for any page that shows an occasion: ``{% load signup_tags %}{% signup_box occasion %}``."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import signup as selectors

register = template.Library()


@register.inclusion_tag("occasions/signup/_box.html", takes_context=True)
def signup_box(context: template.Context, occasion: Any) -> dict[str, Any]:
    """Where the signed-in person stands on the occasion, with what they can do about it."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    box = None
    if user is not None and getattr(user, "is_authenticated", False):
        box = selectors.signup_box(actor=user, occasion=occasion)
    return {
        "box": box,
        "occasion": occasion,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "here": request.get_full_path() if request is not None else "",
    }

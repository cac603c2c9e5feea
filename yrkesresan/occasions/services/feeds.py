"""The personal calendar feed: a secret address per person for subscribing to their course days."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction

from yrkesresan.core.audit import audit_record

from ..models import CalendarFeed


@transaction.atomic
def calendar_feed_renew(*, actor: Any) -> CalendarFeed:
    """Give the person a new secret calendar address. The old one (if any) stops working at once, so a
    person who shared their address by mistake can take it back."""
    feed = CalendarFeed.objects.select_for_update().filter(user_id=actor.pk).first()
    token = secrets.token_urlsafe(32)
    if feed is None:
        feed = CalendarFeed.objects.create(user_id=actor.pk, token=token)
        action = "calendar_feed.create"
    else:
        feed.token = token
        feed.save(update_fields=["token", "created_at"])
        action = "calendar_feed.renew"
    audit_record(actor=actor, action=action, target=feed)
    return feed

"""Sending e-mail from services: queued for the worker once the transaction commits."""

from __future__ import annotations

from django.db import transaction

from .tasks import send_email_task


def email_send_later(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    from_email: str | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> None:
    """Queue an e-mail for the worker once the transaction commits. ``attachments``: (file name, text, MIME type)."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_email_task(
            subject=subject, body=body, to=recipients, html=html, from_email=from_email, attachments=attachments
        )
    )

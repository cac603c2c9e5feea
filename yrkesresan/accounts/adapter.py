"""django-allauth, adapted: no self sign-up, and e-mail goes through the background worker."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from yrkesresan.core.email import email_send_later


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts are created by managers and admins in their own scope.
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = None
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = content
        email_send_later(
            subject=message.subject, body=message.body, to=list(message.to), html=html, from_email=message.from_email
        )

"""Writes that belong to no domain app."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .email import email_send_later
from .models import AccessibilityReport


@transaction.atomic
def accessibility_report_create(*, description: str, page_url: str = "", contact: str = "") -> AccessibilityReport:
    """Store a reported accessibility defect and tell the people who handle them."""
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": _("Describe what did not work.")})
    report = AccessibilityReport.objects.create(
        description=description[:5000], page_url=page_url[:500], contact=contact[:200]
    )
    email_send_later(
        subject=_("Accessibility defect reported"),
        body=f"{report.page_url or '-'}\n\n{report.description}\n\n{report.contact or '-'}",
        to=[settings.ACCESSIBILITY_CONTACT_EMAIL],
    )
    return report

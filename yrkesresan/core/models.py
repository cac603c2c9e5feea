from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only line of the audit trail: who did what to which object, and when.

    ``region_id`` and ``municipality_id`` say where the change belongs, so that a
    regional administrator sees the events of their own region only. They are plain
    integers because ``core`` knows no domain app.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(max_length=60)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    region_id = models.BigIntegerField(null=True, blank=True)
    municipality_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["region_id", "-at"], name="audit_region_at"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.target_repr}"


class AccessibilityReport(models.Model):
    """A defect in accessibility that a visitor reported from the accessibility statement."""

    at = models.DateTimeField(auto_now_add=True)
    page_url = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("what did not work"))
    contact = models.CharField(_("how can we reach you (optional)"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.page_url}"

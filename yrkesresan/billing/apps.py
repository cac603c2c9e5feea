from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "yrkesresan.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels

        from . import policies  # noqa: F401
        from .views import bases, setup

        for pages in (setup, bases):
            pages.register()

        register_action_labels(
            {
                "fee_schedule.save": _("Fee schedule saved"),
                "invoice_basis.create": _("Invoicing basis drafted"),
                "invoice_basis.delete": _("Draft invoicing basis removed"),
                "invoice_basis.issue": _("Invoicing basis issued"),
                "trainer_pot.issue": _("Trainer pot issued"),
                "regional_cost.save": _("Regional fixed costs saved"),
                "population.save": _("Population saved"),
                "population.import": _("Population imported"),
            }
        )

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "yrkesresan.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from yrkesresan.core.audit import register_action_labels
        from yrkesresan.core.navigation import Entry, register_entry

        register_action_labels({"unit.create": _("Unit added"), "unit.update": _("Unit changed")})

        register_entry(
            Entry(
                key="organisations",
                label=_("Organisations"),
                order=20,
                url_name="organisation_index",
                action="organisations.view",
                description=_("The municipalities and units you administer, with their population."),
            )
        )

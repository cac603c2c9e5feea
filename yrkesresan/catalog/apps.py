from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "yrkesresan.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from yrkesresan.core.navigation import Entry, register_entry

        from . import policies  # noqa: F401

        register_entry(
            Entry(
                key="catalog",
                label=_("Journeys and courses"),
                order=30,
                url_name="catalog_index",
                action="catalog.view",
                description=_(
                    "The five journeys, their levels and learning objectives, and every course with its preparation."
                ),
            )
        )

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yrkesresan.core"
    label = "core"
    verbose_name = "Core"

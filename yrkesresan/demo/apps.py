from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data and the national-scale generator. Sits above every domain app; nothing imports it."""

    name = "yrkesresan.demo"
    label = "demo"

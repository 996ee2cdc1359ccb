from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo county generator. Like stats, it reads and writes every app; no app imports it."""

    name = "fanzha.demo"

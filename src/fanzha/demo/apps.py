from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo county generator. Like stats, it reads and writes every app; no app imports it."""

    name = "fanzha.demo"
    verbose_name = _("演示数据")

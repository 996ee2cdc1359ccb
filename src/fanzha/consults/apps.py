from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultsConfig(AppConfig):
    name = "fanzha.consults"
    verbose_name = _("群众咨询")

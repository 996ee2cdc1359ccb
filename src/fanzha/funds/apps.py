from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "fanzha.funds"
    verbose_name = _("止付与返还")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "fanzha.people"
    verbose_name = _("人口与单位")

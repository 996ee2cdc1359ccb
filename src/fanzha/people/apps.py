from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "fanzha.people"
    verbose_name = _("人口与单位")

    def ready(self) -> None:
        from fanzha.core.importing import register_importer
        from fanzha.people.importers import people_import_file

        register_importer("residents", people_import_file)

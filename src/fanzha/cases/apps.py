from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "fanzha.cases"
    verbose_name = _("案件与追责")

    def ready(self) -> None:
        from fanzha.cases.importers import import_file
        from fanzha.core.importing import register_importer

        register_importer("cases", import_file)

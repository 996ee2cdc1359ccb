from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "fanzha.outreach"
    verbose_name = _("宣防")

    def ready(self) -> None:
        from fanzha.core.importing import register_importer
        from fanzha.outreach.registrations import registrations_import_file

        register_importer("app_registrations", registrations_import_file)

        from fanzha.notify.owners import register_owner_choices
        from fanzha.outreach.selectors import channel_owner_choices

        register_owner_choices(channel_owner_choices)

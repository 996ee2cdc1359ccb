from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "fanzha.alerts"
    verbose_name = _("预警处置")

    def ready(self) -> None:
        from fanzha.accounts.models import User
        from fanzha.alerts.importers import alerts_import_file
        from fanzha.alerts.models import DeadlinePolicy
        from fanzha.alerts.routing import directory_changed
        from fanzha.core.importing import register_importer
        from fanzha.places.models import Assignment, County, Grid, PoliceStation, Township, Village

        # Routing keeps places, staff and deadlines in memory; a change must reach it at once.
        for model in (County, Township, Village, Grid, PoliceStation, Assignment, DeadlinePolicy, User):
            name = model.__name__
            post_save.connect(directory_changed, sender=model, dispatch_uid=f"alerts-directory-save-{name}")
            post_delete.connect(directory_changed, sender=model, dispatch_uid=f"alerts-directory-delete-{name}")
        m2m_changed.connect(
            directory_changed, sender=PoliceStation.townships.through, dispatch_uid="alerts-directory-station-townships"
        )
        register_importer("alerts", alerts_import_file)

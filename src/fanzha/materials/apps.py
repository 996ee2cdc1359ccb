from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaterialsConfig(AppConfig):
    name = "fanzha.materials"
    verbose_name = _("宣传素材与案例")

    def ready(self) -> None:
        from fanzha.detection.extra_rules import register_provider
        from fanzha.materials.techniques import published_rules

        register_provider(published_rules)

from django.apps import AppConfig


class ConsultsConfig(AppConfig):
    name = "fanzha.consults"

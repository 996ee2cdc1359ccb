from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "fanzha.notify"

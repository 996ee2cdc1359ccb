import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
django_application = get_wsgi_application()

from fanzha.views import live_stamps_app  # noqa: E402  (after setup: it reads the settings)

application = live_stamps_app(django_application)

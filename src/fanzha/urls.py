from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from fanzha import views
from fanzha.api.urls import api
from fanzha.core.permissions import public

urlpatterns = [
    # First: the API takes the most requests (alert intake), and URLs are tried in order.
    path("api/v1/", api.urls),
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("fanzha.accounts.urls")),
    path("core/", include("fanzha.core.urls")),
    path("people/", include("fanzha.people.urls")),
    path("alerts/", include("fanzha.alerts.urls")),
    path("funds/", include("fanzha.funds.urls")),
    path("notify/", include("fanzha.notify.urls")),
    path("outreach/", include("fanzha.outreach.urls")),
    path("cases/", include("fanzha.cases.urls")),
    path("stats/", include("fanzha.stats.urls")),
    path("", include("fanzha.consults.urls")),  # public /consult/ and staff /consults/
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

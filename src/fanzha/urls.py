"""The site's URLs: every app's pages, and the API under /api/v1/ assembled from each app's router."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language
from ninja import NinjaAPI

from fanzha import views
from fanzha.accounts.api_auth import ActionToken, signed_in_only_in_production
from fanzha.alerts.api import router as alerts_router
from fanzha.cases.api import router as cases_router
from fanzha.consults.api import router as consults_router
from fanzha.core.api.errors import install_error_handlers
from fanzha.core.permissions import public
from fanzha.funds.api import router as funds_router
from fanzha.materials.api import router as materials_router
from fanzha.notify.api import router as notify_router
from fanzha.outreach.api import router as outreach_router
from fanzha.people.api import router as people_router
from fanzha.places.api import router as places_router
from fanzha.stats.api import router as stats_router

# The API under /api/v1/: each app contributes a router; only this file assembles them.
api = NinjaAPI(
    title="Fanzha 反诈安全网 API",
    version="1",
    urls_namespace="api",
    # Each operation names the policy's action it needs (auth=ActionToken("case.read")); one that names
    # none is refused to everyone.
    auth=ActionToken(None),
    # The schema and its page describe the API and hold no data: no action; in production they are for
    # a signed-in user or a token holder (API_DOCS_PUBLIC opens them).
    docs_decorator=lambda view: public(signed_in_only_in_production(view)),
    description=(
        "Bearer token (`Authorization: Bearer <token>`), acting with its owner's current role and "
        "jurisdiction; errors are `{detail, code}` with a 4xx status: 401 without a live token; 403 the "
        "owner's role may not take the operation's action; 404 not found or outside the jurisdiction (also "
        "an object the body names); 409 the record's state forbids it; 422 the request does not match this "
        "schema (`errors` lists the fields); 400 it matches but breaks a rule of the domain a schema cannot "
        "state — a time after now, a return larger than what was stopped — named in `detail`."
    ),
)
install_error_handlers(api)
api.add_router("/places/", places_router)
api.add_router("/", people_router)
api.add_router("/", alerts_router)
api.add_router("/", funds_router)
api.add_router("/", consults_router)
api.add_router("/", notify_router)
api.add_router("/", outreach_router)
api.add_router("/", cases_router)
api.add_router("/", materials_router)
api.add_router("/stats/", stats_router)

urlpatterns = [
    # First: the API takes the most requests (alert intake), and URLs are tried in order.
    path("api/v1/", api.urls),
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("live/", views.live_stamps, name="live"),
    path("accounts/", include("fanzha.accounts.urls")),
    path("core/", include("fanzha.core.urls")),
    path("people/", include("fanzha.people.urls")),
    path("alerts/", include("fanzha.alerts.urls")),
    path("funds/", include("fanzha.funds.urls")),
    path("notify/", include("fanzha.notify.urls")),
    path("outreach/", include("fanzha.outreach.urls")),
    path("cases/", include("fanzha.cases.urls")),
    path("materials/", include("fanzha.materials.urls")),
    path("stats/", include("fanzha.stats.urls")),
    path("", include("fanzha.consults.urls")),  # public /consult/ and staff /consults/
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

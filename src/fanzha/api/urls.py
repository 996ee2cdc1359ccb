"""The API under /api/v1/: each app contributes a router; this file only assembles them."""

from __future__ import annotations

from ninja import NinjaAPI

from fanzha.alerts.api import router as alerts_router
from fanzha.api.auth import BearerToken, signed_in_only_in_production
from fanzha.api.errors import install_error_handlers
from fanzha.cases.api import router as cases_router
from fanzha.consults.api import router as consults_router
from fanzha.funds.api import router as funds_router
from fanzha.notify.api import router as notify_router
from fanzha.outreach.api import router as outreach_router
from fanzha.people.api import router as people_router
from fanzha.places.api import router as places_router
from fanzha.stats.api import router as stats_router

api = NinjaAPI(
    title="Fanzha 反诈安全网 API",
    version="1",
    urls_namespace="api",
    auth=BearerToken(),
    docs_decorator=signed_in_only_in_production,
    description=(
        "Bearer token (`Authorization: Bearer <token>`); errors are `{detail, code}` with a 4xx status: "
        "401 no or a bad token; 403 your role may not; 404 not found or outside your jurisdiction (also an "
        "object the body names); 409 the record's state forbids it; 422 the request does not match this "
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
api.add_router("/stats/", stats_router)

"""Project-level pages that gather from several apps: the role-fitted home page and the health check."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render

from fanzha.accounts.policy import can
from fanzha.alerts import selectors as alert_selectors
from fanzha.alerts.selectors import Sections, board_counts, tasks_for
from fanzha.core.models import Heartbeat
from fanzha.core.permissions import action_required, public
from fanzha.funds import selectors as funds_selectors
from fanzha.funds.selectors import totals_for as funds_totals
from fanzha.notify import selectors as notify_selectors
from fanzha.people.models import Household, Resident
from fanzha.places.models import Village
from fanzha.places.scoping import scoped

TASKS_ON_HOME = 8


@action_required("home.read")
def home(request: HttpRequest) -> HttpResponse:
    """What needs doing first: open alerts against their deadlines (the officer's own tasks, or the
    counts a duty operator or chief steers by), money held by stop-payments, then the area's registry."""
    user: Any = request.user
    villages = (
        scoped(Village.objects.select_related("township"), user)
        .annotate(
            resident_count=Count("residents", distinct=True),
            registered=Count("residents", filter=Q(residents__app_registered_on__isnull=False), distinct=True),
        )
        .order_by("township_id", "id")
    )
    totals = {
        "residents": scoped(Resident.objects.all(), user).count(),
        "households": scoped(Household.objects.all(), user).count(),
    }
    context = {
        "villages": villages if not user.county_wide else None,
        "village_count": villages.count(),
        "totals": totals,
        "counts": board_counts(user=user),
        "tasks": _home_tasks(user) if can(user, "alert.tasks") else None,
        "funds": funds_totals(user=user) if can(user, "stop_payment.read") else None,
        "heartbeat": Heartbeat.objects.filter(name="scheduler").first(),
    }
    return render(request, "home.html", context)


def _home_tasks(user: Any) -> Sections:
    """The first few of 我的预警: what can still be saved, then the overdue."""
    work = tasks_for(user=user)
    live = work.live[:TASKS_ON_HOME]
    return Sections(live=live, overdue=list(work.overdue[: TASKS_ON_HOME - len(live)]))


# What a page can follow (data-live-topics on its regions, see static/fanzha/app.js), and how each
# topic's stamp is read. Alerts and funds are county-wide stamps: a change anywhere makes the pages
# fetch again, and each page then shows only what lies in its user's jurisdiction.
SHARED_TOPICS: dict[str, Callable[[], str]] = {
    "alerts": alert_selectors.live_stamp,
    "funds": funds_selectors.live_stamp,
}
# A shared stamp is read from the database at most once a second per process, however many pages ask.
SHARED_TTL = 1.0
_shared: dict[str, tuple[float, str]] = {}


def _shared_stamp(topic: str) -> str:
    now = time.monotonic()
    found = _shared.get(topic)
    if found is None or found[0] <= now:
        found = (now + SHARED_TTL, SHARED_TOPICS[topic]())
        _shared[topic] = found
    return found[1]


@action_required("home.read")
def live_stamps(request: HttpRequest) -> HttpResponseBase:
    """What open pages poll every few seconds: one stamp per topic asked (?topics=alerts,funds,notify).
    Unchanged since the page's last look (If-None-Match) → 304 with no body, the cheap answer that 300
    open pages get while nothing happens (benchmarks/bench_live_updates.py); changed → the stamps, and
    the page fetches its own regions again."""
    asked = [t for t in request.GET.get("topics", "").split(",") if t]
    stamps: dict[str, str] = {}
    for topic in asked:
        if topic in SHARED_TOPICS:
            stamps[topic] = _shared_stamp(topic)
        elif topic == "notify":
            stamps[topic] = notify_selectors.live_stamp(user=request.user)  # type: ignore[arg-type]
    body = json.dumps(stamps, sort_keys=True)
    etag = '"' + hashlib.blake2b(body.encode(), digest_size=8).hexdigest() + '"'
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponseBase = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    return response


@public
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = Heartbeat.objects.filter(name="scheduler").first()
    return JsonResponse({"ok": True, "scheduler_at": beat.at.isoformat() if beat else None})

"""Project-level pages that gather from several apps: the role-fitted home page and the health check."""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, parse_cookie
from django.shortcuts import render

from fanzha.accounts.live import user_id_of_pass
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
    tasks = _home_tasks(user) if can(user, "alert.tasks") else None
    context = {
        "villages": villages if not user.county_wide else None,
        "village_count": villages.count(),
        "totals": totals,
        "counts": board_counts(user=user),
        "tasks": tasks,
        "tasks_shown": len(tasks.live) + len(tasks.overdue) if tasks else 0,
        "funds": funds_totals(user=user) if can(user, "stop_payment.read") else None,
        "heartbeat": Heartbeat.objects.filter(name="scheduler").first(),
    }
    return render(request, "home.html", context)


def _home_tasks(user: Any) -> Sections:
    """The first few of 我的预警: what can still be saved, then the overdue."""
    work = tasks_for(user=user)
    live = work.live[:TASKS_ON_HOME]
    return Sections(live=live, overdue=work.overdue[: TASKS_ON_HOME - len(live)])


# What a page can follow (data-live-topics on its regions, see static/fanzha/app.js), and how each
# topic's stamp is read. Alerts and funds are county-wide stamps: a change anywhere makes the pages
# fetch again, and each page then shows only what lies in its user's jurisdiction.
SHARED_TOPICS: dict[str, Callable[[], str]] = {
    "alerts": alert_selectors.live_stamp,
    "funds": funds_selectors.live_stamp,
}
# Every inbox at once: a user's own inbox stamp is read again only when this one moved.
INBOXES = "inboxes"
SHARED_STAMPS: dict[str, Callable[[], str]] = {**SHARED_TOPICS, INBOXES: notify_selectors.live_stamp_all}
# A shared stamp is read from the database at most twice a second per process, however many pages ask
# (a change reaches a page polling every 3 s within 3.5 s, plus the fetch of its regions).
SHARED_TTL = 0.5
_shared: dict[str, tuple[float, str]] = {}
# user id → (the inboxes' stamp when the user's own was read, the user's own): while nobody's inbox
# changes, an open page's poll reads nothing from the database.
_inbox: dict[int, tuple[str, str]] = {}


def _shared_stamp(topic: str) -> str:
    now = time.monotonic()
    found = _shared.get(topic)
    if found is None or found[0] <= now:
        found = (now + SHARED_TTL, SHARED_STAMPS[topic]())
        _shared[topic] = found
    return found[1]


def _inbox_stamp(user_id: int) -> str:
    everyone = _shared_stamp(INBOXES)
    found = _inbox.get(user_id)
    if found is None or found[0] != everyone:
        found = (everyone, notify_selectors.live_stamp(user_id=user_id))
        _inbox[user_id] = found
    return found[1]


def _stamps(topics: list[str], user_id: int) -> dict[str, str]:
    stamps: dict[str, str] = {}
    for topic in topics:
        if topic in SHARED_TOPICS:
            stamps[topic] = _shared_stamp(topic)
        elif topic == "notify":
            stamps[topic] = _inbox_stamp(user_id)
    return stamps


def _stamps_answer(query: str, user_id: int, if_none_match: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """(status, headers, body): 304 with no body when the page's ETag still holds, else the stamps."""
    topics = [t for t in (parse_qs(query).get("topics") or [""])[0].split(",") if t]
    body = json.dumps(_stamps(topics, user_id), sort_keys=True).encode()
    etag = '"' + hashlib.blake2b(body, digest_size=8).hexdigest() + '"'
    headers = [("ETag", etag), ("Cache-Control", "private, no-cache"), ("X-Content-Type-Options", "nosniff")]
    if if_none_match == etag:
        return 304, headers, b""
    return 200, [*headers, ("Content-Type", "application/json"), ("Content-Length", str(len(body)))], body


@action_required("home.read")
def live_stamps(request: HttpRequest) -> HttpResponseBase:
    """What open pages poll every few seconds: one stamp per topic asked (?topics=alerts,funds,notify).
    Unchanged since the page's last look (If-None-Match) → 304 with no body; changed → the stamps, and
    the page fetches its own regions again. Pages carry a signed pass (accounts.live) that
    `live_stamps_app` answers before Django's middleware; this view answers the rest the same way."""
    status, headers, body = _stamps_answer(
        request.META.get("QUERY_STRING", ""), int(request.user.pk or 0), request.headers.get("If-None-Match", "")
    )
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


def live_stamps_app(django_app: Any) -> Any:
    """The WSGI application with GET /live/?pass=… answered in front of Django's middleware.

    300 open pages poll every 3 seconds: 100 requests a second that almost always answer 304. Through
    the middleware (session, user, second factor: three look-ups) they took about four times the CPU
    of this path (benchmarks/bench_live_updates.py), far past the 10 % of one core all of them may
    take. The signed pass, tied to the session cookie, stands for those look-ups; shared stamps are
    read at most twice a second per process, and a user's inbox stamp again only when some inbox
    changed. A request without a valid pass goes to Django, which answers it through the session
    (live_stamps) or refuses it."""

    def application(environ: dict[str, Any], start_response: Any) -> Any:
        if environ.get("PATH_INFO") != "/live/" or environ.get("REQUEST_METHOD") != "GET":
            return django_app(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        token = (parse_qs(query).get("pass") or [""])[0]
        session_key = parse_cookie(environ.get("HTTP_COOKIE", "")).get(settings.SESSION_COOKIE_NAME, "")
        user_id = user_id_of_pass(token, session_key) if token else None
        if user_id is None:
            return django_app(environ, start_response)
        try:
            status, headers, body = _stamps_answer(query, user_id, environ.get("HTTP_IF_NONE_MATCH", ""))
        except DatabaseError:
            connections.close_all()  # a connection that broke: Django's own request handling reconnects
            return django_app(environ, start_response)
        start_response(f"{status} {'OK' if status == 200 else 'Not Modified'}", headers)
        return [body]

    return application


@public
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = Heartbeat.objects.filter(name="scheduler").first()
    return JsonResponse({"ok": True, "scheduler_at": beat.at.isoformat() if beat else None})

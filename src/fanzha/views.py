"""Project-level pages that gather from several apps: the role-fitted home page and the health check."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fanzha.accounts.policy import can
from fanzha.alerts.selectors import board_counts, tasks_for
from fanzha.core.models import Heartbeat
from fanzha.core.permissions import action_required, public
from fanzha.funds.selectors import totals_for as funds_totals
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
        "tasks": list(tasks_for(user=user)[:TASKS_ON_HOME]) if can(user, "alert.tasks") else None,
        "funds": funds_totals(user=user) if can(user, "stop_payment.read") else None,
        "heartbeat": Heartbeat.objects.filter(name="scheduler").first(),
    }
    return render(request, "home.html", context)


@public
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = Heartbeat.objects.filter(name="scheduler").first()
    return JsonResponse({"ok": True, "scheduler_at": beat.at.isoformat() if beat else None})

"""Project-level pages that gather from several apps: the role-fitted home page and the health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from fanzha.core.models import Heartbeat
from fanzha.people.models import Household, Resident
from fanzha.places.models import Village
from fanzha.places.scoping import scoped


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
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
        "villages": villages if not user.county_wide else None,  # type: ignore[union-attr]
        "village_count": villages.count(),
        "totals": totals,
        "heartbeat": Heartbeat.objects.filter(name="scheduler").first(),
    }
    return render(request, "home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    beat = Heartbeat.objects.filter(name="scheduler").first()
    return JsonResponse({"ok": True, "scheduler_at": beat.at.isoformat() if beat else None})

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from fanzha.core.phones import normalize_phone_or_none
from fanzha.people.models import Household, Organisation, Resident
from fanzha.places.scoping import scoped


def resident_search(
    *,
    user: Any,
    q: str = "",
    township: int | None = None,
    village: int | None = None,
    key_group: str = "",
    registered: str = "",
) -> QuerySet[Resident]:
    """Residents in the user's scope. `q` matches a name prefix or a phone number (whole or last digits)."""
    qs = scoped(Resident.objects.select_related("village__township", "household"), user)
    q = q.strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        if digits and len(digits) >= 4:
            full = normalize_phone_or_none(q)
            qs = qs.filter(phone=full) if full else qs.filter(phone__endswith=digits)
        else:
            qs = qs.filter(Q(name__startswith=q) | Q(household__address__contains=q))
    if township:
        qs = qs.filter(village__township_id=township)
    if village:
        qs = qs.filter(village_id=village)
    if key_group:
        qs = qs.filter(key_groups__code=key_group)
    if registered == "yes":
        qs = qs.filter(app_registered_on__isnull=False)
    elif registered == "no":
        qs = qs.filter(app_registered_on__isnull=True)
    return qs.order_by("village_id", "id")


def households_for(*, user: Any, village: int | None = None) -> QuerySet[Household]:
    qs = scoped(Household.objects.select_related("village", "grid", "group"), user)
    if village:
        qs = qs.filter(village_id=village)
    return qs.order_by("village_id", "id")


def organisations_for(*, user: Any, q: str = "", kind: str = "", township: int | None = None) -> QuerySet[Organisation]:
    qs = scoped(Organisation.objects.select_related("township").prefetch_related("key_groups"), user)
    if q:
        qs = qs.filter(name__contains=q.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if township:
        qs = qs.filter(township_id=township)
    return qs.order_by("township_id", "name")

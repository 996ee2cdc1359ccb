from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet

from fanzha.core.phones import normalize_phone_or_none
from fanzha.people.models import Household, Organisation, Resident
from fanzha.places.scoping import scoped

# 住址 words: a search containing one of them looks in addresses, anything else is a name prefix.
_ADDRESS = re.compile(r"[组号村社区路街巷栋楼单元镇乡弄]|\d")
_PHONE_TEXT = re.compile(r"^[\d\s+()\-]+$")


def _name_prefix(q: str) -> Q:
    """name LIKE 'q%' as a range on the name index (LIKE cannot use it: SQLite's is case-insensitive
    and PostgreSQL's needs text_pattern_ops); startswith keeps the answer exact under any collation."""
    return Q(name__gte=q, name__lt=q + "\U0010ffff", name__startswith=q)


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
        if len(digits) >= 4 and _PHONE_TEXT.match(q):
            full = normalize_phone_or_none(q)
            if full:
                qs = qs.filter(phone=full)
            elif len(digits) == 4:
                qs = qs.filter(phone_last4=digits)  # an indexed generated column
            else:
                qs = qs.filter(phone__endswith=digits)
        elif _ADDRESS.search(q):
            qs = qs.filter(household__in=Household.objects.filter(address__contains=q).values("pk"))
        else:
            qs = qs.filter(_name_prefix(q))
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

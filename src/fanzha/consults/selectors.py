"""Reads of consultations, always through the user's jurisdiction (no village: county-wide roles only),
and what the public page shows about a village."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.routing import current_directory
from fanzha.consults.models import Consultation
from fanzha.core.phones import display_phone, normalize_phone_or_none
from fanzha.places.models import PoliceStation, Village
from fanzha.places.scoping import scoped

PERIODS: dict[str, tuple[Any, int | None]] = {
    "today": (_("今天"), None),
    "7d": (_("近7天"), 7),
    "30d": (_("近30天"), 30),
}


def consultations_for(
    *,
    user: Any,
    channel: str = "",
    fraud_type: str = "",
    high_risk: bool | None = None,
    period: str = "",
) -> QuerySet[Consultation]:
    qs = scoped(Consultation.objects.select_related("village", "township", "handled_by"), user)
    if channel:
        qs = qs.filter(channel=channel)
    if fraud_type:
        qs = qs.filter(fraud_type=fraud_type)
    if high_risk is not None:
        qs = qs.filter(high_risk=high_risk)
    if period in PERIODS:
        days = PERIODS[period][1]
        now = timezone.localtime()
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        if days is not None:
            start = now - timedelta(days=days)
        qs = qs.filter(created_at__gte=start)
    return qs.order_by("-created_at", "-id")


def public_villages() -> QuerySet[Village]:
    return Village.objects.select_related("township").order_by("township_id", "id")


@dataclass
class LocalPolice:
    name: str
    phone: str  # for display
    role: Any  # what to call them on the page


def local_police(village: Village | None) -> LocalPolice | None:
    """Whom the citizen can call: the village's community officer (as alerts route to them), else the
    duty phone of the station covering the township."""
    if village is None:
        return None
    staff = current_directory().staff.get(village.pk)
    officer = staff.officer if staff else None
    if officer is not None and officer.phone:
        phone = normalize_phone_or_none(officer.phone)
        return LocalPolice(officer.display_name, display_phone(phone) if phone else officer.phone, _("社区民警"))
    station = PoliceStation.objects.filter(townships=village.township_id).exclude(phone="").order_by("id").first()
    if station is not None:
        return LocalPolice(station.name, station.phone, _("派出所值班电话"))
    if officer is not None:
        return LocalPolice(officer.display_name, "", _("社区民警"))
    return None

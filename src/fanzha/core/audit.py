"""One function writes every audit entry: `log_action(obj, "resident.viewed", by=user)`."""

from __future__ import annotations

from typing import Any

from django.db import models

from fanzha.core.context import current_ip
from fanzha.core.models import AuditEntry


def object_label(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def log_action(
    obj: models.Model,
    action: str,
    *,
    by: Any = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    actor = by if by is not None and getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=object_label(obj),
        object_id=str(obj.pk),
        data=data or {},
        ip=ip or current_ip.get(),
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(object_type=object_label(obj), object_id=str(obj.pk)).select_related("actor")

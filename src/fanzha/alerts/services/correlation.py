"""Traces seen across counties: the same suspect account, phone, site or App in alerts of two or more
counties is flagged to the prefecture's centre with the list of alerts, as the second county's alert
is stored (one query per batch of alerts, and only in a deployment of several counties)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import Alert, CrossCountyTrace, Observable
from fanzha.alerts.routing.loader import current_directory
from fanzha.core.audit import log_action

# A trace older than this in the other county is history, not a running scam.
WINDOW_DAYS = 90


def traces_correlate(observables: Iterable[Observable]) -> list[CrossCountyTrace]:
    """Flag the traces among `observables` (just stored) that alerts of two or more counties share;
    returns the traces flagged or grown now."""
    directory = current_directory()
    if not directory.several_counties:
        return []
    pairs = {(o.kind, o.value) for o in observables}
    if not pairs:
        return []
    wanted = Q()
    for kind, value in pairs:
        wanted |= Q(kind=kind, value=value)
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    counties: dict[tuple[str, str], set[int]] = defaultdict(set)
    rows = (
        Observable.objects.filter(wanted, alert__received_at__gte=since, alert__county__isnull=False)
        .values_list("kind", "value", "alert__county_id")
        .distinct()
    )
    for kind, value, county_id in rows:
        counties[(kind, value)].add(county_id)
    flagged = []
    now = timezone.now()
    for (kind, value), seen_in in counties.items():
        if len(seen_in) < 2:
            continue
        trace, created = CrossCountyTrace.objects.get_or_create(
            kind=kind,
            value=value,
            defaults={"county_ids": sorted(seen_in), "first_flagged_at": now, "last_flagged_at": now},
        )
        if not created:
            if set(trace.county_ids) >= seen_in:
                continue
            trace.county_ids = sorted(seen_in | set(trace.county_ids))
            trace.last_flagged_at = now
            trace.save(update_fields=["county_ids", "last_flagged_at"])
        _tell(trace, directory.county_names)
        log_action(trace, "trace.cross_county", by=None, data={"counties": trace.county_ids})
        flagged.append(trace)
    return flagged


def _tell(trace: CrossCountyTrace, county_names: dict[int, str]) -> None:
    from fanzha.notify.services import Message, notify

    names = "、".join(county_names.get(pk, str(pk)) for pk in trace.county_ids)
    alerts = list(trace.alerts().values_list("external_id", "county_id")[:20])
    lines = [f"{county_names.get(county_id, '')}：{external_id}" for external_id, county_id in alerts]
    notify(
        event_key=f"trace:{trace.pk}:counties:{len(trace.county_ids)}",
        message=Message(
            subject=_("【串并】%(kind)s出现在%(n)s个县的预警中")
            % {"kind": trace.get_kind_display(), "n": len(trace.county_ids)},
            body=_("%(kind)s %(value)s 出现在%(names)s的预警中，请州反诈中心串并研判：\n%(alerts)s")
            % {"kind": trace.get_kind_display(), "value": trace.value, "names": names, "alerts": "\n".join(lines)},
            link=f"/alerts/cross-county/{trace.pk}/",
        ),
        users=User.objects.filter(role=Role.PREFECTURE_OPERATOR, is_active=True),
    )


def alerts_with_trace(trace: CrossCountyTrace) -> list[Alert]:
    return list(trace.alerts().select_related("county", "township")[:200])

"""Reading the period and the place filters from a request, the same way for the pages and the API."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.core.params import FIRST_DAY, LAST_DAY, id_or_none
from fanzha.detection.taxonomy import FRAUD_CODES
from fanzha.places.models import County
from fanzha.places.scoping import jurisdiction_of
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope


class FilterError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _day(params: Mapping[str, Any], name: str) -> date | None:
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise FilterError(name, _("日期格式应为“年-月-日”，如 2025-08-31")) from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise FilterError(name, _("日期应在 %(first)s 至 %(last)s 之间") % {"first": FIRST_DAY, "last": LAST_DAY})
    return day


def _id(params: Mapping[str, Any], name: str) -> int | None:
    raw = str(params.get(name) or "").strip()
    if not raw:
        return None
    value = id_or_none(raw)
    if value is None:
        raise FilterError(name, _("应为编号"))
    return value


def period_from(params: Mapping[str, Any], *, required: bool = False) -> Period:
    """start/end as YYYY-MM-DD, both days included; by default this month up to today (Shanghai)."""
    start, end = _day(params, "start"), _day(params, "end")
    if required:
        for name, value in (("start", start), ("end", end)):
            if value is None:
                raise FilterError(name, _("必填"))
    today = timezone.localdate()
    end = end or today
    start = start or end.replace(day=1)
    if end < start:
        raise FilterError("end", _("结束日期不能早于开始日期"))
    if (end - start).days > 366 * 10:
        raise FilterError("start", _("统计期不能超过十年"))
    return Period(start, end)


def counties_of(user: Any) -> QuerySet[County]:
    """The counties whose figures the user may see: every county for the prefecture's roles (and in a
    deployment of one county for its centre), a county centre's or leader's own, and the counties of
    the townships and villages a station or village user is assigned to."""
    counties = County.objects.order_by("code", "id")
    if user is None:
        return counties
    j = jurisdiction_of(user)
    if j.everything:
        return counties
    return counties.filter(
        Q(pk__in=j.county_ids) | Q(townships__id__in=j.township_ids) | Q(townships__villages__id__in=j.village_ids)
    ).distinct()


def county_from(params: Mapping[str, Any], user: Any) -> int | None:
    """The chosen county; one the user may not see is not there for them (404, as for any record)."""
    county = _id(params, "county")
    if county is not None and not counties_of(user).filter(pk=county).exists():
        raise Http404("county")
    return county


def scope_from(params: Mapping[str, Any], user: Any) -> Scope:
    fraud_type = (params.get("fraud_type") or "").strip()
    if fraud_type and fraud_type not in FRAUD_CODES:
        raise FilterError("fraud_type", _("未知的诈骗类型"))
    return Scope(
        user=user,
        county=county_from(params, user),
        township=_id(params, "township"),
        village=_id(params, "village"),
        organisation=_id(params, "organisation"),
        fraud_type=fraud_type,
        key_group=_id(params, "key_group"),
    )

"""/api/v1/stats: every indicator for a period with 环比/同比, and one indicator month by month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Router

from fanzha.accounts.api_auth import ActionToken
from fanzha.core.api.errors import ApiError
from fanzha.core.api.schemas import errors
from fanzha.stats import indicators
from fanzha.stats.filters import FilterError, period_from, scope_from

router = Router(tags=["stats"])


def _json(value: Any) -> Any:
    """Money and percentages as exact decimal strings ("10010.00", "-92.86"); counts as integers."""
    return str(value) if isinstance(value, Decimal) else value


def _inputs(request: HttpRequest, *, required: bool) -> tuple[Any, Any]:
    try:
        return period_from(request.GET, required=required), scope_from(request.GET, request.user)
    except FilterError as exc:
        raise ApiError({exc.field: exc.message}, "invalid", status=422) from None


@router.get(
    "/summary",
    auth=ActionToken("stats.read"),
    response={200: dict[str, Any], **errors(403, 422)},
    summary="Every indicator for a period, with the previous period and 环比/同比",
)
def summary(request: HttpRequest) -> dict[str, Any]:
    """Query: start, end (YYYY-MM-DD, both days included, Asia/Shanghai), optional township, village,
    organisation, fraud_type, key_group. `mom`/`yoy` are percentages as strings with two decimals,
    "新增" when the base is zero, or null when both are zero or the figure is unavailable."""
    period, scope = _inputs(request, required=True)
    return {
        f.indicator.code: {
            "name": str(f.indicator.name),
            "unit": f.indicator.unit,
            "definition": str(f.indicator.definition),
            "status": f.status,
            "value": _json(f.value),
            "previous": _json(f.previous),
            "year_ago": _json(f.year_ago),
            "mom": _json(f.mom),
            "yoy": _json(f.yoy),
        }
        for f in indicators.summary(scope, period)
    }


@router.get(
    "/series",
    auth=ActionToken("stats.read"),
    response={200: list[dict[str, Any]], **errors(403, 422)},
    summary="One indicator month by month",
)
def series(request: HttpRequest) -> list[dict[str, Any]]:
    """Query: indicator (a code from /summary), by=month, start, end and the same filters."""
    code = request.GET.get("indicator", "")
    if code not in indicators.BY_CODE:
        raise ApiError({"indicator": f"one of: {', '.join(indicators.BY_CODE)}"}, "invalid", status=422)
    if request.GET.get("by", "month") != "month":
        raise ApiError({"by": "only 'month' is supported"}, "invalid", status=422)
    period, scope = _inputs(request, required=True)
    _status, points = indicators.series(indicators.BY_CODE[code], scope, period)
    return [{"period": key, "value": _json(value)} for key, value in points]

"""/api/v1/stats: every indicator for a period with 环比/同比, and one indicator month by month."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.core.api.errors import ApiError
from fanzha.core.api.schemas import Day, FraudType, Id, errors
from fanzha.stats import indicators
from fanzha.stats.filters import FilterError, period_from, scope_from

router = Router(tags=["stats"])


def _json(value: Any) -> Any:
    """Money and percentages as exact decimal strings ("10010.00", "-92.86"); counts as integers."""
    return str(value) if isinstance(value, Decimal) else value


class StatsFilters(Schema):
    """The period (Asia/Shanghai days, both included) and where. 400 for what a schema cannot say: an end
    before the start, a period over ten years, a day outside 1900-01-01 … 2999-12-31."""

    start: Day
    end: Day
    county: Id | None = Field(
        None, description="one county of the caller's (404 for another); without it the caller's whole jurisdiction"
    )
    township: Id | None = None
    village: Id | None = None
    organisation: Id | None = None
    fraud_type: FraudType | None = None
    key_group: Id | None = None


IndicatorCode: Any = Literal[tuple(indicators.BY_CODE)]


class SeriesFilters(StatsFilters):
    indicator: IndicatorCode = Field(description="an indicator's code, as /summary names them")
    by: Literal["month"] = "month"


def _inputs(request: HttpRequest, *, required: bool) -> tuple[Any, Any]:
    """Read as the statistics pages read them (stats.filters), once the schema has checked the form."""
    try:
        return period_from(request.GET, required=required), scope_from(request.GET, request.user)
    except FilterError as exc:
        raise ApiError({exc.field: exc.message}, "invalid", status=400) from None


@router.get(
    "/summary",
    auth=ActionToken("stats.read"),
    response={200: dict[str, Any], **errors(400, 403, 404)},
    summary="Every indicator for a period, with the previous period and 环比/同比",
)
def summary(request: HttpRequest, filters: Query[StatsFilters]) -> dict[str, Any]:
    """Query: start, end (YYYY-MM-DD, both days included, Asia/Shanghai), optional county, township,
    village, organisation, fraud_type, key_group. Without county: every county the caller may see (the
    whole prefecture for the prefecture's roles); a county the caller may not see is 404.
    `mom`/`yoy` are percentages as strings with two decimals, "新增" when the base is zero, or null
    when both are zero or the figure is unavailable; for an indicator whose unit is percent, the
    difference in percentage points (百分点), null when either is unknown."""
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
    response={200: list[dict[str, Any]], **errors(400, 403, 404)},
    summary="One indicator month by month",
)
def series(request: HttpRequest, filters: Query[SeriesFilters]) -> list[dict[str, Any]]:
    """Query: indicator (a code from /summary), by=month, start, end and the same filters."""
    period, scope = _inputs(request, required=True)
    _status, points = indicators.series(indicators.BY_CODE[filters.indicator], scope, period)
    return [{"period": key, "value": _json(value)} for key, value in points]

"""The dashboard's tables, built once and used by the page, the Excel export and the Word report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from fanzha.core.money import format_yuan
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.places.models import Township
from fanzha.places.scoping import scoped
from fanzha.stats import cache as stats_cache
from fanzha.stats import indicators, parallel
from fanzha.stats.indicators import Calc, Figure, Indicator, Value
from fanzha.stats.periods import NEW, Change, Period, add_months, percent
from fanzha.stats.sources import NotApplicable, Scope, Values, breakdowns, stats_session

TREND_CODES = ("alerts", "cases", "losses", "dissuasion_rate")
TREND_MONTHS = 12


def url_or_none(name: str | None, params: dict[str, Any] | None = None) -> str | None:
    """The list behind a figure, or None when that app has no such page in this installation."""
    if not name:
        return None
    try:
        url = reverse(name)
    except NoReverseMatch:
        return None
    clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    return f"{url}?{urlencode(clean)}" if clean else url


def filter_params(scope: Scope, period: Period) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), **scope.filters()}


def link_for(indicator: Indicator, scope: Scope, period: Period) -> str | None:
    return url_or_none(indicator.link, {**filter_params(scope, period), **dict(indicator.link_params)})


def format_value(value: Value, unit: str, status: str = "ok") -> str:
    if status == "not_applicable":
        return _("不适用")
    if value is None:
        return "—"
    if unit == "money":
        return format_yuan(Decimal(value))
    if unit == "percent":
        return f"{value}%"
    if unit == "minutes":
        return _("%(n)s 分钟") % {"n": value}
    return f"{value:,}"


def format_change(value: Change) -> str:
    if value is None:
        return "—"
    if value == NEW:
        return str(NEW)
    return f"{'+' if Decimal(value) > 0 else ''}{value}%"


def format_points(value: Change) -> str:
    """A rate's change: "+1.50个百分点"."""
    if value is None or value == NEW:
        return "—"
    return _("%(sign)s%(n)s个百分点") % {"sign": "+" if Decimal(value) > 0 else "", "n": value}


@dataclass
class Card:
    figure: Figure
    link: str | None

    @property
    def code(self) -> str:
        return self.figure.indicator.code

    @property
    def name(self) -> str:
        return str(self.figure.indicator.name)

    @property
    def definition(self) -> str:
        return str(self.figure.indicator.definition)

    @property
    def display(self) -> str:
        return format_value(self.figure.value, self.figure.indicator.unit, self.figure.status)

    @property
    def previous_display(self) -> str:
        return format_value(self.figure.previous, self.figure.indicator.unit, self.figure.status)

    @property
    def mom(self) -> str:
        shown = format_points if self.figure.indicator.unit == "percent" else format_change
        return shown(self.figure.mom)

    @property
    def yoy(self) -> str:
        shown = format_points if self.figure.indicator.unit == "percent" else format_change
        return shown(self.figure.yoy)

    @property
    def direction(self) -> str:
        mom = self.figure.mom
        if mom is None or mom == NEW:
            return "up" if mom == NEW else ""
        return "up" if Decimal(mom) > 0 else "down" if Decimal(mom) < 0 else ""


@dataclass
class Dashboard:
    scope: Scope
    period: Period
    cards: list[Card]
    trend: dict[str, Any]
    townships: list[dict[str, Any]]
    fraud_types: list[dict[str, Any]]
    funnel: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def chart_data(self) -> dict[str, Any]:
        """What the charts need, as plain JSON (numbers as strings are parsed by the script)."""
        return {
            "labels": {"alerts": _("接收预警"), "cases": _("发案数")},
            "trend": self.trend,
            "townships": [
                {"name": t["name"], "alerts": t["alerts"], "cases": t["cases"], "link": t["link"]}
                for t in self.townships
            ],
            "fraud_types": [
                {"name": f["name"], "alerts": f["alerts"], "cases": f["cases"], "link": f["link"]}
                for f in self.fraud_types
            ],
            "funnel": self.funnel,
        }


def _safe(fn: Any, default: Any) -> Any:
    try:
        return fn()
    except NotApplicable:
        return default


def _trend_calc(scope: Scope, period: Period) -> Calc:
    """The months the trend shows: the last twelve, or the whole period when it is longer (at most
    five years of months); reading only the measures TREND_CODES draw."""
    first = add_months(period.end.replace(day=1), -(TREND_MONTHS - 1))
    start = max(min(first, period.start.replace(day=1)), add_months(period.end.replace(day=1), -59))
    span = Period(start, period.end)
    only = {"alerts": ["count", "dissuaded", "judged"], "cases": ["count", "losses"]}
    return Calc(scope, span.months(), by_month=span, only=only)


def _trend(calc: Calc) -> dict[str, Any]:
    months = calc.periods
    result: dict[str, Any] = {"months": [m.month_key for m in months], "series": []}
    for code in TREND_CODES:
        indicator = indicators.BY_CODE[code]
        status, _v = indicators.evaluate(indicator, calc, months[-1])
        if status != "ok":
            continue
        values = [indicator.compute(calc, m) for m in months]
        result["series"].append(
            {
                "code": code,
                "name": str(indicator.name),
                "unit": indicator.unit,
                "values": [None if v is None else float(v) for v in values],
            }
        )
    return result


Grouped = dict[str, dict[Any, Values]]


GROUPED = {
    "alerts": (["township", "fraud_type"], ["count", "dissuaded", "judged"]),
    "cases": (["township", "fraud_type"], ["count", "losses"]),
    "stops": (["township"], ["amount"]),
}


def _grouped_jobs(calc: Calc, period: Period) -> list[parallel.Job]:
    """What the township and fraud-type tables need, one GROUP BY per source (GROUPED) over both
    dimensions (the sums by township and by fraud type are added up from the township × fraud-type
    groups): one job per source, each giving its Grouped."""

    def grouped(key: str, dims: list[str], names: list[str]) -> Grouped:
        def run() -> Grouped:
            resolved, qs = calc.source(key)
            return breakdowns(resolved, qs, period, dims, names)

        found = _safe(run, None)
        if found is not None or len(dims) == 1:
            return found or {dim: {} for dim in dims}
        # the records cannot be cut by one of them: each on its own, as far as it goes
        return {dim: grouped(key, [dim], names)[dim] for dim in dims}

    for key in GROUPED:
        _safe(partial(calc.source, key), None)  # resolved here: the jobs only read
    return [partial(grouped, key, dims, names) for key, (dims, names) in GROUPED.items()]


def _by_township(scope: Scope, period: Period, grouped: dict[str, Grouped]) -> list[dict[str, Any]]:
    townships = scoped(Township.objects.all(), scope.user) if scope.user is not None else Township.objects.all()
    if scope.county:
        townships = townships.filter(county_id=scope.county)
    if scope.township:
        townships = townships.filter(pk=scope.township)
    alerts, cases, stops = (grouped[key]["township"] for key in ("alerts", "cases", "stops"))
    rows: list[dict[str, Any]] = []
    for t in townships.order_by("id"):
        a, c, s = alerts.get(t.pk, {}), cases.get(t.pk, {}), stops.get(t.pk, {})
        judged = a.get("judged", 0)
        rows.append(
            {
                "id": t.pk,
                "name": t.name,
                "alerts": a.get("count", 0),
                "dissuasion_rate": percent(a.get("dissuaded", 0), judged),
                "cases": c.get("count", 0),
                "losses": c.get("losses", Decimal("0.00")),
                "stopped": s.get("amount", Decimal("0.00")),
                "link": url_or_none("stats:dashboard", {**filter_params(scope, period), "township": t.pk}),
            }
        )
    for row in rows:
        row["losses_display"] = format_value(row["losses"], "money")
        row["stopped_display"] = format_value(row["stopped"], "money")
    return rows


def _by_fraud_type(scope: Scope, period: Period, grouped: dict[str, Grouped]) -> list[dict[str, Any]]:
    alerts, cases = grouped["alerts"]["fraud_type"], grouped["cases"]["fraud_type"]
    rows = []
    for code in sorted(set(alerts) | set(cases)):
        kind = FRAUD_TYPES.get(code)
        rows.append(
            {
                "code": code,
                "name": kind.name_zh if kind else code,
                "alerts": alerts.get(code, {}).get("count", 0),
                "cases": cases.get(code, {}).get("count", 0),
                "losses": cases.get(code, {}).get("losses", Decimal("0.00")),
                "link": url_or_none("cases:case_list", {**filter_params(scope, period), "fraud_type": code})
                or url_or_none("stats:dashboard", {**filter_params(scope, period), "fraud_type": code}),
            }
        )
    rows.sort(key=lambda r: (-r["cases"], -r["alerts"], r["code"]))
    for row in rows:
        row["losses_display"] = format_value(row["losses"], "money")
    return rows


def _funnel(scope: Scope, period: Period, calc: Calc) -> list[dict[str, Any]]:
    try:
        m = calc.measures("alerts", period)
    except NotApplicable:
        return []
    board = url_or_none("alerts:board", {"township": scope.township})
    steps = [
        ("received", _("接收预警"), m["count"]),
        ("contacted", _("已联系"), m["contacted"]),
        ("visited", _("见面劝阻"), m["visited"]),
        ("dissuaded", _("劝阻成功"), m["dissuaded"]),
    ]
    return [{"code": code, "name": str(name), "value": value, "link": board} for code, name, value in steps]


def build(scope: Scope, period: Period) -> Dashboard:
    """Everything the page, the workbook and the report show; through the short-lived cache (cache.py)."""
    figures, trend, townships, fraud_types, funnel = stats_cache.cached(
        "dashboard", scope, period, lambda: _compute(scope, period)
    )
    cards = [Card(f, link_for(f.indicator, scope, period)) for f in indicators.figures_from(figures)]
    return Dashboard(
        scope=scope,
        period=period,
        cards=cards,
        trend=trend,
        townships=townships,
        fraud_types=fraud_types,
        funnel=funnel,
    )


def _compute(scope: Scope, period: Period) -> tuple[Any, ...]:
    with stats_session():
        calc = indicators.summary_calc(scope, period)  # the funnel reads the figures the cards already read
        trend = _trend_calc(scope, period)
        grouping = _grouped_jobs(calc, period)
        # Every query of the page side by side where they can be (parallel.py): those over the alerts,
        # the largest table, first, so that the small ones fill in around them.
        first = [
            *calc.loaders(i for i in indicators.INDICATORS if i.source == "alerts"),
            *trend.loaders(indicators.BY_CODE[c] for c in TREND_CODES),
        ]
        done = parallel.run([*first, *grouping, *calc.loaders(indicators.INDICATORS)])
        grouped = dict(zip(GROUPED, done[len(first) : len(first) + len(grouping)], strict=True))
        figures = indicators.summary(scope, period, calc=calc)
        return (
            indicators.raw(figures),
            _trend(trend),
            _by_township(scope, period, grouped),
            _by_fraud_type(scope, period, grouped),
            _funnel(scope, period, calc),
        )

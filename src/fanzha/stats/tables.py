"""The dashboard's tables, built once and used by the page, the Excel export and the Word report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from fanzha.core.money import format_yuan
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.people.models import KeyGroup, Organisation
from fanzha.places.models import Township, Village
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


FILTER_LABELS = {
    "start": _lazy("开始日期"),
    "end": _lazy("结束日期"),
    "township": _lazy("乡镇"),
    "village": _lazy("村（社区）"),
    "organisation": _lazy("单位"),
    "fraud_type": _lazy("诈骗类型"),
    "key_group": _lazy("重点人群"),
}


def filter_description(scope: Scope) -> str:
    """The filters as a reader names them: 乡镇：共和镇；诈骗类型：刷单返利 (no field names, no ids)."""
    models: dict[str, Any] = {
        "township": Township,
        "village": Village,
        "organisation": Organisation,
        "key_group": KeyGroup,
    }
    parts = []
    for name, value in scope.filters().items():
        if name == "fraud_type":
            kind = FRAUD_TYPES.get(value)
            shown = kind.name_zh if kind else str(value)
        elif name in models:
            found = models[name].objects.filter(pk=value).first()
            shown = str(getattr(found, "name", "")) if found is not None else _("（已不存在）")
        else:
            shown = str(value)
        parts.append(f"{FILTER_LABELS.get(name, name)}：{shown}")
    return "；".join(parts)


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


UNIT_LABELS = {"count": _lazy("个（件、人）"), "money": _lazy("元"), "percent": _lazy("%"), "minutes": _lazy("分钟")}


def format_change(value: Change, unit: str = "count") -> str:
    """+12.50% for a count or an amount; a rate's change in percentage points: +3.20个百分点."""
    if value is None:
        return "—"
    if value == NEW:
        return str(NEW)
    sign = "+" if Decimal(value) > 0 else ""
    if unit == "percent":
        return _("%(sign)s%(n)s个百分点") % {"sign": sign, "n": value}
    return f"{sign}{value}%"


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
    def unit_label(self) -> str:
        return str(UNIT_LABELS.get(self.figure.indicator.unit, ""))

    @property
    def mom(self) -> str:
        return format_change(self.figure.mom, self.figure.indicator.unit)

    @property
    def yoy(self) -> str:
        return format_change(self.figure.yoy, self.figure.indicator.unit)

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
    # Each step is a part of the one before (a funnel never widens): a phone call can dissuade without
    # a visit, so "见面劝阻" is no step between 已联系 and 劝阻成功; it is a card of its own. 劝阻成功
    # is the numerator of the 劝阻成功率 card, 已有处置结果 its denominator.
    steps = [
        ("received", _("接收预警"), m["count"]),
        ("contacted", _("已联系"), m["reached"]),
        ("judged", _("已有处置结果"), m["judged"]),
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

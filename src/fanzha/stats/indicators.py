"""The indicator registry: every figure Fanzha reports, its written definition, and how it is computed.

Each indicator has a stable code (used by the API and the exports), a Chinese name, a definition shown
on hover and in docs/statistics.md, a unit, and a function that computes its value for a period and a
scope in the database. Percentages are rounded to two decimals, half up; money is exact to the fen.
"""

from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial, reduce
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.models import Alert
from fanzha.cases.models import Case, Interview, Notification
from fanzha.consults.models import Consultation
from fanzha.funds.models import Freeze, FundReturn, StopPayment
from fanzha.outreach.models import ActivityHousehold
from fanzha.people.models import Household, Resident
from fanzha.stats import cache as stats_cache
from fanzha.stats import parallel, rollup
from fanzha.stats.periods import Change, Period, change, percent, points
from fanzha.stats.sources import (
    Measure,
    NotApplicable,
    Resolved,
    Scope,
    Source,
    Values,
    aggregate,
    base_queryset,
    monthly,
    resolve_source,
    stats_session,
    zero,
)

Value = int | Decimal | None

LONG_PERIOD_DAYS = 62
"""Periods longer than this read a source with medians in one query per period when the queries run
side by side (`Calc.loaders`)."""

# --- sources: one per model ------------------------------------------------------------------------


ALERT_PATHS = {
    "county": "county_id",
    "township": "township_id",
    "village": "village_id",
    "organisation": "resident__organisation_id",
    "fraud_type": "fraud_type",
    "key_group": "resident__key_groups",
}


def _alerts() -> Resolved:
    r = resolve_source(Alert, "received_at", ALERT_PATHS)
    now = timezone.now()
    r.measures.update(
        contact_due=Measure(where=Q(first_contact_at__isnull=False) | Q(contact_deadline__lte=now)),
        contacted=Measure(where=Q(first_contact_at__isnull=False)),
        contacted_in_time=Measure(where=Q(first_contact_at__isnull=False, first_contact_at__lte=F("contact_deadline"))),
        visit_due=Measure(
            where=Q(visit_deadline__isnull=False) & (Q(visit_at__isnull=False) | Q(visit_deadline__lte=now))
        ),
        visited=Measure(where=Q(visit_at__isnull=False)),
        visited_required=Measure(where=Q(visit_deadline__isnull=False, visit_at__isnull=False)),
        judged=Measure(where=Q(status="closed") & ~Q(outcome__in=["not_fraud", ""])),
        dissuaded=Measure(where=Q(outcome="dissuaded")),
        # the funnel's second step: reached, or closed with an outcome (which needed reaching them), so
        # that received ⊇ reached ⊇ judged ⊇ dissuaded
        reached=Measure(
            where=Q(first_contact_at__isnull=False) | (Q(status="closed") & ~Q(outcome__in=["not_fraud", ""]))
        ),
        median_contact=Measure(kind="median", start="received_at", field="first_contact_at"),
        median_visit=Measure(kind="median", start="received_at", field="visit_at"),
    )
    return r


def _residents() -> Resolved:
    return resolve_source(
        Resident,
        "app_registered_on",
        {
            "county": "village__township__county_id",
            "township": "village__township_id",
            "village": "village_id",
            "organisation": "organisation_id",
            "key_group": "key_groups",
        },
    )


def _cases() -> Resolved:
    r = resolve_source(
        Case,
        "occurred_at",
        {
            "county": "township__county_id",
            "township": "township_id",
            "village": "village_id",
            "organisation": "organisation_id",
            "fraud_type": "fraud_type",
            "key_group": "key_groups",
        },
    )
    r.measures["losses"] = Measure(kind="money", field="loss_amount")
    # In a key group ⇔ on the many-to-many table: one hashed look-up per row, not a join per row.
    r.measures["key_group"] = Measure(where=Q(pk__in=Case.key_groups.through.objects.values("case_id")))
    return r


FUNDS_PATHS = {
    "county": "township__county_id",
    "township": "township_id",
    "village": "village_id",
    "organisation": "alert__resident__organisation_id",
    "fraud_type": "alert__fraud_type",
    "key_group": "alert__resident__key_groups",
}


def _stops() -> Resolved:
    r = resolve_source(StopPayment, "requested_at", FUNDS_PATHS)
    # A failed stop held nothing; a renewal holds the same money again: neither adds to the totals.
    r.base &= ~Q(status=StopPayment.Status.FAILED) & Q(renewal_of__isnull=True)
    r.measures["amount"] = Measure(kind="money", field="amount")
    return r


def _freezes() -> Resolved:
    r = resolve_source(Freeze, "frozen_at", FUNDS_PATHS)
    r.measures["amount"] = Measure(kind="money", field="amount")
    return r


def _returns() -> Resolved:
    r = resolve_source(FundReturn, "returned_on", FUNDS_PATHS)
    r.measures["amount"] = Measure(kind="money", field="amount")
    return r


def _consultations() -> Resolved:
    r = resolve_source(
        Consultation,
        "created_at",
        {
            "county": "township__county_id",
            "township": "township_id",
            "village": "village_id",
            "fraud_type": "fraud_type",
        },
    )
    r.measures["to_alert"] = Measure(where=Q(alert__isnull=False))
    return r


CASE_RECORD_PATHS = {
    "county": "township__county_id",
    "township": "township_id",
    "village": "case__village_id",
    "organisation": "organisation_id",
    "fraud_type": "case__fraud_type",
    "key_group": "case__key_groups",
}


def _notifications() -> Resolved:
    return resolve_source(Notification, "sent_on", CASE_RECORD_PATHS)


def _interviews() -> Resolved:
    return resolve_source(Interview, "held_on", CASE_RECORD_PATHS)


def _reached() -> Resolved:
    return resolve_source(
        ActivityHousehold,
        "date",
        {
            "county": "household__village__township__county_id",
            "township": "household__village__township_id",
            "village": "household__village_id",
        },
    )


def _households() -> Resolved:
    # Every household on the register: coverage's denominator, not cut by period.
    return resolve_source(
        Household,
        "",
        {"county": "village__township__county_id", "township": "village__township_id", "village": "village_id"},
    )


SOURCES: dict[str, Source] = {
    s.key: s
    for s in [
        Source("alerts", _alerts),
        Source("residents", _residents),
        Source("cases", _cases),
        Source("stops", _stops),
        Source("freezes", _freezes),
        Source("returns", _returns),
        Source("consultations", _consultations),
        Source("notifications", _notifications),
        Source("interviews", _interviews),
        Source("reached", _reached),
        Source("households", _households),
    ]
}


class Calc:
    """One computation: a scope and the periods it will be asked about, so that each source is read in
    one query for all of them. Caches per source and period."""

    def __init__(
        self,
        scope: Scope,
        periods: list[Period],
        *,
        by_month: Period | None = None,
        only: Mapping[str, list[str]] | None = None,
    ) -> None:
        """`by_month`: the periods are the months of this range; each source is read in one GROUP BY
        (the medians, which the trend does not show, in a second one when asked for).
        `only`: per source, the measures the caller will ask for (the others are read when asked)."""
        self.scope = scope
        self.periods = list(dict.fromkeys(periods))
        self.by_month = by_month
        self.only = only or {}
        self._resolved: dict[str, tuple[Resolved, QuerySet[Any]] | Exception] = {}
        self._measures: dict[tuple[str, Period], Values] = {}
        self.memo: dict[str, Any] = {}  # what an indicator computes once for all periods
        self._handed_out: set[tuple[Any, ...]] = set()  # by `loaders`

    def source(self, key: str) -> tuple[Resolved, QuerySet[Any]]:
        if key not in self._resolved:
            try:
                resolved = SOURCES[key].resolve()
                resolved.rollup = rollup.for_scope(key, resolved, self.scope)
                self._resolved[key] = (resolved, base_queryset(resolved, self.scope))
            except NotApplicable as exc:
                self._resolved[key] = exc
        found = self._resolved[key]
        if isinstance(found, Exception):
            raise found
        return found

    def _load(self, key: str, period: Period, names: list[str] | None, *, alone: bool = False) -> None:
        """The source's measures (or those named) for the period, and with it for all the computation's
        periods in one query, unless `alone` (only that period: `loaders`, for medians over long periods)."""
        resolved, qs = self.source(key)
        names = names or self.only.get(key)
        if self.by_month is not None and period in self.periods:
            if names is None:
                names = [n for n, m in resolved.measures.items() if m.kind != "median"]
            found = monthly(resolved, qs, self.by_month, names)
            for p in self.periods:
                values = found.get(p.month_key, {})
                into = self._measures.setdefault((key, p), {})
                into.update({n: values.get(n, zero(resolved.measures[n])) for n in names})
            return
        periods = self.periods if period in self.periods and not alone else [period]
        for p, values in zip(periods, aggregate(resolved, qs, periods, names), strict=True):
            self._measures.setdefault((key, p), {}).update(values)

    def measures(self, key: str, period: Period) -> Values:
        if (key, period) not in self._measures:
            self._load(key, period, None)
        return self._measures[(key, period)]

    def m(self, key: str, name: str, period: Period) -> Value:
        found = self.measures(key, period)
        if name not in found:  # left out of the first read (`only`, or a median in a monthly read)
            resolved, _qs = self.source(key)
            self._load(key, period, [n for n in resolved.measures if n not in found])
        return found[name]

    def in_period(self, key: str, period: Period) -> QuerySet[Any]:
        resolved, qs = self.source(key)
        return qs.filter(resolved.period_q(period))

    def loaders(self, indicators: Iterable[Indicator]) -> list[parallel.Job]:
        """What these indicators will read, as independent queries for `parallel.run`: each source's
        measures in one query for every period, as `_load` reads them (with medians over long periods:
        one query per period, since sorting a year's rows by period first costs more than it saves);
        each indicator that makes its own queries computed once (it reads every period at once).
        Nothing when the queries cannot run side by side: the figures are then read as they are asked for."""
        if not parallel.active():
            return []
        long = any((p.end - p.start).days > LONG_PERIOD_DAYS for p in self.periods)
        # keyed by the queries a job makes: a source read by several indicators is read once (those
        # that make their own queries, e.g. the three App registration figures, share them: once per source)
        jobs: dict[tuple[Any, ...], parallel.Job] = {}
        for indicator in indicators:
            key = indicator.source
            try:
                resolved, _qs = self.source(key)  # resolved here: the jobs only read
            except NotApplicable:
                continue  # asked again when the indicator is computed, which then says so
            if not getattr(indicator.compute, "reads_measures", False):
                jobs.setdefault(("own", key), partial(_quietly, indicator.compute, self, self.periods[0]))
            elif long and self.by_month is None and any(m.kind == "median" for m in resolved.measures.values()):
                for p in self.periods:
                    jobs.setdefault(("period", key, p), partial(self._load, key, p, None, alone=True))
            else:
                jobs.setdefault(("all", key), partial(self._load, key, self.periods[0], None))
        fresh = {k: job for k, job in jobs.items() if k not in self._handed_out}  # once per Calc
        self._handed_out.update(fresh)
        return list(fresh.values())


# --- the indicators ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str | Promise
    definition: str | Promise
    unit: str  # count | money | percent | minutes
    source: str
    compute: Callable[[Calc, Period], Value]
    link: str | None = None  # URL name of the list behind the figure
    link_params: tuple[tuple[str, str], ...] = ()


def _measure(source: str, name: str) -> Callable[[Calc, Period], Value]:
    return _reads_measures(lambda c, p: c.m(source, name, p))


def _rate(source: str, part: str, whole: str) -> Callable[[Calc, Period], Value]:
    return _reads_measures(lambda c, p: percent(c.m(source, part, p), c.m(source, whole, p)))


def _reads_measures(compute: Any) -> Any:
    """Marks a compute function that only reads its source's measures (`Calc.loaders` reads them)."""
    compute.reads_measures = True
    return compute


def _quietly(compute: Callable[[Calc, Period], Value], calc: Calc, period: Period) -> None:
    """Computed ahead for what it leaves in `calc.memo`; a filter it cannot take is reported when it is asked."""
    with contextlib.suppress(NotApplicable):
        compute(calc, period)


def _registered(c: Calc) -> dict[str, int]:
    """Residents on the register, and those registered by each day the periods need: one query."""
    if "registered" not in c.memo:
        resolved, qs = c.source("residents")
        days = sorted({d for p in c.periods for d in (p.start - timedelta(days=1), p.end)})
        counts = {f"d{i}": Count("pk", filter=Q(**{f"{resolved.date_field}__lte": d})) for i, d in enumerate(days)}
        row = qs.order_by().aggregate(all=Count("pk"), **counts)
        c.memo["registered"] = {"all": row["all"], **{d.isoformat(): row[f"d{i}"] for i, d in enumerate(days)}}
    found: dict[str, int] = c.memo["registered"]
    return found


def _registered_by(c: Calc, day: date) -> int:
    counts = _registered(c)
    if day.isoformat() in counts:
        return counts[day.isoformat()]
    resolved, qs = c.source("residents")
    return qs.filter(**{f"{resolved.date_field}__lte": day}).count()


def _registrations(c: Calc, p: Period) -> Value:
    """Registered during the period: registered by its end less those registered before it (the same
    count as registered on a day of the period, from the one query `_registered` makes)."""
    return _registered_by(c, p.end) - _registered_by(c, p.start - timedelta(days=1))


def _registration_rate(c: Calc, p: Period) -> Value:
    return percent(_registered_by(c, p.end), _registered(c)["all"])


def _registration_growth(c: Calc, p: Period) -> Value:
    before = _registered_by(c, p.start - timedelta(days=1))
    return percent(_registered_by(c, p.end) - before, before)


def _households_reached(c: Calc, p: Period) -> int:
    """Households reached in the period (each once): for all the calculation's periods in one query."""
    if "reached" not in c.memo:
        resolved, qs = c.source("reached")
        counts = {
            f"p{i}": Count("household_id", distinct=True, filter=resolved.period_q(period))
            for i, period in enumerate(c.periods)
        }
        either = reduce(operator.or_, (resolved.period_q(period) for period in c.periods))
        row = qs.filter(either).order_by().aggregate(**counts)
        c.memo["reached"] = {period: row[f"p{i}"] for i, period in enumerate(c.periods)}
    if p in c.memo["reached"]:
        found: int = c.memo["reached"][p]
        return found
    return c.in_period("reached", p).order_by().values("household_id").distinct().count()


def _coverage(c: Calc, p: Period) -> Value:
    reached = _households_reached(c, p)
    if "households" not in c.memo:
        c.memo["households"] = c.source("households")[1].count()
    return percent(reached, c.memo["households"])


INDICATORS: list[Indicator] = [
    Indicator(
        "cases",
        _("发案数"),
        _("发案时间在统计期内的电信网络诈骗案件数（以案件的发案时间计）。"),
        "count",
        "cases",
        _measure("cases", "count"),
        "cases:case_list",
    ),
    Indicator(
        "losses",
        _("损失金额"),
        _("统计期内发案的案件损失金额之和，单位元，精确到分。"),
        "money",
        "cases",
        _measure("cases", "losses"),
        "cases:case_list",
    ),
    Indicator(
        "alerts",
        _("接收预警数"),
        _("接收时间在统计期内的预警指令数。"),
        "count",
        "alerts",
        _measure("alerts", "count"),
        "alerts:board",
    ),
    Indicator(
        "contacted_in_time_rate",
        _("按时联系率"),
        _(
            "统计期内接收的预警中，在首次联系时限内完成首次联系的比例。分母为已联系或首次联系时限已到的预警；百分比保留两位小数（四舍五入）。"
        ),
        "percent",
        "alerts",
        _rate("alerts", "contacted_in_time", "contact_due"),
        "alerts:board",
    ),
    Indicator(
        "median_contact_minutes",
        _("首次联系用时中位数"),
        _("统计期内接收并已联系的预警，从接收到首次联系所用时间的中位数，单位分钟。"),
        "minutes",
        "alerts",
        _measure("alerts", "median_contact"),
        "alerts:board",
    ),
    Indicator(
        "median_visit_minutes",
        _("见面劝阻用时中位数"),
        _("统计期内接收并已见面劝阻的预警，从接收到见面劝阻所用时间的中位数，单位分钟。"),
        "minutes",
        "alerts",
        _measure("alerts", "median_visit"),
        "alerts:board",
    ),
    Indicator(
        "dissuasion_rate",
        _("劝阻成功率"),
        _("统计期内接收且已办结的预警中，结果为“劝阻成功”的比例。分母不含核实为非诈骗的预警。"),
        "percent",
        "alerts",
        _rate("alerts", "dissuaded", "judged"),
        "alerts:board",
        (("status", "closed"),),
    ),
    Indicator(
        "face_to_face_rate",
        _("见面劝阻率"),
        _("统计期内接收、按等级要求见面劝阻的预警中，已见面劝阻的比例。分母为已见面或见面时限已到的预警。"),
        "percent",
        "alerts",
        _rate("alerts", "visited_required", "visit_due"),
        "alerts:board",
    ),
    Indicator(
        "stop_payments",
        _("紧急止付笔数"),
        _("提交时间在统计期内的紧急止付笔数；止付失败的不计，同一笔资金的续止付不重复计。"),
        "count",
        "stops",
        _measure("stops", "count"),
        "funds:list",
    ),
    Indicator(
        "stopped_amount",
        _("止付金额"),
        _("统计期内提交的紧急止付金额之和（口径同止付笔数），单位元，精确到分。"),
        "money",
        "stops",
        _measure("stops", "amount"),
        "funds:list",
    ),
    Indicator(
        "frozen_amount",
        _("冻结金额"),
        _("冻结时间在统计期内的冻结金额之和，单位元，精确到分。"),
        "money",
        "freezes",
        _measure("freezes", "amount"),
        "funds:list",
    ),
    Indicator(
        "returned_amount",
        _("返还金额"),
        _("返还日期在统计期内返还给受害人的资金之和，单位元，精确到分。"),
        "money",
        "returns",
        _measure("returns", "amount"),
        "funds:list",
    ),
    Indicator(
        "app_registrations",
        _("反诈App注册数"),
        _("国家反诈中心App注册日期在统计期内的辖区居民人数。"),
        "count",
        "residents",
        _registrations,
        "people:resident_list",
        (("registered", "yes"),),
    ),
    Indicator(
        "app_registration_rate",
        _("反诈App注册率"),
        _("截至统计期末已注册国家反诈中心App的居民占在册居民的比例，百分比保留两位小数。"),
        "percent",
        "residents",
        _registration_rate,
        "people:resident_list",
        (("registered", "yes"),),
    ),
    Indicator(
        "app_registration_growth",
        _("反诈App注册增长率"),
        _("统计期末累计注册人数较期初（统计期开始前一日）累计注册人数的增长百分比；期初为零时不计算。"),
        "percent",
        "residents",
        _registration_growth,
        "people:resident_list",
        (("registered", "yes"),),
    ),
    Indicator(
        "outreach_coverage",
        _("宣防覆盖率"),
        _("统计期内宣防活动覆盖的户数（同一户只计一次）占辖区在册户数的比例，百分比保留两位小数。"),
        "percent",
        "reached",
        _coverage,
        "outreach:home",
    ),
    Indicator(
        "consultations",
        _("咨询数"),
        _("统计期内受理的群众咨询次数（网页、电话、来访、微信）。"),
        "count",
        "consultations",
        _measure("consultations", "count"),
        "consults:staff_list",
    ),
    Indicator(
        "consultations_to_alerts",
        _("咨询转预警数"),
        _("统计期内的咨询中，因高风险生成预警的次数。"),
        "count",
        "consultations",
        _measure("consultations", "to_alert"),
        "consults:staff_list",
    ),
    Indicator(
        "key_group_cases",
        _("重点人群发案数"),
        _("统计期内发案、受害人发案时属于任一重点人群（财会人员、师生、公职人员、老年人等）的案件数。"),
        "count",
        "cases",
        _measure("cases", "key_group"),
        "cases:case_list",
    ),
    Indicator(
        "notifications_held",
        _("通报数"),
        _("送达日期在统计期内的案件通报份数（单位、乡镇、家属各计一份）。"),
        "count",
        "notifications",
        _measure("notifications", "count"),
        "cases:case_list",
    ),
    Indicator(
        "interviews_held",
        _("约谈数"),
        _("约谈日期在统计期内、已实际约谈的次数。"),
        "count",
        "interviews",
        _measure("interviews", "count"),
        "cases:case_list",
    ),
]
BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


@dataclass
class Figure:
    indicator: Indicator
    status: str  # ok | not_applicable
    value: Value = None
    previous: Value = None
    year_ago: Value = None
    mom: Change = None
    yoy: Change = None


def evaluate(indicator: Indicator, calc: Calc, period: Period) -> tuple[str, Value]:
    try:
        return "ok", indicator.compute(calc, period)
    except NotApplicable:
        return "not_applicable", None


def summary_calc(scope: Scope, period: Period) -> Calc:
    """The computation `summary` needs: the period, the previous period and a year earlier."""
    return Calc(scope, [period, period.previous(), period.year_ago()])


def summary(
    scope: Scope, period: Period, codes: list[str] | None = None, *, calc: Calc | bool | None = None
) -> list[Figure]:
    """Every indicator (or those named) for the period, the previous period and a year earlier.
    `calc`: a `summary_calc` whose figures the caller reads as well (the dashboard's funnel), or False
    to compute afresh. Without either, every indicator comes through the short-lived cache (cache.py)."""
    if calc is None and codes is None:
        return figures_from(
            stats_cache.cached("summary", scope, period, lambda: raw(summary(scope, period, calc=False)))
        )
    with stats_session():
        return _summary(scope, period, codes, calc if isinstance(calc, Calc) else summary_calc(scope, period))


Raw = list[tuple[str, str, Value, Value, Value, Change, Change]]


def raw(figures: list[Figure]) -> Raw:
    """Figures as plain values (what the cache keeps: an indicator holds functions)."""
    return [(f.indicator.code, f.status, f.value, f.previous, f.year_ago, f.mom, f.yoy) for f in figures]


def figures_from(rows: Raw) -> list[Figure]:
    return [
        Figure(BY_CODE[code], status, value, previous, year_ago, mom, yoy)
        for code, status, value, previous, year_ago, mom, yoy in rows
    ]


def _summary(scope: Scope, period: Period, codes: list[str] | None, calc: Calc) -> list[Figure]:
    previous, year_ago = period.previous(), period.year_ago()
    figures = []
    wanted = INDICATORS if codes is None else [BY_CODE[c] for c in codes]
    parallel.run(calc.loaders(wanted))
    for indicator in wanted:
        status, value = evaluate(indicator, calc, period)
        figure = Figure(indicator, status, value)
        if status == "ok":
            figure.previous = indicator.compute(calc, previous)
            figure.year_ago = indicator.compute(calc, year_ago)
            # a rate's change in percentage points (百分点); a count's or a sum's as a percentage
            moved = points if indicator.unit == "percent" else change
            figure.mom = moved(value, figure.previous)
            figure.yoy = moved(value, figure.year_ago)
        figures.append(figure)
    return figures


def series(indicator: Indicator, scope: Scope, period: Period) -> tuple[str, list[tuple[str, Value]]]:
    """The indicator month by month over the period (the first and last months cut to it)."""
    months = period.months()
    calc = Calc(scope, months, by_month=period)
    with stats_session():
        status, _value = evaluate(indicator, calc, months[0])
        if status != "ok":
            return status, [(m.month_key, None) for m in months]
        return status, [(m.month_key, indicator.compute(calc, m)) for m in months]

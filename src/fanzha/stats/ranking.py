"""The counties side by side, for the prefecture's 通报: cases, losses, cases per 10,000 residents, the
App registration rate and the dissuasion rate of each county the user may see, ranked by any of them,
with the change against the previous period (环比) or the same period a year earlier (同比).

The definitions are the dashboard's (indicators.py): cases and losses by the time of the case, the
dissuasion rate over the alerts received in the period and closed, the App registration rate at the
period's end over the residents on the register; cases per 10,000 residents over the residents on the
register now. A change of a count or a sum is a percentage of the base; a change of a rate is the
difference in percentage points (百分点). Each source is read in one GROUP BY per period (the alerts
from the monthly roll-up where it holds them), side by side where the queries can be (parallel.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.places.models import County, Village
from fanzha.stats import cache as stats_cache
from fanzha.stats import parallel
from fanzha.stats.filters import counties_of
from fanzha.stats.indicators import Calc
from fanzha.stats.periods import HUNDREDTH, Change, Period, change, percent, points
from fanzha.stats.sources import NotApplicable, Scope, Values, breakdowns, stats_session
from fanzha.stats.tables import format_change, format_points, format_value

COMPARES = {"yoy": gettext_lazy("同比"), "mom": gettext_lazy("环比")}


@dataclass(frozen=True)
class Column:
    code: str
    name: Any
    unit: str  # count | money | per_10k | percent
    # a larger figure is better (ranked first when sorted "best first"); cases and losses are not
    higher_is_better: bool


COLUMNS = [
    Column("cases", gettext_lazy("发案数"), "count", False),
    Column("losses", gettext_lazy("损失金额"), "money", False),
    Column("cases_per_10k", gettext_lazy("万人发案率"), "per_10k", False),
    Column("app_registration_rate", gettext_lazy("反诈App注册率"), "percent", True),
    Column("dissuasion_rate", gettext_lazy("劝阻成功率"), "percent", True),
]
BY_CODE = {c.code: c for c in COLUMNS}


def per_10k(cases: int, residents: int) -> Decimal | None:
    """Cases per 10,000 residents, two decimals half up; None without residents on the register."""
    return percent(cases * 100, residents)


@dataclass
class Row:
    """One county (or, with `county` None, the whole of the user's counties)."""

    county: int | None
    name: str
    code: str
    values: dict[str, Any]  # by column code
    base: dict[str, Any]  # the same for the period compared with
    residents: int
    rank: int | None = None

    def change(self, code: str) -> Change | Decimal | None:
        column = BY_CODE[code]
        if column.unit == "percent":
            return points(self.values[code], self.base[code])
        return change(self.values[code], self.base[code])

    def change_display(self, code: str) -> str:
        if BY_CODE[code].unit == "percent":
            return format_points(self.change(code))
        return format_change(self.change(code))

    def display(self, code: str) -> str:
        column = BY_CODE[code]
        value = self.values[code]
        if column.unit == "per_10k":
            return "—" if value is None else f"{value}"
        return format_value(value, column.unit)

    def cells(self) -> list[dict[str, str]]:
        return [
            {"code": c.code, "name": str(c.name), "value": self.display(c.code), "change": self.change_display(c.code)}
            for c in COLUMNS
        ]


@dataclass
class Ranking:
    period: Period
    base_period: Period
    compare: str
    sort: str
    best_first: bool
    rows: list[Row]
    total: Row
    columns: list[Column] = field(default_factory=lambda: list(COLUMNS))

    @property
    def compare_label(self) -> str:
        return str(COMPARES[self.compare])


Figures = dict[Any, dict[str, Any]]


def _grouped(calc: Calc, key: str, period: Period, names: list[str]) -> dict[Any, Values]:
    try:
        resolved, qs = calc.source(key)
        return breakdowns(resolved, qs, period, ["county"], names)["county"]
    except NotApplicable:
        return {}


def _residents(calc: Calc, days: tuple[Any, ...]) -> dict[Any, dict[str, int]]:
    """Per county: residents on the register, and those registered with the App by each of `days`.
    Grouped by village (a column of the residents' table: no join over millions of rows), then added
    up per county here from the prefecture's few thousand villages."""
    resolved, qs = calc.source("residents")
    counts = {f"d{i}": Count("pk", filter=Q(**{f"{resolved.date_field}__lte": d})) for i, d in enumerate(days)}
    rows = qs.order_by().values(resolved.paths["village"]).annotate(all=Count("pk"), **counts)
    county_of = dict(Village.objects.using(qs.db).values_list("id", "township__county_id"))
    found: dict[Any, dict[str, int]] = {}
    for r in rows:
        into = found.setdefault(county_of.get(r[resolved.paths["village"]]), {"all": 0})
        into["all"] += r["all"]
        for i, d in enumerate(days):
            into[d.isoformat()] = into.get(d.isoformat(), 0) + r[f"d{i}"]
    return found


def _figures(cases: dict[Any, Values], alerts: dict[Any, Values], residents: dict[Any, Any], day: Any) -> Figures:
    """Per county, the columns' values for one period (`day`: its last day)."""
    found: Figures = {}
    for county in set(cases) | set(alerts) | set(residents):
        c, a, r = cases.get(county, {}), alerts.get(county, {}), residents.get(county, {})
        count, people = int(c.get("count", 0) or 0), int(r.get("all", 0))
        found[county] = {
            "cases": count,
            "losses": c.get("losses", Decimal("0.00")),
            "cases_per_10k": per_10k(count, people),
            "app_registration_rate": percent(r.get(day.isoformat(), 0), people),
            "dissuasion_rate": percent(a.get("dissuaded", 0), a.get("judged", 0)),
            "residents": people,
        }
    return found


def _total(figures: Figures) -> dict[str, Any]:
    """The whole: counts and sums added up, rates from the added-up parts (not an average of rates)."""
    keys = ("cases", "losses", "residents", "registered", "dissuaded", "judged")
    whole: dict[str, Any] = dict.fromkeys(keys, 0)
    for values in figures.values():
        for k in keys:
            whole[k] += values.get(k, 0) or 0
    return {
        "cases": whole["cases"],
        "losses": Decimal(whole["losses"]).quantize(HUNDREDTH),
        "cases_per_10k": per_10k(whole["cases"], whole["residents"]),
        "app_registration_rate": percent(whole["registered"], whole["residents"]),
        "dissuasion_rate": percent(whole["dissuaded"], whole["judged"]),
        "residents": whole["residents"],
    }


def _compute(user: Any, period: Period, base_period: Period) -> tuple[Figures, Figures]:
    """The columns per county id (None: records in no county) for the period and the one compared with."""
    scope = Scope(user=user)
    with stats_session():
        calc = Calc(scope, [period, base_period])
        for key in ("cases", "alerts", "residents"):
            calc.source(key)  # resolved here: the jobs only read
        days = (period.end, base_period.end)
        jobs: list[parallel.Job] = [
            partial(_grouped, calc, "alerts", period, ["dissuaded", "judged"]),
            partial(_grouped, calc, "alerts", base_period, ["dissuaded", "judged"]),
            partial(_residents, calc, days),
            partial(_grouped, calc, "cases", period, ["count", "losses"]),
            partial(_grouped, calc, "cases", base_period, ["count", "losses"]),
        ]
        alerts, alerts_base, residents, cases, cases_base = parallel.run(jobs)
    result = []
    for c, a, day in ((cases, alerts, period.end), (cases_base, alerts_base, base_period.end)):
        figures = _figures(c, a, residents, day)
        for county, values in figures.items():  # the parts of the whole's rates
            values["registered"] = residents.get(county, {}).get(day.isoformat(), 0)
            values["dissuaded"] = a.get(county, {}).get("dissuaded", 0)
            values["judged"] = a.get(county, {}).get("judged", 0)
        result.append(figures)
    return result[0], result[1]


def _sort_key(code: str, best_first: bool) -> Any:
    column = BY_CODE[code]
    # best first: the highest rate, the fewest cases; worst first the other way round
    descending = column.higher_is_better == best_first

    def key(row: Row) -> tuple[int, Decimal]:
        value = row.values[code]
        if value is None:
            return (1, Decimal(0))  # no figure: last either way
        return (0, -Decimal(value) if descending else Decimal(value))

    return key


def build(
    user: Any, period: Period, *, compare: str = "yoy", sort: str = "cases_per_10k", best_first: bool = False
) -> Ranking:
    """The ranking of the user's counties (counties_of); `best_first` False puts the county that most
    needs attention first (most cases, lowest rates), as a 通报 names them."""
    base_period = period.year_ago() if compare == "yoy" else period.previous()
    scope = Scope(user=user)
    current, base = stats_cache.cached(f"ranking-{compare}", scope, period, lambda: _compute(user, period, base_period))
    counties: list[County] = list(counties_of(user))
    rows = []
    for county in counties:
        values = current.get(county.pk) or _empty()
        rows.append(
            Row(
                county=county.pk,
                name=county.name,
                code=county.code,
                values=values,
                base=base.get(county.pk) or _empty(),
                residents=values.get("residents", 0),
            )
        )
    rows.sort(key=_sort_key(sort, best_first))
    key = _sort_key(sort, best_first)
    for i, row in enumerate(rows):
        # equal figures share a rank (1, 2, 2, 4)
        row.rank = rows[i - 1].rank if i and key(rows[i - 1]) == key(row) else i + 1
        if row.values[sort] is None:
            row.rank = None
    wanted = {c.pk for c in counties}
    whole = _total({k: v for k, v in current.items() if k in wanted})
    whole_base = _total({k: v for k, v in base.items() if k in wanted})
    total = Row(county=None, name=_("合计"), code="", values=whole, base=whole_base, residents=whole["residents"])
    return Ranking(
        period=period,
        base_period=base_period,
        compare=compare,
        sort=sort,
        best_first=best_first,
        rows=rows,
        total=total,
    )


def _empty() -> dict[str, Any]:
    return {
        "cases": 0,
        "losses": Decimal("0.00"),
        "cases_per_10k": None,
        "app_registration_rate": None,
        "dissuasion_rate": None,
        "residents": 0,
    }

"""Where the figures come from: each app's model, the lookups that cut it, and the sums computed in
the database.

stats imports the models it reads (it may import every app; no app imports stats), and `resolved`
checks every lookup a source names: a renamed field fails the source, and its test, loudly.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models, transaction
from django.db.models import (
    Aggregate,
    Case,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Round, TruncMonth

from fanzha.core.money import FEN
from fanzha.places.scoping import jurisdiction_of, scoped
from fanzha.stats import parallel
from fanzha.stats.periods import HUNDREDTH, SHANGHAI, Period

if TYPE_CHECKING:
    from fanzha.stats.rollup import Rollup

DIMENSIONS = ("county", "township", "village", "organisation", "fraud_type", "key_group")


class NotApplicable(Exception):
    """A filter was asked for that the indicator's records cannot be cut by (App registrations by
    fraud type): better no figure than a figure that silently ignores the filter."""


def stats_db() -> str:
    """Statistics read from the replica when one is configured (docs/design.md, "Growing past one machine")."""
    return "replica" if "replica" in settings.DATABASES else "default"


_in_session: ContextVar[bool] = ContextVar("stats_session", default=False)


@contextmanager
def stats_session() -> Iterator[None]:
    """Around one page or API call of statistics: on PostgreSQL one read transaction whose settings
    suit a handful of large aggregates (`session_settings`). When it opens the transaction itself, it
    runs at REPEATABLE READ and shares its snapshot, so that `parallel.run` may spread the page's
    queries over several connections that all see the same data (see parallel.py)."""
    alias = stats_db()
    connection = connections[alias]
    if _in_session.get() or connection.vendor != "postgresql":
        yield
        return
    share = parallel.wanted(alias) and not connection.in_atomic_block
    with transaction.atomic(using=alias), connection.cursor() as cursor, in_session():
        if not share:
            cursor.execute(SESSION_SETTINGS)
            yield
            return
        cursor.execute(f"SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; {SESSION_SETTINGS}")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        with parallel.sharing(alias, snapshot):
            yield


SESSION_SETTINGS = "SET LOCAL jit = off; SET LOCAL work_mem = '64MB'"
"""SET LOCAL (they end with the transaction, other requests never see them): no JIT (compiling each
query costs ~50 ms, more than it saves on these), and sort memory for the medians (a year's spans,
~55 MB), which would otherwise spill to disk at four megabytes."""


@contextmanager
def in_session() -> Iterator[None]:
    """What runs here is inside a statistics session already (the page's, or a worker's on its snapshot)."""
    token = _in_session.set(True)
    try:
        yield
    finally:
        _in_session.reset(token)


@dataclass(frozen=True)
class Scope:
    """What to count: the user's jurisdiction (None: everything, for the CLI) and optional filters."""

    user: Any = None
    county: int | None = None  # one county of the user's (a deployment of several counties)
    township: int | None = None
    village: int | None = None
    organisation: int | None = None
    fraud_type: str = ""
    key_group: int | None = None

    def filters(self) -> dict[str, Any]:
        values = {dim: getattr(self, dim) for dim in DIMENSIONS}
        return {dim: v for dim, v in values.items() if v not in (None, "")}


@dataclass(frozen=True)
class Measure:
    """A count or a money sum over the source's rows, optionally only those matching `where`; or the
    median time in minutes from `start` to `field` over the rows that have reached `field`."""

    kind: str = "count"  # count | money | median
    field: str = "pk"
    where: Q | None = None
    start: str = ""


@dataclass
class Resolved:
    model: type[models.Model]
    date_field: str
    is_date: bool
    paths: dict[str, str]
    measures: dict[str, Measure]
    base: Q = field(default_factory=Q)
    rollup: Rollup | None = None  # the months whose counts are rolled up (rollup.py), for this scope

    def period_q(self, period: Period) -> Q:
        lo, hi = _bounds(self, period)
        return Q(**{f"{self.date_field}__gte": lo, f"{self.date_field}__lt": hi})


def _bounds(resolved: Resolved, period: Period) -> tuple[date | datetime, date | datetime]:
    if resolved.is_date:
        return period.start, period.end + timedelta(days=1)
    return period.bounds()


# --- the fields a source reads --------------------------------------------------------------------


def lookup_field(model: type[models.Model], lookup: str) -> models.Field[Any, Any]:
    """The field a `a__b_id` lookup ends on. A renamed or removed field raises FieldDoesNotExist here,
    when the source is resolved (tests/stats/test_sources.py resolves every one), never a silent gap."""
    current: Any = model
    found: Any = None
    for part in lookup.split("__"):
        if current is None:
            raise FieldDoesNotExist(f"{model._meta.label}: {lookup} goes past a field that is not a relation")
        names = [part, part[:-3]] if part.endswith("_id") else [part]
        found = next((f for f in current._meta.get_fields() if f.name in names), None)
        if found is None:
            raise FieldDoesNotExist(f"{model._meta.label}: no field for {lookup}")
        current = found.related_model if found.is_relation else None
    return found


def resolve_source(model: type[models.Model], date_field: str, paths: Mapping[str, str]) -> Resolved:
    """A source over `model`: cut into periods by `date_field` (none: not cut by period), and by each
    dimension through its lookup in `paths`; counted (`count`) until the caller adds measures."""
    for lookup in paths.values():
        lookup_field(model, lookup)
    is_date = False
    if date_field:
        found = lookup_field(model, date_field)
        is_date = isinstance(found, models.DateField) and not isinstance(found, models.DateTimeField)
    return Resolved(
        model=model, date_field=date_field, is_date=is_date, paths=dict(paths), measures={"count": Measure()}
    )


# --- querying --------------------------------------------------------------------------------------


def in_jurisdiction(qs: QuerySet[Any], resolved: Resolved, user: Any) -> QuerySet[Any]:
    """Through the one scoping helper when the model declares its paths; otherwise by the township /
    village lookups found here, so that a model without `scope_paths` is never shown unscoped."""
    if hasattr(resolved.model, "scope_paths"):
        return scoped(qs, user)
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.everything:
        return qs
    q = Q(pk__in=[])
    if jurisdiction.county_ids and "county" in resolved.paths:
        q |= Q(**{f"{resolved.paths['county']}__in": jurisdiction.county_ids})
    if jurisdiction.township_ids and "township" in resolved.paths:
        q |= Q(**{f"{resolved.paths['township']}__in": jurisdiction.township_ids})
    if jurisdiction.village_ids and "village" in resolved.paths:
        q |= Q(**{f"{resolved.paths['village']}__in": jurisdiction.village_ids})
    return qs.filter(q)


def base_queryset(resolved: Resolved, scope: Scope) -> QuerySet[Any]:
    qs = resolved.model._default_manager.using(stats_db()).filter(resolved.base)
    if scope.user is not None:
        qs = in_jurisdiction(qs, resolved, scope.user)
    for dim, value in scope.filters().items():
        lookup = resolved.paths.get(dim)
        if lookup is None:
            raise NotApplicable(dim)
        qs = qs.filter(**{lookup: value})
    return qs


def _sqlite(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "sqlite"


def _span_seconds(start_field: str, end_field: str) -> Any:
    span = ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
    return Func(span, template="EXTRACT(EPOCH FROM %(expressions)s)", output_field=FloatField())


def _span_double(start_field: str, end_field: str) -> Any:
    """The span in seconds as date_part's double: for a span under a day the very double percentile_cont
    makes of EXTRACT's numeric (the interval's microseconds / 10⁶, correctly rounded either way), at
    a fraction of the cost (EXTRACT builds a numeric per row: a third of a year's median). From a
    day on, date_part adds the days after rounding and may differ in the last bit: see `LONG_MEDIAN`."""
    span = ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
    return Func(span, template="date_part('epoch', %(expressions)s)", output_field=FloatField())


LONG_MEDIAN = 11 * 3600
"""Seconds from which a median is recomputed from EXTRACT (`exact_median`): percentile_cont's result
is at least half its upper middle value, so a median below this involves no span of a day or more."""


def _has_span(start_field: str, end_field: str) -> Q:
    return Q(**{f"{end_field}__isnull": False, f"{end_field}__gte": F(start_field)})


def median_rows(measure: Measure, where: Q | None) -> Q:
    """The rows a median measure is taken over: those that reached its end, not before its start,
    among those matching `where`."""
    spans = _has_span(measure.start, measure.field)
    return spans & where if where else spans


def measure_expr(measure: Measure, condition: Q | None, sqlite: bool) -> Any:
    where = measure.where
    if condition is not None:
        where = condition & where if where is not None else condition
    if measure.kind == "count":
        return Count("pk", filter=where)
    if measure.kind == "median":
        # PostgreSQL only (see `aggregate`): percentile_cont(0.5) … FILTER (WHERE …), in the same scan
        # as the counts.
        return Median(_span_double(measure.start, measure.field), filter=median_rows(measure, where))
    if sqlite:
        # SQLite keeps decimals as binary floats; summing whole fen keeps the total exact to the fen.
        fen = Round(ExpressionWrapper(F(measure.field) * 100, output_field=FloatField()))
        return Sum(fen, filter=where, output_field=FloatField())
    return Sum(measure.field, filter=where)


def measure_value(measure: Measure, raw: Any, sqlite: bool) -> int | Decimal | None:
    assert measure.kind != "median", "a median's value comes from `_value`, which may recompute it"
    if measure.kind == "count":
        return int(raw or 0)
    if raw is None:
        return Decimal("0.00")
    if sqlite:
        return (Decimal(round(raw)) / 100).quantize(FEN)
    return Decimal(raw).quantize(FEN)


def _value(measure: Measure, raw: Any, sqlite: bool, rows: QuerySet[Any]) -> int | Decimal | None:
    """A measure's value from its aggregate; `rows`: the group's, should a median need recomputing."""
    if measure.kind != "median":
        return measure_value(measure, raw, sqlite)
    if raw is not None and raw >= LONG_MEDIAN:
        return exact_median(rows, measure)
    return None if raw is None else seconds_to_minutes(raw)


def _in_sql(measure: Measure, qs: QuerySet[Any]) -> bool:
    """Whether the measure is one aggregate expression here: medians are, on PostgreSQL only."""
    return measure.kind != "median" or connections[qs.db].vendor == "postgresql"


def _wanted(resolved: Resolved, names: Iterable[str] | None) -> dict[str, Measure]:
    return dict(resolved.measures) if names is None else {n: resolved.measures[n] for n in names}


Values = dict[str, int | Decimal | None]


def aggregate(
    resolved: Resolved, qs: QuerySet[Any], periods: list[Period], names: Iterable[str] | None = None
) -> list[Values]:
    """Every measure (or those named) for every period in one query that reads only the rows of those
    periods (an OR of date ranges the index serves), not the year between a month and the same month
    last year. On PostgreSQL the medians are in that query too; SQLite finds them row by row.
    With a roll-up, the counts of the months it holds come from it (rollup.py)."""
    if resolved.rollup is not None:
        return resolved.rollup.aggregate(resolved, qs, periods, names)
    sqlite = _sqlite(qs)
    wanted = _wanted(resolved, names)
    in_sql = {n: m for n, m in wanted.items() if _in_sql(m, qs)}
    results: list[Values] = [{} for _p in periods]
    if in_sql:
        cut = qs.filter(reduce(operator.or_, (resolved.period_q(p) for p in periods)))
        if _disjoint(periods):
            # Each row is in one period: group by which (one CASE per row) instead of repeating every
            # measure's filter for every period. Hashed; with medians the rows are sorted by period
            # first, which costs less than a filter per period on each of the medians and counts.
            which = Case(*(When(resolved.period_q(p), then=Value(i)) for i, p in enumerate(periods)))
            rows = (
                cut.order_by()
                .annotate(which=which)
                .values("which")
                .annotate(**{f"m_{n}": measure_expr(m, None, sqlite) for n, m in in_sql.items()})
            )
            by_period = {r["which"]: r for r in rows}
            for i, values in enumerate(results):
                row = by_period.get(i, {})
                rows_of = qs.filter(resolved.period_q(periods[i]))
                values.update({n: _value(m, row.get(f"m_{n}"), sqlite, rows_of) for n, m in in_sql.items()})
        else:
            expressions: dict[str, Any] = {}
            for i, period in enumerate(periods):
                condition = resolved.period_q(period) if len(periods) > 1 else None
                for name, measure in in_sql.items():
                    expressions[f"p{i}__{name}"] = measure_expr(measure, condition, sqlite)
            found = cut.order_by().aggregate(**expressions)
            for i, values in enumerate(results):
                rows_of = qs.filter(resolved.period_q(periods[i]))
                values.update({n: _value(m, found[f"p{i}__{n}"], sqlite, rows_of) for n, m in in_sql.items()})
    for name, measure in wanted.items():
        if name not in in_sql:
            for period, values in zip(periods, results, strict=True):
                values[name] = exact_median(qs.filter(resolved.period_q(period)), measure)
    return results


def _disjoint(periods: list[Period]) -> bool:
    ordered = sorted(periods, key=lambda p: p.start)
    return len(periods) > 1 and all(a.end < b.start for a, b in itertools.pairwise(ordered))


def _month(resolved: Resolved, period: Period, qs: QuerySet[Any]) -> tuple[Any, Callable[[Any], str]]:
    """The month a row falls in (Shanghai), as an expression and how to turn its value into "YYYY-MM".
    On PostgreSQL: width_bucket over the months' first instants, a binary search on the stored
    value, rather than converting every row's time to Shanghai time and truncating it."""
    months = period.months()
    if connections[qs.db].vendor == "postgresql":
        edges = [_bounds(resolved, m)[0] for m in months[1:]]
        if edges:
            cast = "date[]" if resolved.is_date else "timestamptz[]"
            bucket = Func(
                F(resolved.date_field),
                Value(edges),
                function="width_bucket",
                template=f"%(function)s(%(expressions)s::{cast})",
                output_field=IntegerField(),
            )
            return bucket, lambda i: months[i].month_key
    if resolved.is_date:
        return TruncMonth(resolved.date_field), lambda m: f"{m:%Y-%m}"
    return TruncMonth(resolved.date_field, tzinfo=SHANGHAI), lambda m: f"{m:%Y-%m}"


def monthly(
    resolved: Resolved, qs: QuerySet[Any], period: Period, names: Iterable[str] | None = None
) -> dict[str, Values]:
    """Every measure (or those named) per calendar month (Shanghai) of the period, in one GROUP BY query
    (with a roll-up, only over the months it does not hold)."""
    if resolved.rollup is not None:
        return resolved.rollup.monthly(resolved, qs, period, names)
    sqlite = _sqlite(qs)
    wanted = _wanted(resolved, names)
    in_sql = {n: m for n, m in wanted.items() if _in_sql(m, qs)}
    found: dict[str, Values] = {}
    if in_sql:
        month, key = _month(resolved, period, qs)
        rows = (
            qs.filter(resolved.period_q(period))
            .order_by()
            .annotate(month=month)
            .values("month")
            .annotate(**{f"m_{n}": measure_expr(m, None, sqlite) for n, m in in_sql.items()})
        )
        months = {m.month_key: m for m in period.months()}
        for r in rows:
            rows_of = qs.filter(resolved.period_q(months[key(r["month"])]))
            found[key(r["month"])] = {n: _value(m, r[f"m_{n}"], sqlite, rows_of) for n, m in in_sql.items()}
    for name, measure in wanted.items():
        if name not in in_sql:
            for month in period.months():
                value = exact_median(qs.filter(resolved.period_q(month)), measure)
                if value is not None:
                    found.setdefault(month.month_key, {n: zero(m) for n, m in in_sql.items()})[name] = value
    return found


def zero(measure: Measure) -> int | Decimal | None:
    """A measure's value over no rows."""
    if measure.kind == "count":
        return 0
    return Decimal("0.00") if measure.kind == "money" else None


def breakdown(
    resolved: Resolved, qs: QuerySet[Any], period: Period, dim: str, names: Iterable[str]
) -> dict[Any, Values]:
    """Measures grouped by one dimension (township, fraud type…) in one GROUP BY query."""
    return breakdowns(resolved, qs, period, [dim], names)[dim]


def breakdowns(
    resolved: Resolved, qs: QuerySet[Any], period: Period, dims: list[str], names: Iterable[str]
) -> dict[str, dict[Any, Values]]:
    """Counts and sums grouped by each of several dimensions, from one GROUP BY over all of them (a
    few hundred groups: 7 townships × 10 fraud types) added up here, exactly: one scan, not one per
    dimension. Raises NotApplicable when the records cannot be cut by one of the dimensions."""
    lookups = []
    for dim in dims:
        if dim not in resolved.paths:
            raise NotApplicable(dim)
        lookups.append(resolved.paths[dim])
    if resolved.rollup is not None:
        found = resolved.rollup.breakdowns(resolved, qs, period, dims, names)
        if found is not None:
            return found
    wanted = {n: resolved.measures[n] for n in names}
    assert all(m.kind in ("count", "money") for m in wanted.values()), "only counts and sums add up"
    sqlite = _sqlite(qs)
    rows = (
        qs.filter(resolved.period_q(period))
        .order_by()
        .values(*lookups)
        .annotate(**{f"m_{n}": measure_expr(m, None, sqlite) for n, m in wanted.items()})
    )
    result: dict[str, dict[Any, Values]] = {dim: {} for dim in dims}
    for r in rows:
        values = {n: measure_value(m, r[f"m_{n}"], sqlite) for n, m in wanted.items()}
        for dim, lookup in zip(dims, lookups, strict=True):
            into = result[dim].setdefault(r[lookup], {n: zero(m) for n, m in wanted.items()})
            for n, v in values.items():
                into[n] = into[n] + v  # type: ignore[operator]
    return result


def seconds_to_minutes(seconds: Any) -> Decimal:
    return (Decimal(str(seconds)) / 60).quantize(HUNDREDTH)


def exact_median(qs: QuerySet[Any], measure: Measure) -> Decimal | None:
    """A median measure over these rows, the slow exact way (`median_minutes`)."""
    rows = qs.filter(measure.where) if measure.where is not None else qs
    return median_minutes(rows, measure.start, measure.field)


def median_minutes(qs: QuerySet[Any], start_field: str, end_field: str) -> Decimal | None:
    """The median of end − start in minutes (two decimals), computed by the database: on PostgreSQL
    percentile_cont; elsewhere a count, then the one or two middle rows in order. No rows in Python."""
    spans = qs.filter(_has_span(start_field, end_field)).annotate(
        span=ExpressionWrapper(F(end_field) - F(start_field), output_field=DurationField())
    )
    if connections[qs.db].vendor == "postgresql":
        found = spans.order_by().aggregate(median=Median(_span_seconds(start_field, end_field)))["median"]
        return None if found is None else seconds_to_minutes(found)
    n = spans.count()
    if n == 0:
        return None
    middle = list(spans.order_by("span").values_list("span", flat=True)[(n - 1) // 2 : n // 2 + 1])
    total = sum(middle, timedelta())
    seconds = Decimal(total.days * 86400 + total.seconds) + Decimal(total.microseconds) / 1_000_000
    return (seconds / len(middle) / 60).quantize(HUNDREDTH)


class Median(Aggregate):
    """PostgreSQL's percentile_cont(0.5): the median in one pass, no rows leave the database."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


@dataclass(frozen=True)
class Source:
    key: str
    resolve: Callable[[], Resolved]

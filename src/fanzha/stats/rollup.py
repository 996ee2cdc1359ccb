"""The alerts' counts rolled up by month, county, township and fraud type: a year's figures read a few thousand
small rows instead of counting 400,000 alerts (docs/statistics.md, "Performance").

- **What.** Every count measure of the alerts source (`indicators._alerts`), per calendar month
  (Asia/Shanghai), township (or none: unrouted) and fraud type, in `models.AlertMonthFigure`.
  A month is rolled up once it has settled: it ended at least `SETTLE` ago and every deadline of its
  alerts has passed, so that the counts that compare a deadline with now ("due") no longer move.
- **When it is used.** On PostgreSQL, for a county-wide user or one whose jurisdiction is whole
  townships (a station chief), filtered at most by township and fraud type. Any other scope or filter
  (a village, an organisation, a key group) counts every alert live, as without the roll-up.
- **Medians.** A median cannot be added up from months, so for each median measure the roll-up keeps
  the spans themselves (`models.AlertMonthSpans`: each month's, township's and fraud type's spans in
  seconds, sorted, as doubles). The median of a period made of rolled-up months is picked from them
  (numpy's partition, then percentile_cont's arithmetic), with the spans of the rest of the period
  (part months, months out of date) read from the alerts as the same doubles: the very value the
  database would give, without reading and sorting the whole period's alerts. A period with no
  rolled-up month at all takes its medians from the database, as before.
- **Always exact.** The ledger (`models.AlertMonth`) has a version per month that a database trigger
  raises in the same transaction as any insert, change or deletion of one of the month's alerts
  (migration stats 0001). A month's roll-up is used only while it was made from the version the ledger
  holds; otherwise that month is counted live, until the periodic task (tasks.py, every minute) rolls
  it up again. The ledger and the roll-up are read in the statistics session's snapshot, as the alerts
  are, so a page never adds a roll-up to alerts from another moment.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import reduce
from typing import Any

import numpy as np
import psycopg
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from fanzha.places.scoping import jurisdiction_of
from fanzha.stats.models import AlertMonth, AlertMonthFigure, AlertMonthSpans
from fanzha.stats.periods import SHANGHAI, Period, add_months, month_of
from fanzha.stats.sources import (
    Resolved,
    Scope,
    Values,
    _span_double,
    _value,
    aggregate,
    breakdowns,
    measure_expr,
    median_rows,
    monthly,
    stats_db,
)

SOURCE = "alerts"
SETTLE = timedelta(days=2)
"""How long after its end a month may be rolled up: longer than any transaction that wrote one of its
alerts while it was still the current month (the trigger does not mark the current month)."""

DEADLINES = ("contact_deadline", "visit_deadline")
"""The alerts' fields that "due" counts compare with now: a month is settled when all have passed."""

COLUMNS = {"county": "county_id", "township": "township_id", "fraud_type": "fraud_type", "month": "month"}
FORMAT = 3  # raise when what a measure counts changes: every month is then rolled up again


def enabled(alias: str) -> bool:
    return bool(getattr(settings, "STATS_ROLLUP", True)) and connections[alias].vendor == "postgresql"


def rolled_names(resolved: Resolved) -> list[str]:
    return sorted(n for n, m in resolved.measures.items() if m.kind == "count")


def median_names(resolved: Resolved) -> list[str]:
    return sorted(n for n, m in resolved.measures.items() if m.kind == "median")


def schema(resolved: Resolved) -> str:
    """What a month's roll-up holds; one made for other measures is not used."""
    return f"{FORMAT}:{','.join(rolled_names(resolved))}:{','.join(median_names(resolved))}"


SPAN = np.dtype("<f8")  # how spans are stored: little-endian doubles, whatever the machine


def percentile_cont(spans: np.ndarray[Any, Any]) -> float | None:
    """percentile_cont(0.5) over these doubles, to the bit: the middle value, or the lower middle
    plus half the difference to the upper (PostgreSQL's arithmetic); None when there are none."""
    n = len(spans)
    if n == 0:
        return None
    low, high = (n - 1) // 2, n // 2
    middle = np.partition(spans, [low, high])
    lower, upper = float(middle[low]), float(middle[high])
    return lower if low == high else lower + 0.5 * (upper - lower)


def _within(resolved: Resolved, qs: QuerySet[Any], pieces: list[Period]) -> QuerySet[Any]:
    """The rows of these runs of days (the part of a period the roll-up does not hold)."""
    return qs.filter(reduce(operator.or_, (resolved.period_q(p) for p in pieces)))


@dataclass(frozen=True)
class Rollup:
    """The roll-up as one statistics computation may use it: the months that are up to date, the
    measures held, and the cut of the figures its scope makes."""

    months: frozenset[date]
    names: frozenset[str]
    medians: frozenset[str]
    where: Q
    # kept spans already read, by month and median: a period and the same period a year earlier
    # overlap, and their jobs (side by side) read each month once
    _kept: dict[tuple[date, str], bytes] = field(default_factory=dict, compare=False, repr=False)
    _reading: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    def split(self, period: Period) -> tuple[list[date], list[Period]]:
        """The whole months of the period the roll-up holds, and the rest as runs of days."""
        rolled: list[date] = []
        rest: list[Period] = []
        for month in period.months():
            if month.whole_months == 1 and month.start in self.months:
                rolled.append(month.start)
            elif rest and rest[-1].end + timedelta(days=1) == month.start:
                rest[-1] = Period(rest[-1].start, month.end)
            else:
                rest.append(month)
        return rolled, rest

    def sums(self, months: Iterable[date], names: Sequence[str], by: Sequence[str]) -> dict[tuple[Any, ...], Values]:
        """The measures summed over the months, grouped by `by` (township, fraud_type, month)."""
        months = list(months)
        if not months:
            return {}
        columns = [COLUMNS[b] for b in by]
        rows = (
            AlertMonthFigure.objects.using(stats_db())
            .filter(self.where, month__in=months, measure__in=list(names))
            .order_by()
            .values(*columns, "measure")
            .annotate(total=Sum("value"))
        )
        found: dict[tuple[Any, ...], Values] = {}
        for row in rows:
            into = found.setdefault(tuple(row[c] for c in columns), dict.fromkeys(names, 0))
            into[row["measure"]] = int(row["total"])
        return found

    def _held(self, resolved: Resolved, names: Iterable[str] | None) -> tuple[list[str], list[str], list[str]]:
        """The measures wanted (all when None) as the roll-up holds them: counts, medians (kept spans),
        and the others, counted from the alerts."""
        wanted = list(resolved.measures) if names is None else list(names)
        held = [n for n in wanted if n in self.names]
        medians = [n for n in wanted if n in self.medians]
        others = [n for n in wanted if n not in self.names and n not in self.medians]
        return held, medians, others

    # --- what sources.aggregate / monthly / breakdowns do when the source has a roll-up -------------

    def aggregate(
        self, resolved: Resolved, qs: QuerySet[Any], periods: list[Period], names: Iterable[str] | None
    ) -> list[Values]:
        live = replace(resolved, rollup=None)
        held, medians, others = self._held(resolved, names)
        plans = [self.split(p) for p in periods]
        results: list[Values] = [{} for _p in periods]
        # medians: from the spans kept for the rolled-up months and those of the rest of the period;
        # a period with no rolled-up month at all, from the alerts in the database, as without a roll-up
        some = [i for i, (rolled, _rest) in enumerate(plans) if rolled]
        for i in some:
            results[i].update(self._medians(resolved, qs, periods[i], medians))
        none = [i for i in range(len(periods)) if i not in some]
        if medians and none:
            for i, found in zip(none, aggregate(live, qs, [periods[i] for i in none], medians), strict=True):
                results[i].update(found)
        if others:
            for values, found in zip(results, aggregate(live, qs, periods, others), strict=True):
                values.update(found)
        if held:
            pieces = list(dict.fromkeys(piece for _rolled, rest in plans for piece in rest))
            counted = dict(zip(pieces, aggregate(live, qs, pieces, held), strict=True)) if pieces else {}
            summed = self.sums({m for rolled, _rest in plans for m in rolled}, held, by=["month"])
            for values, (rolled, rest) in zip(results, plans, strict=True):
                for n in held:
                    from_months = sum(summed.get((m,), {}).get(n, 0) or 0 for m in rolled)
                    values[n] = from_months + sum(counted[piece][n] or 0 for piece in rest)
        return results

    def _medians(self, resolved: Resolved, qs: QuerySet[Any], period: Period, names: list[str]) -> Values:
        """The medians of a period: the spans kept for its rolled-up months, and those of the rest of
        the period (part months, months out of date) read from the alerts, as the same doubles."""
        if not names:
            return {}
        rolled, rest = self.split(period)
        kept = self._kept_spans(rolled, names)
        found = {n: [kept[(m, n)] for m in rolled] for n in names}
        values: Values = {}
        for name in names:
            measure = resolved.measures[name]
            if rest:
                rows = _within(resolved, qs, rest).filter(median_rows(measure, measure.where)).order_by()
                live = rows.values_list(_span_double(measure.start, measure.field), flat=True)
                found[name].append(np.array(list(live), dtype=SPAN).tobytes())
            middle = percentile_cont(np.frombuffer(b"".join(found[name]), dtype=SPAN))
            # a long median is recomputed from the alerts, as sources does (`LONG_MEDIAN`)
            values[name] = _value(measure, middle, False, qs.filter(resolved.period_q(period)))
        return values

    def _kept_spans(self, months: list[date], names: list[str]) -> dict[tuple[date, str], bytes]:
        """The kept spans of these months (those in the scope's townships and fraud type), by month and
        median; each read once per computation."""
        with self._reading:
            missing = sorted({m for m in months for n in names if (m, n) not in self._kept})
            if missing:
                read: dict[tuple[date, str], list[bytes]] = {(m, n): [] for m in missing for n in names}
                for month, name, blob in _binary_rows(
                    AlertMonthSpans.objects.using(stats_db())
                    .filter(self.where, month__in=missing, measure__in=names)
                    .values_list("month", "measure", "spans")
                ):
                    read[(month, name)].append(blob)
                self._kept.update({key: b"".join(blobs) for key, blobs in read.items()})
            return self._kept

    def monthly(
        self, resolved: Resolved, qs: QuerySet[Any], period: Period, names: Iterable[str] | None
    ) -> dict[str, Values]:
        live = replace(resolved, rollup=None)
        held, medians, others = self._held(resolved, names)
        found: dict[str, Values] = monthly(live, qs, period, others) if others else {}
        rolled, rest = self.split(period)
        # the months the roll-up does not hold from the alerts, in one query; each rolled-up month's
        # medians from its kept spans and its counts from its figures
        if rest and (held or medians):
            for key, values in monthly(live, _within(resolved, qs, rest), period, held + medians).items():
                found.setdefault(key, {}).update(values)
        for month in rolled if medians else []:
            whole = month_of(month)
            found.setdefault(whole.month_key, {}).update(self._medians(resolved, qs, whole, medians))
        if held:
            for (month,), values in self.sums(rolled, held, by=["month"]).items():
                found.setdefault(f"{month:%Y-%m}", {}).update(values)
        return found

    def breakdowns(
        self, resolved: Resolved, qs: QuerySet[Any], period: Period, dims: list[str], names: Iterable[str]
    ) -> dict[str, dict[Any, Values]] | None:
        """None when the roll-up cannot give them (a dimension or a measure it does not hold)."""
        names = list(names)
        if not set(dims) <= {"county", "township", "fraud_type"} or not set(names) <= self.names:
            return None
        live = replace(resolved, rollup=None)
        rolled, rest = self.split(period)
        result: dict[str, dict[Any, Values]] = {dim: {} for dim in dims}
        if rest:
            result = breakdowns(live, _within(resolved, qs, rest), period, dims, names)
        for key, values in self.sums(rolled, names, by=dims).items():
            for dim, value in zip(dims, key, strict=True):
                into = result[dim].setdefault(value, dict.fromkeys(names, 0))
                for n in names:
                    into[n] = (into[n] or 0) + (values[n] or 0)
        return result


def _binary_rows(rows: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The rows of a query, fetched in PostgreSQL's binary format: the kept spans arrive as their own
    bytes, not as hexadecimal text to decode (half the bytes on the wire, no decoding)."""
    sql, params = rows.query.sql_with_params()
    connection = connections[rows.db]
    connection.ensure_connection()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        return cursor.fetchall()


def for_scope(key: str, resolved: Resolved, scope: Scope) -> Rollup | None:
    """The roll-up a computation for this source and scope may use, or None (module docstring)."""
    if key != SOURCE or not enabled(stats_db()):
        return None
    filters = scope.filters()
    if not set(filters) <= {"county", "township", "fraud_type"}:
        return None
    where = Q(**{COLUMNS[dim]: value for dim, value in filters.items()})
    if scope.user is not None:
        jurisdiction = jurisdiction_of(scope.user)
        if not jurisdiction.everything:
            if jurisdiction.village_ids or not jurisdiction.township_ids:
                return None
            # a county's centre: its townships, and its alerts not yet in a township (the county's queue)
            where &= Q(township_id__in=sorted(jurisdiction.township_ids)) | Q(
                county_id__in=sorted(jurisdiction.county_ids)
            )
    months = frozenset(
        AlertMonth.objects.using(stats_db())
        .filter(rolled_version=F("version"), rolled_schema=schema(resolved))
        .values_list("month", flat=True)
    )
    if not months:
        return None
    return Rollup(
        months=months,
        names=frozenset(rolled_names(resolved)),
        medians=frozenset(median_names(resolved)),
        where=where,
    )


# --- keeping it up to date ---------------------------------------------------------------------------


def refresh(resolved: Resolved, *, now: datetime | None = None) -> list[date]:
    """Roll up every settled month whose roll-up is missing or out of date; returns those rolled up.
    Each month in its own short transaction. Run every minute by tasks.py; the first run on a database
    with years of alerts rolls up all of them (a few seconds)."""
    if not enabled("default"):
        return []
    now = now or timezone.now()
    rows = resolved.model._default_manager.using("default").filter(resolved.base)
    first = rows.aggregate(first=Min(resolved.date_field))["first"]
    if first is None:
        return []
    wanted = schema(resolved)
    ledger = {entry.month: entry for entry in AlertMonth.objects.using("default")}
    rolled = []
    month = month_of(first.astimezone(SHANGHAI).date())
    while month.bounds()[1] + SETTLE <= now:
        entry = ledger.get(month.start)
        current = entry is not None and entry.rolled_version == entry.version and entry.rolled_schema == wanted
        if not current and _roll(resolved, rows, month, wanted, now):
            rolled.append(month.start)
        month = month_of(add_months(month.start, 1))
    return rolled


def _roll(resolved: Resolved, rows: QuerySet[Any], month: Period, wanted: str, now: datetime) -> bool:
    """Roll up one month, unless one of its deadlines is still ahead; whether it was rolled up."""
    names = rolled_names(resolved)
    with transaction.atomic(using="default"):
        AlertMonth.objects.using("default").bulk_create([AlertMonth(month=month.start)], ignore_conflicts=True)
        # Locked: a writer's trigger waits until this roll-up is in, then marks it out of date again;
        # a writer that marked it first is waited for here, and its change is then counted.
        entry = AlertMonth.objects.using("default").select_for_update().get(month=month.start)
        of_month = rows.filter(resolved.period_q(month)).order_by()
        groups = list(
            of_month.values("county_id", "township_id", "fraud_type").annotate(
                settles=Max(Greatest(*(Coalesce(f, DEADLINES[0]) for f in DEADLINES))),
                **{f"m_{n}": measure_expr(resolved.measures[n], None, False) for n in names},
            )
        )
        if any(g["settles"] is not None and g["settles"] >= now for g in groups):
            return False
        figures = [
            AlertMonthFigure(
                month=month.start,
                county_id=g["county_id"],
                township_id=g["township_id"],
                fraud_type=g["fraud_type"],
                measure=n,
                value=g[f"m_{n}"],
            )
            for g in groups
            for n in names
            if g[f"m_{n}"]
        ]
        spans: dict[tuple[Any, Any, str, str], list[float]] = {}
        for name in median_names(resolved):
            measure = resolved.measures[name]
            found = of_month.filter(median_rows(measure, measure.where)).values_list(
                "county_id", "township_id", "fraud_type", _span_double(measure.start, measure.field)
            )
            for county_id, township_id, fraud_type, span in found:
                spans.setdefault((county_id, township_id, fraud_type, name), []).append(span)
        AlertMonthSpans.objects.using("default").filter(month=month.start).delete()
        AlertMonthSpans.objects.using("default").bulk_create(
            [
                AlertMonthSpans(
                    month=month.start,
                    county_id=county_id,
                    township_id=township_id,
                    fraud_type=fraud_type,
                    measure=name,
                    spans=np.sort(np.array(values, dtype=SPAN)).tobytes(),
                )
                for (county_id, township_id, fraud_type, name), values in spans.items()
            ]
        )
        AlertMonthFigure.objects.using("default").filter(month=month.start).delete()
        AlertMonthFigure.objects.using("default").bulk_create(figures, batch_size=5000)
        entry.rolled_version = entry.version
        entry.rolled_schema = wanted
        entry.rolled_at = now
        entry.save(update_fields=["rolled_version", "rolled_schema", "rolled_at"])
    return True

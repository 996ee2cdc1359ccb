"""The median times are exactly percentile_cont's, to the hundredth of a minute shown, on every database:
odd and even counts, ties, fractions of a second, spans of a day or more, months with no alerts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import F, Func

from fanzha.alerts.models import Alert
from fanzha.stats.indicators import BY_CODE, series, summary
from fanzha.stats.periods import Period
from fanzha.stats.sources import LONG_MEDIAN, Median, Scope, median_minutes, seconds_to_minutes
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))
MICRO = timedelta(microseconds=1)

# spans from receipt to first contact, and their median in minutes as percentile_cont gives it
CASES = {
    "odd count: the middle one": ([timedelta(minutes=m) for m in (10, 2, 4)], "4.00"),
    "even count: halfway between the two middle ones": ([timedelta(minutes=m) for m in (2, 9, 4, 7)], "5.50"),
    "ties in the middle": ([timedelta(minutes=m) for m in (3, 3, 3, 5)], "3.00"),
    "ties on both sides of the middle": ([timedelta(minutes=m) for m in (1, 3, 3, 8)], "3.00"),
    "contacted the moment it came in": ([timedelta(0), timedelta(0), timedelta(minutes=1)], "0.00"),
    "fractions of a second": ([timedelta(seconds=61.5), timedelta(seconds=62.25)], "1.03"),
    # the two middle spans either side of a day, their mean 105,848.1 s = 1,764.135 minutes: exactly
    # half a hundredth, so one bit less (date_part's rounding past a day) would show 1764.13
    "half a hundredth, past a day": (
        [timedelta(microseconds=75_206_714_251), timedelta(microseconds=136_489_485_749)],
        "1764.14",
    ),
    "either side of the threshold for recomputing": (
        [
            timedelta(seconds=LONG_MEDIAN) - MICRO,
            timedelta(seconds=LONG_MEDIAN),
            timedelta(seconds=LONG_MEDIAN) + MICRO,
        ],
        str(seconds_to_minutes(LONG_MEDIAN)),
    ),
    "a day to the microsecond": ([timedelta(days=1) - MICRO, timedelta(days=1), timedelta(days=1) + MICRO], "1440.00"),
}


def _percentile_cont(rows: Any) -> Decimal | None:
    """PostgreSQL's own percentile_cont(0.5) over EXTRACT(EPOCH …): what the figures must equal."""
    span = Func(F("first_contact_at") - F("received_at"), template="EXTRACT(EPOCH FROM %(expressions)s)")
    found = rows.filter(first_contact_at__gte=F("received_at")).aggregate(m=Median(span))["m"]
    return None if found is None else seconds_to_minutes(found)


def _alerts_with_spans(alert_at: Any, village: Any, day: int, spans: list[timedelta], month: int = 8) -> None:
    for i, span in enumerate(spans):
        received = sh(2025, month, day, 9, i)
        alert_at(received, village, first_contact_at=received + span)


@pytest.mark.parametrize("case", list(CASES))
def test_median_contact_is_percentile_cont_to_the_hundredth(world: Any, alert_at: Any, case: str) -> None:
    spans, expected = CASES[case]
    _alerts_with_spans(alert_at, world.village_a1, 5, spans)
    # not counted: never contacted, and a contact time before the alert came in (bad data)
    alert_at(sh(2025, 8, 6, 9), world.village_a1)
    alert_at(sh(2025, 8, 6, 10), world.village_a1, first_contact_at=sh(2025, 8, 6, 9))
    figure = {f.indicator.code: f for f in summary(Scope(user=world.user("leader")), AUGUST)}["median_contact_minutes"]
    assert figure.value == Decimal(expected)
    assert figure.previous is None and figure.year_ago is None  # July and August 2024: no alerts
    in_august = Alert.objects.filter(received_at__gte=sh(2025, 8, 1), received_at__lt=sh(2025, 9, 1))
    assert median_minutes(in_august, "received_at", "first_contact_at") == Decimal(expected)
    if connection.vendor == "postgresql":
        assert _percentile_cont(in_august) == Decimal(expected)


def test_monthly_medians_match_each_month_on_its_own(world: Any, alert_at: Any) -> None:
    long_spans, long_expected = CASES["half a hundredth, past a day"]
    _alerts_with_spans(alert_at, world.village_a1, 3, long_spans, month=6)
    _alerts_with_spans(alert_at, world.village_a1, 3, [timedelta(minutes=m) for m in (2, 9, 4, 7)], month=8)
    status, points = series(
        BY_CODE["median_contact_minutes"], Scope(user=world.user("leader")), Period(date(2025, 6, 1), date(2025, 8, 31))
    )
    assert status == "ok"
    assert points == [("2025-06", Decimal(long_expected)), ("2025-07", None), ("2025-08", Decimal("5.50"))]


def test_median_visit_counts_only_visited_alerts_of_the_scope(world: Any, alert_at: Any) -> None:
    t = sh(2025, 8, 5, 9)
    alert_at(t, world.village_a1, visit_at=t + timedelta(minutes=20))
    alert_at(t, world.village_a1, visit_at=t + timedelta(minutes=40))
    alert_at(t, world.village_a1, visit_at=t + timedelta(minutes=45))
    alert_at(t, world.village_b1, visit_at=t + timedelta(minutes=90))  # another station's township
    alert_at(t, world.village_a1)  # not visited
    chief = {f.indicator.code: f for f in summary(Scope(user=world.user("chief_a")), AUGUST)}
    leader = {f.indicator.code: f for f in summary(Scope(user=world.user("leader")), AUGUST)}
    assert chief["median_visit_minutes"].value == Decimal("40.00")
    assert leader["median_visit_minutes"].value == Decimal("42.50")

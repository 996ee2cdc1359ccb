"""Periods cut at Shanghai midnight; the previous period is whole months or the same number of days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from fanzha.stats.periods import NEW, Period, change, percent


def test_a_month_starts_at_shanghai_midnight_which_is_four_pm_utc_the_day_before() -> None:
    start, end = Period(date(2025, 8, 1), date(2025, 8, 31)).bounds()
    assert start.astimezone(UTC) == datetime(2025, 7, 31, 16, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2025, 8, 31, 16, 0, tzinfo=UTC)


def test_previous_of_whole_months_is_the_same_number_of_calendar_months_before() -> None:
    assert Period(date(2025, 3, 1), date(2025, 3, 31)).previous() == Period(date(2025, 2, 1), date(2025, 2, 28))
    q = Period(date(2025, 4, 1), date(2025, 6, 30))
    assert q.previous() == Period(date(2025, 1, 1), date(2025, 3, 31))
    assert q.year_ago() == Period(date(2024, 4, 1), date(2024, 6, 30))
    assert Period(date(2024, 2, 1), date(2024, 2, 29)).year_ago() == Period(date(2023, 2, 1), date(2023, 2, 28))


def test_previous_of_other_periods_is_the_same_number_of_days_before() -> None:
    p = Period(date(2025, 8, 10), date(2025, 8, 16))
    assert p.previous() == Period(date(2025, 8, 3), date(2025, 8, 9))
    assert p.year_ago() == Period(date(2024, 8, 10), date(2024, 8, 16))


def test_change_is_two_decimals_half_up_and_new_from_zero() -> None:
    assert change(1, 14) == Decimal("-92.86")
    assert change(10, 0) == NEW
    assert change(0, 0) is None
    assert change(Decimal("0.00"), Decimal("0.00")) is None
    assert change(0, 5) == Decimal("-100.00")
    assert change(Decimal("1.005"), 1) == Decimal("0.50")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 0) is None


def test_months_of_a_period_are_cut_to_it() -> None:
    months = Period(date(2025, 1, 15), date(2025, 3, 10)).months()
    assert [(m.start, m.end) for m in months] == [
        (date(2025, 1, 15), date(2025, 1, 31)),
        (date(2025, 2, 1), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2025, 3, 10)),
    ]

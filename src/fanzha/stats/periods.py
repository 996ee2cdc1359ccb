"""Periods and the arithmetic of change (环比/同比), with the rounding rules stated once.

A period is a range of calendar days in Asia/Shanghai, both ends included: 2025-08-01 … 2025-08-31
starts at 2025-08-01 00:00 Shanghai time (2025-07-31 16:00 UTC) and ends before 2025-09-01 00:00.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
HUNDREDTH = Decimal("0.01")
NEW = "新增"  # the base was zero and the value is not: a percentage would be a division by zero

Change = Decimal | str | None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (earlier if negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("end before start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def whole_months(self) -> int:
        """How many calendar months the period is, or 0 if it does not run from a 1st to a month's end."""
        after = self.end + timedelta(days=1)
        if self.start.day != 1 or after.day != 1:
            return 0
        return (after.year - self.start.year) * 12 + after.month - self.start.month

    def bounds(self) -> tuple[datetime, datetime]:
        """[first instant, first instant after) as aware datetimes at Shanghai midnight."""
        return (
            datetime.combine(self.start, time.min, tzinfo=SHANGHAI),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=SHANGHAI),
        )

    def previous(self) -> Period:
        """The preceding period: the same number of calendar months when whole months, else of days."""
        months = self.whole_months
        if months:
            return Period(add_months(self.start, -months), self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_ago(self) -> Period:
        months = self.whole_months
        if months:
            start = add_months(self.start, -12)
            return Period(start, add_months(start, months) - timedelta(days=1))
        return Period(add_months(self.start, -12), add_months(self.end, -12))

    def months(self) -> list[Period]:
        """The calendar months the period touches, each cut to the period."""
        result = []
        first = self.start.replace(day=1)
        while first <= self.end:
            nxt = add_months(first, 1)
            result.append(Period(max(first, self.start), min(nxt - timedelta(days=1), self.end)))
            first = nxt
        return result

    @property
    def label(self) -> str:
        if self.whole_months == 1:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"

    @property
    def month_key(self) -> str:
        return f"{self.start:%Y-%m}"


def month_of(day: date) -> Period:
    return Period(day.replace(day=1), add_months(day.replace(day=1), 1) - timedelta(days=1))


def percent(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    """part / whole × 100, two decimals, half up; None when there is nothing to divide by."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def change(value: int | Decimal | None, base: int | Decimal | None) -> Change:
    """(value − base) / base × 100, two decimals half up; "新增" from zero; None when both are zero
    or either is unknown."""
    if value is None or base is None:
        return None
    if base == 0:
        return NEW if value != 0 else None
    return ((Decimal(value) - Decimal(base)) * 100 / Decimal(base)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def points(value: int | Decimal | None, base: int | Decimal | None) -> Decimal | None:
    """The change of a rate: value − base in percentage points (百分点), two decimals; None when either
    is unknown. A rate's change is never a percentage of a percentage."""
    if value is None or base is None:
        return None
    return (Decimal(value) - Decimal(base)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)

"""The dashboard's tables and the monthly series, computed with as few reads as possible, give the same
figures as counting the records one by one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fanzha.stats import tables
from fanzha.stats.indicators import summary
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))


def test_township_and_fraud_type_tables_add_up_per_row(world: Any, alert_at: Any, case_at: Any) -> None:
    alert_at(sh(2025, 8, 3, 10), world.village_a1, fraud_type="investment", status="closed", outcome="dissuaded")
    alert_at(sh(2025, 8, 4, 10), world.village_a1, fraud_type="loan", status="closed", outcome="money_sent")
    alert_at(sh(2025, 8, 5, 10), world.village_b1, fraud_type="investment", status="closed", outcome="dissuaded")
    alert_at(sh(2025, 7, 5, 10), world.village_b1, fraud_type="loan")  # July: not in the tables
    case_at(sh(2025, 8, 6, 10), world.village_a1, loss="100.10", fraud_type="investment")
    case_at(sh(2025, 8, 7, 10), world.village_b1, loss="0.05", fraud_type="investment")
    case_at(sh(2025, 8, 8, 10), world.village_b1, loss="20.00", fraud_type="loan")
    board = tables.build(Scope(user=world.user("leader")), AUGUST)
    by_township = {t["name"]: t for t in board.townships}
    a, b = by_township[world.township_a.name], by_township[world.township_b.name]
    assert (a["alerts"], a["dissuasion_rate"], a["cases"], a["losses"]) == (2, Decimal("50.00"), 1, Decimal("100.10"))
    assert (b["alerts"], b["dissuasion_rate"], b["cases"], b["losses"]) == (1, Decimal("100.00"), 2, Decimal("20.05"))
    by_type = {f["code"]: f for f in board.fraud_types}
    assert (by_type["investment"]["alerts"], by_type["investment"]["cases"]) == (2, 2)
    assert by_type["investment"]["losses"] == Decimal("100.15")
    assert (by_type["loan"]["alerts"], by_type["loan"]["cases"], by_type["loan"]["losses"]) == (1, 1, Decimal("20.00"))
    # closed with an outcome counts as reached: 3 received ⊇ 3 reached ⊇ 3 judged ⊇ 2 dissuaded
    assert [s["value"] for s in board.funnel] == [3, 3, 3, 2]


def test_median_series_by_month(world: Any, api_client: Any, alert_at: Any) -> None:
    for minutes in (2, 4, 9):
        when = sh(2025, 6, 10, 10)
        alert_at(when, world.village_a1, first_contact_at=when + timedelta(minutes=minutes))
    for minutes in (3, 5):
        when = sh(2025, 8, 10, 10)
        alert_at(when, world.village_a1, first_contact_at=when + timedelta(minutes=minutes))
    r = api_client(world.user("leader")).get(
        "/api/v1/stats/series", indicator="median_contact_minutes", start="2025-06-01", end="2025-08-31"
    )
    assert r.status_code == 200, r.content
    assert r.json() == [
        {"period": "2025-06", "value": "4.00"},
        {"period": "2025-07", "value": None},
        {"period": "2025-08", "value": "4.00"},
    ]


def test_registrations_in_a_period_count_its_first_and_last_day(world: Any) -> None:
    for resident, day in (
        (world.resident_a1, date(2025, 7, 31)),
        (world.resident_a2, date(2025, 8, 1)),
        (world.resident_b1, date(2025, 8, 31)),
    ):
        resident.app_registered_on = day
        resident.save()
    figures = {f.indicator.code: f for f in summary(Scope(user=world.user("leader")), AUGUST)}
    assert figures["app_registrations"].value == 2
    assert figures["app_registrations"].previous == 1
    assert (figures["app_registrations"].year_ago, figures["app_registrations"].yoy) == (0, "新增")

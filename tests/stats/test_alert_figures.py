"""Known alerts give known figures: counts, 环比, rates, medians, the Shanghai day boundary."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fanzha.stats.indicators import BY_CODE, summary
from fanzha.stats.periods import NEW, Period
from fanzha.stats.sources import Scope
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))


def figures(scope: Scope, period: Period = AUGUST) -> dict[str, Any]:
    return {f.indicator.code: f for f in summary(scope, period)}


def test_fourteen_alerts_in_july_and_one_in_august_is_minus_92_86_percent(world: Any, alert_at: Any) -> None:
    for day in range(1, 15):
        alert_at(sh(2025, 7, day, 10), world.village_a1)
    alert_at(sh(2025, 8, 3, 10), world.village_a1)
    f = figures(Scope(user=world.user("leader")))["alerts"]
    assert (f.value, f.previous, f.mom) == (1, 14, Decimal("-92.86"))
    assert f.yoy == NEW  # nothing in August 2024


def test_a_record_at_half_past_midnight_shanghai_on_the_first_belongs_to_the_new_month(
    world: Any, alert_at: Any
) -> None:
    alert_at(sh(2025, 8, 1, 0, 30), world.village_a1)  # 2025-07-31 16:30 UTC
    alert_at(sh(2025, 7, 31, 23, 59), world.village_a1)
    f = figures(Scope(user=world.user("leader")))["alerts"]
    assert (f.value, f.previous) == (1, 1)
    july = figures(Scope(user=world.user("leader")), Period(date(2025, 7, 31), date(2025, 7, 31)))["alerts"]
    assert july.value == 1


def test_rates_and_medians_come_from_the_records(world: Any, alert_at: Any) -> None:
    t = sh(2025, 8, 5, 9)
    v = world.village_a1
    # contacted in 2, 4, 10 (late) minutes; visited after 20 and 40 minutes
    alert_at(
        t,
        v,
        first_contact_at=t + timedelta(minutes=2),
        visit_at=t + timedelta(minutes=20),
        status="closed",
        outcome="dissuaded",
    )
    alert_at(
        t,
        v,
        first_contact_at=t + timedelta(minutes=4),
        visit_at=t + timedelta(minutes=40),
        status="closed",
        outcome="money_sent",
    )
    alert_at(t, v, first_contact_at=t + timedelta(minutes=10), status="closed", outcome="not_fraud")
    alert_at(t, v, status="assigned")  # never contacted, deadline long past
    f = figures(Scope(user=world.user("leader")))
    assert f["contacted_in_time_rate"].value == Decimal("50.00")  # 2 of 4
    assert f["median_contact_minutes"].value == Decimal("4.00")
    assert f["median_visit_minutes"].value == Decimal("30.00")  # (20 + 40) / 2
    assert f["dissuasion_rate"].value == Decimal("50.00")  # not_fraud left out: 1 of 2
    assert f["face_to_face_rate"].value == Decimal("50.00")  # 2 of 4 due
    assert f["alerts"].value == 4


def test_station_chief_counts_only_their_townships(world: Any, alert_at: Any) -> None:
    alert_at(sh(2025, 8, 2, 9), world.village_a1)
    alert_at(sh(2025, 8, 2, 9), world.village_a2)
    alert_at(sh(2025, 8, 2, 9), world.village_b1)
    assert figures(Scope(user=world.user("chief_a")))["alerts"].value == 2
    assert figures(Scope(user=world.user("chief_b")))["alerts"].value == 1
    assert figures(Scope(user=world.user("leader")))["alerts"].value == 3
    # asking for the other station's township through the filter gives nothing, not their figures
    assert figures(Scope(user=world.user("chief_a"), township=world.township_b.pk))["alerts"].value == 0


def test_app_registrations_cannot_be_cut_by_fraud_type(world: Any) -> None:
    world.resident_a1.app_registered_on = date(2025, 8, 3)
    world.resident_a1.save()
    f = figures(Scope(user=world.user("leader")))
    assert f["app_registrations"].value == 1
    assert f["app_registration_rate"].value == Decimal("33.33")
    cut = figures(Scope(user=world.user("leader"), fraud_type="investment"))
    assert cut["app_registrations"].status == "not_applicable"
    assert cut["app_registrations"].value is None


def test_every_indicator_named_in_the_brief_is_registered() -> None:
    wanted = [
        "cases",
        "losses",
        "alerts",
        "contacted_in_time_rate",
        "median_contact_minutes",
        "median_visit_minutes",
        "dissuasion_rate",
        "face_to_face_rate",
        "stop_payments",
        "stopped_amount",
        "frozen_amount",
        "returned_amount",
        "app_registrations",
        "app_registration_rate",
        "app_registration_growth",
        "outreach_coverage",
        "consultations",
        "consultations_to_alerts",
        "key_group_cases",
        "notifications_held",
        "interviews_held",
    ]
    assert sorted(wanted) == sorted(BY_CODE)
    assert all(str(i.definition) for i in BY_CODE.values())

"""Cases, losses, key-group cases, 通报/约谈 and money: known records give known figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fanzha.cases.models import Interview, Notification
from fanzha.people.models import KeyGroup
from fanzha.stats.indicators import summary
from fanzha.stats.periods import NEW, Period
from fanzha.stats.sources import Scope
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))


def figures(user: Any, period: Period = AUGUST, **filters: Any) -> dict[str, Any]:
    return {f.indicator.code: f for f in summary(Scope(user=user, **filters), period)}


def test_fourteen_cases_in_july_and_one_in_august_is_minus_92_86_percent(world: Any, case_at: Any) -> None:
    for day in range(1, 15):
        case_at(sh(2025, 7, day, 10), world.village_a1, loss="1000.00")
    case_at(sh(2025, 8, 1, 0, 30), world.village_a1, loss="691.60")  # 2025-07-31 16:30 UTC: August
    f = figures(world.user("leader"))
    assert (f["cases"].value, f["cases"].previous, f["cases"].mom) == (1, 14, Decimal("-92.86"))
    assert f["cases"].yoy == NEW
    assert f["losses"].value == Decimal("691.60")
    assert f["losses"].previous == Decimal("14000.00")
    assert f["losses"].mom == Decimal("-95.06")


def test_losses_and_stopped_money_add_up_exactly_to_the_fen(world: Any, case_at: Any, stop_at: Any) -> None:
    amounts = ["0.10", "0.20", "0.29", "10010.00", "99999999.99", "0.01", "1234.57"]
    for i, amount in enumerate(amounts):
        case_at(sh(2025, 8, 2, 8, i), world.village_a1, loss=amount)
        stop_at(sh(2025, 8, 2, 8, i), world.village_a1, amount)
    stop_at(sh(2025, 8, 3, 9), world.village_a1, "500.00", status="failed")  # held nothing: not counted
    expected = sum((Decimal(a) for a in amounts), Decimal("0.00"))
    f = figures(world.user("leader"))
    assert f["losses"].value == expected == Decimal("100011245.16")
    assert f["stopped_amount"].value == expected
    assert f["stop_payments"].value == len(amounts)


def test_key_group_cases_and_their_year_on_year_change(world: Any, case_at: Any) -> None:
    servants = KeyGroup.objects.get(code="civil_servant")  # seeded by the people app's migration
    teachers = KeyGroup.objects.get(code="teacher")
    for day in range(1, 12):
        case_at(sh(2024, 8, day, 10), world.village_a1, key_groups=[servants])
    case_at(sh(2025, 8, 5, 10), world.village_a1, key_groups=[servants, teachers])  # one case, two groups
    case_at(sh(2025, 8, 6, 10), world.village_a1)
    f = figures(world.user("leader"))
    assert f["key_group_cases"].value == 1
    assert f["key_group_cases"].yoy == Decimal("-90.91")
    assert figures(world.user("leader"), key_group=servants.pk)["cases"].value == 1


def test_cases_of_the_other_station_are_not_counted_for_a_chief(world: Any, case_at: Any) -> None:
    case_at(sh(2025, 8, 5, 10), world.village_a1, loss="100.00")
    case_at(sh(2025, 8, 5, 10), world.village_b1, loss="900.00")
    assert figures(world.user("chief_a"))["losses"].value == Decimal("100.00")
    assert figures(world.user("chief_b"))["losses"].value == Decimal("900.00")
    assert figures(world.user("leader"))["losses"].value == Decimal("1000.00")


def test_notifications_and_interviews_held_in_the_period(world: Any, case_at: Any) -> None:
    case = case_at(sh(2025, 7, 20, 10), world.village_a1)
    Notification.objects.create(
        case=case, audience="unit", township=world.township_a, recipient="某单位", sent_on=date(2025, 8, 2)
    )
    Notification.objects.create(case=case, audience="family", township=world.township_a, recipient="家属")  # not sent
    Interview.objects.create(
        case=case, township=world.township_a, scheduled_on=date(2025, 8, 1), held_on=date(2025, 8, 3)
    )
    f = figures(world.user("leader"))
    assert f["notifications_held"].value == 1
    assert f["interviews_held"].value == 1
    assert figures(world.user("chief_b"))["interviews_held"].value == 0

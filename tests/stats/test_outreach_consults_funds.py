"""App growth, outreach coverage, consultations, freezes and returns from known records."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from fanzha.consults.models import Consultation
from fanzha.funds.models import Freeze, FundReturn
from fanzha.outreach.models import Activity, ActivityHousehold
from fanzha.stats.indicators import summary
from fanzha.stats.periods import Period
from fanzha.stats.sources import Scope
from tests.factories import AlertFactory
from tests.stats.conftest import sh

AUGUST = Period(date(2025, 8, 1), date(2025, 8, 31))


def figures(user: Any, **filters: Any) -> dict[str, Any]:
    return {f.indicator.code: f for f in summary(Scope(user=user, **filters), AUGUST)}


def test_app_registration_growth_is_against_the_registered_count_before_the_period(world: Any) -> None:
    for resident, day in (
        (world.resident_a1, date(2025, 6, 1)),
        (world.resident_a2, date(2025, 7, 31)),
        (world.resident_b1, date(2025, 8, 31)),
    ):
        resident.app_registered_on = day
        resident.save()
    f = figures(world.user("leader"))
    assert f["app_registrations"].value == 1
    assert f["app_registration_growth"].value == Decimal("50.00")  # 2 → 3
    assert f["app_registration_rate"].value == Decimal("100.00")
    assert figures(world.user("chief_a"))["app_registration_rate"].value == Decimal("100.00")
    assert figures(world.user("chief_a"))["app_registrations"].value == 0


def test_outreach_coverage_counts_each_household_once(world: Any) -> None:
    household = world.resident_a1.household
    for day in (date(2025, 8, 2), date(2025, 8, 9)):
        a = Activity.objects.create(kind="village", date=day, township=world.township_a, village=world.village_a1)
        ActivityHousehold.objects.create(activity=a, household=household, date=day)
    assert figures(world.user("leader"))["outreach_coverage"].value == Decimal("33.33")  # 1 of 3 households
    assert figures(world.user("chief_a"))["outreach_coverage"].value == Decimal("50.00")  # 1 of 2
    assert figures(world.user("chief_b"))["outreach_coverage"].value == Decimal("0.00")


def test_consultations_and_those_that_became_alerts(world: Any) -> None:
    alert = AlertFactory(village=world.village_a1, received_at=sh(2025, 8, 3, 10))
    for when, raised in ((sh(2025, 8, 3, 9), alert), (sh(2025, 8, 4, 9), None), (sh(2025, 7, 4, 9), None)):
        c = Consultation.objects.create(
            channel="web",
            text="对方让我刷单",
            fraud_type="order_brushing",
            is_fraud=True,
            score=0.9,
            township=world.township_a,
            village=world.village_a1,
            alert=raised,
        )
        Consultation.objects.filter(pk=c.pk).update(created_at=when)
    f = figures(world.user("leader"))
    assert (f["consultations"].value, f["consultations"].previous) == (2, 1)
    assert f["consultations_to_alerts"].value == 1
    assert f["consultations"].mom == Decimal("100.00")


def test_frozen_and_returned_amounts_are_exact(world: Any, stop_at: Any) -> None:
    stop = stop_at(sh(2025, 8, 1, 9), world.village_a1, "10010.00")
    f1 = Freeze.objects.create(
        stop_payment=stop,
        bank="b",
        account_number="1",
        amount=Decimal("10010.00"),
        frozen_at=sh(2025, 8, 1, 20),
        until=sh(2025, 8, 1, 20) + timedelta(days=180),
        township=world.township_a,
        village=world.village_a1,
    )
    for amount in ("3336.67", "3336.67", "3336.66"):
        FundReturn.objects.create(
            freeze=f1,
            amount=Decimal(amount),
            returned_on=date(2025, 8, 20),
            township=world.township_a,
            village=world.village_a1,
        )
    f = figures(world.user("leader"))
    assert f["stopped_amount"].value == Decimal("10010.00")
    assert f["frozen_amount"].value == Decimal("10010.00")
    assert f["returned_amount"].value == Decimal("10010.00")
    assert figures(world.user("chief_b"))["returned_amount"].value == Decimal("0.00")

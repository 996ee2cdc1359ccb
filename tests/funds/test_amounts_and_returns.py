"""Money is exact: no zero or negative amounts, no return beyond what was frozen or stopped, totals to the fen."""

from datetime import date
from decimal import Decimal

import pytest

from fanzha.funds import selectors, services
from fanzha.funds.models import FundReturn, StopPayment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("amount", ["0", "0.00", "-1.00", "-0.01", "12.345"])
def test_zero_negative_or_sub_fen_amounts_are_refused(world, alert_a, request_stop, amount):
    with pytest.raises(services.FundsInputError) as err:
        request_stop(alert_a, amount=Decimal(amount))
    assert err.value.field == "amount"
    assert not StopPayment.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_zero_or_negative_freeze_and_return_refused(world, alert_a, request_stop, amount):
    officer = world.user("officer_a1")
    stop = request_stop(alert_a)
    services.stoppayment_mark_effective(stop=stop, by=officer)
    with pytest.raises(services.FundsInputError, match="金额必须大于0"):
        services.freeze_record(stop=stop, by=officer, amount=Decimal(amount))
    with pytest.raises(services.FundsInputError, match="金额必须大于0"):
        services.return_record(stop=stop, by=officer, amount=Decimal(amount), returned_on=date.today())


@pytest.mark.parametrize("amount", ["0", "-1", "1.001"])
def test_api_refuses_bad_amounts_naming_the_field(world, alert_a, api_client, amount):
    response = api_client(world.user("officer_a1")).post(
        "/api/v1/stop-payments",
        {
            "alert_id": alert_a.pk,
            "bank": "中国农业银行",
            "holder_name": "李某",
            "account_number": "6228480012345678",
            "amount": amount,
            "transaction_at": "2024-03-01T10:00:00+08:00",
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "amount" in response.json()["detail"]
    assert not StopPayment.objects.exists()


def test_return_larger_than_frozen_is_refused(world, alert_a, request_stop):
    officer = world.user("officer_a1")
    stop = request_stop(alert_a, amount=Decimal("30000.00"))
    services.stoppayment_mark_effective(stop=stop, by=officer)
    freeze, _ = services.freeze_record(stop=stop, by=officer, amount=Decimal("20000.00"))
    services.return_record(freeze=freeze, by=officer, amount=Decimal("15000.00"), returned_on=date.today())
    with pytest.raises(services.FundsInputError) as err:
        services.return_record(freeze=freeze, by=officer, amount=Decimal("5000.01"), returned_on=date.today())
    assert err.value.field == "amount"
    assert "最多还能返还 ¥5,000.00" in err.value.message
    services.return_record(freeze=freeze, by=officer, amount=Decimal("5000.00"), returned_on=date.today())
    assert FundReturn.objects.count() == 2


def test_returns_for_an_alert_never_exceed_what_was_frozen_or_held(world, alert_a, request_stop):
    """The stop turned into a freeze: its money counts once, as frozen, not again as stopped."""
    officer = world.user("officer_a1")
    stop = request_stop(alert_a, amount=Decimal("30000.00"))
    services.stoppayment_mark_effective(stop=stop, by=officer)
    services.freeze_record(stop=stop, by=officer, amount=Decimal("10000.00"))
    with pytest.raises(services.FundsInputError, match="返还总额不能超过该预警的冻结和止付金额"):
        services.return_record(stop=stop, by=officer, amount=Decimal("10000.01"), returned_on=date.today())


def test_return_through_the_api_names_the_amount(world, alert_a, request_stop, api_client):
    officer = world.user("officer_a1")
    stop = request_stop(alert_a)
    services.stoppayment_mark_effective(stop=stop, by=officer)
    freeze, _ = services.freeze_record(stop=stop, by=officer, amount=Decimal("100.00"))
    response = api_client(officer).post(
        "/api/v1/returns", {"freeze_id": freeze.pk, "amount": "100.01", "returned_on": date.today().isoformat()}
    )
    assert response.status_code == 400  # matches the schema, breaks the rule
    assert response.json()["detail"].startswith("invalid input: amount: 返还金额超出冻结金额")
    ok = api_client(officer).post(
        "/api/v1/returns",
        {"freeze_id": freeze.pk, "amount": "100.00", "returned_on": date.today().isoformat(), "external_id": "R-1"},
    )
    assert ok.status_code == 201
    again = api_client(officer).post(
        "/api/v1/returns",
        {"freeze_id": freeze.pk, "amount": "100.00", "returned_on": date.today().isoformat(), "external_id": "R-1"},
    )
    assert again.status_code == 200 and again.json()["id"] == ok.json()["id"]
    assert FundReturn.objects.count() == 1


def test_totals_are_exact_to_the_fen(world, alert_a, alert_b, request_stop, login):
    officer = world.user("officer_a1")
    amounts = ["0.10", "0.20", "1234.56", "99999.99"]  # 0.1 + 0.2 is where floats go wrong
    stops = [
        request_stop(alert_a, amount=Decimal(a), account_number=f"62220200000{i:05d}") for i, a in enumerate(amounts)
    ]
    for stop in stops:
        services.stoppayment_mark_effective(stop=stop, by=officer)
    renewal = request_stop(alert_a, amount=Decimal("0.10"), account_number="6222020000000000")  # same money again
    services.stoppayment_mark_effective(stop=renewal, by=officer)
    failed = request_stop(alert_a, amount=Decimal("5.55"), account_number="6222029999999999")
    services.stoppayment_mark_failed(stop=failed, by=officer)
    services.freeze_record(stop=stops[0], by=officer, amount=Decimal("0.10"))
    services.freeze_record(stop=stops[1], by=officer, amount=Decimal("0.20"))
    freeze, _ = services.freeze_record(stop=stops[3], by=officer, amount=Decimal("99999.99"))
    services.return_record(freeze=freeze, by=officer, amount=Decimal("33333.33"), returned_on=date.today())
    services.return_record(freeze=freeze, by=officer, amount=Decimal("0.01"), returned_on=date.today())
    other = request_stop(
        alert_b, by=world.user("officer_b1"), amount=Decimal("7.77"), account_number="6217000000000001"
    )
    services.stoppayment_mark_effective(stop=other, by=world.user("officer_b1"))

    mine = selectors.totals_for(user=officer)
    assert mine.stopped == Decimal("101234.85")
    assert mine.frozen == Decimal("100000.29")
    assert mine.returned == Decimal("33333.34")
    assert mine.stops == 6
    everything = selectors.totals_for(user=world.user("centre"))
    assert everything.stopped == Decimal("101242.62")
    rollup = {r.township.name: r for r in selectors.township_rollup(user=world.user("centre"))}
    assert rollup["甲镇"].stopped == Decimal("101234.85") and rollup["甲镇"].returned == Decimal("33333.34")
    assert rollup["乙乡"].stopped == Decimal("7.77") and rollup["乙乡"].stops == 1

    page = login(officer).get("/funds/").content.decode()
    assert 'data-total="stopped">¥101,234.85<' in page
    assert 'data-total="frozen">¥100,000.29<' in page
    assert 'data-total="returned">¥33,333.34<' in page


def test_a_repeat_stop_after_the_first_expired_holds_the_money_once(world, alert_a, clock, request_stop):
    officer = world.user("officer_a1")
    first = request_stop(alert_a, amount=Decimal("800.00"))
    services.stoppayment_mark_effective(stop=first, by=officer)
    clock.move(hours=48, minutes=1)
    services.stoppayments_expire_due()
    second = request_stop(alert_a, amount=Decimal("800.00"))
    services.stoppayment_mark_effective(stop=second, by=officer)
    assert second.renewal_of == first
    assert selectors.totals_for(user=officer, alert=alert_a).stopped == Decimal("800.00")
    services.return_record(stop=second, by=officer, amount=Decimal("800.00"), returned_on=date.today())
    with pytest.raises(services.FundsInputError):
        services.return_record(stop=first, by=officer, amount=Decimal("0.01"), returned_on=date.today())

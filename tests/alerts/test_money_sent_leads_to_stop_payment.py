"""已转账被骗 asks the amount sent and lands on the stop-payment form filled with the alert's suspect
account and that amount — not the amount at risk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fanzha.alerts.models import Alert
from fanzha.alerts.services import AlertIntake, alert_intake

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(world):
    found, _ = alert_intake(
        data=AlertIntake(
            external_id="MS-1",
            source="province",
            level="high",
            fraud_type="impersonate_authority",
            victim_phone="13900000001",
            amount_at_risk=Decimal("50000"),
            suspect_accounts=["6222 0200 1234 5678", "6217-0000-9999-0001"],
        ),
        by=None,
    )
    return found


def test_money_sent_asks_the_amount_and_opens_the_stop_payment_form_filled_from_the_alert(world, login, alert):
    officer = login(world.user("officer_a1"))
    response = officer.post(f"/alerts/{alert.pk}/money-sent/", {"amount_sent": "30000", "method": "phone"})
    assert response.status_code == 302 and response["Location"] == f"/funds/new/?alert={alert.pk}"
    alert.refresh_from_db()
    assert alert.status == Alert.Status.CLOSED and alert.outcome == Alert.Outcome.MONEY_SENT
    assert alert.attempts.get().amount_sent == Decimal("30000.00")

    form = officer.get(response["Location"]).content.decode()
    assert 'name="amount" value="30000.00"' in form
    assert "50000" not in form
    assert 'name="account_number" value="6222020012345678"' in form
    assert "6217000099990001" in form  # the other suspect account is named beside the field


def test_the_attempt_form_with_money_sent_also_goes_to_the_stop_payment(world, login, alert):
    officer = login(world.user("officer_a1"))
    response = officer.post(
        f"/alerts/{alert.pk}/attempts/",
        {"method": "phone", "reached": "1", "outcome": "money_sent", "amount_sent": "1200.50"},
    )
    assert response["Location"] == f"/funds/new/?alert={alert.pk}"
    assert 'name="amount" value="1200.50"' in officer.get(response["Location"]).content.decode()


def test_an_assistant_who_may_not_file_stops_is_told_who_must(world, login, alert):
    assistant = login(world.user("assistant_a1"))
    response = assistant.post(f"/alerts/{alert.pk}/money-sent/", {"amount_sent": "800", "method": "visit"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/alerts/{alert.pk}/"
    assert "请立即联系社区民警或派出所发起紧急止付" in page


def test_the_card_on_my_alerts_leads_to_money_sent_in_one_tap(world, login, alert):
    page = login(world.user("officer_a1")).get("/alerts/").content.decode()
    assert f'href="/alerts/{alert.pk}/money-sent/" data-action="money-sent"' in page


def test_the_amount_sent_must_be_positive(world, login, alert):
    response = login(world.user("officer_a1")).post(f"/alerts/{alert.pk}/money-sent/", {"amount_sent": "0"})
    assert response.status_code == 400
    alert.refresh_from_db()
    assert alert.status != Alert.Status.CLOSED

"""At most two stops per account: a third is refused with a clear message, on the page and in the API."""

from decimal import Decimal

import pytest

from fanzha.funds import services
from fanzha.funds.models import StopPayment

pytestmark = pytest.mark.django_db


def test_second_stop_is_numbered_two_and_a_third_is_refused(world, alert_a, request_stop):
    first = request_stop(alert_a)
    second = request_stop(alert_a, account_number="6222-0200-1234-5678")  # same account, other spelling
    assert (first.sequence, second.sequence) == (1, 2)
    assert second.renewal_of == first
    with pytest.raises(services.StopLimitError, match="最多止付两次"):
        request_stop(alert_a, account_number="622202001234 5678")
    assert StopPayment.objects.count() == 2


def test_a_failed_stop_does_not_count(world, alert_a, request_stop):
    failed = request_stop(alert_a)
    services.stoppayment_mark_failed(stop=failed, by=world.user("officer_a1"), reason="户名不符")
    again = request_stop(alert_a)
    third = request_stop(alert_a)
    assert (again.sequence, third.sequence) == (1, 2)
    with pytest.raises(services.StopLimitError):
        request_stop(alert_a)


def test_the_limit_holds_across_alerts_and_stations(world, alert_a, alert_b, request_stop):
    request_stop(alert_a)
    request_stop(alert_b, by=world.user("officer_b1"))
    with pytest.raises(services.StopLimitError):
        request_stop(alert_a)


def test_third_stop_refused_on_the_page_and_in_the_api(world, alert_a, request_stop, login, api_client):
    request_stop(alert_a)
    request_stop(alert_a)
    response = login(world.user("officer_a1")).post(
        f"/funds/new/?alert={alert_a.pk}",
        {
            "bank": "中国建设银行",
            "holder_name": "王某某",
            "account_number": "6222020012345678",
            "amount": "100.00",
            "transaction_at": "2024-01-01T10:00",
        },
    )
    assert response.status_code == 400
    assert "同一账户最多止付两次" in response.content.decode()
    api = api_client(world.user("officer_a1")).post(
        "/api/v1/stop-payments",
        {
            "alert_id": alert_a.pk,
            "bank": "中国建设银行",
            "holder_name": "王某某",
            "account_number": "6222020012345678",
            "amount": "100.00",
            "transaction_at": "2024-01-01T10:00:00+08:00",
        },
    )
    assert api.status_code == 409
    assert api.json()["code"] == "stop_limit"
    assert "最多止付两次" in api.json()["detail"]
    assert StopPayment.objects.count() == 2
    assert Decimal("100.00") not in StopPayment.objects.values_list("amount", flat=True)

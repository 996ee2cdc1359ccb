"""The pages: opening a stop from an alert, the bank's answer, freeze and return, filters, the alert block."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from fanzha.funds import services
from fanzha.funds.models import Freeze, FundReturn, StopPayment

pytestmark = pytest.mark.django_db


def test_officer_opens_a_stop_from_an_alert_and_follows_it_through(world, alert_a, login):
    client = login(world.user("officer_a1"))
    form = client.get(f"/funds/new/?alert={alert_a.pk}")
    assert form.status_code == 200 and alert_a.external_id in form.content.decode()
    when = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/funds/new/?alert={alert_a.pk}",
        {
            "bank": "中国邮政储蓄银行",
            "holder_name": "周某",
            "account_number": "6221 8800 0000 4321",
            "amount": "26000",
            "transaction_at": when,
        },
    )
    stop = StopPayment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/funds/{stop.pk}/"
    assert (stop.alert, stop.township, stop.village) == (alert_a, world.township_a, world.village_a1)
    assert stop.account_number == "6221880000004321" and stop.amount == Decimal("26000.00")

    assert client.post(f"/funds/{stop.pk}/effective/").status_code == 302
    stop.refresh_from_db()
    assert stop.status == StopPayment.Status.EFFECTIVE
    assert client.post(f"/funds/{stop.pk}/freeze/", {"amount": "26000.00", "days": "180"}).status_code == 302
    freeze = Freeze.objects.get()
    assert freeze.until - freeze.frozen_at == timedelta(days=180)
    too_much = client.post(
        f"/funds/{stop.pk}/return/",
        {"source": f"freeze:{freeze.pk}", "amount": "26000.01", "returned_on": timezone.localdate().isoformat()},
    )
    assert too_much.status_code == 400 and "返还金额超出冻结金额" in too_much.content.decode()
    ok = client.post(
        f"/funds/{stop.pk}/return/",
        {"source": f"freeze:{freeze.pk}", "amount": "26000.00", "returned_on": timezone.localdate().isoformat()},
    )
    assert ok.status_code == 302 and FundReturn.objects.get().amount == Decimal("26000.00")
    detail = client.get(f"/funds/{stop.pk}/").content.decode()
    assert 'data-status="frozen"' in detail and "¥26,000.00" in detail


def test_form_refuses_zero_amounts_and_future_times(world, alert_a, login):
    client = login(world.user("officer_a1"))
    future = timezone.localtime(timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/funds/new/?alert={alert_a.pk}",
        {
            "bank": "某银行",
            "holder_name": "周某",
            "account_number": "6221880000004321",
            "amount": "0",
            "transaction_at": future,
        },
    )
    assert response.status_code == 400
    assert not StopPayment.objects.exists()
    response = client.post(
        f"/funds/new/?alert={alert_a.pk}",
        {
            "bank": "某银行",
            "holder_name": "周某",
            "account_number": "6221880000004321",
            "amount": "1",
            "transaction_at": future,
        },
    )
    assert response.status_code == 400 and "时间不能晚于现在" in response.content.decode()


def test_list_filters_by_status_and_township_and_puts_running_stops_first(world, alert_a, alert_b, request_stop, login):
    done = request_stop(alert_a, account_number="6222000000000001")
    services.stoppayment_mark_failed(stop=done, by=world.user("officer_a1"))
    running = request_stop(alert_a, account_number="6222000000000002")
    other = request_stop(alert_b, by=world.user("officer_b1"), account_number="6222000000000003")
    client = login(world.user("centre"))
    page = client.get("/funds/").content.decode()
    assert page.index(f'data-stop="{running.pk}"') < page.index(f'data-stop="{done.pk}"')
    assert "6222********0002" in page and "6222000000000002" not in page
    failed_only = client.get("/funds/?status=failed").content.decode()
    assert f'data-stop="{done.pk}"' in failed_only and f'data-stop="{running.pk}"' not in failed_only
    township_b = client.get(f"/funds/?township={world.township_b.pk}").content.decode()
    assert f'data-stop="{other.pk}"' in township_b and f'data-stop="{running.pk}"' not in township_b
    assert 'id="rollup"' in page and "甲镇" in page and "乙乡" in page


def test_alert_block_shows_its_stops_and_a_button_to_open_one(world, alert_a, request_stop):
    stop = request_stop(alert_a, amount=Decimal("123.45"))
    request = RequestFactory().get("/")
    request.user = world.user("officer_a1")
    html = Template("{% load funds_tags %}{% alert_funds alert %}").render(
        Context({"alert": alert_a, "request": request})
    )
    assert f'data-stop="{stop.pk}"' in html and "¥123.45" in html
    assert f"/funds/new/?alert={alert_a.pk}" in html
    request.user = world.user("leader")
    html = Template("{% load funds_tags %}{% alert_funds alert %}").render(
        Context({"alert": alert_a, "request": request})
    )
    assert f'data-stop="{stop.pk}"' in html and "/funds/new/" not in html

"""A form that creates something, sent twice (a double click, the browser's "resend", a flaky network),
makes one record: the second send opens the record the first one made.

Found by replaying forms: two identical POSTs to the stop-payment form made two stops on one account
and used up its legal limit of two; bulletins were sent twice; outreach activities, head-of-household
visits and staff consultations were recorded twice.
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fanzha.alerts.models import DissuasionAttempt
from fanzha.cases.models import Case
from fanzha.consults.models import Consultation
from fanzha.core.models import FormSubmission
from fanzha.funds.models import StopPayment
from fanzha.outreach.models import Activity, Bulletin, HeadVisit
from tests.factories import AlertFactory, GridFactory, GroupFactory, HouseholdFactory

pytestmark = pytest.mark.django_db


def _key_on(page: Any) -> str:
    found = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', page.content.decode())
    assert found, "the form carries no submission key"
    return found.group(1)


def _twice(client: Any, form_url: str, post_url: str, data: dict[str, Any]) -> tuple[Any, Any]:
    key = _key_on(client.get(form_url))
    first = client.post(post_url, {**data, "submission_key": key})
    second = client.post(post_url, {**data, "submission_key": key}, follow=True)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.redirect_chain[0][0] == first["Location"]
    assert "这张表单已经提交过" in second.content.decode()
    return first, second


def _moment(**delta: Any) -> str:
    return timezone.localtime(timezone.now() - timedelta(**delta)).strftime("%Y-%m-%dT%H:%M")


def test_a_stop_payment_sent_twice_is_one_stop_and_the_account_keeps_its_second(world: Any, login: Any) -> None:
    alert = AlertFactory(village=world.village_a1, amount_at_risk=Decimal("26000.00"))
    url = f"/funds/new/?alert={alert.pk}"
    data = {
        "bank": "中国邮政储蓄银行",
        "holder_name": "周某",
        "account_number": "6221 8800 0000 4321",
        "amount": "26000",
        "transaction_at": _moment(hours=1),
    }
    first, _second = _twice(login(world.user("officer_a1")), url, url, data)
    stop = StopPayment.objects.get()
    assert first["Location"] == f"/funds/{stop.pk}/"


def test_a_bulletin_sent_twice_goes_out_once(world: Any, login: Any) -> None:
    data = {
        "title": "警惕刷单",
        "fraud_type": "order_brushing",
        "text": "点赞返利都是骗局",
        "townships": [world.township_a.pk],
    }
    _twice(login(world.user("centre")), "/outreach/bulletins/new/", "/outreach/bulletins/new/", data)
    assert Bulletin.objects.count() == 1


def test_an_outreach_activity_sent_twice_is_recorded_once(world: Any, login: Any) -> None:
    household = HouseholdFactory(village=world.village_a1)
    data = {
        "kind": "village",
        "date": timezone.localdate().isoformat(),
        "village": world.village_a1.pk,
        "households": [household.pk],
    }
    url = "/outreach/activities/new/"
    _twice(login(world.user("assistant_a1")), url, url, data)
    assert Activity.objects.count() == 1


def test_a_head_of_household_visit_sent_twice_is_recorded_once(world: Any, login: Any) -> None:
    grid = GridFactory(village=world.village_a1)
    group = GroupFactory(village=world.village_a1, grid=grid)
    household = HouseholdFactory(village=world.village_a1, grid=grid, group=group)
    data = {"household": household.pk, "date": timezone.localdate().isoformat(), "note": "讲了冒充客服"}
    client = login(world.user("assistant_a1"))
    _twice(client, f"/outreach/groups/{group.pk}/", f"/outreach/groups/{group.pk}/visits/", data)
    assert HeadVisit.objects.count() == 1


def test_a_staff_consultation_sent_twice_is_logged_once(world: Any, login: Any) -> None:
    data = {"channel": "phone", "text": "对方说是快递客服，要我开通备用金账户", "village": world.village_a1.pk}
    _twice(login(world.user("officer_a1")), "/consults/new/", "/consults/new/", data)
    assert Consultation.objects.count() == 1


def test_a_case_sent_twice_is_registered_once(world: Any, login: Any) -> None:
    data = {
        "case_number": "A-TWICE-1",
        "victim_resident": world.resident_a1.pk,
        "occurred_at": _moment(days=1),
        "reported_at": _moment(hours=20),
        "fraud_type": "shopping",
        "contact_method": "phone",
        "loss_amount": "500",
        "township": world.township_a.pk,
    }
    _twice(login(world.user("officer_a1")), "/cases/new/", "/cases/new/", data)
    assert Case.objects.count() == 1


def test_a_dissuasion_button_pressed_twice_records_one_attempt(world: Any, login: Any) -> None:
    alert = AlertFactory(village=world.village_a1, assignee=world.user("officer_a1"))
    data = {"method": "phone", "reached": "0"}
    client = login(world.user("officer_a1"))
    _twice(client, f"/alerts/{alert.pk}/", f"/alerts/{alert.pk}/attempts/", data)
    assert DissuasionAttempt.objects.filter(alert=alert).count() == 1


def test_a_form_sent_back_with_errors_can_be_corrected_and_sent_with_the_same_key(world: Any, login: Any) -> None:
    client = login(world.user("officer_a1"))
    key = str(uuid.uuid4())
    refused = client.post("/consults/new/", {"channel": "phone", "text": " ", "submission_key": key})
    assert refused.status_code == 400 and not FormSubmission.objects.exists()
    data = {"channel": "phone", "text": "自称公安说我涉嫌洗钱", "village": world.village_a1.pk, "submission_key": key}
    assert client.post("/consults/new/", data).status_code == 302
    assert Consultation.objects.count() == 1


def test_two_people_never_share_a_first_submission(world: Any, login: Any, client: Any) -> None:
    key = str(uuid.uuid4())
    for name in ("officer_a1", "chief_a"):
        login(world.user(name)).post(
            "/consults/new/",
            {"channel": "phone", "text": "网上说刷单日结", "village": world.village_a1.pk, "submission_key": key},
        )
    assert Consultation.objects.count() == 2

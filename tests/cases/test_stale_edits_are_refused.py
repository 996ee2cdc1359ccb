"""Two people editing one record: the one who saves second, on what they opened before the other's
save, is told that someone changed it and who, and nothing of the other's change is undone.

Found by editing one case in two sessions: the stale save silently undid the other's change.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.cases.models import Case
from fanzha.cases.services import CaseInput, case_register
from fanzha.funds import services as funds
from fanzha.funds.models import StopPayment
from tests.cases.test_edit import form_data
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def _session(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _version_on(page: Any) -> str:
    found = re.search(r'name="version" value="(\d+)"', page.content.decode())
    assert found, "the edit form carries no version"
    return found.group(1)


@pytest.fixture
def case(world: Any) -> Case:
    occurred = timezone.now() - timedelta(days=2)
    data = CaseInput(
        case_number="A-TWO-EDITORS",
        occurred_at=occurred,
        reported_at=occurred + timedelta(hours=1),
        fraud_type="loan",
        contact_method="phone",
        loss_amount=Decimal("3000.00"),
        victim_resident_id=world.resident_a1.pk,
    )
    return case_register(data=data, by=world.user("officer_a1"))[0]


def test_a_stale_case_edit_is_refused_naming_who_changed_it_and_keeps_their_change(world: Any, case: Case) -> None:
    officer, chief = _session(world.user("officer_a1")), _session(world.user("chief_a"))
    officer_version = _version_on(officer.get(f"/cases/{case.pk}/edit/"))
    chief_version = _version_on(chief.get(f"/cases/{case.pk}/edit/"))
    saved = chief.post(f"/cases/{case.pk}/edit/", {**form_data(case, loss_amount="4500"), "version": chief_version})
    assert saved.status_code == 302

    stale = officer.post(
        f"/cases/{case.pk}/edit/", {**form_data(case, summary="被害人补充了转账记录"), "version": officer_version}
    )
    assert stale.status_code == 409
    text = stale.content.decode()
    assert "保存未生效" in text and world.user("chief_a").display_name in text
    case.refresh_from_db()
    assert case.loss_amount == Decimal("4500.00") and case.summary == ""

    # The page shows what the officer typed, on the case's new version: saving again is deliberate.
    assert "被害人补充了转账记录" in text
    again = officer.post(
        f"/cases/{case.pk}/edit/",
        {**form_data(case, summary="被害人补充了转账记录"), "version": _version_on(stale)},
    )
    assert again.status_code == 302
    case.refresh_from_db()
    assert case.loss_amount == Decimal("4500.00") and case.summary == "被害人补充了转账记录"


def test_a_dispatch_from_a_page_opened_before_another_dispatch_is_refused(world: Any) -> None:
    alert = AlertFactory(village=None, township=None, assignee=None, status=Alert.Status.NEW)
    first, second = _session(world.user("centre")), _session(world.user("admin"))
    first_version = _version_on(first.get(f"/alerts/{alert.pk}/"))
    second_version = _version_on(second.get(f"/alerts/{alert.pk}/"))
    second.post(f"/alerts/{alert.pk}/dispatch/", {"village": world.village_a1.pk, "version": second_version})

    answer = first.post(
        f"/alerts/{alert.pk}/dispatch/", {"village": world.village_b1.pk, "version": first_version}, follow=True
    )
    assert "保存未生效" in answer.content.decode() and world.user("admin").display_name in answer.content.decode()
    alert.refresh_from_db()
    assert alert.village == world.village_a1


def test_closing_an_alert_someone_has_worked_on_since_the_page_opened_is_refused(world: Any) -> None:
    alert = AlertFactory(village=world.village_a1, assignee=world.user("officer_a1"))
    chief, officer = _session(world.user("chief_a")), _session(world.user("officer_a1"))
    version = _version_on(chief.get(f"/alerts/{alert.pk}/"))
    officer.post(f"/alerts/{alert.pk}/attempts/", {"method": "phone", "reached": "0"})

    answer = chief.post(f"/alerts/{alert.pk}/close/", {"outcome": "not_fraud", "version": version}, follow=True)
    assert "保存未生效" in answer.content.decode()
    alert.refresh_from_db()
    assert alert.status != Alert.Status.CLOSED


def test_a_stop_marked_failed_after_someone_marked_it_effective_says_who(world: Any) -> None:
    alert = AlertFactory(village=world.village_a1, amount_at_risk=Decimal("8000.00"))
    stop, _created = funds.stoppayment_request(
        by=world.user("officer_a1"),
        alert=alert,
        bank="中国工商银行",
        holder_name="孙某",
        account_number="6212 2611 0000 1234",
        amount=Decimal("8000.00"),
        transaction_at=timezone.now() - timedelta(minutes=30),
    )
    officer = _session(world.user("officer_a1"))
    officer.get(f"/funds/{stop.pk}/")
    funds.stoppayment_mark_effective(stop=stop, by=world.user("chief_a"))

    answer = officer.post(f"/funds/{stop.pk}/failed/", {"reason": "银行回复户名不符"}, follow=True)
    text = answer.content.decode()
    assert "已被" in text and world.user("chief_a").display_name in text
    stop.refresh_from_db()
    assert stop.status == StopPayment.Status.EFFECTIVE

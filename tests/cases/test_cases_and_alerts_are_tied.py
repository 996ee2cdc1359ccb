"""Cases and alerts are tied: a case opened from an alert, alerts linked and unlinked on the case page and
through the API, and a backward check that reads one set of alerts — linked ones and the registered
victim's own — for every finding, so a stop-payment on the victim's alert counts unlinked."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from fanzha.alerts.services import attempt_record
from fanzha.cases.models import Case
from fanzha.cases.services import CaseInput, case_register
from fanzha.core.models import AuditEntry
from fanzha.funds.services import stoppayment_request
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def test_a_case_opened_from_an_alert_starts_filled_and_is_tied_to_it(world, login):
    officer = world.user("officer_a1")
    alert = AlertFactory(village=world.village_a1, resident=world.resident_a1, fraud_type="investment")
    attempt_record(
        alert=alert, by=officer, method="phone", reached=True, outcome="money_sent", amount_sent=Decimal("30000")
    )
    client = login(officer)
    form = client.get(f"/cases/new/?alert={alert.pk}").content.decode()
    assert f'name="victim_resident" value="{world.resident_a1.pk}"' in form
    assert 'name="loss_amount" value="30000.00"' in form
    assert f'<option value="{world.township_a.pk}" selected>' in form
    assert 'value="investment" selected' in form
    assert alert.external_id in form

    now = timezone.localtime().replace(second=0, microsecond=0)
    response = client.post(
        f"/cases/new/?alert={alert.pk}",
        {
            "case_number": "C-FROM-ALERT",
            "victim_resident": world.resident_a1.pk,
            "occurred_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "reported_at": now.strftime("%Y-%m-%dT%H:%M"),
            "fraud_type": "investment",
            "contact_method": "phone",
            "loss_amount": "30000.00",
            "township": world.township_a.pk,
            "village": world.village_a1.pk,
        },
    )
    case = Case.objects.get(case_number="C-FROM-ALERT")
    assert response.status_code == 302 and list(case.alerts.all()) == [alert]


def test_a_case_from_an_alert_outside_the_jurisdiction_is_not_found(world, login):
    alert = AlertFactory(village=world.village_b1)
    assert login(world.user("officer_a1")).get(f"/cases/new/?alert={alert.pk}").status_code == 404


def _case(world, **extra):
    occurred = timezone.now() - timedelta(minutes=30)
    case, _ = case_register(
        data=CaseInput(
            case_number=extra.pop("case_number", "C-1"),
            occurred_at=occurred,
            reported_at=occurred + timedelta(minutes=20),
            fraud_type="impersonate_authority",
            contact_method="phone",
            loss_amount=Decimal("30000"),
            township_id=world.township_a.pk,
            victim_resident_id=world.resident_a1.pk,
            **extra,
        ),
        by=None,
    )
    return case


def test_alerts_are_linked_and_unlinked_on_the_case_page(world, login):
    case = _case(world)
    alert = AlertFactory(village=world.village_a1, external_id="YJ-LINK-1")
    elsewhere = AlertFactory(village=world.village_b1, external_id="YJ-ELSEWHERE")
    client = login(world.user("officer_a1"))

    client.post(f"/cases/{case.pk}/alerts/", {"alert": "YJ-LINK-1"})
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'<li data-alert="{alert.pk}">' in page and list(case.alerts.all()) == [alert]

    refused = client.post(f"/cases/{case.pk}/alerts/", {"alert": "YJ-ELSEWHERE"}, follow=True).content.decode()
    assert "没有找到预警 YJ-ELSEWHERE" in refused and not case.alerts.filter(pk=elsewhere.pk).exists()

    client.post(f"/cases/{case.pk}/alerts/", {"unlink": alert.pk})
    assert not case.alerts.exists()
    changes = AuditEntry.objects.filter(action="case.alerts_changed", object_id=str(case.pk)).order_by("id")
    assert [e.data for e in changes] == [{"linked": [alert.pk], "unlinked": []}, {"linked": [], "unlinked": [alert.pk]}]


def test_the_api_ties_alerts_at_registration_changes_them_and_lists_them(world, api_client, case_body):
    first = AlertFactory(village=world.village_a1)
    second = AlertFactory(village=world.village_a1)
    outside = AlertFactory(village=world.village_b1)
    officer = api_client(world.user("officer_a1"))
    created = officer.post("/api/v1/cases", case_body(alert_ids=[first.pk]))
    assert created.status_code == 201 and created.json()["alert_ids"] == [first.pk]
    case_id = created.json()["id"]

    from django.test import Client

    raw = Client()
    headers = officer.headers
    changed = raw.put(
        f"/api/v1/cases/{case_id}/alerts", json.dumps({"alert_ids": [second.pk]}), "application/json", headers=headers
    )
    assert changed.status_code == 200 and changed.json()["alert_ids"] == [second.pk]
    assert officer.get(f"/api/v1/cases/{case_id}").json()["alert_ids"] == [second.pk]

    refused = raw.put(
        f"/api/v1/cases/{case_id}/alerts", json.dumps({"alert_ids": [outside.pk]}), "application/json", headers=headers
    )
    assert refused.status_code == 404 and "alert_ids" in refused.json()["detail"]
    emptied = raw.put(
        f"/api/v1/cases/{case_id}/alerts", json.dumps({"alert_ids": []}), "application/json", headers=headers
    )
    assert emptied.json()["alert_ids"] == []


def test_alerts_another_unit_tied_stay_tied_when_an_officer_sets_theirs(world):
    theirs = AlertFactory(village=world.village_b1)
    mine = AlertFactory(village=world.village_a1)
    case = _case(world, alert_ids=[theirs.pk])
    from fanzha.cases.services import case_alerts_set

    case_alerts_set(case=case, alert_ids=[mine.pk], by=world.user("officer_a1"))
    assert set(case.alerts.values_list("pk", flat=True)) == {theirs.pk, mine.pk}


def test_a_stop_payment_on_the_victims_alert_counts_in_the_backward_check_unlinked(world, login):
    officer = world.user("officer_a1")
    case = _case(world)
    # The bank's warning came after the transfer, and the stop was filed at once: nobody linked it.
    alert = AlertFactory(
        village=world.village_a1, resident=world.resident_a1, received_at=case.occurred_at + timedelta(minutes=5)
    )
    stoppayment_request(
        by=officer,
        alert=alert,
        bank="中国工商银行",
        holder_name="赵某",
        account_number="6212260000000002",
        amount=Decimal("30000"),
        transaction_at=case.occurred_at,
    )
    assert not case.alerts.exists()
    client = login(officer)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    verdict = re.search(r">紧急止付</td>\s*<td[^>]*>(.*?)</td>\s*<td[^>]*>(.*?)</td>", page, re.S)
    assert verdict and "未到位" not in verdict.group(1) and "提交止付" in verdict.group(2)
    assert f'data-alert="{alert.pk}"' not in page.split('id="case-alerts"')[1].split("</ul>")[0]  # still unlinked

    document = Document(io.BytesIO(client.get(f"/cases/{case.pk}/review.docx").content))
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    stop = next(r for r in rows if r[0] == "紧急止付")
    assert stop[1] == "到位" and "提交止付" in stop[2]

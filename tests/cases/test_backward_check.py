"""倒查: each finding is read from the records — outreach, App, notice letter, earlier alerts, stop-payment."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from fanzha.cases.models import NoticeLetter
from fanzha.cases.services import CaseInput, case_register
from fanzha.core.models import AuditEntry
from fanzha.funds.models import StopPayment
from fanzha.outreach.models import Activity, ActivityHousehold
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def register(world, *, alert_ids=(), occurred_days_ago=1, loss="50000.00", resident=None, **extra):
    occurred = timezone.now() - timedelta(days=occurred_days_ago)
    case, _ = case_register(
        data=CaseInput(
            case_number=extra.pop("case_number", "R-1"),
            occurred_at=occurred,
            reported_at=occurred + timedelta(minutes=30),
            fraud_type="impersonate_authority",
            contact_method="phone",
            loss_amount=Decimal(loss),
            victim_resident_id=(resident or world.resident_a1).pk,
            alert_ids=list(alert_ids),
            **extra,
        ),
        by=None,
    )
    return case


def findings_of(api_client, world, case):
    response = api_client(world.user("officer_a1")).get(f"/api/v1/cases/{case.pk}/review")
    assert response.status_code == 200
    return {f["code"]: f for f in response.json()["findings"]}, response.json()["findings"]


def test_nothing_had_reached_the_victim(world, api_client):
    case = register(world)
    by_code, _ = findings_of(api_client, world, case)
    assert by_code["outreach"]["ok"] is False and "未被任何宣防活动覆盖" in by_code["outreach"]["detail"]
    assert by_code["app_registered"]["ok"] is False and "未注册" in by_code["app_registered"]["detail"]
    assert by_code["notice_letter"]["ok"] is None  # no unit on record
    assert by_code["alerts"]["ok"] is True and "没有关于受害人的预警" in by_code["alerts"]["detail"]
    assert by_code["stop_payment"]["ok"] is False
    assert AuditEntry.objects.filter(action="case.review_viewed", object_id=str(case.pk)).exists()


def test_prevention_that_reached_the_victim_is_found_with_its_evidence(world, api_client, unit):
    resident = world.resident_a1
    resident.app_registered_on = timezone.localdate() - timedelta(days=100)
    resident.save()
    activity = Activity.objects.create(
        kind="family",
        date=timezone.localdate() - timedelta(days=20),
        township=world.township_a,
        village=world.village_a1,
    )
    activity.organisers.add(world.user("officer_a1"))
    ActivityHousehold.objects.create(activity=activity, household=resident.household, date=activity.date)
    letter = NoticeLetter.objects.create(
        organisation=unit,
        number="牟公提〔2026〕1号",
        delivered_on=timezone.localdate() - timedelta(days=10),
        acknowledged_on=timezone.localdate() - timedelta(days=10),
        signed_by="王所长",
    )
    case = register(world)
    by_code, _ = findings_of(api_client, world, case)
    assert by_code["outreach"]["ok"] is True
    assert "进家庭" in by_code["outreach"]["detail"] and "民警甲" in by_code["outreach"]["detail"]
    assert str(activity.pk) in by_code["outreach"]["evidence_url"]
    assert by_code["app_registered"]["ok"] is True
    assert by_code["app_registered"]["evidence_url"] == f"/people/residents/{resident.pk}/"
    assert by_code["notice_letter"]["ok"] is True and "王所长" in by_code["notice_letter"]["detail"]
    assert by_code["notice_letter"]["evidence_url"] == f"/cases/letters/{letter.pk}/"


def test_outreach_after_the_case_does_not_count(world, api_client):
    activity = Activity.objects.create(kind="family", date=timezone.localdate(), township=world.township_a)
    ActivityHousehold.objects.create(activity=activity, household=world.resident_a1.household, date=activity.date)
    case = register(world, occurred_days_ago=3)
    by_code, _ = findings_of(api_client, world, case)
    assert by_code["outreach"]["ok"] is False


def test_an_earlier_alert_handled_late_is_a_gap(world, api_client):
    received = timezone.now() - timedelta(days=5)
    alert = AlertFactory(
        village=world.village_a1,
        resident=world.resident_a1,
        received_at=received,
        first_contact_at=received + timedelta(minutes=25),
        visit_at=None,
        status="closed",
        outcome="refused",
    )
    case = register(world)
    _by_code, findings = findings_of(api_client, world, case)
    found = [f for f in findings if f["code"] == "alerts"]
    assert len(found) == 1 and found[0]["ok"] is False
    assert "25 分钟后首次联系" in found[0]["detail"] and "首次联系超时 20 分钟" in found[0]["detail"]
    assert "未见面劝阻" in found[0]["detail"] and "拒绝劝阻" in found[0]["detail"]
    assert found[0]["evidence_url"] == f"/alerts/{alert.pk}/"


def test_a_prompt_stop_payment_is_in_time_and_a_late_one_is_not(world, api_client):
    alert = AlertFactory(
        village=world.village_a1, resident=world.resident_a1, first_contact_at=timezone.now(), visit_at=timezone.now()
    )
    case = register(world, alert_ids=[alert.pk])
    stop = StopPayment.objects.create(
        alert=alert,
        township=world.township_a,
        village=world.village_a1,
        bank="某银行",
        holder_name="某",
        account_number="6222020012345678",
        amount=Decimal("50000.00"),
        transaction_at=case.occurred_at,
        requested_at=case.reported_at + timedelta(minutes=20),
        expires_at=case.reported_at + timedelta(hours=49),
    )
    by_code, _ = findings_of(api_client, world, case)
    assert by_code["stop_payment"]["ok"] is True and "报案后 20 分钟提交止付" in by_code["stop_payment"]["detail"]
    assert by_code["stop_payment"]["evidence_url"] == f"/funds/{stop.pk}/"
    StopPayment.objects.filter(pk=stop.pk).update(requested_at=case.reported_at + timedelta(hours=5))
    by_code, _ = findings_of(api_client, world, case)
    assert by_code["stop_payment"]["ok"] is False and "黄金止付时间" in by_code["stop_payment"]["detail"]


def test_the_review_is_offered_as_word(world, login):
    case = register(world)
    response = login(world.user("officer_a1")).get(f"/cases/{case.pk}/review.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        c.text for r in document.tables[0].rows for c in r.cells
    )
    assert "倒查报告" in text and case.case_number in text
    assert "入户宣防" in text and "未到位" in text
    assert "甲一" not in text


def test_the_review_of_a_case_elsewhere_is_not_found(world, api_client, login):
    case = register(world)
    assert api_client(world.user("officer_b1")).get(f"/api/v1/cases/{case.pk}/review").status_code == 404
    assert login(world.user("officer_b1")).get(f"/cases/{case.pk}/review.docx").status_code == 404

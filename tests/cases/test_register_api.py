"""POST /api/v1/cases: registering a case starts accountability; bad input is refused with a clear message."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.cases.models import Case, Interview, Notification
from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_a_case_is_registered_and_accountability_starts(world, api_client, case_body, unit):
    response = api_client(world.user("officer_a1")).post("/api/v1/cases", case_body())
    assert response.status_code == 201, response.content
    body = response.json()
    case = Case.objects.get(pk=body["id"])
    assert body["victim_name_masked"] == "甲*"
    assert case.organisation == unit  # taken from the resident's record
    assert sorted(body["key_groups"]) == ["accountant"]
    assert case.victim_gender == "F" and case.victim_age == 45
    audiences = set(Notification.objects.filter(case=case).values_list("audience", flat=True))
    assert audiences == {"unit", "family"}
    interview = Interview.objects.get(case=case)
    assert interview.responsible_head == "王所长"
    assert interview.scheduled_on > timezone.localdate(case.reported_at)
    assert AuditEntry.objects.filter(
        action="case.registered", object_id=str(case.pk), actor=world.user("officer_a1")
    ).exists()


def test_key_groups_are_those_at_the_time_not_later_ones(world, api_client, case_body, unit):
    case_id = api_client(world.user("officer_a1")).post("/api/v1/cases", case_body()).json()["id"]
    world.resident_a1.key_groups.clear()
    assert [g.code for g in Case.objects.get(pk=case_id).key_groups.all()] == ["accountant"]


def test_without_a_unit_the_township_is_notified(world, api_client, case_body):
    case_id = api_client(world.user("centre")).post("/api/v1/cases", case_body()).json()["id"]
    unit_notice = Notification.objects.get(case_id=case_id, audience="township")
    assert unit_notice.recipient.startswith("甲镇")


def test_the_same_case_twice_is_one_case(world, api_client, case_body):
    client = api_client(world.user("centre"))
    body = case_body(external_id="PRV-CASE-1")
    first = client.post("/api/v1/cases", body)
    again = client.post("/api/v1/cases", body)
    by_number = client.post("/api/v1/cases", {**body, "external_id": ""})
    by_external_id = client.post("/api/v1/cases", {**body, "case_number": "OTHER-NUMBER"})
    assert first.status_code == 201
    assert [r.status_code for r in (again, by_number, by_external_id)] == [200, 200, 200]
    assert {r.json()["id"] for r in (first, again, by_number, by_external_id)} == {first.json()["id"]}
    assert Case.objects.count() == 1 and Notification.objects.count() == 2


def test_a_victim_may_be_an_unregistered_person(world, api_client, case_body):
    response = api_client(world.user("centre")).post(
        "/api/v1/cases", case_body(victim_resident_id=None, victim_name="外地游客张某某", village_id=None)
    )
    assert response.status_code == 201
    assert response.json()["victim_name_masked"] == "外******"


@pytest.mark.parametrize(
    ("override", "field", "words", "status"),
    [
        ({"loss_amount": "-1.00"}, "loss_amount", "", 422),  # the schema says what an amount is
        ({"loss_amount": "100000000.01"}, "loss_amount", "", 422),
        ({"loss_amount": "999999999999"}, "loss_amount", "", 422),
        ({"fraud_type": "lottery"}, "fraud_type", "", 422),
        ({"contact_method": "pigeon"}, "contact_method", "", 422),
        ({"victim_resident_id": None}, "victim_name", "请选择受害居民，或填写受害人姓名", 400),  # a rule
    ],
)
def test_bad_input_is_refused_naming_the_field(world, api_client, case_body, override, field, words, status):
    response = api_client(world.user("centre")).post("/api/v1/cases", case_body(**override))
    assert response.status_code == status
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["detail"]
    assert words in body["detail"]
    assert not Case.objects.exists()


def test_an_absurd_loss_says_why(world, api_client, case_body):
    from fanzha.cases.services import CaseInput, CaseInputError, case_register

    body = case_body()
    data = CaseInput(
        case_number="X-1",
        occurred_at=timezone.now() - timedelta(days=1),
        reported_at=timezone.now(),
        fraud_type="investment",
        contact_method="app",
        loss_amount=__import__("decimal").Decimal("250000000.00"),
        township_id=body["township_id"],
        victim_name="某人",
    )
    with pytest.raises(CaseInputError) as caught:
        case_register(data=data, by=world.user("centre"))
    assert caught.value.field == "loss_amount" and "超过1亿元" in caught.value.message


def test_dates_in_the_wrong_order_are_refused(world, api_client, case_body):
    now = timezone.now()
    response = api_client(world.user("centre")).post(
        "/api/v1/cases",
        case_body(occurred_at=now.isoformat(), reported_at=(now - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert "reported_at" in response.json()["detail"] and "早于发案时间" in response.json()["detail"]
    assert not Case.objects.exists()


def test_a_report_in_the_future_is_refused(world, api_client, case_body):
    later = timezone.now() + timedelta(days=2)
    response = api_client(world.user("centre")).post(
        "/api/v1/cases", case_body(occurred_at=later.isoformat(), reported_at=later.isoformat())
    )
    assert response.status_code == 400 and "不能晚于现在" in response.json()["detail"]


def test_a_victim_outside_the_users_jurisdiction_is_refused(world, api_client, case_body):
    # 甲一 lives in 甲镇; the officer of 南坡村 (乙乡) may not record a case about them.
    response = api_client(world.user("officer_b1")).post(
        "/api/v1/cases",
        case_body(township_id=world.township_b.pk, village_id=world.village_b1.pk),
    )
    assert response.status_code == 404  # outside the jurisdiction looks like missing
    assert "victim_resident_id" in response.json()["detail"] and "不在您的辖区" in response.json()["detail"]
    assert not Case.objects.exists()


def test_a_place_outside_the_users_jurisdiction_is_refused(world, api_client, case_body):
    response = api_client(world.user("officer_b1")).post(
        "/api/v1/cases", case_body(victim_resident_id=None, victim_name="某人", village_id=None)
    )
    assert response.status_code == 404 and "不在您的辖区" in response.json()["detail"]


def test_a_village_of_another_township_is_refused(world, api_client, case_body):
    response = api_client(world.user("centre")).post("/api/v1/cases", case_body(village_id=world.village_b1.pk))
    assert response.status_code == 400 and "不属于所选乡镇" in response.json()["detail"]


def test_a_case_number_used_in_another_jurisdiction_is_a_conflict_not_a_leak(world, api_client, case_body):
    body = case_body()
    api_client(world.user("officer_a1")).post("/api/v1/cases", body)
    response = api_client(world.user("officer_b1")).post(
        "/api/v1/cases",
        {
            **body,
            "victim_resident_id": world.resident_b1.pk,
            "township_id": world.township_b.pk,
            "village_id": world.village_b1.pk,
        },
    )
    assert response.status_code == 409
    assert "id" not in response.json()


def test_a_grid_worker_may_not_register_cases(world, api_client, case_body):
    response = api_client(world.user("grid_a1")).post("/api/v1/cases", case_body())
    assert response.status_code == 403


def test_database_refuses_a_negative_loss_even_past_the_service(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            case_number="DB-1",
            victim_name="某人",
            occurred_at=timezone.now(),
            reported_at=timezone.now(),
            fraud_type="loan",
            contact_method="app",
            loss_amount=-5,
            township=world.township_a,
        )


def test_a_case_before_the_registered_victim_was_born_is_refused_not_a_500(world, api_client, case_body):
    world.resident_a1.birth_date = timezone.localdate().replace(year=2010, month=6, day=1)
    world.resident_a1.save()
    response = api_client(world.user("centre")).post(
        "/api/v1/cases", case_body(occurred_at="2000-01-01T00:00:00Z", reported_at="2000-01-02T00:00:00Z")
    )
    assert response.status_code == 400, response.content
    assert "occurred_at" in response.json()["detail"] and "出生日期" in response.json()["detail"]
    assert not Case.objects.exists()

"""Correcting a case on its edit page, and the resident picker on the registration form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.cases.models import Case
from fanzha.cases.services import CaseInput, case_register
from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world) -> Case:
    occurred = timezone.now() - timedelta(days=3)
    return case_register(
        data=CaseInput(
            case_number="A-EDIT-1",
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=2),
            fraud_type="shopping",
            contact_method="wechat",
            loss_amount=Decimal("3000.00"),
            victim_resident_id=world.resident_a1.pk,
        ),
        by=None,
    )[0]


def form_data(case: Case, **overrides):
    data = {
        "occurred_at": timezone.localtime(case.occurred_at).strftime("%Y-%m-%dT%H:%M"),
        "reported_at": timezone.localtime(case.reported_at).strftime("%Y-%m-%dT%H:%M"),
        "fraud_type": case.fraud_type,
        "contact_method": case.contact_method,
        "loss_amount": str(case.loss_amount),
        "village": case.village_id or "",
        "organisation": case.organisation_id or "",
        "summary": case.summary,
    }
    data.update(overrides)
    return data


def test_the_edit_page_shows_the_case_as_recorded(world, login, case):
    response = login(world.user("officer_a1")).get(f"/cases/{case.pk}/edit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="3000.00"' in page and "A-EDIT-1" in page
    assert f"/cases/{case.pk}/edit/" in login(world.user("officer_a1")).get(f"/cases/{case.pk}/").content.decode()


def test_correcting_the_loss_and_type_saves_and_is_audited(world, login, case):
    client = login(world.user("officer_a1"))
    response = client.post(
        f"/cases/{case.pk}/edit/", form_data(case, loss_amount="10010.00", fraud_type="investment", summary="补充案情")
    )
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    case.refresh_from_db()
    assert (case.loss_amount, case.fraud_type, case.summary) == (Decimal("10010.00"), "investment", "补充案情")
    entry = AuditEntry.objects.filter(action="case.updated").latest("pk")
    assert set(entry.data["fields"]) == {"loss_amount", "fraud_type", "summary"}
    assert "案件已更新" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"loss_amount": "-5"}, "损失金额不能为负数"),
        ({"loss_amount": "1000000000"}, "超过1亿元"),
        ({"reported_at": "2020-01-01T08:00"}, "报案时间早于发案时间"),
    ],
)
def test_bad_corrections_are_refused_with_the_reason(world, login, case, overrides, message):
    response = login(world.user("officer_a1")).post(f"/cases/{case.pk}/edit/", form_data(case, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    case.refresh_from_db()
    assert case.loss_amount == Decimal("3000.00")


def test_a_village_of_another_township_is_not_offered_nor_accepted(world, login, case):
    client = login(world.user("centre"))
    page = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert "南坡村" not in page and "西河社区" in page
    response = client.post(f"/cases/{case.pk}/edit/", form_data(case, village=world.village_b1.pk))
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.village_id == world.village_a1.pk


def test_an_officer_of_another_station_cannot_open_or_change_the_case(world, login, case):
    client = login(world.user("chief_b"))
    assert client.get(f"/cases/{case.pk}/edit/").status_code == 404
    assert client.post(f"/cases/{case.pk}/edit/", form_data(case, loss_amount="1.00")).status_code == 404
    case.refresh_from_db()
    assert case.loss_amount == Decimal("3000.00")


def test_a_leader_reads_but_cannot_edit(world, login, case):
    assert login(world.user("leader")).get(f"/cases/{case.pk}/edit/").status_code == 403


def test_the_registration_form_has_the_resident_search(world, login):
    page = login(world.user("officer_a1")).get("/cases/new/").content.decode()
    assert 'hx-get="/cases/residents/pick/"' in page and "cases/case_form.js" in page


def test_the_picker_finds_residents_by_name_or_last_four_digits_in_scope_only(world, login):
    chief_a = login(world.user("chief_a"))
    by_name = chief_a.get("/cases/residents/pick/", {"q": "甲"}).content.decode()
    assert f'data-resident="{world.resident_a1.pk}"' in by_name
    assert f'data-resident="{world.resident_a2.pk}"' in by_name
    assert "139****0001" in by_name and "13900000001" not in by_name
    by_digits = chief_a.get("/cases/residents/pick/", {"q": "0001"}).content.decode()
    assert f'data-resident="{world.resident_a1.pk}"' in by_digits
    assert f'data-resident="{world.resident_a2.pk}"' not in by_digits
    # 乙一 lives in another station's township: neither by name nor by phone.
    assert "data-resident" not in chief_a.get("/cases/residents/pick/", {"q": "乙"}).content.decode()
    assert "data-resident" not in chief_a.get("/cases/residents/pick/", {"q": "0003"}).content.decode()
    officer_b = login(world.user("officer_b1"))
    assert (
        f'data-resident="{world.resident_b1.pk}"'
        in officer_b.get("/cases/residents/pick/", {"q": "0003"}).content.decode()
    )


def test_the_picker_asks_for_four_digits_rather_than_matching_everyone(world, login):
    page = login(world.user("centre")).get("/cases/residents/pick/", {"q": "13"}).content.decode()
    assert "data-resident" not in page and "尾号4位" in page


def test_a_picked_resident_registers_the_case_for_that_resident(world, login):
    occurred = timezone.localtime() - timedelta(days=1)
    response = login(world.user("officer_a1")).post(
        "/cases/new/",
        {
            "case_number": "A-PICK-1",
            "q": "0001",
            "victim_resident": world.resident_a1.pk,
            "occurred_at": occurred.strftime("%Y-%m-%dT%H:%M"),
            "reported_at": (occurred + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "fraud_type": "shopping",
            "contact_method": "phone",
            "loss_amount": "500",
            "township": world.township_a.pk,
        },
    )
    assert response.status_code == 302
    assert Case.objects.get(case_number="A-PICK-1").victim_resident_id == world.resident_a1.pk

"""Case pages and reads: filters, the form's messages, accountability on the page, and jurisdiction."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from docx import Document

from fanzha.cases.models import Case, FollowUpAction, Interview, Notification
from fanzha.cases.services import CaseInput, CaseInputError, case_register, case_update
from fanzha.core.models import AuditEntry
from tests.cases.conftest import group

pytestmark = pytest.mark.django_db


def make(world, number, *, resident=None, fraud_type="shopping", days_ago=3, township=None, name=""):
    occurred = timezone.now() - timedelta(days=days_ago)
    return case_register(
        data=CaseInput(
            case_number=number,
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=1),
            fraud_type=fraud_type,
            contact_method="wechat",
            loss_amount=Decimal("3000.00"),
            victim_resident_id=resident.pk if resident else None,
            victim_name=name,
            township_id=township.pk if township else None,
        ),
        by=None,
    )[0]


@pytest.fixture
def cases(world, unit):
    return {
        "a_old": make(world, "A-OLD", resident=world.resident_a1, fraud_type="impersonate_acquaintance", days_ago=60),
        "a_new": make(world, "A-NEW", resident=world.resident_a2, fraud_type="shopping", days_ago=2),
        "b": make(world, "B-ONE", resident=world.resident_b1, fraud_type="shopping", days_ago=2),
    }


def numbers(response):
    return {n for n in ("A-OLD", "A-NEW", "B-ONE") if n in response.content.decode()}


def test_the_list_shows_only_the_users_jurisdiction(world, login, cases):
    assert numbers(login(world.user("chief_a")).get("/cases/")) == {"A-OLD", "A-NEW"}
    assert numbers(login(world.user("officer_b1")).get("/cases/")) == {"B-ONE"}
    assert numbers(login(world.user("leader")).get("/cases/")) == {"A-OLD", "A-NEW", "B-ONE"}


def test_the_list_filters_by_period_township_type_and_key_group(world, login, cases):
    client = login(world.user("centre"))
    since = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert numbers(client.get("/cases/", {"since": since})) == {"A-NEW", "B-ONE"}
    assert numbers(client.get("/cases/", {"township": world.township_b.pk})) == {"B-ONE"}
    assert numbers(client.get("/cases/", {"fraud_type": "impersonate_acquaintance"})) == {"A-OLD"}
    assert numbers(client.get("/cases/", {"key_group": "accountant"})) == {"A-OLD"}
    page = client.get("/cases/", {"township": world.township_a.pk}).content.decode()
    assert "¥6,000.00" in page  # the total loss of what is shown


def test_the_list_masks_victims(world, login, cases):
    page = login(world.user("centre")).get("/cases/").content.decode()
    assert "甲*" in page and "甲一" not in page


def test_a_grid_worker_does_not_see_the_case_pages(world, login, cases):
    assert login(world.user("grid_a1")).get("/cases/").status_code == 403


def test_a_case_of_another_station_is_not_found_anywhere(world, login, api_client, cases):
    b = cases["b"]
    client = login(world.user("officer_a1"))
    assert client.get(f"/cases/{b.pk}/").status_code == 404
    notification = Notification.objects.filter(case=b).first()
    assert client.get(f"/cases/notifications/{notification.pk}.docx").status_code == 404
    interview = Interview.objects.get(case=b)
    response = client.post(f"/cases/interviews/{interview.pk}/", {"scheduled_on": "2026-01-01", "minutes": "x"})
    assert response.status_code == 404
    assert client.post(f"/cases/interviews/{interview.pk}/actions/", {"description": "x"}).status_code == 404
    assert client.get(f"/cases/townships/{world.township_b.pk}/history/").status_code == 404
    api = api_client(world.user("officer_a1"))
    assert api.get(f"/api/v1/cases/{b.pk}").status_code == 404
    assert {c["case_number"] for c in api.get("/api/v1/cases").json()["items"]} == {"A-OLD"}
    assert not AuditEntry.objects.filter(action="case.viewed", object_id=str(b.pk)).exists()


def test_the_api_lists_with_filters_and_reads_one_case(world, api_client, cases):
    api = api_client(world.user("centre"))
    listed = api.get("/api/v1/cases", fraud_type="shopping", limit=1)
    assert listed.json()["count"] == 2 and len(listed.json()["items"]) == 1
    one = api.get(f"/api/v1/cases/{cases['a_old'].pk}")
    assert one.status_code == 200 and one.json()["key_groups"] == ["accountant"]
    assert "甲一" not in one.content.decode()
    assert AuditEntry.objects.filter(action="case.viewed", object_id=str(cases["a_old"].pk)).exists()
    assert api.get("/api/v1/cases", since="yesterday").status_code == 422


def test_the_detail_page_shows_the_case_and_its_accountability(world, login, cases):
    case = cases["a_old"]
    page = login(world.user("officer_a1")).get(f"/cases/{case.pk}/").content.decode()
    for words in (
        "A-OLD",
        "甲一",
        "冒充领导熟人",
        "¥3,000.00",
        "会计/财务人员",
        "倒查",
        "入户宣防",
        "通报",
        "约谈",
        "甲镇财政所",
        "王所长",
    ):
        assert words in page, words
    assert AuditEntry.objects.filter(
        action="case.viewed", object_id=str(case.pk), actor=world.user("officer_a1")
    ).exists()


def test_registering_on_the_page_with_bad_input_says_what_to_fix(world, login):
    client = login(world.user("officer_a1"))
    now = timezone.localtime()
    base = {
        "case_number": "P-1",
        "victim_name": "某某",
        "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
        "reported_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "fraud_type": "loan",
        "contact_method": "app",
        "loss_amount": "-20",
        "township": world.township_a.pk,
        "village": world.village_a1.pk,
    }
    page = client.post("/cases/new/", base)
    assert page.status_code == 400
    text = page.content.decode()
    assert "损失金额不能为负数" in text and "报案时间早于发案时间" in text
    page = client.post("/cases/new/", {**base, "loss_amount": "300000000", "reported_at": base["occurred_at"]})
    assert "损失金额超过1亿元" in page.content.decode()
    outside = client.post(
        "/cases/new/",
        {**base, "loss_amount": "10", "reported_at": base["occurred_at"], "victim_resident": world.resident_b1.pk},
    )
    assert outside.status_code == 400 and "不在您的辖区" in outside.content.decode(), outside.context["form"].errors
    assert not Case.objects.exists()
    ok = client.post("/cases/new/", {**base, "loss_amount": "10", "reported_at": base["occurred_at"]})
    case = Case.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/cases/{case.pk}/"
    assert case.created_by == world.user("officer_a1") and case.victim_name == "某某"


def test_the_interview_and_its_follow_up_are_recorded(world, login, cases):
    case = cases["a_old"]
    interview = Interview.objects.get(case=case)
    client = login(world.user("chief_a"))
    today = timezone.localdate().isoformat()
    no_minutes = client.post(
        f"/cases/interviews/{interview.pk}/",
        {"scheduled_on": today, "held_on": today, "responsible_head": "王所长"},
        follow=True,
    )
    assert "已约谈，请填写约谈记录" in no_minutes.content.decode()
    client.post(
        f"/cases/interviews/{interview.pk}/",
        {
            "scheduled_on": today,
            "held_on": today,
            "responsible_head": "王所长",
            "attendees": "王所长、民警甲",
            "minutes": "通报案情，部署整改",
        },
    )
    client.post(
        f"/cases/interviews/{interview.pk}/actions/", {"description": "全体财务人员签订转账核实承诺", "due_on": today}
    )
    action = FollowUpAction.objects.get()
    client.post(f"/cases/actions/{action.pk}/done/", {"done_on": today})
    interview.refresh_from_db()
    action.refresh_from_db()
    assert interview.held_on == timezone.localdate() and interview.minutes == "通报案情，部署整改"
    assert action.done_on == timezone.localdate()
    actions = set(
        AuditEntry.objects.filter(object_id=str(interview.pk), object_type="cases.interview").values_list(
            "action", flat=True
        )
    )
    assert actions == {"interview.updated", "interview.action_added", "interview.action_done"}
    history = client.get(f"/cases/townships/{world.township_a.pk}/history/").content.decode()
    assert "A-OLD" in history and "王所长" in history and "✓" in history


def test_the_notifications_are_word_drafts_naming_the_right_parties(world, login, cases):
    case = cases["a_old"]
    client = login(world.user("officer_a1"))
    unit = Notification.objects.get(case=case, audience="unit")
    family = Notification.objects.get(case=case, audience="family")
    unit_text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(f"/cases/notifications/{unit.pk}.docx").content)).paragraphs
    )
    family_text = "\n".join(
        p.text for p in Document(io.BytesIO(client.get(f"/cases/notifications/{family.pk}.docx").content)).paragraphs
    )
    assert "甲镇财政所：" in unit_text and "诈骗案件的通报" in unit_text and "A-OLD" in unit_text
    assert "甲一" not in unit_text  # the unit's copy does not name the victim
    assert "受害人家属：" in family_text and "甲一" in family_text
    assert AuditEntry.objects.filter(action="notification.downloaded", object_id=str(family.pk)).exists()
    client.post(f"/cases/notifications/{unit.pk}/sent/", {"sent_on": timezone.localdate().isoformat()})
    unit.refresh_from_db()
    assert unit.sent_on == timezone.localdate()


def test_a_correction_is_validated_and_audited(world, cases):
    case = cases["a_new"]
    with pytest.raises(CaseInputError) as caught:
        case_update(case=case, by=world.user("chief_a"), reported_at=case.occurred_at - timedelta(hours=1))
    assert caught.value.field == "reported_at"
    with pytest.raises(CaseInputError):
        case_update(case=case, by=world.user("chief_a"), loss_amount=Decimal("-3"))
    with pytest.raises(CaseInputError):
        case_update(case=case, by=world.user("chief_b"), loss_amount=Decimal("3"))  # not their township
    case_update(case=case, by=world.user("chief_a"), loss_amount=Decimal("4500.50"), fraud_type="investment")
    case.refresh_from_db()
    assert case.loss_amount == Decimal("4500.50") and case.fraud_type == "investment"
    entry = AuditEntry.objects.get(action="case.updated", object_id=str(case.pk))
    assert sorted(entry.data["fields"]) == ["fraud_type", "loss_amount"]


def test_key_group_filter_finds_cases_of_elderly_too(world, login):
    world.resident_b1.key_groups.add(group("elderly"))
    make(world, "B-ELDER", resident=world.resident_b1)
    assert "B-ELDER" in login(world.user("centre")).get("/cases/", {"key_group": "elderly"}).content.decode()


def test_a_village_officer_sees_their_townships_history_limited_to_their_village(world, login, cases):
    page = login(world.user("officer_a1")).get(f"/cases/townships/{world.township_a.pk}/history/")
    assert page.status_code == 200
    assert "A-OLD" in page.content.decode() and "A-NEW" not in page.content.decode()  # A-NEW is in 西河社区

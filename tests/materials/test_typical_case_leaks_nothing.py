"""A closed case becomes a shareable typical case: drafted anonymised, edited by the centre, published as
a bulletin — and nothing that identifies the victim reaches the published text."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fanzha.cases.models import Case
from fanzha.funds.models import StopPayment
from fanzha.materials import services
from fanzha.materials.anonymise import round_amount
from fanzha.materials.models import TypicalCase
from fanzha.notify.models import Notification
from fanzha.outreach.models import Bulletin
from fanzha.outreach.services import TargetSpec
from tests.factories import AlertFactory, ResidentFactory

VICTIM = "龙桂英"
VICTIM_PHONE = "+8613987650123"
VICTIM_ID = "532323196504120029"
HUSBAND = "杨德顺"
FAKE_OFFICER = "王建国"
ACCOUNT = "6222020402011234567"
HOLDER = "刘小军"


@pytest.fixture
def closed_case(world: Any) -> Case:
    victim = ResidentFactory(
        name=VICTIM,
        phone=VICTIM_PHONE,
        id_number=VICTIM_ID,
        village=world.village_a1,
        household__village=world.village_a1,
    )
    ResidentFactory(name=HUSBAND, household=victim.household, village=world.village_a1)
    alert = AlertFactory(
        village=world.village_a1, victim_name=VICTIM, victim_phone=VICTIM_PHONE, fraud_type="impersonate_authority"
    )
    StopPayment.objects.create(
        alert=alert,
        village=world.village_a1,
        township=world.township_a,
        bank="农业银行",
        holder_name=HOLDER,
        account_number=ACCOUNT,
        amount=Decimal("52380.00"),
        transaction_at=timezone.now() - timedelta(days=3),
        requested_at=timezone.now() - timedelta(days=3),
        expires_at=timezone.now() - timedelta(days=1),
    )
    summary = (
        f"{VICTIM}（东山村人，电话139 8765 0123，身份证号{VICTIM_ID}）接到自称“{FAKE_OFFICER}警官”的电话，"
        f"名叫{FAKE_OFFICER}的人说她涉嫌洗钱，让她下载屏幕共享软件并把钱转到安全账户。"
        f"她瞒着丈夫{HUSBAND}，通过手机银行向户名{HOLDER}、账号6222 0204 0201 1234 567的账户转账52,380元，"
        "对方又要她加QQ号 2876543210 继续“配合调查”。"
    )
    case = Case.objects.create(
        case_number="A5323230000009999",
        victim_resident=victim,
        victim_gender="F",
        victim_age=59,
        occurred_at=timezone.now() - timedelta(days=3),
        reported_at=timezone.now() - timedelta(days=2),
        fraud_type="impersonate_authority",
        contact_method="phone",
        loss_amount=Decimal("52380.00"),
        summary=summary,
        township=world.township_a,
        village=world.village_a1,
    )
    case.alerts.add(alert)
    return case


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _assert_anonymous(text: str) -> None:
    for name in (VICTIM, HUSBAND, FAKE_OFFICER, HOLDER):
        assert name not in text, name
    digits = _digits(text)
    for number in (VICTIM_PHONE[3:], VICTIM_ID[:17], ACCOUNT, "2876543210"):
        assert number not in digits, number
    assert "东山村" not in text
    assert "52380" not in digits and "52,380" not in text


def test_the_draft_is_anonymised_and_tells_the_story(closed_case: Case, world: Any) -> None:
    typical = services.typical_case_draft(case=closed_case, by=world.user("centre"))
    _assert_anonymous(f"{typical.title}\n{typical.text}")
    for section in ("案情经过", "本可拦截之处", "识别要点", "防范提示"):
        assert section in typical.text
    assert "龙某" in typical.text and "约5.2万元" in typical.text and "甲镇" in typical.text
    assert "安全账户" in typical.text  # the story itself survives


def test_the_published_bulletin_and_its_messages_hold_no_name_phone_id_or_account(
    closed_case: Case, world: Any
) -> None:
    centre = world.user("centre")
    typical = services.typical_case_draft(case=closed_case, by=centre)
    services.typical_case_update(
        typical=typical, title=typical.title, text=typical.text + "\n（县反诈中心供稿）", by=centre
    )
    services.typical_case_publish(typical=typical, targets=[TargetSpec("township", world.township_a.pk)], by=centre)
    typical.refresh_from_db()
    assert typical.status == TypicalCase.Status.PUBLISHED
    bulletin = Bulletin.objects.get(pk=typical.bulletin_id)
    assert bulletin.text.endswith("（县反诈中心供稿）")
    _assert_anonymous(f"{bulletin.title}\n{bulletin.text}")
    sent = Notification.objects.filter(event_key__startswith=f"bulletin:{bulletin.pk}:")
    assert sent.exists()
    for note in sent:
        _assert_anonymous(f"{note.subject}\n{note.body}")


def test_publishing_is_refused_while_the_centre_typed_a_name_back(closed_case: Case, world: Any) -> None:
    centre = world.user("centre")
    typical = services.typical_case_draft(case=closed_case, by=centre)
    services.typical_case_update(
        typical=typical, title=typical.title, text=typical.text + f"\n受害人{VICTIM}", by=centre
    )
    with pytest.raises(services.MaterialsError) as refused:
        services.typical_case_publish(typical=typical, targets=[TargetSpec("township", world.township_a.pk)], by=centre)
    assert "龙**" in refused.value.message
    assert not Bulletin.objects.exists()


@pytest.mark.parametrize(
    ("amount", "shown"),
    [("52380.00", "约5.2万元"), ("128000", "约13万元"), ("3600", "约4千元"), ("460", "约500元"), ("35", "数十元")],
)
def test_amounts_are_rounded(amount: str, shown: str) -> None:
    assert round_amount(Decimal(amount)) == shown

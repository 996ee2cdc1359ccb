"""Demo cases for `fanzha demo`: about 120 cases over fourteen months, falling in recent months, with
their accountability (通报、约谈) and notice letters to key-group units.

Written in bulk, not through `case_register`: the service would be fast enough (120 calls take about
a second), but every call writes audit entries, and demo data gets none per row (one `demo.loaded`
on the county; tests/demo holds that). `_register` writes what the service writes — the victim's age,
gender, unit and key groups at the time, the linked alerts, and what `accountability_start` opens (the
unit's or township's and the family's 通报 drafts, the interview a week after the report) — and
tests/cases/test_demo_cases.py checks it. What happened afterwards is history the services would
refuse to backdate (an interview held last spring, a 通报 delivered last June): held interviews with
their follow-up actions, delivered 通报, and notice letters with their delivery and acknowledgement.

The case mix follows the county's report: more cases among public servants a year ago than now, the
leader-impersonation scam aimed at accountants, investment and impersonated police aimed at the elderly.
Some cases belong to the demo alerts whose victims had already sent money (funds' demo ran before).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.cases.models import (
    Case,
    ContactMethod,
    DocumentKind,
    DocumentSequence,
    DocumentSettings,
    FollowUpAction,
    Interview,
    NoticeLetter,
    Notification,
)
from fanzha.cases.services import INTERVIEW_AFTER_DAYS, CaseInput
from fanzha.core.gongwen import document_number
from fanzha.demo import names
from fanzha.funds.models import StopPayment
from fanzha.people.models import KeyGroup, Organisation, Resident
from fanzha.places.models import County, Township, Village

# Cases per calendar month, oldest first, ending with the current month: the trend falls.
MONTHLY = [12, 13, 11, 12, 10, 11, 9, 9, 8, 7, 6, 5, 4, 3]
# Who the victim is: a key group (resident), an ordinary resident, or someone not on the register.
VICTIMS_OLD = [
    ("civil_servant", 16),
    ("accountant", 12),
    ("elderly", 16),
    ("student", 10),
    ("teacher", 5),
    ("unemployed", 8),
    ("", 20),
    ("unregistered", 13),
]
# Since the notice letters and precise outreach (the last ten months), far fewer public servants.
VICTIMS_RECENT = [(g, 3 if g == "civil_servant" else w) for g, w in VICTIMS_OLD]
TYPES_BY_GROUP: dict[str, list[tuple[str, int]]] = {
    "civil_servant": [("impersonate_acquaintance", 5), ("impersonate_authority", 4), ("investment", 2)],
    "accountant": [("impersonate_acquaintance", 8), ("customer_service", 1), ("investment", 1)],
    "elderly": [("impersonate_authority", 4), ("investment", 4), ("impersonate_acquaintance", 2), ("shopping", 1)],
    "student": [("order_brushing", 5), ("game_trading", 3), ("credit_repair", 2), ("shopping", 2)],
    "teacher": [("impersonate_acquaintance", 3), ("order_brushing", 2), ("customer_service", 2)],
    "unemployed": [("order_brushing", 4), ("loan", 4), ("romance", 1)],
    "": [
        ("order_brushing", 6),
        ("investment", 4),
        ("loan", 3),
        ("customer_service", 3),
        ("romance", 2),
        ("shopping", 2),
        ("impersonate_authority", 2),
    ],
}
TYPES_BY_GROUP["unregistered"] = TYPES_BY_GROUP[""]
CONTACT_BY_TYPE = {
    "impersonate_acquaintance": [(ContactMethod.QQ, 5), (ContactMethod.WECHAT, 4)],
    "impersonate_authority": [(ContactMethod.PHONE, 8), (ContactMethod.SMS, 1)],
    "customer_service": [(ContactMethod.PHONE, 7), (ContactMethod.SMS, 2)],
    "order_brushing": [(ContactMethod.QQ, 3), (ContactMethod.WECHAT, 3), (ContactMethod.APP, 3)],
    "investment": [(ContactMethod.WECHAT, 4), (ContactMethod.APP, 3), (ContactMethod.WEBSITE, 2)],
}
SUMMARIES = {
    "impersonate_acquaintance": "受害人被拉入冒充单位领导的QQ/微信群，按“领导”要求向指定账户转账。",
    "impersonate_authority": "受害人接到自称公安机关的电话，称其涉嫌洗钱，被要求将资金转入“安全账户”。",
    "customer_service": "受害人接到冒充电商客服的电话，称需关闭“百万保障”服务，按指引转账。",
    "order_brushing": "受害人通过网络兼职刷单，前几单返利后被要求连续做任务，垫付资金无法提现。",
    "investment": "受害人被拉入“荐股”群，在虚假投资平台充值后无法提现。",
    "loan": "受害人在虚假贷款App申请贷款，被以解冻、保证金等名义多次转账。",
    "romance": "受害人在交友软件结识对方，被诱导在博彩平台充值。",
    "credit_repair": "受害人接到冒充平台客服电话，称需注销“校园贷”账户，按指引转账。",
    "shopping": "受害人在社交平台购买低价商品，付款后对方失联。",
    "game_trading": "受害人在非官方平台交易游戏账号，被以解冻、认证为由转账。",
}
LOSS = [(500, 5000, 30), (5000, 30000, 40), (30000, 150000, 24), (150000, 600000, 6)]
ACTIONS = [
    "组织全体职工学习典型案例",
    "财务转账一律电话或当面核实",
    "督促职工下载注册国家反诈中心App",
    "召开反诈专题会议",
    "在单位工作群每周转发预警提示",
]


def _pick(rng: random.Random, weighted: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def _month_start(today: date, months_back: int) -> date:
    year, month = today.year, today.month - months_back
    while month < 1:
        month += 12
        year -= 1
    return date(year, month, 1)


def _aware(day: date, minutes: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min)) + timedelta(minutes=minutes)


def _loss(rng: random.Random) -> Decimal:
    low, high, _w = rng.choices(LOSS, weights=[w for *_, w in LOSS])[0]
    return Decimal(rng.randrange(low, high, 10)).quantize(Decimal("0.01"))


def load_demo(*, county: County, rng: random.Random) -> str:
    now = timezone.now()
    today = timezone.localdate()
    residents = Resident.objects.filter(village__township__county=county)
    by_group: dict[str, list[int]] = defaultdict(list)
    for resident_id, code in Resident.key_groups.through.objects.filter(
        resident__village__township__county=county
    ).values_list("resident_id", "keygroup__code"):
        by_group[code].append(resident_id)
    ordinary = list(
        residents.filter(key_groups__isnull=True)
        .exclude(birth_date__gt=today.replace(year=today.year - 18, day=1))
        .values_list("id", flat=True)
    )
    villages = list(Village.objects.filter(township__county=county).values_list("id", "township_id"))
    if not villages or not ordinary:
        return "没有居民，未生成案件"

    # Demo alerts whose victims had sent money, by the month they arrived, with the amount stopped.
    stopped = dict(StopPayment.objects.filter(township__county=county).values_list("alert_id", "amount"))
    money_sent = Alert.objects.filter(
        township__county=county, outcome="money_sent", resident__isnull=False, closed_at__isnull=False
    ).order_by("id")
    alerts_by_month: dict[date, list[Any]] = defaultdict(list)
    alert: Any
    for alert in money_sent:
        local = timezone.localtime(alert.received_at).date()
        if alert.fraud_type in SUMMARIES or alert.fraud_type == "other_fraud":
            alerts_by_month[local.replace(day=1)].append(alert)

    used: set[int] = set()
    inputs: list[CaseInput] = []
    serial = linked_count = 0
    occurred: datetime
    reported: datetime
    for age, quota in zip(range(len(MONTHLY) - 1, -1, -1), MONTHLY, strict=True):
        first = _month_start(today, age)
        last = min(_month_start(today, age - 1) - timedelta(days=1) if age else today, today)
        linked = alerts_by_month.get(first, [])[: quota // 2]
        weights = VICTIMS_OLD if age >= 10 else VICTIMS_RECENT
        for n in range(quota):
            serial += 1
            alert = linked[n] if n < len(linked) else None
            if alert is not None:
                occurred = alert.received_at - timedelta(minutes=rng.randint(20, 240))
                reported = max(alert.closed_at, occurred) + timedelta(hours=rng.randint(1, 20))
                fraud_type = alert.fraud_type
                victim_id: int | None = alert.resident_id
                amount = stopped.get(alert.pk)
                loss = (
                    (amount * Decimal(rng.choice(["1", "1.2", "1.5", "2"]))).quantize(Decimal("0.01"))
                    if amount
                    else _loss(rng)
                )
            else:
                day = first + timedelta(days=rng.randint(0, (last - first).days))
                occurred = _aware(day, rng.randint(7 * 60, 22 * 60))
                reported = occurred + timedelta(hours=rng.uniform(1, 30))
                kind = _pick(rng, weights)
                fraud_type = _pick(rng, TYPES_BY_GROUP[kind])
                loss = _loss(rng)
                victim_id = None
                if kind != "unregistered":
                    pool = by_group.get(kind) or ordinary
                    for _attempt in range(5):
                        victim_id = rng.choice(pool)
                        if victim_id not in used:
                            break
            if reported > now - timedelta(minutes=10):
                reported = now - timedelta(minutes=10)
                occurred = min(occurred, reported - timedelta(hours=1))
            data = CaseInput(
                case_number=f"A5323{timezone.localtime(occurred):%Y%m%d}{serial:04d}",
                occurred_at=occurred,
                reported_at=reported,
                fraud_type=fraud_type,
                contact_method=_pick(rng, CONTACT_BY_TYPE.get(fraud_type, [(ContactMethod.WECHAT, 1)])),
                loss_amount=loss,
                summary=SUMMARIES.get(fraud_type, "受害人被骗转账。"),
                external_id=f"DEMO-CASE-{serial:04d}",
                alert_ids=[alert.pk] if alert is not None else [],
            )
            if victim_id is not None:
                used.add(victim_id)
                data.victim_resident_id = victim_id
            else:
                village_id, township_id = rng.choice(villages)
                gender = rng.choice(["M", "F"])
                pool_names = names.MALE_YOUNGER if gender == "M" else names.FEMALE_YOUNGER
                data.victim_name = _pick(rng, names.SURNAMES) + rng.choice(pool_names)
                data.victim_gender, data.victim_age = gender, rng.randint(19, 70)
                data.township_id, data.village_id = township_id, village_id
            linked_count += alert is not None
            inputs.append(data)

    registered = _register(inputs)
    _history(registered, rng=rng, today=today)
    letters = _letters(county, rng=rng, today=today)
    total = sum((c.loss_amount for c in registered), Decimal("0"))
    return f"{len(registered)} 起案件（损失 ¥{total:,.2f}，{linked_count} 起关联预警）及通报、约谈，{letters} 份提示函"


def _register(inputs: list[CaseInput]) -> list[Case]:
    """What `case_register` writes, in bulk: the case with the victim's age, gender, unit and key groups
    at the time, its linked alerts, and the accountability `accountability_start` opens."""
    victims = Resident.objects.select_related("village__township", "organisation").in_bulk(
        [d.victim_resident_id for d in inputs if d.victim_resident_id]
    )
    cases = []
    for d in inputs:
        assert d.occurred_at is not None and d.reported_at is not None and d.loss_amount is not None
        resident = victims.get(d.victim_resident_id) if d.victim_resident_id else None
        age = resident.age_on(timezone.localdate(d.occurred_at)) if resident else d.victim_age
        cases.append(
            Case(
                case_number=d.case_number,
                external_id=d.external_id,
                victim_resident=resident,
                victim_name="" if resident else d.victim_name,
                victim_gender=(resident.gender if resident else d.victim_gender) or "",
                victim_age=age if age is not None and age >= 0 else None,
                occurred_at=d.occurred_at,
                reported_at=d.reported_at,
                fraud_type=d.fraud_type,
                contact_method=d.contact_method,
                loss_amount=d.loss_amount,
                summary=d.summary,
                township_id=resident.village.township_id if resident else d.township_id,  # type: ignore[misc]
                village_id=resident.village_id if resident else d.village_id,
                organisation=resident.organisation if resident else None,
            )
        )
    cases = Case.objects.bulk_create(cases, batch_size=500)
    groups: dict[int, list[int]] = defaultdict(list)
    for resident_id, group_id in Resident.key_groups.through.objects.filter(resident_id__in=list(victims)).values_list(
        "resident_id", "keygroup_id"
    ):
        groups[resident_id].append(group_id)
    Case.key_groups.through.objects.bulk_create(
        [
            Case.key_groups.through(case_id=c.pk, keygroup_id=g)
            for c in cases
            if c.victim_resident_id
            for g in groups[c.victim_resident_id]
        ]
    )
    Case.alerts.through.objects.bulk_create(
        [Case.alerts.through(case_id=c.pk, alert_id=a) for c, d in zip(cases, inputs, strict=True) for a in d.alert_ids]
    )
    townships = dict(Township.objects.filter(pk__in={c.township_id for c in cases}).values_list("pk", "name"))
    notifications, interviews = [], []
    for case in cases:
        org = case.organisation
        if org is not None:
            notifications.append(
                Notification(case=case, audience=Notification.Audience.UNIT, organisation=org, recipient=org.name)
            )
        else:
            recipient = f"{townships[case.township_id]}党委、政府"
            notifications.append(Notification(case=case, audience=Notification.Audience.TOWNSHIP, recipient=recipient))
        notifications.append(Notification(case=case, audience=Notification.Audience.FAMILY, recipient="受害人家属"))
        notifications[-1].township_id = notifications[-2].township_id = case.township_id
        interviews.append(
            Interview(
                case=case,
                organisation=org,
                township_id=case.township_id,
                responsible_head=org.responsible_person if org is not None else "",
                scheduled_on=timezone.localdate(case.reported_at) + timedelta(days=INTERVIEW_AFTER_DAYS),
            )
        )
    Notification.objects.bulk_create(notifications, batch_size=500)
    Interview.objects.bulk_create(interviews, batch_size=500)
    return cases


def _history(cases: list[Case], *, rng: random.Random, today: date) -> None:
    """Entered a few hours after the report; 通报 delivered and interviews held for all but the newest."""
    for case in cases:
        case.created_at = case.reported_at + timedelta(hours=rng.uniform(0.5, 6))
    Case.objects.bulk_update(cases, ["created_at"], batch_size=500)
    by_case = {c.pk: c for c in cases}
    notifications = list(Notification.objects.filter(case_id__in=by_case))
    sent = []
    for notification in notifications:
        reported = timezone.localdate(by_case[notification.case_id].reported_at)
        day = reported + timedelta(days=rng.randint(1, 4))
        if day < today and rng.random() < 0.92:
            notification.sent_on = day
            sent.append(notification)
    Notification.objects.bulk_update(sent, ["sent_on"], batch_size=500)
    interviews = list(Interview.objects.filter(case_id__in=by_case))
    held, actions = [], []
    for interview in interviews:
        day = interview.scheduled_on + timedelta(days=rng.randint(0, 6))
        if day >= today or rng.random() < 0.1:
            continue
        interview.held_on = day
        who = interview.responsible_head or "乡镇分管领导"
        interview.attendees = f"{who}、县反诈中心民警、辖区派出所所长"
        interview.minutes = "通报案情，分析单位（乡镇）反诈宣传和管理中的薄弱环节，明确整改措施和完成时限。"
        held.append(interview)
        for description in rng.sample(ACTIONS, 2):
            due = day + timedelta(days=30)
            done = day + timedelta(days=rng.randint(5, 40))
            actions.append(
                FollowUpAction(
                    interview=interview, description=description, due_on=due, done_on=done if done < today else None
                )
            )
    Interview.objects.bulk_update(held, ["held_on", "attendees", "minutes"], batch_size=500)
    FollowUpAction.objects.bulk_create(actions, batch_size=500)


def _letters(county: County, *, rng: random.Random, today: date) -> int:
    """公安提示函 to about half the units employing key-group members, over the last year."""
    groups = set(KeyGroup.objects.values_list("pk", flat=True))
    units = list(
        Organisation.objects.filter(township__county=county, members__key_groups__in=groups)
        .exclude(kind=Organisation.Kind.VILLAGE_COMMITTEE)
        .distinct()
        .order_by("id")
    )
    chosen = sorted(rng.sample(units, len(units) // 2), key=lambda o: o.pk)
    days = sorted(today - timedelta(days=rng.randint(15, 330)) for _ in chosen)
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for org_id, code, n in (
        Resident.key_groups.through.objects.filter(resident__organisation__in=chosen)
        .values_list("resident__organisation_id", "keygroup__code")
        .annotate(n=Count("resident_id"))
    ):
        counts[org_id][code] = n
    numbered: dict[int, int] = defaultdict(int)
    letterhead = _document_settings(county)
    letters = []
    for organisation, day in zip(chosen, days, strict=True):
        numbered[day.year] += 1
        delivered = day + timedelta(days=rng.randint(1, 7)) if rng.random() < 0.85 else None
        acknowledged = delivered + timedelta(days=rng.randint(0, 3)) if delivered and rng.random() < 0.85 else None
        letters.append(
            NoticeLetter(
                organisation=organisation,
                number=document_number(letterhead.letter_prefix, day.year, numbered[day.year]),
                key_group_counts=counts[organisation.pk],
                delivered_on=delivered if delivered and delivered <= today else None,
                acknowledged_on=acknowledged if acknowledged and acknowledged <= today else None,
                signed_by=organisation.responsible_person if acknowledged and acknowledged <= today else "",
            )
        )
    letters = NoticeLetter.objects.bulk_create(letters, batch_size=500)
    for letter, day in zip(letters, days, strict=True):
        letter.generated_at = _aware(day, rng.randint(9 * 60, 17 * 60))
    NoticeLetter.objects.bulk_update(letters, ["generated_at"], batch_size=500)
    # The next letter issued takes the next number of its year.
    for year, last in numbered.items():
        DocumentSequence.objects.update_or_create(
            county=county, year=year, kind=DocumentKind.NOTICE_LETTER, defaults={"last": last}
        )
    return len(letters)


def _document_settings(county: County) -> DocumentSettings:
    """The county's letterhead: its bureau, one 文号 prefix per kind, the 印发机关 and the 抄送 list."""
    short = county.name.removesuffix("县")
    settings, _created = DocumentSettings.objects.update_or_create(
        county=county,
        defaults={
            "bureau": f"{county.name}公安局",
            "letter_prefix": f"{short}公提",
            "notification_prefix": f"{short}公通",
            "interview_prefix": f"{short}公谈",
            "printer": f"{county.name}公安局办公室",
            "copy_to": "\n".join(
                ["楚雄州公安局反电信网络诈骗中心", f"{county.name}委政法委", f"{county.name}人民政府办公室"]
            ),
        },
    )
    return settings

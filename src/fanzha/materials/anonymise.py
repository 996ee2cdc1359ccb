"""A case as a shareable typical case (典型案例): the write-up is drafted from the record and anonymised.

What is removed, and how:
- names of the case's people (the victim, the resident's household, alert subjects, account holders,
  the unit's responsible person) → surname + 某 (张某); other names the text introduces ("名叫李四") → 某;
- phone numbers, ID numbers, bank cards and other account numbers, QQ/WeChat ids, e-mail addresses,
  and every run of five or more digits that is left → removed;
- amounts → rounded (52,380元 → 约5万元; 3,600元 → 约4千元);
- every village and community of the county (the gazetteer), the victim's and the alert's addresses
  and the unit's name and address → dropped below the township ("某村", "某社区", "某地").

`identifying_values(case)` lists what must never appear in a published text; `leaks(case, text)` finds
any of them (digits compared without separators), and publishing refuses a text with a leak.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from fanzha.alerts.models import Alert, Observable
from fanzha.cases.models import Case, ContactMethod
from fanzha.detection.rules import find_red_flags
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.funds.models import Freeze, FundReturn, StopPayment
from fanzha.people.models import Resident
from fanzha.places.models import Village

REMOVED = "＊＊"  # where a number was: visibly blanked, and no digit left to piece together

_ID_NUMBER = re.compile(r"(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d\d{3}[0-9Xx](?![0-9])")
_PHONE = re.compile(r"(?:\+?86[\s-]?)?(?<![0-9])1[3-9]\d(?:[\s-]?\d{4}){2}(?![0-9])")
_LANDLINE = re.compile(r"(?<![0-9])0\d{2,3}[\s-]?\d{7,8}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])\d{4}(?:[\s-]?\d{4}){2,3}(?:[\s-]?\d{1,3})?(?![0-9])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?i)(QQ|微信|wechat|vx|支付宝|账号|帐号|卡号|ID)(号)?\s*[:：]?\s*[A-Za-z0-9_\-]{5,}")
_DIGIT_RUN = re.compile(r"\d(?:[\s-]?\d){4,}")
_AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)\s*(万元|万|元|块钱|块)")
# A name the story introduces ("名叫王某某的人", "自称“王某某警官”"): two or three characters before a
# title, a particle or punctuation.
_INTRODUCED_NAME = re.compile(
    r"(?:名叫|叫做|姓名[:：]?\s*|自称(?:是)?[“\"]?)([\u4e00-\u9fff]{2,3}?)"
    r"(?=警官|民警|警察|法官|检察官|经理|客服|老师|主任|科长|局长|的|[，。、；：”\"\s（(]|$)"
)


@dataclass(frozen=True)
class Draft:
    title: str
    text: str


def round_amount(amount: Decimal) -> str:
    """约5万元 / 约4千元 / 约300元: enough to tell the scale, not to find the transfer."""
    if amount >= 10000:
        wan = (amount / 10000).quantize(Decimal("1") if amount >= 100000 else Decimal("0.1"), ROUND_HALF_UP)
        return f"约{wan.normalize():f}万元"
    if amount >= 1000:
        qian = (amount / 1000).quantize(Decimal("1"), ROUND_HALF_UP)
        return f"约{qian}千元"
    if amount >= 100:
        return f"约{(amount / 100).quantize(Decimal('1'), ROUND_HALF_UP) * 100}元"
    return "数十元"


def _amount_in_text(match: re.Match[str]) -> str:
    number = Decimal(match.group(1).replace(",", "").replace("，", ""))
    if match.group(2).startswith("万"):
        number *= 10000
    return round_amount(number)


def _people_of(case: Case) -> list[Resident]:
    people: list[Resident] = []
    if case.victim_resident_id:
        victim = Resident.objects.select_related("household").get(pk=case.victim_resident_id)
        people.append(victim)
        if victim.household_id:
            people.extend(Resident.objects.filter(household_id=victim.household_id).exclude(pk=victim.pk))
    return people


def identifying_values(case: Case) -> dict[str, set[str]]:
    """Every name, number and place of the case that must not appear in a shared text."""
    names: set[str] = {case.victim_name} if case.victim_name else set()
    numbers: set[str] = set()
    places: set[str] = set()
    for person in _people_of(case):
        names.add(person.name)
        numbers.update(v for v in (person.phone, person.id_number) if v)
        if person.household_id and person.household:
            places.add(person.household.address)
    alerts = list(Alert.objects.filter(fraud_cases=case).select_related("resident"))
    for alert in alerts:
        names.add(alert.victim_name)
        numbers.update((alert.victim_phone, alert.id_number))
        places.add(alert.address)
        if alert.resident is not None:
            names.add(alert.resident.name)
            numbers.update(v for v in (alert.resident.phone, alert.resident.id_number) if v)
    alert_ids = [a.pk for a in alerts]
    for value in Observable.objects.filter(alert_id__in=alert_ids).values_list("value", flat=True):
        if sum(ch.isdigit() for ch in value) >= 5 or "@" in value:
            numbers.add(value)
    for model in (StopPayment, Freeze):
        for holder, account in model.objects.filter(alert_id__in=alert_ids).values_list(
            "holder_name", "account_number"
        ):
            names.add(holder)
            numbers.add(account)
    names.update(FundReturn.objects.filter(alert_id__in=alert_ids).values_list("recipient_name", flat=True))
    if case.organisation_id and case.organisation:
        org = case.organisation
        places.update((org.name, org.address))
        names.add(org.responsible_person)
        numbers.add(org.responsible_phone)
    if case.village_id and case.village:
        places.add(case.village.name)
    return {
        "names": {n.strip() for n in names if n and len(n.strip()) >= 2},
        "numbers": {n.strip() for n in numbers if n and n.strip()},
        "places": {p.strip() for p in places if p and p.strip()},
    }


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def leaks(case: Case, text: str) -> list[str]:
    """What of the case's identifying values appears in `text` (masked, for the message)."""
    found = []
    values = identifying_values(case)
    for name in values["names"]:
        if name in text:
            found.append(name[0] + "*" * (len(name) - 1))
    text_digits = _digits(text)
    for number in values["numbers"]:
        digits = _digits(number)
        if (len(digits) >= 5 and digits in text_digits) or (not digits and number in text):
            found.append(f"{digits[:3]}…" if digits else "账号")
        elif len(digits) >= 11 and digits[-11:] in text_digits:  # a phone without +86
            found.append(f"{digits[-11:-8]}…")
    for place in values["places"]:
        if len(place) >= 2 and place in text:
            found.append(place)
    return sorted(set(found))


def _surname_mou(name: str) -> str:
    return name[0] + "某"


def anonymise(text: str, case: Case) -> str:
    """The text with the case's people, numbers and places taken out (see the module docstring)."""
    values = identifying_values(case)
    introduced = {m.group(1) for m in _INTRODUCED_NAME.finditer(text)}
    # Longest first, so that 张三丰 is replaced before 张三.
    for name in sorted(values["names"] | introduced, key=len, reverse=True):
        text = text.replace(name, _surname_mou(name))
    villages = Village.objects.filter(township__county_id=case.township.county_id).values_list("name", flat=True)
    for village in sorted(villages, key=len, reverse=True):
        text = text.replace(village, "某社区" if village.endswith("社区") else "某村")
    for place in sorted(values["places"], key=len, reverse=True):
        text = text.replace(place, "某地")
    if case.organisation_id and case.organisation:
        text = text.replace(case.organisation.name, "某单位")
    text = _AMOUNT.sub(_amount_in_text, text)
    text = _EMAIL.sub(REMOVED, text)
    text = _HANDLE.sub(lambda m: m.group(1) + (m.group(2) or "") + REMOVED, text)
    for pattern in (_ID_NUMBER, _PHONE, _LANDLINE, _CARD, _DIGIT_RUN):
        text = pattern.sub(REMOVED, text)
    return text


def _age_phrase(age: int | None) -> str:
    if not age:
        return ""
    if age < 18:
        return "未成年"
    return f"{age // 10 * 10}多岁"


def draft_for(case: Case) -> Draft:
    """The anonymised write-up of a case: how it went, where it could have been stopped, the red flags,
    the advice."""
    fraud = FRAUD_TYPES.get(case.fraud_type)
    type_name = fraud.name_zh if fraud else case.fraud_type
    if not type_name.endswith("诈骗"):
        type_name += "诈骗"
    gender = {"M": "男子", "F": "女子"}.get(case.victim_gender, "群众")
    who = f"{_age_phrase(case.victim_age)}{gender}"
    township = case.township.name if case.township_id else ""
    loss = round_amount(case.loss_amount) if case.loss_amount else ""
    month = timezone.localtime(case.occurred_at).strftime("%Y年%-m月")
    title = f"{township}一{who}遭遇{type_name}" + (f"，被骗{loss}" if loss else "")
    contact = ContactMethod(case.contact_method).label if case.contact_method in ContactMethod.values else ""
    story = anonymise(case.summary.strip(), case) if case.summary.strip() else ""
    if not story:
        story = f"骗子通过{contact}联系{who}，以{type_name}的常见话术诱导其转账。"
    lines = [
        "一、案情经过",
        f"{month}，{township}{who}遭遇{type_name}" + (f"，损失{loss}" if loss else "") + "。" + story,
        "",
        "二、本可拦截之处",
        *_where_it_could_have_been_stopped(case),
        "",
        "三、识别要点",
        *_red_flags(case, story),
        "",
        "四、防范提示",
        *(f"{i}. {advice}" for i, advice in enumerate(fraud.advice if fraud else (), start=1)),
    ]
    return Draft(title=title[:120], text="\n".join(lines))


def _where_it_could_have_been_stopped(case: Case) -> list[str]:
    points = []
    alerts = list(Alert.objects.filter(fraud_cases=case).order_by("received_at"))
    if alerts:
        first = alerts[0]
        points.append(f"案发前已收到预警（{first.get_level_display()}），劝阻须赶在转账之前见面完成。")
    else:
        points.append("案发前未收到预警：受害人主动向家人、社区民警或96110求证，是最后一道关口。")
    if case.victim_resident_id and case.victim_resident and not case.victim_resident.app_registered_on:
        points.append("受害人未注册国家反诈中心App，未能收到来电预警提示。")
    points.append("第一次被要求转账、下载陌生App或共享屏幕时，就是停下来的时候。")
    return [f"{i}. {p}" for i, p in enumerate(points, start=1)]


def _red_flags(case: Case, story: str) -> list[str]:
    whys: list[str] = []
    for flag in find_red_flags(story):
        if flag.fraud_type in (case.fraud_type, None) and flag.why not in whys:
            whys.append(flag.why)
    fraud = FRAUD_TYPES.get(case.fraud_type)
    for rule in fraud.red_flags if fraud else ():
        if len(whys) >= 4:
            break
        if rule.why not in whys:
            whys.append(rule.why)
    return [f"{i}. {why}" for i, why in enumerate(whys[:5], start=1)]

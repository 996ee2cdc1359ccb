"""What goes into a 公安提示函: the unit's key groups, the fraud types that hit them in the county,
de-identified typical cases, what the unit must do, and whom to call.

The county-wide part (`CountyFigures`) is computed once and shared by every letter of a batch.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import Role
from fanzha.cases.models import Case
from fanzha.core.phones import display_phone, normalize_phone_or_none
from fanzha.people.models import KeyGroup, Organisation, Resident
from fanzha.places.models import Assignment, County


class NoKeyGroupMembers(Exception):
    """A notice letter was asked for a unit without any key-group member: no empty letter is made."""


# How far back the letter looks for cases among the same key groups.
LOOKBACK_DAYS = 3 * 365
TYPICAL_CASES = 3

# How a key group is named inside a typical case ("某单位会计，女，45岁…").
GROUP_WORD = {
    "accountant": "会计",
    "teacher": "教师",
    "student": "学生",
    "civil_servant": "公职人员",
    "elderly": "老人",
    "unemployed": "无业人员",
}
UNIT_WORD: dict[str, str] = {
    Organisation.Kind.GOVERNMENT: "某机关单位",
    Organisation.Kind.SCHOOL: "某学校",
    Organisation.Kind.ENTERPRISE: "某企业",
    Organisation.Kind.HOSPITAL: "某医院",
    Organisation.Kind.VILLAGE_COMMITTEE: "某村委会",
}

# What the unit must do, per key group, then for everyone.
DUTIES_BY_GROUP = {
    "accountant": "财务人员凡接到“领导”“熟人”通过QQ、微信提出的转账要求，一律当面或通过已知电话核实；"
    "严格执行大额资金审批和“双人复核”制度，不见面、不通话核实不转账。",
    "teacher": "教师不在陌生群内缴费、转账；接到自称教育部门、学校领导或家长的转账要求时，通过已知电话核实。",
    "student": "在新生入学、寒暑假前开展反诈教育，重点讲清刷单返利、游戏交易、“注销校园贷”骗局。",
    "civil_servant": "公职人员不轻信自称纪检监察、公检法的来电，不向任何“安全账户”转账；单位领导带头安装国家反诈中心App。",
    "elderly": "对离退休人员开展上门提醒，讲清冒充公检法、保健品、养老投资骗局，动员子女共同防范。",
    "unemployed": "对无固定工作人员讲清刷单返利、虚假贷款骗局：先交钱的贷款都是诈骗。",
}
GENERAL_DUTIES = (
    "收到本函后三日内组织全体职工学习，并将本函在单位内部传达到每一位重点人员。",
    "动员全体职工下载注册国家反诈中心App，开启来电预警功能。",
    "确定一名反诈联络员，负责与辖区派出所对接，发现可疑情况立即拨打96110或报警。",
    "本单位职工一旦被骗，立即报警并提供对方账户，争取紧急止付。",
)


def amount_words(amount: Decimal) -> str:
    if amount >= 10000:
        wan = (amount / 10000).quantize(Decimal("0.1"))
        text = f"{wan:f}".rstrip("0").rstrip(".")
        return _("%(n)s万元") % {"n": text}
    return _("%(n)s元") % {"n": f"{amount.quantize(Decimal('1')):f}"}


def typical_case_text(case: Case, group_codes: list[str]) -> str:
    """某单位会计，女，45岁，被冒充领导熟人诈骗12万元 — no name, no phone, no ID, no unit name."""
    unit = UNIT_WORD.get(case.organisation.kind, "某单位") if case.organisation else _("某村（社区）")
    group = next((GROUP_WORD[c] for c in group_codes if c in GROUP_WORD), _("居民"))
    parts = [f"{unit}{group}"]
    if case.victim_gender:
        parts.append(_("男") if case.victim_gender == "M" else _("女"))
    if case.victim_age is not None:
        parts.append(_("%(n)d岁") % {"n": case.victim_age})
    when = timezone.localtime(case.occurred_at)
    loss = amount_words(case.loss_amount)
    parts.append(
        _("%(y)d年%(m)d月被%(type)s诈骗%(loss)s")
        % {"y": when.year, "m": when.month, "type": case.fraud_type_name, "loss": loss}
    )
    return "，".join(parts) + "。"


@dataclass
class HitType:
    name: str
    cases: int
    loss: Decimal


@dataclass
class CountyFigures:
    """Per key group: the fraud types that hit it, and recent typical cases (de-identified)."""

    hits: dict[int, list[HitType]] = field(default_factory=dict)
    typical: dict[int, list[str]] = field(default_factory=dict)


def county_figures(county: County | None) -> CountyFigures:
    since = timezone.now() - timedelta(days=LOOKBACK_DAYS)
    cases = Case.objects.filter(occurred_at__gte=since)
    if county is not None:
        cases = cases.filter(township__county=county)
    figures = CountyFigures()
    rows = (
        cases.filter(key_groups__isnull=False)
        .values("key_groups", "fraud_type")
        .annotate(n=Count("id"), loss=Sum("loss_amount"))
        .order_by("key_groups", "-n", "-loss")
    )
    by_group: dict[int, list[HitType]] = defaultdict(list)
    for row in rows:
        name = Case(fraud_type=row["fraud_type"]).fraud_type_name
        by_group[row["key_groups"]].append(HitType(name, row["n"], row["loss"] or Decimal("0")))
    figures.hits = dict(by_group)
    for group in KeyGroup.objects.all():
        recent = (
            cases.filter(key_groups=group)
            .select_related("organisation")
            .prefetch_related("key_groups")
            .order_by("-occurred_at")[:TYPICAL_CASES]
        )
        figures.typical[group.pk] = [
            typical_case_text(c, [group.code] + [g.code for g in c.key_groups.all()]) for c in recent
        ]
    return figures


def key_group_counts(organisation: Organisation) -> list[tuple[KeyGroup, int]]:
    """The unit's key groups and how many of its people are in each (members with the tag)."""
    rows = (
        Resident.objects.filter(organisation=organisation, key_groups__isnull=False)
        .values("key_groups")
        .annotate(n=Count("id"))
    )
    counts = {row["key_groups"]: row["n"] for row in rows}
    return [(g, counts[g.pk]) for g in KeyGroup.objects.filter(pk__in=counts).order_by("id")]


@dataclass
class Officer:
    name: str
    title: str
    phone: str


def contact_officer(organisation: Organisation) -> Officer | None:
    """The village's community officer, else the township station's chief."""
    found = None
    if organisation.village_id:
        found = (
            Assignment.objects.filter(
                village_id=organisation.village_id, role=Role.COMMUNITY_OFFICER, user__is_active=True
            )
            .select_related("user")
            .order_by("id")
            .first()
        )
    if found is None:
        found = (
            Assignment.objects.filter(
                station__townships=organisation.township_id, role=Role.STATION_CHIEF, user__is_active=True
            )
            .select_related("user", "station")
            .order_by("id")
            .first()
        )
    if found is None:
        return None
    user = found.user
    phone = normalize_phone_or_none(user.phone)
    return Officer(user.display_name, str(Role(found.role).label), display_phone(phone) if phone else user.phone)


@dataclass
class LetterContent:
    county_name: str
    organisation: Organisation
    groups: list[tuple[KeyGroup, int]]
    hits: list[tuple[KeyGroup, list[HitType]]]
    typical: list[str]
    duties: list[str]
    officer: Officer | None


def letter_content(organisation: Organisation, figures: CountyFigures) -> LetterContent:
    groups = key_group_counts(organisation)
    if not groups:
        raise NoKeyGroupMembers(organisation.pk)
    typical: list[str] = []
    for group, _n in groups:
        for text in figures.typical.get(group.pk, []):
            if text not in typical:
                typical.append(text)
    duties = [DUTIES_BY_GROUP[g.code] for g, _n in groups if g.code in DUTIES_BY_GROUP] + list(GENERAL_DUTIES)
    return LetterContent(
        county_name=organisation.township.county.name,
        organisation=organisation,
        groups=groups,
        hits=[(g, figures.hits.get(g.pk, [])[:5]) for g, _n in groups],
        typical=typical[:5],
        duties=duties,
        officer=contact_officer(organisation),
    )

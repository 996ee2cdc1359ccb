"""倒查: what prevention had reached the victim before the case, computed from the records.

Each finding is {code, ok, detail, evidence_url}: `ok` is True (prevention worked as it should), False
(a gap the review must explain) or None (cannot be judged from the records, e.g. the victim is not a
registered resident).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.alerts.models import Alert
from fanzha.cases.models import Case, NoticeLetter
from fanzha.funds.models import StopPayment
from fanzha.outreach.models import ActivityHousehold

# How far back outreach and alerts count for the review.
LOOKBACK = timedelta(days=365)
# 黄金止付时间: a stop-payment asked for within this time of the report still finds the money.
STOP_PROMPT = timedelta(hours=1)


@dataclass
class Finding:
    code: str
    title: str
    ok: bool | None
    detail: str
    evidence_url: str | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _url(name: str, pk: int, fallback: str) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return fallback


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _outreach(case: Case, since: datetime) -> Finding:
    title = _("入户宣防")
    resident = case.victim_resident
    if resident is None or resident.household_id is None:
        return Finding("outreach", title, None, _("受害人未登记到户，无法核对宣防覆盖情况"), None)
    occurred = timezone.localdate(case.occurred_at)
    visit = (
        ActivityHousehold.objects.filter(
            household_id=resident.household_id, date__lte=occurred, date__gte=timezone.localdate(since)
        )
        .select_related("activity")
        .order_by("-date", "-id")
        .first()
    )
    if visit is None:
        return Finding("outreach", title, False, _("发案前一年内，受害人家庭未被任何宣防活动覆盖"), None)
    activity = visit.activity
    organisers = "、".join(u.display_name for u in activity.organisers.all()) or _("未记录")
    detail = _("%(date)s 经“%(kind)s”活动覆盖，组织人员：%(who)s") % {
        "date": visit.date.isoformat(),
        "kind": activity.get_kind_display(),
        "who": organisers,
    }
    return Finding(
        "outreach",
        title,
        True,
        detail,
        _url("outreach:activity_detail", activity.pk, f"/outreach/activities/{activity.pk}/"),
    )


def _app(case: Case) -> Finding:
    title = _("国家反诈中心App")
    resident = case.victim_resident
    if resident is None:
        return Finding("app_registered", title, None, _("受害人未登记为居民，无法核对App注册情况"), None)
    evidence = _url("people:resident_detail", resident.pk, f"/people/residents/{resident.pk}/")
    registered = resident.app_registered_on
    if registered is not None and registered <= timezone.localdate(case.occurred_at):
        return Finding("app_registered", title, True, _("%(date)s 已注册") % {"date": registered.isoformat()}, evidence)
    if registered is not None:
        return Finding(
            "app_registered", title, False, _("发案后（%(date)s）才注册") % {"date": registered.isoformat()}, evidence
        )
    return Finding("app_registered", title, False, _("发案时未注册国家反诈中心App"), evidence)


def _letter(case: Case) -> Finding:
    title = _("单位公安提示函")
    if case.organisation_id is None:
        return Finding("notice_letter", title, None, _("受害人无登记的工作单位"), None)
    letter = (
        NoticeLetter.objects.filter(
            organisation_id=case.organisation_id, delivered_on__lte=timezone.localdate(case.occurred_at)
        )
        .order_by("-delivered_on", "-id")
        .first()
    )
    if letter is None:
        return Finding("notice_letter", title, False, _("发案前单位未收到公安提示函"), None)
    detail = _("%(date)s 送达 %(number)s") % {"date": letter.delivered_on, "number": letter.number}
    if letter.acknowledged_on:
        detail += _("，%(signer)s 于 %(date)s 签收") % {"signer": letter.signed_by, "date": letter.acknowledged_on}
    return Finding(
        "notice_letter", title, True, detail, _url("cases:letter_detail", letter.pk, f"/cases/letters/{letter.pk}/")
    )


def review_alerts(case: Case) -> QuerySet[Alert]:
    """The one set of alerts every finding reads: those linked to the case, and the registered victim's
    alerts from a year before the fraud until the case was reported or registered, whichever came later
    (a report typed in to the minute must not drop the alert of that same minute) — so that a
    stop-payment filed on the victim's alert counts even when nobody linked that alert to the case."""
    wanted = Q(pk__in=case.alerts.values("pk"))
    if case.victim_resident_id is not None:
        until = max(case.reported_at, case.created_at or case.reported_at)
        wanted |= Q(
            resident_id=case.victim_resident_id,
            received_at__gte=case.occurred_at - LOOKBACK,
            received_at__lte=until,
        )
    return Alert.objects.filter(wanted).order_by("received_at", "id")


def _alerts(case: Case, alerts: list[Alert]) -> list[Finding]:
    """Earlier alerts about the victim: what was done, and how fast against the deadlines."""
    title = _("预警劝阻")
    found = alerts
    if not found:
        if case.victim_resident_id is None:
            return [Finding("alerts", title, None, _("受害人未登记为居民，且未关联预警"), None)]
        return [Finding("alerts", title, True, _("发案前一年内没有关于受害人的预警"), None)]
    findings = []
    for alert in found:
        late = []
        contact = alert.first_contact_at
        if contact is None:
            late.append(_("未联系"))
        elif contact > alert.contact_deadline:
            late.append(
                _("首次联系超时 %(m)d 分钟") % {"m": int((contact - alert.contact_deadline).total_seconds() // 60)}
            )
        if alert.visit_deadline is not None:
            if alert.visit_at is None:
                late.append(_("未见面劝阻"))
            elif alert.visit_at > alert.visit_deadline:
                late.append(_("见面劝阻超时"))
        minutes = int((contact - alert.received_at).total_seconds() // 60) if contact else None
        done = alert.get_outcome_display() or alert.get_status_display()
        detail = _("%(at)s 预警（%(level)s），%(speed)s，结果：%(done)s") % {
            "at": _local(alert.received_at),
            "level": alert.get_level_display(),
            "speed": (_("%(m)d 分钟后首次联系") % {"m": minutes}) if minutes is not None else _("无联系记录"),
            "done": done,
        }
        if late:
            detail += "；" + "、".join(str(x) for x in late)
        findings.append(Finding("alerts", title, not late, detail, alert.get_absolute_url()))
    return findings


def _stop_payment(case: Case, alerts: list[Alert]) -> Finding:
    title = _("紧急止付")
    stops = list(StopPayment.objects.filter(alert__in=[a.pk for a in alerts]).order_by("requested_at", "id"))
    if not stops:
        if case.loss_amount == 0:
            return Finding("stop_payment", title, None, _("无资金损失，无需止付"), None)
        return Finding("stop_payment", title, False, _("没有紧急止付记录（或未关联预警）"), None)
    first = stops[0]
    start = max(case.reported_at, first.transaction_at)
    delay = first.requested_at - start
    minutes = max(0, int(delay.total_seconds() // 60))
    in_time = delay <= STOP_PROMPT
    detail = _("报案后 %(m)d 分钟提交止付（%(status)s），共 %(n)d 笔") % {
        "m": minutes,
        "status": first.get_status_display(),
        "n": len(stops),
    }
    if not in_time:
        detail += _("；超过 %(h)d 小时黄金止付时间") % {"h": int(STOP_PROMPT.total_seconds() // 3600)}
    return Finding("stop_payment", title, in_time, detail, first.get_absolute_url())


def backward_check(case: Case) -> list[Finding]:
    since = case.occurred_at - LOOKBACK
    alerts = list(review_alerts(case))
    return [
        _outreach(case, since),
        _app(case),
        _letter(case),
        *_alerts(case, alerts),
        _stop_payment(case, alerts),
    ]

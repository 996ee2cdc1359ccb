"""Every write to cases: registering and correcting a case, starting accountability (通报、约谈),
issuing notice letters and recording their delivery, and the interview's record and follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.alerts.models import Alert
from fanzha.cases.documents import notice_letter_docx
from fanzha.cases.letters import CountyFigures, NoKeyGroupMembers, county_figures, letter_content
from fanzha.cases.models import (
    MAX_LOSS,
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
from fanzha.core.audit import log_action
from fanzha.core.gongwen import document_number
from fanzha.core.versions import check_version
from fanzha.detection.taxonomy import FRAUD_CODES
from fanzha.people.models import Organisation, Resident
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import jurisdiction_of, scoped

# The interview is planned this many days after the report unless someone moves it.
INTERVIEW_AFTER_DAYS = 7


class CaseInputError(ValueError):
    """Bad input, naming the field the caller must fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class CaseReferenceError(CaseInputError):
    """An id in the input names nothing the user may see (missing or outside their jurisdiction)."""


class CaseConflictError(Exception):
    """The case number or external id is taken by a case the caller may not see."""


@dataclass
class CaseInput:
    case_number: str
    occurred_at: datetime | None
    reported_at: datetime | None
    fraud_type: str
    contact_method: str
    loss_amount: Decimal | None
    township_id: int | None = None
    village_id: int | None = None
    organisation_id: int | None = None
    victim_resident_id: int | None = None
    victim_name: str = ""
    victim_gender: str = ""
    victim_age: int | None = None
    summary: str = ""
    external_id: str = ""
    alert_ids: list[int] = field(default_factory=list)


def loss_error(amount: Decimal | None) -> str | None:
    if amount is None:
        return _("必须填写损失金额（没有损失填0）")
    if not amount.is_finite():
        return _("不是金额")
    if amount < 0:
        return _("损失金额不能为负数")
    if amount > MAX_LOSS:
        return _("损失金额超过1亿元，请核对（是否多输了位数？）")
    if amount != amount.quantize(Decimal("0.01")):
        return _("损失金额最多两位小数")
    return None


def case_errors(data: CaseInput) -> list[CaseInputError]:
    """What is wrong with the input by itself (before looking anything up), one error per field."""
    errors: list[CaseInputError] = []
    number = (data.case_number or "").strip()
    if not number:
        errors.append(CaseInputError("case_number", _("必须填写案件编号")))
    elif len(number) > 60:
        errors.append(CaseInputError("case_number", _("案件编号不能超过60个字符")))
    if len(data.external_id or "") > 100:
        errors.append(CaseInputError("external_id", _("外部编号不能超过100个字符")))
    if data.victim_resident_id is None and not (data.victim_name or "").strip():
        errors.append(CaseInputError("victim_name", _("请选择受害居民，或填写受害人姓名")))
    if len(data.victim_name or "") > 50:
        errors.append(CaseInputError("victim_name", _("姓名不能超过50个字符")))
    if data.victim_gender not in ("", "M", "F"):
        errors.append(CaseInputError("victim_gender", _("性别应为 M 或 F（男、女）")))
    if data.victim_age is not None and not 0 <= data.victim_age <= 120:
        errors.append(CaseInputError("victim_age", _("年龄应在0到120之间")))
    if data.occurred_at is None:
        errors.append(CaseInputError("occurred_at", _("必须填写发案时间")))
    if data.reported_at is None:
        errors.append(CaseInputError("reported_at", _("必须填写报案时间")))
    if data.occurred_at and data.reported_at:
        if data.occurred_at > data.reported_at:
            errors.append(CaseInputError("reported_at", _("报案时间早于发案时间，请核对两个时间")))
        if data.reported_at > timezone.now() + timedelta(minutes=5):
            errors.append(CaseInputError("reported_at", _("报案时间不能晚于现在")))
    if data.fraud_type not in FRAUD_CODES:
        errors.append(CaseInputError("fraud_type", _("未知的诈骗类型：%(code)s") % {"code": data.fraud_type}))
    if data.contact_method not in ContactMethod.values:
        errors.append(CaseInputError("contact_method", _("未知的接触方式：%(code)s") % {"code": data.contact_method}))
    message = loss_error(data.loss_amount)
    if message:
        errors.append(CaseInputError("loss_amount", message))
    if data.township_id is None and data.village_id is None and data.victim_resident_id is None:
        errors.append(CaseInputError("township_id", _("必须选择发案乡镇")))
    return errors


@dataclass
class _Resolved:
    resident: Resident | None
    township: Township
    village: Village | None
    organisation: Organisation | None


def resolve_places(data: CaseInput, *, by: Any, on_record_organisation_id: int | None = None) -> _Resolved:
    """Look up the victim, the places and the unit, inside the user's jurisdiction; raise naming the
    field. A unit the user names must lie in their jurisdiction too, except the one already on record
    (`on_record_organisation_id`, when correcting a case); the victim's own employer, taken when no
    unit is named, may lie anywhere."""
    checked = by is not None
    resident = None
    if data.victim_resident_id is not None:
        residents = Resident.objects.select_related("village", "organisation")
        if checked:
            residents = scoped(residents, by)
        resident = residents.filter(pk=data.victim_resident_id).first()
        if resident is None:
            # Outside the user's jurisdiction looks exactly like missing.
            raise CaseReferenceError("victim_resident_id", _("找不到该居民，或不在您的辖区内"))
    village = None
    village_id = data.village_id if data.village_id is not None else (resident.village_id if resident else None)
    if village_id is not None:
        village = Village.objects.select_related("township").filter(pk=village_id).first()
        if village is None:
            raise CaseReferenceError("village_id", _("找不到该村（社区）"))
    township_id = data.township_id if data.township_id is not None else (village.township_id if village else None)
    township = Township.objects.filter(pk=township_id).first() if township_id is not None else None
    if township is None:
        raise CaseReferenceError("township_id", _("找不到该乡镇"))
    if village is not None and village.township_id != township.pk:
        if data.village_id is not None:
            raise CaseInputError("village_id", _("该村（社区）不属于所选乡镇"))
        village = None  # the victim lives elsewhere than where the case happened
    if checked:
        jurisdiction = jurisdiction_of(by)
        in_scope = (
            jurisdiction.covers_village(village.pk)
            if village is not None
            else jurisdiction.covers_township(township.pk)
        )
        if not in_scope:
            raise CaseReferenceError("village_id" if village is not None else "township_id", _("发案地不在您的辖区内"))
    organisation = None
    organisation_id = data.organisation_id
    named = organisation_id is not None and organisation_id != on_record_organisation_id
    if organisation_id is None and resident is not None:
        organisation_id = resident.organisation_id
    if organisation_id is not None:
        organisations = Organisation.objects.all()
        if checked and named:
            organisations = scoped(organisations, by)
        organisation = organisations.filter(pk=organisation_id).first()
        if organisation is None:
            # Outside the user's jurisdiction looks exactly like missing.
            raise CaseReferenceError("organisation_id", _("找不到该单位，或不在您的辖区内"))
    return _Resolved(resident, township, village, organisation)


def _existing(data: CaseInput) -> Case | None:
    q = Q(case_number=data.case_number.strip())
    if data.external_id.strip():
        q |= Q(external_id=data.external_id.strip())
    return Case.objects.filter(q).first()


def case_in_scope(case: Case, by: Any) -> bool:
    return by is None or scoped(Case.objects.filter(pk=case.pk), by).exists()


def case_register(*, data: CaseInput, by: Any) -> tuple[Case, bool]:
    """Record a case and start accountability; (case, created). The same case number or external id
    again returns the case first recorded (if the caller may see it)."""
    errors = case_errors(data)
    if errors:
        raise errors[0]
    found = _existing(data)
    if found is not None:
        if not case_in_scope(found, by):
            raise CaseConflictError(_("案件编号已被其他辖区的案件使用"))
        return found, False
    where = resolve_places(data, by=by)
    resident = where.resident
    occurred_at = data.occurred_at
    assert occurred_at is not None and data.reported_at is not None and data.loss_amount is not None
    age = resident.age_on(timezone.localdate(occurred_at)) if resident else data.victim_age
    if age is not None and age < 0:  # found by the API fuzzing: a CHECK constraint failed (500)
        raise CaseInputError("occurred_at", _("发案时间早于受害人的出生日期，请核对"))
    case = Case(
        case_number=data.case_number.strip(),
        external_id=data.external_id.strip() or None,
        victim_resident=resident,
        victim_name="" if resident else data.victim_name.strip(),
        victim_gender=(resident.gender if resident else data.victim_gender) or "",
        victim_age=age,
        occurred_at=occurred_at,
        reported_at=data.reported_at,
        fraud_type=data.fraud_type,
        contact_method=data.contact_method,
        loss_amount=data.loss_amount,
        summary=data.summary.strip(),
        township=where.township,
        village=where.village,
        organisation=where.organisation,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    try:
        with transaction.atomic():
            case.save()
            if resident is not None:
                case.key_groups.set(resident.key_groups.all())
            _link_alerts(case, data.alert_ids, by=by)
            accountability_start(case=case, by=by)
            log_action(
                case,
                "case.registered",
                by=by,
                data={"case_number": case.case_number, "fraud_type": case.fraud_type, "loss": str(case.loss_amount)},
            )
    except IntegrityError:
        # Someone registered the same case at the same moment: theirs stands.
        found = _existing(data)
        if found is None:
            raise
        if not case_in_scope(found, by):
            raise CaseConflictError(_("案件编号已被其他辖区的案件使用")) from None
        return found, False
    return case, True


def _link_alerts(case: Case, alert_ids: list[int], *, by: Any) -> None:
    if not alert_ids:
        return
    alerts = Alert.objects.filter(pk__in=alert_ids)
    if by is not None:
        alerts = scoped(alerts, by)
    found = list(alerts)
    if len(found) != len(set(alert_ids)):
        raise CaseReferenceError("alert_ids", _("部分预警不存在或不在您的辖区内"))
    case.alerts.set(found)


def case_alerts_set(*, case: Case, alert_ids: list[int], by: Any) -> Case:
    """The alerts tied to the case become `alert_ids` (none unlinks them all). Each must lie in the
    user's jurisdiction; linked alerts the user cannot see stay linked (another unit tied them)."""
    wanted = set(alert_ids)
    alerts = Alert.objects.filter(pk__in=wanted)
    if by is not None:
        alerts = scoped(alerts, by)
    found = set(alerts.values_list("pk", flat=True))
    if found != wanted:
        raise CaseReferenceError("alert_ids", _("部分预警不存在或不在您的辖区内"))
    current = set(case.alerts.values_list("pk", flat=True))
    visible = (
        current if by is None else set(scoped(Alert.objects.filter(pk__in=current), by).values_list("pk", flat=True))
    )
    target = found | (current - visible)
    if target != current:
        with transaction.atomic():
            case.alerts.set(sorted(target))
            log_action(
                case,
                "case.alerts_changed",
                by=by,
                data={"linked": sorted(target - current), "unlinked": sorted(current - target)},
            )
    return case


def case_alert_link(*, case: Case, alert: Alert, by: Any) -> None:
    """Tie one alert (already found in the user's jurisdiction) to the case."""
    if not case.alerts.filter(pk=alert.pk).exists():
        with transaction.atomic():
            case.alerts.add(alert)
            log_action(case, "case.alerts_changed", by=by, data={"linked": [alert.pk], "unlinked": []})


def case_alert_unlink(*, case: Case, alert: Alert, by: Any) -> None:
    if case.alerts.filter(pk=alert.pk).exists():
        with transaction.atomic():
            case.alerts.remove(alert)
            log_action(case, "case.alerts_changed", by=by, data={"linked": [], "unlinked": [alert.pk]})


UPDATABLE = (
    "occurred_at",
    "reported_at",
    "fraud_type",
    "contact_method",
    "loss_amount",
    "summary",
    "organisation_id",
    "village_id",
)


def case_update(
    *, case: Case, by: Any, alert_ids: list[int] | None = None, version: str | None = None, **changes: Any
) -> Case:
    """Correct a registered case. The victim and the case number stay (a different victim is another case).
    With `version` (the one the edit page showed), a case changed since is refused (core.versions)."""
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"case_update cannot change {sorted(unknown)}")
    data = CaseInput(
        case_number=case.case_number,
        occurred_at=changes.get("occurred_at", case.occurred_at),
        reported_at=changes.get("reported_at", case.reported_at),
        fraud_type=changes.get("fraud_type", case.fraud_type),
        contact_method=changes.get("contact_method", case.contact_method),
        loss_amount=changes.get("loss_amount", case.loss_amount),
        township_id=case.township_id,
        village_id=changes.get("village_id", case.village_id),
        organisation_id=changes.get("organisation_id", case.organisation_id),
        victim_resident_id=case.victim_resident_id,
        victim_name=case.victim_name,
        summary=changes.get("summary", case.summary),
    )
    errors = case_errors(data)
    if errors:
        raise errors[0]
    where = resolve_places(data, by=by, on_record_organisation_id=case.organisation_id)
    changed = [name for name in UPDATABLE if name in changes and getattr(case, name) != changes[name]]
    with transaction.atomic():
        check_version(Case.objects.select_for_update().get(pk=case.pk), version)
        for name in changed:
            setattr(case, name, changes[name])
        case.village = where.village
        case.organisation = where.organisation
        if changed:
            case.save()
        if alert_ids is not None:
            case_alerts_set(case=case, alert_ids=alert_ids, by=by)
        if changed:
            # Field names only: the summary may name people.
            log_action(case, "case.updated", by=by, data={"fields": changed})
    return case


def case_viewed(*, case: Case, by: Any) -> None:
    log_action(case, "case.viewed", by=by)


def review_viewed(*, case: Case, by: Any) -> None:
    log_action(case, "case.review_viewed", by=by)


# --- accountability ----------------------------------------------------------------------------------


def accountability_start(*, case: Case, by: Any) -> None:
    """通报 drafts for the unit (or the township) and the family, and an interview with the head."""
    org = case.organisation
    if org is not None:
        unit = Notification(case=case, audience=Notification.Audience.UNIT, organisation=org, recipient=org.name)
    else:
        unit = Notification(
            case=case,
            audience=Notification.Audience.TOWNSHIP,
            recipient=_("%(t)s党委、政府") % {"t": case.township.name},
        )
    family = Notification(case=case, audience=Notification.Audience.FAMILY, recipient=_("受害人家属"))
    for notification in (unit, family):
        notification.township = case.township
        notification.save()
    interview = Interview.objects.create(
        case=case,
        organisation=org,
        township=case.township,
        responsible_head=(org.responsible_person if org is not None else ""),
        scheduled_on=timezone.localdate(case.reported_at) + timedelta(days=INTERVIEW_AFTER_DAYS),
    )
    log_action(case, "case.accountability_started", by=by, data={"interview": interview.pk})


def notification_downloaded(*, notification: Notification, by: Any) -> None:
    # The family's copy names the victim: a read of personal data.
    log_action(notification, "notification.downloaded", by=by)


def notification_mark_sent(*, notification: Notification, sent_on: date, by: Any) -> Notification:
    if sent_on > timezone.localdate():
        raise CaseInputError("sent_on", _("送达日期不能晚于今天"))
    notification.sent_on = sent_on
    notification.save(update_fields=["sent_on"])
    log_action(notification, "notification.sent", by=by, data={"sent_on": sent_on.isoformat()})
    return notification


def interview_update(
    *,
    interview: Interview,
    by: Any,
    responsible_head: str,
    scheduled_on: date,
    held_on: date | None,
    attendees: str,
    minutes: str,
) -> Interview:
    if held_on is not None and held_on > timezone.localdate():
        raise CaseInputError("held_on", _("约谈日期不能晚于今天（尚未约谈请留空）"))
    if held_on is not None and not minutes.strip():
        raise CaseInputError("minutes", _("已约谈，请填写约谈记录"))
    before = {f: getattr(interview, f) for f in ("responsible_head", "scheduled_on", "held_on", "attendees", "minutes")}
    interview.responsible_head = responsible_head.strip()
    interview.scheduled_on = scheduled_on
    interview.held_on = held_on
    interview.attendees = attendees.strip()
    interview.minutes = minutes.strip()
    interview.save()
    changed = [f for f, v in before.items() if getattr(interview, f) != v]
    log_action(interview, "interview.updated", by=by, data={"fields": changed})
    return interview


def action_add(*, interview: Interview, by: Any, description: str, due_on: date | None) -> FollowUpAction:
    if not description.strip():
        raise CaseInputError("description", _("请填写整改措施"))
    action = FollowUpAction.objects.create(interview=interview, description=description.strip()[:300], due_on=due_on)
    log_action(interview, "interview.action_added", by=by, data={"action": action.pk})
    return action


def action_complete(*, action: FollowUpAction, by: Any, done_on: date) -> FollowUpAction:
    if done_on > timezone.localdate():
        raise CaseInputError("done_on", _("完成日期不能晚于今天"))
    action.done_on = done_on
    action.save(update_fields=["done_on"])
    log_action(action.interview, "interview.action_done", by=by, data={"action": action.pk})
    return action


# --- notice letters ------------------------------------------------------------------------------------


def letter_issue(*, organisation: Organisation, counts: dict[str, int], by: Any) -> NoticeLetter:
    """Record a letter for the unit, with the next 文号 of the county's 提示函. A letter made today and not
    yet delivered is reused (same number), so that asking twice does not issue two letters."""
    if not counts:
        raise NoKeyGroupMembers(organisation.pk)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, datetime.min.time()))
    reusable = NoticeLetter.objects.filter(
        organisation=organisation, generated_at__gte=start, delivered_on__isnull=True
    )
    letter = reusable.order_by("-id").first()
    if letter is not None:
        if letter.key_group_counts != counts:
            letter.key_group_counts = counts
            letter.save(update_fields=["key_group_counts"])
        return letter
    with transaction.atomic():
        letter = NoticeLetter.objects.create(
            organisation=organisation,
            number=document_number_take(county=organisation.township.county, kind=DocumentKind.NOTICE_LETTER, on=today),
            key_group_counts=counts,
            generated_by=by if by is not None and by.is_authenticated else None,
        )
    log_action(letter, "notice_letter.issued", by=by, data={"organisation": organisation.pk})
    return letter


def letter_record_delivery(
    *,
    letter: NoticeLetter,
    by: Any,
    delivered_on: date,
    acknowledged_on: date | None = None,
    signed_by: str = "",
) -> NoticeLetter:
    today = timezone.localdate()
    if delivered_on > today:
        raise CaseInputError("delivered_on", _("送达日期不能晚于今天"))
    if delivered_on < timezone.localdate(letter.generated_at):
        raise CaseInputError("delivered_on", _("送达日期不能早于提示函生成日期"))
    if acknowledged_on is not None:
        if acknowledged_on < delivered_on or acknowledged_on > today:
            raise CaseInputError("acknowledged_on", _("签收日期应在送达日期和今天之间"))
        if not signed_by.strip():
            raise CaseInputError("signed_by", _("已签收，请填写签收人"))
    letter.delivered_on = delivered_on
    letter.delivered_by = by if by is not None and by.is_authenticated else None
    letter.acknowledged_on = acknowledged_on
    letter.signed_by = signed_by.strip()[:50]
    letter.save(update_fields=["delivered_on", "delivered_by", "acknowledged_on", "signed_by"])
    log_action(
        letter,
        "notice_letter.delivered",
        by=by,
        data={"delivered_on": delivered_on.isoformat(), "acknowledged": acknowledged_on is not None},
    )
    return letter


def letter_generate(
    *,
    organisation: Organisation,
    by: Any,
    figures: CountyFigures | None = None,
    letterhead: DocumentSettings | None = None,
) -> tuple[NoticeLetter, bytes]:
    """The unit's 公安提示函 as a .docx, recorded as issued. NoKeyGroupMembers for a unit without any."""
    county = organisation.township.county
    if figures is None:
        figures = county_figures(county)
    content = letter_content(organisation, figures)
    counts = {group.code: n for group, n in content.groups}
    letter = letter_issue(organisation=organisation, counts=counts, by=by)
    return letter, notice_letter_docx(content, letter, letterhead or DocumentSettings.for_county(county))


def letter_document(*, letter: NoticeLetter, by: Any) -> bytes:
    """The .docx of a letter already issued, under its own number and date, with the unit's and the
    county's figures as they are now; nothing is issued or renumbered. A read of the unit's record:
    audited."""
    organisation = letter.organisation
    county = organisation.township.county
    content = letter_content(organisation, county_figures(county))
    log_action(letter, "notice_letter.downloaded", by=by)
    return notice_letter_docx(content, letter, DocumentSettings.for_county(county))


def no_members_message(organisation: Organisation) -> str:
    return _("%(org)s没有登记任何重点人群人员，不生成提示函。请先在居民信息中为其职工标注重点人群。") % {
        "org": organisation.name
    }


# --- 公文: the county's settings and the 文号 -------------------------------------------------------------


def document_number_take(*, county: County, kind: str, on: date) -> str:
    """The next 文号 of the county's `kind` in `on`'s year (牟定公提〔2026〕8号), taken for good. Call it
    inside the transaction that stores the number: the sequence's row stays locked until it commits,
    so two officers never get the same number, and a rollback gives the number back."""
    prefix = DocumentSettings.for_county(county).prefix(kind)
    with transaction.atomic():
        DocumentSequence.objects.get_or_create(county=county, year=on.year, kind=kind)
        sequence = DocumentSequence.objects.filter(county=county, year=on.year, kind=kind)
        sequence.update(last=F("last") + 1)
        last = sequence.values_list("last", flat=True).get()
    return document_number(prefix, on.year, last)


def _number_once(
    record: Notification | Interview, *, field: str, on_field: str, kind: str, by: Any, action: str
) -> None:
    """Give `record` (a 通报 or an interview) its 文号 in `field` and the day in `on_field`, once: a
    numbered record keeps its number and day. The record's row is locked while it is numbered."""
    with transaction.atomic():
        locked = type(record).objects.select_for_update().select_related("township__county").get(pk=record.pk)
        if not getattr(locked, field):
            today = timezone.localdate()
            setattr(locked, field, document_number_take(county=locked.township.county, kind=kind, on=today))
            setattr(locked, on_field, today)
            locked.save(update_fields=[field, on_field])
            log_action(locked, action, by=by, data={"number": getattr(locked, field)})
    setattr(record, field, getattr(locked, field))
    setattr(record, on_field, getattr(locked, on_field))


def notification_number(*, notification: Notification, by: Any) -> Notification:
    """Give the 通报 its 文号, once."""
    _number_once(
        notification,
        field="number",
        on_field="numbered_on",
        kind=DocumentKind.NOTIFICATION,
        by=by,
        action="notification.numbered",
    )
    return notification


def interview_notice_number(*, interview: Interview, by: Any) -> Interview:
    """Give the 约谈通知 its 文号, once."""
    _number_once(
        interview,
        field="notice_number",
        on_field="notice_numbered_on",
        kind=DocumentKind.INTERVIEW_NOTICE,
        by=by,
        action="interview.notice_numbered",
    )
    return interview


DOCUMENT_SETTING_FIELDS = ("bureau", "letter_prefix", "notification_prefix", "interview_prefix", "printer", "copy_to")


def document_settings_update(*, county: County, by: Any, **values: str) -> DocumentSettings:
    """The centre's settings for the county's documents: the bureau, 文号 prefixes, 印发机关, 抄送."""
    settings = DocumentSettings.for_county(county)
    before = {name: getattr(settings, name) for name in DOCUMENT_SETTING_FIELDS}
    cleaned = {name: values[name].strip() for name in DOCUMENT_SETTING_FIELDS}
    cleaned["copy_to"] = "\n".join(line.strip() for line in cleaned["copy_to"].splitlines() if line.strip())
    for name in DOCUMENT_SETTING_FIELDS:
        if name != "copy_to" and not cleaned[name]:
            raise CaseInputError(name, _("必须填写"))
    for name in ("letter_prefix", "notification_prefix", "interview_prefix"):
        if any(ch in cleaned[name] for ch in "〔〕[]()（）号0123456789"):
            raise CaseInputError(name, _("只填机关代字，如“牟定公提”：年份、序号和“号”由系统生成"))
    for name, value in cleaned.items():
        setattr(settings, name, value)
    settings.save()
    changed = [name for name in DOCUMENT_SETTING_FIELDS if getattr(settings, name) != before[name]]
    log_action(settings, "document_settings.updated", by=by, data={"fields": changed})
    return settings

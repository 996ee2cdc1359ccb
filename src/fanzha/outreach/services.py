"""Every write of the outreach app: activities, head visits, App registrations and bulletins."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.core.audit import log_action
from fanzha.core.phones import mask_phone, normalize_phone_or_none
from fanzha.outreach.images import PhotoError, reencode_photo
from fanzha.outreach.models import (
    MAX_PHOTOS,
    Activity,
    ActivityHousehold,
    ActivityPhoto,
    Bulletin,
    BulletinFeedback,
    BulletinTarget,
    HeadVisit,
)
from fanzha.people.models import Household, Resident
from fanzha.places.models import TenHouseholdGroup, Township, Village
from fanzha.places.scoping import jurisdiction_of, scoped


class OutreachError(ValueError):
    """Input the user can fix; `field` names the form field or API key it belongs to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class PhotoUpload:
    file: IO[bytes]
    name: str = ""
    size: int | None = None


def _check_not_future(day: date) -> None:
    if day > timezone.localdate():
        raise OutreachError("date", _("日期不能晚于今天"))


def _households_in_scope(ids: Iterable[int], by: Any) -> list[Household]:
    wanted = sorted(set(ids))
    found = list(scoped(Household.objects.filter(pk__in=wanted), by).only("id", "village_id"))
    if len(found) != len(wanted):
        outside = sorted(set(wanted) - {h.pk for h in found})
        shown = "、".join(str(pk) for pk in outside[:10])
        raise OutreachError("households", _("以下户不在您的辖区或不存在：%(ids)s") % {"ids": shown})
    return found


def _place_of(
    *, by: Any, village: Village | None, township: Township | None, households: list[Household]
) -> Village | None:
    """The village the activity belongs to: the one given, else the one all its households share, else
    the author's only village."""
    if village is not None:
        return village
    villages = {h.village_id for h in households}
    if len(villages) == 1:
        return Village.objects.select_related("township").get(pk=villages.pop())
    if township is None:
        mine = jurisdiction_of(by)
        if not mine.everything and not mine.township_ids and len(mine.village_ids) == 1:
            return Village.objects.select_related("township").get(pk=next(iter(mine.village_ids)))
    return None


def activity_create(
    *,
    by: Any,
    kind: str,
    day: date,
    village: Village | None = None,
    township: Township | None = None,
    place: str = "",
    audience: int = 0,
    household_ids: Sequence[int] = (),
    organisers: Iterable[Any] = (),
    materials: str = "",
    note: str = "",
    photos: Sequence[PhotoUpload] = (),
    external_id: str = "",
) -> tuple[Activity, bool]:
    """Record an activity; (activity, created). The same `external_id` again returns the first one."""
    external_id = external_id.strip()
    if external_id:
        existing = scoped(Activity.objects.filter(external_id=external_id), by).first()
        if existing is not None:
            return existing, False
    if kind not in Activity.Kind.values:
        raise OutreachError("kind", _("未知的活动类型"))
    _check_not_future(day)
    if audience < 0:
        raise OutreachError("audience", _("受众人数不能为负数"))
    if len(photos) > MAX_PHOTOS:
        raise OutreachError("photos", _("照片最多 %(n)s 张") % {"n": MAX_PHOTOS})
    mine = jurisdiction_of(by)
    if village is not None and not mine.covers_village(village.pk):
        raise OutreachError("village", _("该村（社区）不在您的辖区"))
    if (
        township is not None
        and not (mine.everything or mine.covers_township(township.pk))
        and (village is None or village.township_id != township.pk)
    ):
        raise OutreachError("township", _("该乡镇不在您的辖区"))
    households = _households_in_scope(household_ids, by)
    village = _place_of(by=by, village=village, township=township, households=households)
    if village is not None:
        township = village.township
    if township is None:
        raise OutreachError("village", _("请选择活动所在的村（社区）或乡镇"))
    try:
        encoded = [reencode_photo(p.file, name=p.name, size=p.size) for p in photos]
    except PhotoError as exc:
        raise OutreachError("photos", str(exc)) from None

    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                kind=kind,
                date=day,
                township=township,
                village=village,
                place=place.strip(),
                audience=audience,
                materials=materials.strip(),
                note=note.strip(),
                created_by=by if getattr(by, "is_authenticated", False) else None,
                external_id=external_id,
            )
            ActivityHousehold.objects.bulk_create(
                [ActivityHousehold(activity=activity, household_id=h.pk, date=day) for h in households]
            )
            people = [u for u in organisers if u is not None]
            if not people and getattr(by, "is_authenticated", False):
                people = [by]
            activity.organisers.set(people)
            for content in encoded:
                photo = ActivityPhoto(activity=activity)
                photo.image.save(content.name or "photo.jpg", content, save=True)
            log_action(
                activity,
                "outreach.activity_created",
                by=by,
                data={"kind": kind, "date": day.isoformat(), "households": len(households), "photos": len(encoded)},
            )
    except IntegrityError:
        if external_id:  # the same activity arrived twice at once: the other request won
            existing = scoped(Activity.objects.filter(external_id=external_id), by).first()
            if existing is not None:
                return existing, False
            raise OutreachError("external_id", _("该外部编号已被使用")) from None
        raise
    return activity, True


def head_visit_record(*, group: TenHouseholdGroup, household: Household, day: date, note: str, by: Any) -> HeadVisit:
    """中心户长走访: the head (or the assistant on the head's behalf) visited a member household."""
    if household.group_id != group.pk:
        raise OutreachError("household", _("该户不属于本组"))
    _check_not_future(day)
    visit = HeadVisit.objects.create(group=group, household=household, date=day, note=note.strip(), by=by)
    log_action(visit, "outreach.head_visit_recorded", by=by, data={"group": group.pk, "household": household.pk})
    return visit


# --- National Anti-Fraud Center App registrations ------------------------------------------------


@dataclass(frozen=True)
class RegistrationRow:
    row: int  # the line in the file, header = 1
    phone: str
    name: str
    registered_on: date | None
    village: str = ""


@dataclass
class RegistrationReport:
    rows: int = 0
    matched: int = 0
    updated: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)


def resident_app_registration_set(*, resident: Resident, on: date, by: Any, source: str) -> bool:
    """Record that the resident registered on the App on `on` (the earliest date known wins).

    People owns the field but has no service for it; this is the one place outreach writes it."""
    if resident.app_registered_on is not None and resident.app_registered_on <= on:
        return False
    previous = resident.app_registered_on
    resident.app_registered_on = on
    resident.save(update_fields=["app_registered_on", "updated_at"])
    log_action(
        resident,
        "resident.app_registered",
        by=by,
        data={"on": on.isoformat(), "previous": previous.isoformat() if previous else None, "source": source},
    )
    return True


def _unmatched(row: RegistrationRow, reason: str, phone: str | None, column: str) -> dict[str, Any]:
    """An unmatched row as an error entry {row, field, message} (as the job page and `fanzha import`
    show them), with the masked phone, the name and the bare reason besides."""
    masked = mask_phone(phone) if phone else (row.phone[:3] + "****" if row.phone else "")
    who = " ".join(part for part in (masked, row.name) if part)
    return {
        "row": row.row,
        "field": column,
        "message": f"{reason}（{who}）" if who else reason,
        "phone": masked,
        "name": row.name,
        "reason": reason,
    }


def registrations_import(
    *,
    rows: Sequence[RegistrationRow],
    by: Any,
    chunk: int = 500,
    progress: Callable[[int, int], None] | None = None,
    offset: int = 0,
) -> RegistrationReport:
    """Match each row to a resident in the importer's scope, by phone, then by name within the village
    named in the row; set their App registration date. Every row that matches no one is listed back.

    `by=None` is the command line without --user: the whole county. `progress(done, total)` is called
    after each chunk, counting `offset` rows already dealt with."""
    report = RegistrationReport(rows=len(rows))
    everyone = Resident.objects.select_related("village")
    residents = (everyone if by is None else scoped(everyone, by)).only(
        "id", "name", "phone", "village__name", "app_registered_on"
    )
    today = timezone.localdate()
    phone_column, date_column = _("手机号"), _("注册日期")
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        phones = {r.row: normalize_phone_or_none(r.phone) for r in part}
        by_phone: dict[str, list[Resident]] = {}
        for resident in residents.filter(phone__in={p for p in phones.values() if p}):
            by_phone.setdefault(resident.phone, []).append(resident)
        with transaction.atomic():
            for row in part:
                phone = phones[row.row]
                if row.registered_on is None:
                    report.unmatched.append(_unmatched(row, _("注册日期缺失或无法识别"), phone, date_column))
                    continue
                if row.registered_on > today:
                    report.unmatched.append(_unmatched(row, _("注册日期晚于今天"), phone, date_column))
                    continue
                candidates = by_phone.get(phone, []) if phone else []
                if len(candidates) > 1 and row.name:
                    candidates = [c for c in candidates if c.name == row.name]
                if not candidates and row.name and row.village:
                    candidates = list(residents.filter(name=row.name, village__name=row.village)[:2])
                if len(candidates) != 1:
                    if len(candidates) > 1:
                        reason = _("匹配到多名居民，请核对")
                    elif row.phone and not phone:
                        reason = _("手机号无法识别")
                    else:
                        reason = _("辖区内未找到此人")
                    report.unmatched.append(_unmatched(row, reason, phone, phone_column))
                    continue
                report.matched += 1
                if resident_app_registration_set(
                    resident=candidates[0], on=row.registered_on, by=by, source="outreach.import"
                ):
                    report.updated += 1
        if progress:
            progress(offset + start + len(part), offset + len(rows))
    return report


# --- bulletins -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetSpec:
    level: str  # county / township / village / group
    place_id: int


def _target_place(spec: TargetSpec, by: Any) -> dict[str, Any]:
    from fanzha.places.models import County

    mine = jurisdiction_of(by)
    if spec.level == BulletinTarget.Level.COUNTY:
        if not mine.everything:
            raise OutreachError("targets", _("只有县级用户可以发送到全县"))
        county = County.objects.filter(pk=spec.place_id).first()
        if county is None:
            raise OutreachError("targets", _("县不存在"))
        return {"county": county}
    models_by_level: dict[str, Any] = {
        BulletinTarget.Level.TOWNSHIP: Township,
        BulletinTarget.Level.VILLAGE: Village,
        BulletinTarget.Level.GROUP: TenHouseholdGroup,
    }
    model = models_by_level.get(spec.level)
    if model is None:
        raise OutreachError("targets", _("未知的发送范围：%(level)s") % {"level": spec.level})
    place = scoped(model.objects.filter(pk=spec.place_id), by).first()
    if place is None:
        raise OutreachError(
            "targets", _("发送范围不在您的辖区或不存在：%(key)s") % {"key": f"{spec.level}:{spec.place_id}"}
        )
    return {spec.level: place}


def bulletin_create(
    *,
    by: Any,
    title: str,
    text: str,
    fraud_type: str,
    targets: Sequence[TargetSpec],
    picture: PhotoUpload | None = None,
    external_id: str = "",
) -> tuple[Bulletin, bool]:
    """Write a bulletin with its targets and send it; (bulletin, created). Idempotent on external_id."""
    from fanzha.detection.taxonomy import FRAUD_CODES

    external_id = external_id.strip()
    if external_id:
        existing = Bulletin.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing, False
    if not title.strip():
        raise OutreachError("title", _("请填写标题"))
    if not text.strip():
        raise OutreachError("text", _("请填写正文"))
    if fraud_type not in FRAUD_CODES:
        raise OutreachError("fraud_type", _("未知的诈骗类型"))
    unique = list(dict.fromkeys(targets))
    if not unique:
        raise OutreachError("targets", _("请至少选择一个发送范围"))
    places = [(spec, _target_place(spec, by)) for spec in unique]
    encoded = None
    if picture is not None:
        try:
            encoded = reencode_photo(picture.file, name=picture.name, size=picture.size)
        except PhotoError as exc:
            raise OutreachError("picture", str(exc)) from None
    with transaction.atomic():
        bulletin = Bulletin(
            title=title.strip(),
            text=text.strip(),
            fraud_type=fraud_type,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            external_id=external_id,
        )
        if encoded is not None:
            bulletin.picture.save("picture.jpg", encoded, save=False)
        bulletin.save()
        for spec, place in places:
            BulletinTarget.objects.create(bulletin=bulletin, level=spec.level, **place)
        log_action(
            bulletin,
            "outreach.bulletin_created",
            by=by,
            data={"fraud_type": fraud_type, "targets": [f"{s.level}:{s.place_id}" for s in unique]},
        )
        bulletin_send(bulletin=bulletin, by=by)
    return bulletin, True


def _village_ids_of(target: BulletinTarget) -> list[int]:
    if target.level == BulletinTarget.Level.COUNTY:
        return list(Village.objects.filter(township__county_id=target.county_id or 0).values_list("id", flat=True))
    if target.level == BulletinTarget.Level.TOWNSHIP:
        return list(Village.objects.filter(township_id=target.township_id or 0).values_list("id", flat=True))
    if target.level == BulletinTarget.Level.VILLAGE:
        return [target.village_id] if target.village_id else []
    return [target.group.village_id] if target.group else []


def _workers_of(village_ids: list[int]) -> list[Any]:
    """The police assistants and grid workers of these villages (一村一助理一网格员)."""
    from fanzha.accounts.models import Role, User

    return list(
        User.objects.filter(
            Q(assignments__village_id__in=village_ids) | Q(assignments__grid__village_id__in=village_ids),
            role__in=[Role.POLICE_ASSISTANT, Role.GRID_WORKER],
            is_active=True,
        ).distinct()
    )


def feedback_link(target: BulletinTarget) -> str:
    return reverse("outreach:feedback", kwargs={"token": target.token})


def bulletin_send(*, bulletin: Bulletin, by: Any) -> None:
    """Hand the bulletin to notify, once per target: the target's chat channels (owner key) and, in-app
    and on their own channels, the assistants and grid workers of the villages it covers. Heads receive
    it in their group's chat."""
    from fanzha.detection.taxonomy import FRAUD_TYPES
    from fanzha.notify.services import Message, absolute_link, notify

    fraud = FRAUD_TYPES.get(bulletin.fraud_type)
    for target in bulletin.targets.select_related("group"):
        link = feedback_link(target)
        body = "\n".join(
            [
                _("类型：%(type)s") % {"type": fraud.name_zh if fraud else bulletin.fraud_type},
                bulletin.text,
                _("请转发告知群众，并通过此链接反馈做了什么、告知了多少户：%(link)s") % {"link": absolute_link(link)},
            ]
        )
        notify(
            event_key=f"bulletin:{bulletin.pk}:{target.key}",
            message=Message(subject=_("【反诈预警】%(title)s") % {"title": bulletin.title}, body=body, link=link),
            users=_workers_of(_village_ids_of(target)),
            owner_keys=[target.key],
        )
    bulletin.sent_at = timezone.now()
    bulletin.save(update_fields=["sent_at"])
    log_action(bulletin, "outreach.bulletin_sent", by=by, data={"targets": bulletin.targets.count()})


def bulletin_feedback_record(
    *, target: BulletinTarget, action: str, households_told: int, reporter: str = "", note: str = ""
) -> BulletinFeedback:
    """A recipient's report through the short link (no login: the token is the credential)."""
    if action not in BulletinFeedback.Action.values:
        raise OutreachError("action", _("请选择做了什么"))
    if households_told < 0:
        raise OutreachError("households_told", _("户数不能为负数"))
    feedback = BulletinFeedback.objects.create(
        target=target, action=action, households_told=households_told, reporter=reporter.strip(), note=note.strip()
    )
    log_action(
        feedback,
        "outreach.bulletin_feedback",
        data={"bulletin": target.bulletin_id, "target": target.key, "households_told": households_told},
    )
    return feedback

"""Every write of the materials app: materials and their uses, typical cases, new techniques."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.cases.models import Case
from fanzha.core.audit import log_action
from fanzha.detection.extra_rules import PhraseError, compile_phrase
from fanzha.detection.taxonomy import FRAUD_CODES
from fanzha.materials import anonymise
from fanzha.materials.files import SLOGAN_MAX_CHARS, MaterialFileError, check_file
from fanzha.materials.models import Language, Material, MaterialKind, MaterialUse, Occasion, Technique, TypicalCase
from fanzha.materials.techniques import forget, normal_hits
from fanzha.outreach.models import Activity, Bulletin
from fanzha.outreach.services import OutreachError, TargetSpec, bulletin_create
from fanzha.people.models import KeyGroup

MAX_PHRASES = 20


class MaterialsError(ValueError):
    """A rule of the domain refused the input; `field` names what to correct."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass
class Upload:
    file: IO[bytes]
    name: str


# --- materials ------------------------------------------------------------------------------------------


def material_upload(
    *,
    by: Any,
    kind: str,
    title: str,
    description: str = "",
    text: str = "",
    upload: Upload | None = None,
    fraud_type: str = "",
    key_group: KeyGroup | None = None,
    language: str = Language.MANDARIN,
    occasion: str = Occasion.ANY,
    external_id: str = "",
) -> tuple[Material, bool]:
    """Store a material after checking its file by content; (material, created), idempotent on external_id."""
    external_id = external_id.strip()
    if external_id:
        existing = Material.objects.filter(external_id=external_id).first()
        if existing is not None:
            return existing, False
    if kind not in MaterialKind.values:
        raise MaterialsError("kind", _("未知的素材类别"))
    if not title.strip():
        raise MaterialsError("title", _("请填写标题"))
    if fraud_type and fraud_type not in FRAUD_CODES:
        raise MaterialsError("fraud_type", _("未知的诈骗类型"))
    if language not in Language.values:
        raise MaterialsError("language", _("未知的语言"))
    if occasion not in Occasion.values:
        raise MaterialsError("occasion", _("未知的使用场合"))
    material = Material(
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        fraud_type=fraud_type,
        key_group=key_group,
        language=language,
        occasion=occasion,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
        external_id=external_id,
    )
    if kind == MaterialKind.SLOGAN:
        if not text.strip():
            raise MaterialsError("text", _("请填写标语内容"))
        if len(text.strip()) > SLOGAN_MAX_CHARS:
            raise MaterialsError("text", _("标语不超过%(n)d个字") % {"n": SLOGAN_MAX_CHARS})
        material.text = text.strip()
    else:
        if upload is None:
            raise MaterialsError("file", _("请选择要上传的文件"))
        try:
            checked = check_file(kind, upload.file, name=upload.name)
        except MaterialFileError as exc:
            raise MaterialsError("file", str(exc)) from None
        material.content_type = checked.content_type
        material.size = checked.content.size
        material.width, material.height = checked.width, checked.height
        material.file.save(checked.content.name or "material.bin", checked.content, save=False)
    try:
        with transaction.atomic():
            material.save()
            log_action(material, "material.uploaded", by=by, data={"kind": kind, "size": material.size})
    except IntegrityError:
        existing = Material.objects.filter(external_id=external_id).first() if external_id else None
        if existing is None:
            raise
        return existing, False
    return material, True


def material_use_record(
    *, material: Material, by: Any, activity: Activity | None = None, bulletin: Bulletin | None = None
) -> tuple[MaterialUse, bool]:
    """Record that a material was used in an activity or attached to a bulletin (once each)."""
    if (activity is None) == (bulletin is None):
        raise MaterialsError("target", _("请选择一项宣防活动或一份通报"))
    use, created = MaterialUse.objects.get_or_create(
        material=material, activity=activity, bulletin=bulletin, defaults={"by": by}
    )
    if created:
        log_action(
            material,
            "material.used",
            by=by,
            data={"activity": activity.pk if activity else None, "bulletin": bulletin.pk if bulletin else None},
        )
    return use, created


# --- typical cases ---------------------------------------------------------------------------------------


def typical_case_draft(*, case: Case, by: Any) -> TypicalCase:
    """Draft an anonymised write-up of the case for the centre to edit."""
    draft = anonymise.draft_for(case)
    typical = TypicalCase.objects.create(
        case=case, title=draft.title, text=draft.text, fraud_type=case.fraud_type, created_by=by
    )
    log_action(typical, "typical_case.drafted", by=by, data={"case": case.pk})
    return typical


def _check_no_leak(typical: TypicalCase, title: str, text: str) -> None:
    found = anonymise.leaks(typical.case, f"{title}\n{text}")
    if found:
        raise MaterialsError(
            "text", _("正文仍含案件中的个人信息，请删去后再发布：%(items)s") % {"items": "、".join(found)}
        )


def typical_case_update(*, typical: TypicalCase, title: str, text: str, by: Any) -> TypicalCase:
    if typical.status == TypicalCase.Status.PUBLISHED:
        raise MaterialsError("status", _("已发布的典型案例不能再修改"))
    if not title.strip():
        raise MaterialsError("title", _("请填写标题"))
    if not text.strip():
        raise MaterialsError("text", _("请填写正文"))
    typical.title, typical.text = title.strip()[:120], text.strip()
    typical.save(update_fields=["title", "text"])
    log_action(typical, "typical_case.edited", by=by)
    return typical


def typical_case_publish(*, typical: TypicalCase, targets: Sequence[TargetSpec], by: Any) -> TypicalCase:
    """Send the typical case as a bulletin to the chosen groups. Refused while the text still holds a
    name, number or place of the case."""
    if typical.status == TypicalCase.Status.PUBLISHED:
        raise MaterialsError("status", _("该典型案例已发布"))
    _check_no_leak(typical, typical.title, typical.text)
    with transaction.atomic():
        try:
            bulletin, _created = bulletin_create(
                by=by,
                title=_("【典型案例】%(title)s") % {"title": typical.title},
                text=typical.text,
                fraud_type=typical.fraud_type,
                targets=targets,
            )
        except OutreachError as exc:
            raise MaterialsError(exc.field, exc.message) from None
        typical.status = TypicalCase.Status.PUBLISHED
        typical.bulletin = bulletin
        typical.published_at = timezone.now()
        typical.save(update_fields=["status", "bulletin", "published_at"])
        log_action(typical, "typical_case.published", by=by, data={"bulletin": bulletin.pk})
    return typical


# --- new techniques --------------------------------------------------------------------------------------


def _clean_phrases(phrases: Sequence[str]) -> list[str]:
    cleaned = list(dict.fromkeys(p.strip() for p in phrases if p and p.strip()))
    if not cleaned:
        raise MaterialsError("phrases", _("请至少填写一个可疑短语"))
    if len(cleaned) > MAX_PHRASES:
        raise MaterialsError("phrases", _("可疑短语不超过%(n)d个") % {"n": MAX_PHRASES})
    for phrase in cleaned:
        try:
            compile_phrase(phrase)
        except PhraseError as exc:
            raise MaterialsError("phrases", str(exc)) from None
    return cleaned


def technique_create(
    *, by: Any, name: str, fraud_type: str, description: str, phrases: Sequence[str], why: str
) -> Technique:
    """Record a technique as a draft, with how many everyday messages its phrases would flag."""
    if not name.strip():
        raise MaterialsError("name", _("请填写手法名称"))
    if fraud_type not in FRAUD_CODES:
        raise MaterialsError("fraud_type", _("未知的诈骗类型"))
    if not why.strip():
        raise MaterialsError("why", _("请说明这些短语为什么可疑"))
    cleaned = _clean_phrases(phrases)
    hits, total, _per = normal_hits(cleaned)
    technique = Technique.objects.create(
        name=name.strip()[:60],
        fraud_type=fraud_type,
        description=description.strip(),
        phrases=cleaned,
        why=why.strip()[:300],
        normal_hits=hits,
        normal_total=total,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    log_action(technique, "technique.created", by=by, data={"phrases": len(cleaned), "normal_hits": hits})
    forget()
    return technique


def technique_publish(*, technique: Technique, by: Any) -> Technique:
    """From now on the recogniser shows its red flags, on every process (see techniques.py)."""
    if technique.status == Technique.Status.PUBLISHED:
        return technique
    technique.status = Technique.Status.PUBLISHED
    technique.published_at = timezone.now()
    technique.save(update_fields=["status", "published_at", "changed_at"])
    log_action(technique, "technique.published", by=by, data={"normal_hits": technique.normal_hits})
    forget()
    return technique


def technique_withdraw(*, technique: Technique, by: Any) -> Technique:
    if technique.status != Technique.Status.PUBLISHED:
        raise MaterialsError("status", _("只有已发布的手法可以撤回"))
    technique.status = Technique.Status.WITHDRAWN
    technique.save(update_fields=["status", "changed_at"])
    log_action(technique, "technique.withdrawn", by=by)
    forget()
    return technique

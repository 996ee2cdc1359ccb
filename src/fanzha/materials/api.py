"""/api/v1/materials, /api/v1/cases/{id}/typical-case and /api/v1/techniques."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.accounts.policy import can
from fanzha.cases.models import Case
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import MAX_ID, NOT_BLANK, Flag, FraudType, PageParams, errors, text_field
from fanzha.core.fields import max_length
from fanzha.detection.extra_rules import MAX_PHRASE_CHARS
from fanzha.detection.taxonomy import FRAUD_CODES
from fanzha.materials import selectors, services
from fanzha.materials.files import SLOGAN_MAX_CHARS
from fanzha.materials.models import Material, Technique
from fanzha.people.models import KeyGroup
from fanzha.places.scoping import get_scoped_or_404

router = Router(tags=["materials"])

KindCode = Literal["poster", "leaflet", "audio", "video", "slogan", "stamp"]
LanguageCode = Literal["zh", "yi", "bai", "miao", "lisu", "dialect", "other"]
OccasionCode = Literal[
    "unit", "school", "enterprise", "community", "village", "family", "parcel", "market", "online", "any"
]


class MaterialOut(Schema):
    id: int
    kind: str
    title: str
    description: str
    text: str
    content_type: str
    size: int
    fraud_type: str
    key_group: int | None
    language: str
    occasion: str
    file_url: str | None = Field(description="the file, for a signed-in member of staff")
    used_in_activities: int
    attached_to_bulletins: int
    created_at: dt.datetime


class MaterialPage(Schema):
    count: int
    items: list[MaterialOut]


def material_payload(material: Material) -> dict[str, Any]:
    return {
        "id": material.pk,
        "kind": material.kind,
        "title": material.title,
        "description": material.description,
        "text": material.text,
        "content_type": material.content_type,
        "size": material.size,
        "fraud_type": material.fraud_type,
        "key_group": material.key_group_id,
        "language": material.language,
        "occasion": material.occasion,
        "file_url": reverse("materials:material_file", args=[material.pk]) if material.file else None,
        "used_in_activities": getattr(material, "n_activities", 0),  # annotated by the selector
        "attached_to_bulletins": getattr(material, "n_bulletins", 0),
        "created_at": material.created_at,
    }


class MaterialFilters(Schema):
    q: str = text_field("", max_length=50, description="标题、说明或标语中的文字")
    kind: KindCode | None = None
    fraud_type: FraudType | None = None
    language: LanguageCode | None = None
    occasion: OccasionCode | None = Field(None, description="该场合的素材和通用素材")
    key_group: int | None = Field(None, ge=1, le=MAX_ID)


@router.get(
    "/materials",
    auth=ActionToken("material.read"),
    response={200: MaterialPage, **errors(403, 422)},
    summary="The materials library, filtered",
)
def list_materials(request: HttpRequest, page: Query[PageParams], filters: Query[MaterialFilters]) -> dict[str, Any]:
    found = selectors.materials_matching(
        q=filters.q,
        kind=filters.kind or "",
        fraud_type=filters.fraud_type or "",
        language=filters.language or "",
        occasion=filters.occasion or "",
        key_group=filters.key_group,
    )
    result = page_of(found, limit=page.limit, offset=page.offset)
    result["items"] = [material_payload(m) for m in result["items"]]
    return result


# A form has no null: an empty fraud type is a material for every type, key group 0 for every group.
FraudTypeOrAll = Literal[("", *FRAUD_CODES)]  # type: ignore[valid-type]


class MaterialIn(Schema):
    """A multipart form: the fields below and `file` (every kind but a slogan). 400 for a file whose
    content is not the kind's format or is over the kind's size limit (docs/materials.md), or a key
    group that does not exist."""

    kind: KindCode
    title: str = text_field(max_length=max_length(Material, "title"), required=True)
    description: str = text_field("", max_length=2000)
    text: str = text_field("", max_length=SLOGAN_MAX_CHARS, description="标语内容（仅 slogan）")
    fraud_type: FraudTypeOrAll = Field("", description="诈骗类型代码；空为通用")
    key_group: int = Field(0, ge=0, le=MAX_ID, description="重点人群编号；0 为所有人群")
    language: LanguageCode = "zh"
    occasion: OccasionCode = "any"
    external_id: str = text_field("", max_length=max_length(Material, "external_id"), description="幂等键")


@router.post(
    "/materials",
    auth=ActionToken("material.upload"),
    response={200: MaterialOut, 201: MaterialOut, **errors(400, 403, 422)},
    summary="Upload a material (multipart)",
)
def create_material(
    request: HttpRequest,
    payload: Form[MaterialIn],
    file: UploadedFile | None = File(None),  # noqa: B008
) -> Status[dict[str, Any]]:
    key_group = None
    if payload.key_group:
        key_group = KeyGroup.objects.filter(pk=payload.key_group).first()
        if key_group is None:
            raise ApiError("invalid input: key_group: no such key group", "invalid", 400)
    try:
        material, created = services.material_upload(
            by=request.user,
            kind=payload.kind,
            title=payload.title,
            description=payload.description,
            text=payload.text,
            upload=services.Upload(file, file.name or "") if file is not None else None,
            fraud_type=payload.fraud_type,
            key_group=key_group,
            language=payload.language,
            occasion=payload.occasion,
            external_id=payload.external_id,
        )
    except services.MaterialsError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    return Status(201 if created else 200, material_payload(selectors.materials_matching().get(pk=material.pk)))


class TypicalCaseOut(Schema):
    id: int = Field(description="the draft, to edit and publish on its page")
    title: str
    text: str


@router.post(
    "/cases/{case_id}/typical-case",
    auth=ActionToken("typical_case.write"),
    response={201: TypicalCaseOut, **errors(403, 404, 422)},
    summary="Draft an anonymised typical case from a case",
)
def draft_typical_case(request: HttpRequest, case_id: int) -> Status[dict[str, Any]]:
    case = get_scoped_or_404(
        Case.objects.select_related("township", "village", "organisation"), request.user, pk=case_id
    )
    typical = services.typical_case_draft(case=case, by=request.user)
    return Status(201, {"id": typical.pk, "title": typical.title, "text": typical.text})


Phrase = Annotated[str, Field(min_length=1, max_length=MAX_PHRASE_CHARS, pattern=NOT_BLANK)]


class TechniqueIn(Schema):
    """400 for a phrase with nothing to match (only `*`)."""

    name: str = text_field(max_length=max_length(Technique, "name"), required=True)
    fraud_type: FraudType
    description: str = text_field("", max_length=5000)
    phrases: list[Phrase] = Field(
        min_length=1, max_length=services.MAX_PHRASES, description="可疑短语；* 代表中间至多 10 个任意字"
    )
    why: str = text_field(max_length=max_length(Technique, "why"), required=True, description="群众看到的解释")
    publish: Flag = Field(False, description="publish at once; otherwise a draft the centre checks first")


class TechniqueOut(Schema):
    id: int
    name: str
    fraud_type: str
    description: str
    phrases: list[str]
    why: str
    status: str
    normal_hits: int | None = Field(description="everyday messages of the corpus' normal part its phrases flag")
    normal_total: int | None


def technique_payload(t: Technique) -> dict[str, Any]:
    return {
        "id": t.pk,
        "name": t.name,
        "fraud_type": t.fraud_type,
        "description": t.description,
        "phrases": list(t.phrases),
        "why": t.why,
        "status": t.status,
        "normal_hits": t.normal_hits,
        "normal_total": t.normal_total,
    }


class TechniquePage(Schema):
    count: int
    items: list[TechniqueOut]


@router.get(
    "/techniques",
    auth=ActionToken("technique.read"),
    response={200: TechniquePage, **errors(403, 422)},
    summary="New techniques (published ones; drafts too for those who write them)",
)
def list_techniques(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    found = selectors.techniques_visible(user=request.user, drafts=can(request.user, "technique.write"))
    result = page_of(found, limit=page.limit, offset=page.offset)
    result["items"] = [technique_payload(t) for t in result["items"]]
    return result


@router.post(
    "/techniques",
    auth=ActionToken("technique.write"),
    response={201: TechniqueOut, **errors(400, 403, 422)},
    summary="Record a new technique (and publish it)",
)
def create_technique(request: HttpRequest, payload: TechniqueIn) -> Status[dict[str, Any]]:
    try:
        technique = services.technique_create(
            by=request.user,
            name=payload.name,
            fraud_type=payload.fraud_type,
            description=payload.description,
            phrases=payload.phrases,
            why=payload.why,
        )
    except services.MaterialsError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    if payload.publish:
        technique = services.technique_publish(technique=technique, by=request.user)
    return Status(201, technique_payload(get_object_or_404(Technique, pk=technique.pk)))

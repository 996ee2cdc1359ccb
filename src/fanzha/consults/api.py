"""/api/v1/classify (the engine for any authenticated client) and /api/v1/consultations (staff channels)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.consults import selectors, services
from fanzha.consults.models import Consultation
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import BodyId, PageParams, Verdict, errors, text_field
from fanzha.core.fields import max_length
from fanzha.detection.classifier import EmptyText, VerdictDict, classify
from fanzha.places.models import Village
from fanzha.places.scoping import scoped

router = Router(tags=["consults"])

MAX_TEXTS = 1000
# Per text: judged on its first 5,000 characters (truncated: true); longer than this is refused.
MAX_TEXT_CHARS = 20_000


class ClassifyIn(Schema):
    """Any text a citizen can paste (NUL and lone surrogates are replaced, not refused); 400
    `empty_text` for a text with nothing to judge (only spaces and punctuation)."""

    texts: list[Annotated[str, Field(max_length=MAX_TEXT_CHARS)]] = Field(
        min_length=1, max_length=MAX_TEXTS, description="1–1000 texts"
    )

    model_config = {"json_schema_extra": {"example": {"texts": ["您的快递丢失，请加客服QQ办理理赔"]}}}


class RedFlagOut(Schema):
    phrase: str
    start: int = Field(description="offset into the text, in characters")
    end: int = Field(description="exclusive")
    why: str


class VerdictOut(Schema):
    fraud_type: str
    fraud_type_name: str
    is_fraud: bool
    score: float
    red_flags: list[RedFlagOut]
    advice: list[str]
    truncated: bool = Field(description="only the first 5,000 characters were judged")
    advert: bool = Field(description="not fraud, and most like an advert (营销广告)")


@router.post(
    "/classify",
    auth=ActionToken("consult.classify"),
    response={200: list[VerdictOut], **errors(400, 422)},
    summary="Is it fraud? One verdict per text",
)
def classify_texts(request: HttpRequest, payload: ClassifyIn) -> list[VerdictDict]:
    try:
        verdicts = classify([services.clean_text(t) for t in payload.texts])
    except EmptyText as exc:
        raise ApiError(f"invalid input: texts.{exc.index} is empty", "empty_text", 400) from None
    return [v.as_dict() for v in verdicts]


class ConsultationIn(Schema):
    """400 for a text with nothing to judge, a phone that is not a number, or no `village_id` from a
    user whose role covers villages; 404 for a village outside the caller's jurisdiction."""

    external_id: str = text_field(
        max_length=max_length(Consultation, "external_id"),
        required=True,
        description="your id for it (idempotency key)",
    )
    channel: Literal["phone", "walk_in", "wechat", "web"] = "phone"
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="NUL and lone surrogates are replaced")
    phone: str = text_field("", max_length=40)
    village_id: BodyId | None = None


class ConsultationOut(Schema):
    id: int
    external_id: str | None
    channel: str
    created_at: datetime
    phone_masked: str
    village_id: int | None
    township_id: int | None
    fraud_type: str
    fraud_type_name: str
    is_fraud: bool
    score: float
    high_risk: bool
    advert: bool
    red_flags: list[RedFlagOut]
    advice: list[str]
    truncated: bool
    alert_id: int | None
    handled_by: str | None


class ConsultationPage(Schema):
    count: int
    items: list[ConsultationOut]


class ConsultationFilters(Schema):
    channel: Literal["web", "phone", "walk_in", "wechat", ""] = ""
    fraud_type: Verdict | Literal[""] = ""
    high_risk: bool | None = None
    period: Literal["today", "7d", "30d", ""] = ""


def consultation_payload(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "external_id": c.external_id,
        "channel": c.channel,
        "created_at": c.created_at,
        "phone_masked": c.phone_masked,
        "village_id": c.village_id,
        "township_id": c.township_id,
        "fraud_type": c.fraud_type,
        "fraud_type_name": c.fraud_type_name,
        "is_fraud": c.is_fraud,
        "score": c.score,
        "high_risk": c.high_risk,
        "advert": c.advert,
        "red_flags": c.red_flags,
        "advice": c.advice,
        "truncated": c.truncated,
        "alert_id": c.alert_id,
        "handled_by": c.handled_by.display_name if c.handled_by else None,
    }


@router.post(
    "/consultations",
    auth=ActionToken("consult.log"),
    response={200: ConsultationOut, 201: ConsultationOut, **errors(400, 403, 404, 409)},
    summary="Log a consultation",
)
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[dict[str, Any]]:
    """Judged like the public page; high risk with a phone raises an alert. The same `external_id`
    again returns 200 and the consultation first created."""
    user: Any = request.user
    village = None
    if payload.village_id is not None:
        village = scoped(Village.objects.select_related("township"), user).filter(pk=payload.village_id).first()
        if village is None:
            raise ApiError("not found: village_id: no such village in your jurisdiction", "not_found", 404)
    elif not user.county_wide:
        raise ApiError("invalid input: village_id: required for your role", "invalid", 400)
    try:
        consultation, created = services.consultation_record(
            data=services.ConsultationIn(
                channel=payload.channel,
                text=payload.text,
                phone=payload.phone,
                village=village,
                external_id=payload.external_id,
            ),
            by=user,
        )
    except services.ConsultationInputError as exc:
        code = "empty_text" if exc.field == "text" else "invalid"
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", code, 400) from None
    if not created and not scoped(Consultation.objects.filter(pk=consultation.pk), user).exists():
        raise ApiError("external_id is already used by a consultation outside your jurisdiction", "conflict", 409)
    return Status(201 if created else 200, consultation_payload(consultation))


@router.get(
    "/consultations",
    auth=ActionToken("consult.read"),
    response={200: ConsultationPage, **errors(403, 422)},
    summary="Consultations in your jurisdiction",
)
def list_consultations(
    request: HttpRequest, page: Query[PageParams], filters: Query[ConsultationFilters]
) -> dict[str, Any]:
    qs = selectors.consultations_for(
        user=request.user,
        channel=filters.channel,
        fraud_type=filters.fraud_type,
        high_risk=filters.high_risk,
        period=filters.period,
    )
    result = page_of(qs, limit=page.limit, offset=page.offset)
    result["items"] = [consultation_payload(c) for c in result["items"]]
    return result

"""/api/v1/cases (register, list, read), the case's backward check, and a unit's notice letter."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.cases import selectors, services
from fanzha.cases.letters import NoKeyGroupMembers
from fanzha.cases.models import MAX_LOSS, Case, ContactMethod, NoticeLetter
from fanzha.cases.review import backward_check
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import (
    BodyId,
    Day,
    FraudType,
    Id,
    Moment,
    PageParams,
    errors,
    integer,
    money,
    text_field,
)
from fanzha.core.fields import max_length
from fanzha.detection.taxonomy import FRAUD_CODES_DESCRIBED
from fanzha.people.models import KeyGroup, Organisation
from fanzha.places.scoping import get_scoped_or_404

router = Router(tags=["cases"])

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


Loss: Any = money(positive=False, maximum=MAX_LOSS, description=f"损失金额（元），0 到 {MAX_LOSS}")
Age: Any = integer(ge=0, le=120)
ContactMethodCode: Any = Literal[tuple(ContactMethod.values)]


class CaseIn(Schema):
    """400 for what the schema cannot say: neither `victim_resident_id` nor `victim_name`, a report
    before the occurrence or after now, a village outside the township."""

    case_number: str = text_field(
        max_length=max_length(Case, "case_number"), required=True, description="案件编号（幂等键之一）"
    )
    external_id: str = text_field("", max_length=max_length(Case, "external_id"), description="推送方的编号（幂等键）")
    victim_resident_id: BodyId | None = Field(None, description="受害居民；未登记时改填 victim_name")
    victim_name: str = text_field("", max_length=max_length(Case, "victim_name"))
    victim_gender: Literal["M", "F", ""] = ""
    victim_age: Age | None = None
    occurred_at: Moment
    reported_at: Moment
    fraud_type: FraudType = Field(description=FRAUD_CODES_DESCRIBED)
    contact_method: ContactMethodCode = Field(description="首次接触方式")
    loss_amount: Loss
    township_id: BodyId
    village_id: BodyId | None = None
    organisation_id: BodyId | None = None
    alert_ids: list[BodyId] = Field(default_factory=list, max_length=50)
    summary: str = text_field("", max_length=5000)


class Ref(Schema):
    id: int
    name: str


class CaseOut(Schema):
    id: int
    case_number: str
    external_id: str | None
    victim_resident_id: int | None
    victim_name_masked: str
    occurred_at: datetime
    reported_at: datetime
    fraud_type: str
    contact_method: str
    loss_amount: Decimal
    township: Ref
    village: Ref | None
    organisation: Ref | None
    key_groups: list[str]
    alert_ids: list[int]


class CasePage(Schema):
    count: int
    items: list[CaseOut]


class FindingOut(Schema):
    code: str
    title: str
    ok: bool | None
    detail: str
    evidence_url: str | None


class ReviewOut(Schema):
    case_id: int
    findings: list[FindingOut]


class CaseFilters(Schema):
    since: Day | None = Field(None, description="发案日期起（含）")
    until: Day | None = Field(None, description="发案日期止（含）")
    township: Id | None = None
    fraud_type: FraudType | Literal[""] = ""
    key_group: str = text_field("", max_length=max_length(KeyGroup, "code"), description="重点人群代码")


def _ref(obj: Any) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": obj.name} if obj is not None else None


def case_payload(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "case_number": case.case_number,
        "external_id": case.external_id,
        "victim_resident_id": case.victim_resident_id,
        "victim_name_masked": case.victim_name_masked,
        "occurred_at": case.occurred_at,
        "reported_at": case.reported_at,
        "fraud_type": case.fraud_type,
        "contact_method": case.contact_method,
        "loss_amount": case.loss_amount,
        "township": _ref(case.township),
        "village": _ref(case.village),
        "organisation": _ref(case.organisation),
        "key_groups": [g.code for g in case.key_groups.all()],
        "alert_ids": [a.pk for a in case.alerts.all()],
    }


@router.post(
    "/cases",
    auth=ActionToken("case.write"),
    response={200: CaseOut, 201: CaseOut, **errors(400, 403, 404, 409)},
    summary="Register a fraud case",
)
def create_case(request: HttpRequest, payload: CaseIn) -> Status[dict[str, Any]]:
    """Starts accountability (通报 drafts, an interview). The same `external_id` or `case_number` again
    returns 200 and the case first registered."""
    user: Any = request.user
    data = services.CaseInput(
        case_number=payload.case_number,
        external_id=payload.external_id,
        victim_resident_id=payload.victim_resident_id,
        victim_name=payload.victim_name,
        victim_gender=payload.victim_gender,
        victim_age=payload.victim_age,
        occurred_at=payload.occurred_at,
        reported_at=payload.reported_at,
        fraud_type=payload.fraud_type,
        contact_method=payload.contact_method,
        loss_amount=payload.loss_amount,
        township_id=payload.township_id,
        village_id=payload.village_id,
        organisation_id=payload.organisation_id,
        alert_ids=payload.alert_ids,
        summary=payload.summary,
    )
    try:
        case, created = services.case_register(data=data, by=user)
    except services.CaseReferenceError as exc:
        raise ApiError(f"not found: {exc.field}: {exc.message}", "not_found", 404) from None
    except services.CaseInputError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    except services.CaseConflictError as exc:
        raise ApiError(str(exc), "conflict", 409) from None
    return Status(201 if created else 200, case_payload(case))


@router.get(
    "/cases",
    auth=ActionToken("case.read"),
    response={200: CasePage, **errors(403, 422)},
    summary="Cases in your jurisdiction",
)
def list_cases(request: HttpRequest, page: Query[PageParams], filters: Query[CaseFilters]) -> dict[str, Any]:
    qs = selectors.cases_for(
        user=request.user,
        since=filters.since,
        until=filters.until,
        township=filters.township,
        fraud_type=filters.fraud_type,
        key_group=filters.key_group,
    ).prefetch_related("key_groups", "alerts")
    result = page_of(qs, limit=page.limit, offset=page.offset)
    result["items"] = [case_payload(c) for c in result["items"]]
    return result


def _case(request: HttpRequest, case_id: int) -> Case:
    return get_scoped_or_404(
        Case.objects.select_related("township__county", "village", "organisation", "victim_resident"),
        request.user,
        pk=case_id,
    )


@router.get(
    "/cases/{case_id}",
    auth=ActionToken("case.read"),
    response={200: CaseOut, **errors(403, 404, 422)},
    summary="One case",
)
def get_case(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = _case(request, case_id)
    services.case_viewed(case=case, by=request.user)
    return case_payload(case)


class CaseAlertsIn(Schema):
    alert_ids: list[BodyId] = Field(max_length=50, description="关联的预警（整体替换；空表示全部取消关联）")


@router.put(
    "/cases/{case_id}/alerts",
    auth=ActionToken("case.write"),
    response={200: CaseOut, **errors(400, 403, 404)},
    summary="Set the alerts tied to a case",
)
def set_case_alerts(request: HttpRequest, case_id: int, payload: CaseAlertsIn) -> dict[str, Any]:
    """The case's alerts become `alert_ids`; the backward check reads them with the registered victim's
    own alerts of the year before. An alert outside your jurisdiction is 404 naming the field; alerts
    another unit tied that you cannot see stay tied."""
    case = _case(request, case_id)
    try:
        services.case_alerts_set(case=case, alert_ids=payload.alert_ids, by=request.user)
    except services.CaseReferenceError as exc:
        raise ApiError(f"not found: {exc.field}: {exc.message}", "not_found", 404) from None
    return case_payload(case)


@router.get(
    "/cases/{case_id}/review",
    auth=ActionToken("case.read"),
    response={200: ReviewOut, **errors(403, 404, 422)},
    summary="The backward check (倒查)",
)
def get_review(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = _case(request, case_id)
    services.review_viewed(case=case, by=request.user)
    return {"case_id": case.pk, "findings": [f.as_dict() for f in backward_check(case)]}


class NoticeLetterOut(Schema):
    id: int
    number: str = Field(description="文号")
    organisation_id: int
    generated_at: datetime
    key_group_counts: dict[str, int] = Field(description="重点人群代码 → 人数")
    delivered_on: date | None


def _letter_payload(letter: NoticeLetter) -> dict[str, Any]:
    return {
        "id": letter.pk,
        "number": letter.number,
        "organisation_id": letter.organisation_id,
        "generated_at": letter.generated_at,
        "key_group_counts": letter.key_group_counts,
        "delivered_on": letter.delivered_on,
    }


@router.post(
    "/organisations/{organisation_id}/notice-letters",
    auth=ActionToken("letter.issue"),
    response={200: NoticeLetterOut, 201: NoticeLetterOut, **errors(403, 404, 409)},
    summary="Issue the unit's police notice letter (公安提示函): a 文号",
)
def issue_notice_letter(request: HttpRequest, organisation_id: int) -> Status[dict[str, Any]]:
    """A new letter with the next 文号 (201), or the unit's letter issued today and not yet delivered
    (200): issuing twice the same day is one letter. Its Word file: GET /notice-letters/{id}/document."""
    organisation = get_scoped_or_404(
        Organisation.objects.select_related("township__county"), request.user, pk=organisation_id
    )
    before = NoticeLetter.objects.filter(organisation=organisation).order_by("-id").values_list("pk", flat=True).first()
    try:
        letter, _content = services.letter_generate(organisation=organisation, by=request.user)
    except NoKeyGroupMembers:
        raise ApiError(services.no_members_message(organisation), "no_key_group_members", 409) from None
    return Status(200 if letter.pk == before else 201, _letter_payload(letter))


def _letter(request: HttpRequest, letter_id: int) -> NoticeLetter:
    return get_scoped_or_404(
        NoticeLetter.objects.select_related("organisation__township__county"), request.user, pk=letter_id
    )


@router.get(
    "/notice-letters/{letter_id}",
    auth=ActionToken("letter.read"),
    response={200: NoticeLetterOut, **errors(403, 404, 409)},
    summary="One notice letter issued",
)
def get_notice_letter(request: HttpRequest, letter_id: int) -> dict[str, Any]:
    return _letter_payload(_letter(request, letter_id))


@router.get(
    "/notice-letters/{letter_id}/document",
    auth=ActionToken("letter.read"),
    response={200: None, **errors(403, 404, 409)},
    summary="A notice letter issued, as .docx (issues nothing)",
)
def get_notice_letter_document(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = _letter(request, letter_id)
    try:
        content = services.letter_document(letter=letter, by=request.user)
    except NoKeyGroupMembers:
        raise ApiError(services.no_members_message(letter.organisation), "no_key_group_members", 409) from None
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=notice-letter-{letter.pk}.docx"
    return response

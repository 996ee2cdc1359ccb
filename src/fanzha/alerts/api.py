"""/api/v1/alerts: intake from upper-level platforms, scoped reads, and recording attempts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field, model_validator

from fanzha.accounts.api_auth import ActionToken
from fanzha.alerts import selectors, services
from fanzha.alerts.models import DESCRIPTION_MAX_LENGTH, Alert, DissuasionAttempt, Observable
from fanzha.alerts.observables import URL_PATTERN
from fanzha.alerts.timeline import describe, kind_label
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import (
    Flag,
    FraudType,
    Id,
    Moment,
    PageParams,
    Plain,
    errors,
    money,
    text_field,
)
from fanzha.core.fields import max_length
from fanzha.core.money import MAX_AMOUNT
from fanzha.detection.taxonomy import FRAUD_CODES_DESCRIBED
from fanzha.places.scoping import get_scoped_or_404

router = Router(tags=["alerts"])

MAX_OBSERVABLES = 50


TRACE = max_length(Observable, "value")
Trace = Annotated[str, text_field(max_length=TRACE)]
WebAddress = Annotated[str, text_field(max_length=TRACE, pattern=URL_PATTERN)]
AmountAtRisk: Any = money(positive=False, maximum=MAX_AMOUNT, description="涉险金额（元）")


class ObservablesIn(Plain):
    phones: list[Trace] = Field(default_factory=list, max_length=MAX_OBSERVABLES, description="涉诈电话")
    accounts: list[Trace] = Field(default_factory=list, max_length=MAX_OBSERVABLES, description="涉诈银行账户")
    urls: list[WebAddress] = Field(
        default_factory=list,
        max_length=MAX_OBSERVABLES,
        description="涉诈网址：可带 http:// 等前缀；端口须为数字（javascript:… 不是网址）",
    )
    apps: list[Trace] = Field(default_factory=list, max_length=MAX_OBSERVABLES, description="涉诈App名称")


class AlertIn(Plain):
    external_id: str = text_field(
        max_length=max_length(Alert, "external_id"), required=True, description="上级平台的预警编号（幂等键）"
    )
    source: str = text_field(
        max_length=max_length(Alert, "source"), required=True, description="来源，如 province / city"
    )
    level: Literal["high", "medium", "low"]
    fraud_type: FraudType = Field(description=FRAUD_CODES_DESCRIBED)
    victim_phone: str = text_field(
        "", max_length=max_length(Alert, "victim_phone"), description="无法识别的号码照收并标记"
    )
    victim_name: str = text_field("", max_length=max_length(Alert, "victim_name"))
    id_number: str = text_field("", max_length=max_length(Alert, "id_number"))
    address: str = text_field("", max_length=max_length(Alert, "address"))
    amount_at_risk: AmountAtRisk | None = None
    issued_at: Moment | None = None
    description: str = text_field("", max_length=DESCRIPTION_MAX_LENGTH)
    observables: ObservablesIn = Field(default_factory=ObservablesIn)


class Ref(Plain):
    id: int
    name: str


class RoutingOut(Plain):
    method: str
    village: Ref | None
    township: Ref | None
    officer: Ref | None
    explanation: str


class AlertOut(Plain):
    id: int
    external_id: str
    source: str
    status: str
    level: str
    fraud_type: str
    received_at: datetime
    contact_deadline: datetime
    visit_deadline: datetime | None
    first_contact_at: datetime | None
    visit_at: datetime | None
    closed_at: datetime | None
    outcome: str
    flags: list[str]
    routing: RoutingOut


class TimelineOut(Plain):
    at: datetime
    kind: str
    label: str
    text: str
    actor: str | None


class ObservableOut(Plain):
    kind: str
    value: str
    seen_in_other_alerts: int


class AlertDetailOut(AlertOut):
    timeline: list[TimelineOut]
    observables: list[ObservableOut]


class AlertPage(Plain):
    count: int
    items: list[AlertOut]


class AlertFilters(Schema):
    status: Literal["new", "assigned", "in_progress", "closed", ""] = ""
    level: Literal["high", "medium", "low", ""] = ""
    township: Id | None = None
    overdue: bool = False


class AttemptIn(Schema):
    """Reached: say how it ended (`outcome`); not reached: no outcome."""

    method: Literal["phone", "visit", "sms"]
    reached: Flag
    outcome: Literal["dissuaded", "money_sent", "not_fraud", "refused", ""] = ""
    notes: str = text_field("", max_length=2000)

    model_config = {
        "json_schema_extra": {
            "anyOf": [
                {
                    "properties": {
                        "reached": {"const": True},
                        "outcome": {"enum": ["dissuaded", "money_sent", "not_fraud", "refused"]},
                    },
                    "required": ["outcome"],
                },
                {"properties": {"reached": {"const": False}, "outcome": {"const": ""}}},
            ]
        }
    }

    @model_validator(mode="after")
    def outcome_only_when_reached(self) -> AttemptIn:
        if self.reached and not self.outcome:
            raise ValueError("outcome: required when reached")
        if not self.reached and self.outcome:
            raise ValueError("outcome: only when reached")
        return self


class AttemptOut(Schema):
    id: int
    method: str
    reached: bool
    outcome: str
    at: datetime
    alert: AlertOut


def _ref(obj: Any, name: str) -> dict[str, Any] | None:
    return {"id": obj.pk, "name": name} if obj is not None else None


def alert_payload(alert: Alert) -> dict[str, Any]:
    flags = []
    if alert.victim_phone_invalid:
        flags.append("victim_phone_unparsable")
    if alert.id_number_invalid:
        flags.append("id_number_invalid")
    if alert.routing_method == Alert.RoutingMethod.UNROUTED:
        flags.append("unrouted")
    return {
        "id": alert.pk,
        "external_id": alert.external_id,
        "source": alert.source,
        "status": alert.status,
        "level": alert.level,
        "fraud_type": alert.fraud_type,
        "received_at": alert.received_at,
        "contact_deadline": alert.contact_deadline,
        "visit_deadline": alert.visit_deadline,
        "first_contact_at": alert.first_contact_at,
        "visit_at": alert.visit_at,
        "closed_at": alert.closed_at,
        "outcome": alert.outcome,
        "flags": flags,
        "routing": {
            "method": alert.routing_method,
            "village": _ref(alert.village, alert.village.name if alert.village else ""),
            "township": _ref(alert.township, alert.township.name if alert.township else ""),
            "officer": _ref(alert.assignee, alert.assignee.display_name if alert.assignee else ""),
            "explanation": alert.routing_explanation,
        },
    }


def _detail(alert: Alert, user: Any) -> dict[str, Any]:
    payload = alert_payload(alert)
    payload["timeline"] = [
        {
            "at": e.at,
            "kind": e.kind,
            "label": kind_label(e.kind),
            "text": describe(e),
            "actor": e.actor.display_name if e.actor else None,
        }
        for e in selectors.timeline_of(alert)
    ]
    payload["observables"] = [
        {"kind": seen.observable.kind, "value": seen.observable.value, "seen_in_other_alerts": seen.others}
        for seen in selectors.observables_of(alert=alert, user=user, limit=0)
    ]
    return payload


@router.post(
    "/alerts",
    auth=ActionToken("alert.intake"),
    response={200: AlertOut, 201: AlertOut, **errors(400, 403, 422)},
    summary="Receive an early-warning alert",
)
def create_alert(request: HttpRequest, payload: AlertIn) -> Status[dict[str, Any]]:
    """Routed in the request. The same `external_id` again returns 200 and the alert first created."""
    user: Any = request.user
    data = services.AlertIntake(
        external_id=payload.external_id,
        source=payload.source,
        level=payload.level,
        fraud_type=payload.fraud_type,
        victim_phone=payload.victim_phone,
        victim_name=payload.victim_name,
        id_number=payload.id_number,
        address=payload.address,
        amount_at_risk=payload.amount_at_risk,
        issued_at=payload.issued_at,
        description=payload.description,
        suspect_phones=payload.observables.phones,
        suspect_accounts=payload.observables.accounts,
        suspect_urls=payload.observables.urls,
        suspect_apps=payload.observables.apps,
    )
    try:
        alert, created = services.alert_intake_grouped(data=data, by=user)
    except services.AlertInputError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 422) from None
    return Status(201 if created else 200, alert_payload(alert))


@router.get(
    "/alerts",
    auth=ActionToken("alert.read"),
    response={200: AlertPage, **errors(403, 422)},
    summary="Alerts in your jurisdiction",
)
def list_alerts(request: HttpRequest, page: Query[PageParams], filters: Query[AlertFilters]) -> dict[str, Any]:
    qs = selectors.alerts_for(
        user=request.user,
        status=filters.status,
        level=filters.level,
        township=filters.township,
        overdue=filters.overdue,
    ).order_by("-received_at", "-id")
    result = page_of(qs, limit=page.limit, offset=page.offset)
    result["items"] = [alert_payload(a) for a in result["items"]]
    return result


@router.get(
    "/alerts/{alert_id}",
    auth=ActionToken("alert.read"),
    response={200: AlertDetailOut, **errors(403, 404, 422)},
    summary="One alert with its timeline",
)
def get_alert(request: HttpRequest, alert_id: int) -> dict[str, Any]:
    alert = get_scoped_or_404(
        Alert.objects.select_related("village", "township", "assignee"), request.user, pk=alert_id
    )
    return _detail(alert, request.user)


@router.post(
    "/alerts/{alert_id}/attempts",
    auth=ActionToken("alert.act"),
    response={201: AttemptOut, **errors(400, 403, 404, 409, 422)},
    summary="Record a dissuasion attempt",
)
def create_attempt(request: HttpRequest, alert_id: int, payload: AttemptIn) -> Status[dict[str, Any]]:
    alert = get_scoped_or_404(
        Alert.objects.select_related("village", "township", "assignee"), request.user, pk=alert_id
    )
    try:
        attempt: DissuasionAttempt = services.attempt_record(
            alert=alert,
            by=request.user,  # type: ignore[arg-type]
            method=payload.method,
            reached=payload.reached,
            outcome=payload.outcome,
            notes=payload.notes,
        )
    except services.AlertInputError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
    except services.AlertStateError as exc:
        raise ApiError(str(exc), "conflict", 409) from None
    return Status(
        201,
        {
            "id": attempt.pk,
            "method": attempt.method,
            "reached": attempt.reached,
            "outcome": attempt.outcome,
            "at": attempt.at,
            "alert": alert_payload(alert),
        },
    )

"""/api/v1/stop-payments, /freezes, /returns: emergency stop-payments and what follows, in the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.alerts.models import Alert
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import Id, PageParams, errors
from fanzha.core.audit import log_action
from fanzha.core.money import MAX_AMOUNT
from fanzha.funds import selectors, services
from fanzha.funds.models import Freeze, StopPayment
from fanzha.places.models import Township
from fanzha.places.scoping import get_scoped_or_404, scoped

router = Router(tags=["funds"])

Amount = Annotated[
    Decimal, Field(gt=0, le=MAX_AMOUNT, max_digits=14, decimal_places=2, description="元，精确到分，大于0")
]


class StopPaymentIn(Schema):
    external_id: str | None = Field(None, max_length=100, description="幂等键：同一编号再次提交返回已有止付")
    alert_id: Id | None = Field(None, description="所属预警；没有预警时填 township_id")
    township_id: Id | None = None
    bank: str = Field(min_length=1, max_length=100, description="收款银行")
    holder_name: str = Field(min_length=1, max_length=100, description="账户户名")
    account_number: str = Field(min_length=1, max_length=60, description="收款账号（空格、横线可有可无）")
    amount: Amount
    transaction_at: datetime


class StatusIn(Schema):
    status: Literal["effective", "failed"]
    at: datetime | None = Field(None, description="银行反馈生效的时间，默认现在")
    reason: str = Field("", max_length=300, description="失败原因")


class FreezeIn(Schema):
    external_id: str | None = Field(None, max_length=100)
    stop_payment_id: Id | None = Field(None, description="来源止付；不填则为单独冻结，需填账户和预警或乡镇")
    alert_id: Id | None = None
    township_id: Id | None = None
    bank: str = Field("", max_length=100)
    holder_name: str = Field("", max_length=100)
    account_number: str = Field("", max_length=60)
    amount: Amount
    frozen_at: datetime | None = None
    days: int = Field(180, ge=1, le=3660, description="冻结期限（天），默认六个月")
    frozen_by: str = Field("", max_length=100)


class ReturnIn(Schema):
    external_id: str | None = Field(None, max_length=100)
    freeze_id: Id | None = None
    stop_payment_id: Id | None = None
    amount: Amount
    returned_on: date
    recipient_name: str = Field("", max_length=50)


class StopPaymentOut(Schema):
    id: int
    external_id: str | None
    alert_id: int | None
    township_id: int | None
    village_id: int | None
    bank: str
    holder_name: str
    account_number: str = Field(description="列表中为脱敏账号（6222********1234）")
    amount: Decimal
    transaction_at: datetime
    status: str
    sequence: int
    requested_at: datetime
    effective_at: datetime | None
    expires_at: datetime
    remaining_seconds: int | None = Field(description="48小时止付期剩余秒数；不再计时为 null")
    failure_reason: str


class StopPaymentPage(Schema):
    count: int
    items: list[StopPaymentOut]


class FreezeOut(Schema):
    id: int
    external_id: str | None
    stop_payment_id: int | None
    alert_id: int | None
    township_id: int | None
    bank: str
    account_number: str
    amount: Decimal
    frozen_at: datetime
    until: datetime


class ReturnOut(Schema):
    id: int
    external_id: str | None
    freeze_id: int | None
    stop_payment_id: int | None
    alert_id: int | None
    amount: Decimal
    returned_on: date


class StopFilters(Schema):
    status: Literal["requested", "effective", "expired", "frozen", "failed", ""] = ""
    township: Id | None = None


@contextmanager
def _domain_errors() -> Iterator[None]:
    """The services' errors as API answers: bad input 422 naming the field, a third stop on an account
    409 `stop_limit`, a stop in the wrong state 409 `conflict`."""
    try:
        yield
    except services.FundsInputError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 422) from None
    except services.StopLimitError as exc:
        raise ApiError(str(exc), "stop_limit", 409) from None
    except services.FundsStateError as exc:
        raise ApiError(str(exc), "conflict", 409) from None


def _stop_payload(stop: StopPayment, *, masked: bool) -> dict[str, Any]:
    remaining = max(0, int((stop.expires_at - timezone.now()).total_seconds())) if stop.is_running else None
    return {
        "id": stop.pk,
        "external_id": stop.external_id,
        "alert_id": stop.alert_id,
        "township_id": stop.township_id,
        "village_id": stop.village_id,
        "bank": stop.bank,
        "holder_name": stop.holder_name,
        "account_number": stop.account_masked if masked else stop.account_number,
        "amount": stop.amount,
        "transaction_at": stop.transaction_at,
        "status": stop.status,
        "sequence": stop.sequence,
        "requested_at": stop.requested_at,
        "effective_at": stop.effective_at,
        "expires_at": stop.expires_at,
        "remaining_seconds": remaining,
        "failure_reason": stop.failure_reason,
    }


def _scoped_or_none(model: type[Model], request: HttpRequest, pk: int | None) -> Any:
    """The record with this id in the user's jurisdiction (404 outside it), or None when no id was given."""
    return get_scoped_or_404(model._default_manager.all(), request.user, pk=pk) if pk else None


def _place(request: HttpRequest, alert_id: int | None, township_id: int | None) -> tuple[Alert | None, Township | None]:
    return _scoped_or_none(Alert, request, alert_id), _scoped_or_none(Township, request, township_id)


def _visible(obj: Model, request: HttpRequest) -> None:
    """A repeated external_id answers with the first record only to someone who may see it."""
    qs: QuerySet[Any] = type(obj)._default_manager.filter(pk=obj.pk)
    if not scoped(qs, request.user).exists():
        raise ApiError("external_id already used", "conflict", 409)


def _recorded(record: Model, created: bool, request: HttpRequest, body: Any = None) -> Status[Any]:
    """201 with the new record (or `body`); 200 with the one an earlier call with the same external_id
    made, to someone who may see it (409 to anyone else)."""
    if not created:
        _visible(record, request)
    return Status(201 if created else 200, record if body is None else body)


@router.post(
    "/stop-payments",
    auth=ActionToken("stop_payment.write"),
    response={200: StopPaymentOut, 201: StopPaymentOut, **errors(400, 403, 404, 409, 422)},
    summary="Open an emergency stop-payment",
)
def create_stop_payment(request: HttpRequest, payload: StopPaymentIn) -> Status[Any]:
    """The same `external_id` again returns 200 and the first stop. A third stop on an account is refused (409)."""
    user: Any = request.user
    alert, township = _place(request, payload.alert_id, payload.township_id)
    with _domain_errors():
        stop, created = services.stoppayment_request(
            by=user, alert=alert, township=township, **payload.model_dump(exclude={"alert_id", "township_id"})
        )
    return _recorded(stop, created, request, _stop_payload(stop, masked=False))


@router.get(
    "/stop-payments",
    auth=ActionToken("stop_payment.read"),
    response={200: StopPaymentPage, **errors(403, 422)},
    summary="Stop-payments in your jurisdiction",
)
def list_stop_payments(request: HttpRequest, page: Query[PageParams], filters: Query[StopFilters]) -> dict[str, Any]:
    qs = selectors.stoppayments_for(user=request.user, status=filters.status, township=filters.township)
    result = page_of(qs, limit=page.limit, offset=page.offset)
    result["items"] = [_stop_payload(s, masked=True) for s in result["items"]]
    return result


@router.get(
    "/stop-payments/{stop_id}",
    auth=ActionToken("stop_payment.read"),
    response={200: StopPaymentOut, **errors(403, 404, 422)},
    summary="One stop-payment (full account: audited)",
)
def get_stop_payment(request: HttpRequest, stop_id: int) -> dict[str, Any]:
    stop = get_scoped_or_404(StopPayment.objects.all(), request.user, pk=stop_id)
    log_action(stop, "stoppayment.viewed", by=request.user)
    return _stop_payload(stop, masked=False)


@router.post(
    "/stop-payments/{stop_id}/status",
    auth=ActionToken("stop_payment.write"),
    response={200: StopPaymentOut, **errors(400, 403, 404, 409, 422)},
    summary="The bank's answer: effective or failed",
)
def set_stop_payment_status(request: HttpRequest, stop_id: int, payload: StatusIn) -> dict[str, Any]:
    user: Any = request.user
    stop = get_scoped_or_404(StopPayment.objects.all(), request.user, pk=stop_id)
    with _domain_errors():
        if payload.status == "effective":
            services.stoppayment_mark_effective(stop=stop, by=user, at=payload.at)
        else:
            services.stoppayment_mark_failed(stop=stop, by=user, reason=payload.reason)
    return _stop_payload(stop, masked=False)


@router.post(
    "/freezes",
    auth=ActionToken("stop_payment.write"),
    response={200: FreezeOut, 201: FreezeOut, **errors(400, 403, 404, 409, 422)},
    summary="Record a freeze",
)
def create_freeze(request: HttpRequest, payload: FreezeIn) -> Status[Any]:
    user: Any = request.user
    stop = _scoped_or_none(StopPayment, request, payload.stop_payment_id)
    alert, township = (None, None) if stop else _place(request, payload.alert_id, payload.township_id)
    with _domain_errors():
        freeze, created = services.freeze_record(
            by=user,
            stop=stop,
            alert=alert,
            township=township,
            **payload.model_dump(exclude={"stop_payment_id", "alert_id", "township_id"}),
        )
    return _recorded(freeze, created, request)


@router.post(
    "/returns",
    auth=ActionToken("stop_payment.write"),
    response={200: ReturnOut, 201: ReturnOut, **errors(400, 403, 404, 409, 422)},
    summary="Record money returned to the victim",
)
def create_return(request: HttpRequest, payload: ReturnIn) -> Status[Any]:
    """Never more than was frozen or stopped, for the source and for the alert (422 naming `amount`)."""
    user: Any = request.user
    freeze = _scoped_or_none(Freeze, request, payload.freeze_id)
    stop = _scoped_or_none(StopPayment, request, payload.stop_payment_id)
    with _domain_errors():
        record, created = services.return_record(
            by=user, freeze=freeze, stop=stop, **payload.model_dump(exclude={"freeze_id", "stop_payment_id"})
        )
    return _recorded(record, created, request)

"""/api/v1/stop-payments, /freezes, /returns: emergency stop-payments and what follows, in the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from fanzha.accounts.api_auth import ActionToken
from fanzha.alerts.models import Alert
from fanzha.core.api.errors import ApiError
from fanzha.core.api.pagination import page_of
from fanzha.core.api.schemas import BodyId, Day, Id, Moment, PageParams, errors, integer, money, text_field
from fanzha.core.audit import log_action
from fanzha.core.fields import max_length
from fanzha.core.money import MAX_AMOUNT
from fanzha.funds import selectors, services
from fanzha.funds.models import Freeze, FundReturn, StopPayment
from fanzha.places.models import Township
from fanzha.places.scoping import get_scoped_or_404, scoped

router = Router(tags=["funds"])

Amount: Any = money(positive=True, maximum=MAX_AMOUNT, description="元，精确到分，大于0")
FreezeDays: Any = integer(ge=1, le=3660)
ACCOUNT_PATTERN = r"^[ \-]*(?:[0-9A-Za-z][ \-]*){6,32}$"
"""6–32 digits or letters (payment ids), spaces and dashes anywhere: 6222 0212 3456 7890."""


class StopPaymentIn(Schema):
    """400 for a transaction time after now, or neither `alert_id` nor `township_id`; 404 for an alert
    or a township outside your jurisdiction; 409 `stop_limit` for a third stop on one account."""

    external_id: str | None = text_field(
        None, max_length=max_length(StopPayment, "external_id"), description="幂等键：同一编号再次提交返回已有止付"
    )
    alert_id: BodyId | None = Field(None, description="所属预警；没有预警时填 township_id")
    township_id: BodyId | None = None
    bank: str = text_field(max_length=max_length(StopPayment, "bank"), required=True, description="收款银行")
    holder_name: str = text_field(
        max_length=max_length(StopPayment, "holder_name"), required=True, description="账户户名"
    )
    account_number: str = text_field(
        max_length=60, pattern=ACCOUNT_PATTERN, description="收款账号：6至32位数字或字母（空格、横线可有可无）"
    )
    amount: Amount
    transaction_at: Moment


class StatusIn(Schema):
    """400 for a time after now or before the stop was requested; 409 for a stop no longer requested."""

    status: Literal["effective", "failed"]
    at: Moment | None = Field(None, description="银行反馈生效的时间，默认现在")
    reason: str = text_field("", max_length=max_length(StopPayment, "failure_reason"), description="失败原因")


class FreezeIn(Schema):
    """From a stop (`stop_payment_id`) or on its own (account, and an alert or a township): 400 for
    what is missing, or a freeze time after now."""

    external_id: str | None = text_field(None, max_length=max_length(Freeze, "external_id"))
    stop_payment_id: BodyId | None = Field(None, description="来源止付；不填则为单独冻结，需填账户和预警或乡镇")
    alert_id: BodyId | None = None
    township_id: BodyId | None = None
    bank: str = text_field("", max_length=max_length(Freeze, "bank"))
    holder_name: str = text_field("", max_length=max_length(Freeze, "holder_name"))
    account_number: str = text_field("", max_length=60, pattern=f"^$|{ACCOUNT_PATTERN}")
    amount: Amount
    frozen_at: Moment | None = None
    days: FreezeDays = Field(180, description="冻结期限（天），默认六个月")
    frozen_by: str = text_field("", max_length=max_length(Freeze, "frozen_by"))


class ReturnIn(Schema):
    """From a freeze or a stop, one of the two: 400 for both or neither, a day after today, a stop that
    never took effect, or more than was frozen or stopped."""

    external_id: str | None = text_field(None, max_length=max_length(FundReturn, "external_id"))
    freeze_id: BodyId | None = None
    stop_payment_id: BodyId | None = None
    amount: Amount
    returned_on: Day
    recipient_name: str = text_field("", max_length=max_length(FundReturn, "recipient_name"))


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
    """The services' errors as API answers: a rule of the domain broken 400 naming the field, a third stop on an account
    409 `stop_limit`, a stop in the wrong state 409 `conflict`."""
    try:
        yield
    except services.FundsInputError as exc:
        raise ApiError(f"invalid input: {exc.field}: {exc.message}", "invalid", 400) from None
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
    """Never more than was frozen or stopped, for the source and for the alert (400 naming `amount`)."""
    user: Any = request.user
    freeze = _scoped_or_none(Freeze, request, payload.freeze_id)
    stop = _scoped_or_none(StopPayment, request, payload.stop_payment_id)
    with _domain_errors():
        record, created = services.return_record(
            by=user, freeze=freeze, stop=stop, **payload.model_dump(exclude={"freeze_id", "stop_payment_id"})
        )
    return _recorded(record, created, request)

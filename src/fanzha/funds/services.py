"""Every write to funds: stop-payments, their status, the 48 h expiry sweep, freezes and returns.

Each change writes an audit entry and, when the money belongs to an alert, a step on its timeline.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert
from fanzha.alerts.services import timeline_add
from fanzha.core.audit import log_action
from fanzha.core.money import FEN, MAX_AMOUNT, format_yuan
from fanzha.funds.models import (
    DEFAULT_FREEZE_DAYS,
    MAX_STOPS_PER_ACCOUNT,
    STOP_WINDOW,
    Freeze,
    FundReturn,
    StopPayment,
    normalize_account,
)
from fanzha.places.models import Township

M = TypeVar("M", bound=models.Model)
EXPIRY_BATCH = 500


class FundsInputError(ValueError):
    """Bad input, naming the field the caller must fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class FundsStateError(Exception):
    """The stop-payment is not in a state that allows this (e.g. marking an expired stop effective)."""


class StopLimitError(Exception):
    """The account has been stopped twice already: the rules allow no third stop."""


def _actor(by: User | None) -> User | None:
    return by if by is not None and by.is_authenticated else None


def _amount(value: Decimal, *, field: str = "amount") -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise FundsInputError(field, _("请填写金额"))
    if value <= 0:
        raise FundsInputError(field, _("金额必须大于0"))
    if value > MAX_AMOUNT:
        raise FundsInputError(field, _("金额过大"))
    if value != value.quantize(FEN):
        raise FundsInputError(field, _("金额最多两位小数（精确到分）"))
    return value.quantize(FEN)


def _text(value: str, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise FundsInputError(field, _("必须填写%(label)s") % {"label": label})
    if len(text) > max_length:
        raise FundsInputError(field, _("%(label)s不能超过%(n)d个字符") % {"label": label, "n": max_length})
    return text


def _account(raw: str) -> str:
    number = normalize_account(raw)
    if not 6 <= len(number) <= 32:
        raise FundsInputError("account_number", _("账号应为6至32位数字"))
    return number


def _aware(value: datetime, *, field: str) -> datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timedelta(minutes=5):
        raise FundsInputError(field, _("时间不能晚于现在"))
    return value


def _place_of(alert: Alert | None, township: Township | None) -> dict[str, Any]:
    if alert is not None:
        return {"alert": alert, "township_id": alert.township_id, "village_id": alert.village_id}
    if township is None:
        raise FundsInputError("alert", _("请指明所属预警或乡镇"))
    return {"alert": None, "township_id": township.pk, "village_id": None}


def _timeline(obj: Any, kind: str, *, by: User | None, summary: str, **data: Any) -> None:
    if obj.alert_id is not None:
        timeline_add(alert=obj.alert, kind=kind, by=by, data={"summary": summary, **data})


def _existing(model: type[M], external_id: str | None) -> M | None:
    return model.objects.filter(external_id=external_id).first() if external_id else None  # type: ignore[attr-defined]


def _stop_summary(stop: StopPayment) -> str:
    return _("%(bank)s %(account)s %(amount)s（第%(n)d次止付）") % {
        "bank": stop.bank,
        "account": stop.account_masked,
        "amount": format_yuan(stop.amount),
        "n": stop.sequence,
    }


def stoppayment_request(
    *,
    by: User | None,
    bank: str,
    holder_name: str,
    account_number: str,
    amount: Decimal,
    transaction_at: datetime,
    alert: Alert | None = None,
    township: Township | None = None,
    external_id: str | None = None,
) -> tuple[StopPayment, bool]:
    """Open an emergency stop-payment. The same `external_id` again returns the first one, not a new one.

    A third stop on an account is refused (StopLimitError); a failed stop held nothing and does not
    count. The database's unique (account, sequence) decides between two requests at the same moment.
    """
    external_id = (external_id or "").strip() or None
    found = _existing(StopPayment, external_id)
    if found is not None:
        return found, False
    fields = {
        "bank": _text(bank, field="bank", label=_("收款银行"), max_length=100),
        "holder_name": _text(holder_name, field="holder_name", label=_("账户户名"), max_length=100),
        "account_number": _account(account_number),
        "amount": _amount(amount),
        "transaction_at": _aware(transaction_at, field="transaction_at"),
        **_place_of(alert, township),
    }
    if external_id is not None and len(external_id) > 100:
        raise FundsInputError("external_id", _("外部编号不能超过100个字符"))
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _insert_stop(fields, by=by, external_id=external_id), True
        except IntegrityError:
            again = _existing(StopPayment, external_id)
            if again is not None:
                return again, False
            if attempt:
                raise
            # A concurrent request took that sequence number: count again (and refuse a third stop).
    raise AssertionError("unreachable")


def _check_limit(account_number: str) -> list[StopPayment]:
    earlier = list(
        StopPayment.objects.filter(account_number=account_number)
        .exclude(status=StopPayment.Status.FAILED)
        .order_by("sequence")
    )
    if len(earlier) >= MAX_STOPS_PER_ACCOUNT:
        raise StopLimitError(
            _("该账户已紧急止付%(n)d次，按规定同一账户最多止付两次，不能再次止付；请依法办理冻结。")
            % {"n": len(earlier)}
        )
    return earlier


def _insert_stop(fields: dict[str, Any], *, by: User | None, external_id: str | None) -> StopPayment:
    earlier = _check_limit(fields["account_number"])
    taken = {s.sequence for s in earlier}
    sequence = next(n for n in range(1, MAX_STOPS_PER_ACCOUNT + 1) if n not in taken)
    alert = fields["alert"]
    renewal_of = next((s for s in earlier if alert is not None and s.alert_id == alert.pk), None)
    now = timezone.now()
    stop = StopPayment.objects.create(
        **fields,
        external_id=external_id,
        sequence=sequence,
        renewal_of=renewal_of,
        requested_at=now,
        expires_at=now + STOP_WINDOW,
        created_by=_actor(by),
    )
    log_action(
        stop,
        "stoppayment.requested",
        by=by,
        data={"alert": stop.alert_id, "amount": str(stop.amount), "sequence": sequence},
    )
    _timeline(stop, "stoppayment_requested", by=by, summary=_stop_summary(stop), stop_payment=stop.pk)
    return stop


def _locked_stop(stop: StopPayment) -> StopPayment:
    return StopPayment.objects.select_for_update(of=("self",)).select_related("alert").get(pk=stop.pk)


def _refresh(target: StopPayment, fresh: StopPayment) -> None:
    for f in StopPayment._meta.concrete_fields:
        setattr(target, f.attname, getattr(fresh, f.attname))


def stoppayment_mark_effective(*, stop: StopPayment, by: User | None, at: datetime | None = None) -> StopPayment:
    """The bank reports the stop in force: the 48 h run from then."""
    effective_at = _aware(at, field="effective_at") if at is not None else timezone.now()
    with transaction.atomic():
        locked = _locked_stop(stop)
        if locked.status != StopPayment.Status.REQUESTED:
            raise FundsStateError(_("只有已提交的止付才能标记生效（当前：%(s)s）") % {"s": locked.get_status_display()})
        if effective_at < locked.requested_at - timedelta(minutes=5):
            raise FundsInputError("effective_at", _("生效时间不能早于提交时间"))
        locked.status = StopPayment.Status.EFFECTIVE
        locked.effective_at = effective_at
        locked.expires_at = effective_at + STOP_WINDOW
        locked.save(update_fields=["status", "effective_at", "expires_at", "updated_at"])
        log_action(locked, "stoppayment.effective", by=by, data={"expires_at": locked.expires_at.isoformat()})
        until = timezone.localtime(locked.expires_at).strftime("%m-%d %H:%M")
        _timeline(
            locked,
            "stoppayment_effective",
            by=by,
            summary=_("%(stop)s 止付生效，%(until)s 到期") % {"stop": _stop_summary(locked), "until": until},
            stop_payment=locked.pk,
        )
    _refresh(stop, locked)
    return stop


def stoppayment_mark_failed(*, stop: StopPayment, by: User | None, reason: str = "") -> StopPayment:
    """The bank could not stop (details do not match, money already moved on…)."""
    reason = _text(reason, field="reason", label=_("失败原因"), max_length=300, required=False)
    with transaction.atomic():
        locked = _locked_stop(stop)
        if locked.status != StopPayment.Status.REQUESTED:
            raise FundsStateError(_("只有已提交的止付才能标记失败（当前：%(s)s）") % {"s": locked.get_status_display()})
        locked.status = StopPayment.Status.FAILED
        locked.failure_reason = reason
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "failure_reason", "closed_at", "updated_at"])
        log_action(locked, "stoppayment.failed", by=by, data={"reason": reason})
        summary = _("%(stop)s 止付失败") % {"stop": _stop_summary(locked)}
        if reason:
            summary += _("：%(reason)s") % {"reason": reason}
        _timeline(locked, "stoppayment_failed", by=by, summary=summary, stop_payment=locked.pk)
    _refresh(stop, locked)
    return stop


def stoppayments_expire_due(*, now: datetime | None = None) -> int:
    """Effective stops past their 48 h end as expired (a frozen one is not touched).

    Safe to run twice at once: each stop is claimed with a conditional update.
    """
    now = now or timezone.now()
    due = StopPayment.objects.filter(status=StopPayment.Status.EFFECTIVE, expires_at__lte=now)
    done = 0
    for stop in due.select_related("alert").order_by("expires_at")[:EXPIRY_BATCH]:
        with transaction.atomic():
            claimed = StopPayment.objects.filter(pk=stop.pk, status=StopPayment.Status.EFFECTIVE).update(
                status=StopPayment.Status.EXPIRED, closed_at=now, updated_at=now
            )
            if not claimed:
                continue
            stop.status, stop.closed_at = StopPayment.Status.EXPIRED, now
            log_action(stop, "stoppayment.expired", by=None, data={"expires_at": stop.expires_at.isoformat()})
            _timeline(
                stop,
                "stoppayment_expired",
                by=None,
                summary=_("%(stop)s 48小时止付期满，未冻结") % {"stop": _stop_summary(stop)},
                stop_payment=stop.pk,
            )
            done += 1
    return done


def freeze_record(
    *,
    by: User | None,
    amount: Decimal,
    stop: StopPayment | None = None,
    bank: str = "",
    holder_name: str = "",
    account_number: str = "",
    alert: Alert | None = None,
    township: Township | None = None,
    frozen_at: datetime | None = None,
    days: int = DEFAULT_FREEZE_DAYS,
    frozen_by: str = "",
    external_id: str | None = None,
) -> tuple[Freeze, bool]:
    """Record a freeze: from a stop-payment (which becomes "frozen") or on its own."""
    external_id = (external_id or "").strip() or None
    found = _existing(Freeze, external_id)
    if found is not None:
        return found, False
    amount = _amount(amount)
    if not 1 <= days <= 3660:
        raise FundsInputError("days", _("冻结期限应为1至3660天"))
    frozen_at = _aware(frozen_at, field="frozen_at") if frozen_at is not None else timezone.now()
    frozen_by = _text(frozen_by, field="frozen_by", label=_("冻结单位"), max_length=100, required=False)
    try:
        with transaction.atomic():
            if stop is not None:
                locked = _locked_stop(stop)
                if locked.status not in (StopPayment.Status.EFFECTIVE, StopPayment.Status.FROZEN):
                    raise FundsStateError(
                        _("只有生效中的止付才能转为冻结（当前：%(s)s）") % {"s": locked.get_status_display()}
                    )
                place: dict[str, Any] = {
                    "alert": locked.alert,
                    "township_id": locked.township_id,
                    "village_id": locked.village_id,
                }
                account = {
                    "bank": locked.bank,
                    "holder_name": locked.holder_name,
                    "account_number": locked.account_number,
                }
            else:
                locked = None
                place = _place_of(alert, township)
                account = {
                    "bank": _text(bank, field="bank", label=_("银行"), max_length=100),
                    "holder_name": _text(holder_name, field="holder_name", label=_("账户户名"), max_length=100),
                    "account_number": _account(account_number),
                }
            freeze = Freeze.objects.create(
                **place,
                **account,
                stop_payment=locked,
                amount=amount,
                frozen_at=frozen_at,
                until=frozen_at + timedelta(days=days),
                frozen_by=frozen_by,
                external_id=external_id,
                created_by=_actor(by),
            )
            if locked is not None and locked.status != StopPayment.Status.FROZEN:
                locked.status, locked.closed_at = StopPayment.Status.FROZEN, frozen_at
                locked.save(update_fields=["status", "closed_at", "updated_at"])
                log_action(locked, "stoppayment.frozen", by=by, data={"freeze": freeze.pk})
            log_action(
                freeze,
                "freeze.recorded",
                by=by,
                data={"stop_payment": freeze.stop_payment_id, "amount": str(amount), "days": days},
            )
            _timeline(
                freeze,
                "freeze",
                by=by,
                summary=_("冻结 %(bank)s %(account)s %(amount)s，至 %(until)s")
                % {
                    "bank": freeze.bank,
                    "account": freeze.account_masked,
                    "amount": format_yuan(amount),
                    "until": timezone.localtime(freeze.until).strftime("%Y-%m-%d"),
                },
                freeze=freeze.pk,
            )
    except IntegrityError:
        again = _existing(Freeze, external_id)
        if again is None:
            raise
        return again, False
    if stop is not None and locked is not None:
        _refresh(stop, locked)
    return freeze, True


def _sum(qs: models.QuerySet[Any]) -> Decimal:
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


def recoverable_for_alert(alert_id: int) -> Decimal:
    """What may still come back to the victim at most: frozen money, plus stops in force not yet frozen."""
    frozen = _sum(Freeze.objects.filter(alert_id=alert_id))
    # A repeat stop holding money already counted (its first stop still in force or frozen) adds nothing.
    held = _sum(
        StopPayment.objects.filter(alert_id=alert_id, status=StopPayment.Status.EFFECTIVE).exclude(
            renewal_of__status__in=(StopPayment.Status.EFFECTIVE, StopPayment.Status.FROZEN)
        )
    )
    return frozen + held


def return_record(
    *,
    by: User | None,
    amount: Decimal,
    returned_on: date,
    freeze: Freeze | None = None,
    stop: StopPayment | None = None,
    recipient_name: str = "",
    external_id: str | None = None,
) -> tuple[FundReturn, bool]:
    """Money given back to the victim, from a freeze or a stop. Never more than was frozen or stopped:
    neither from that source nor, summed, for the alert."""
    external_id = (external_id or "").strip() or None
    found = _existing(FundReturn, external_id)
    if found is not None:
        return found, False
    amount = _amount(amount)
    if (freeze is None) == (stop is None):
        raise FundsInputError("source", _("请选择返还资金的来源（冻结或止付，二选一）"))
    if returned_on > timezone.localdate():
        raise FundsInputError("returned_on", _("返还日期不能晚于今天"))
    recipient_name = _text(recipient_name, field="recipient_name", label=_("返还对象"), max_length=50, required=False)
    try:
        with transaction.atomic():
            if freeze is not None:
                source: Freeze | StopPayment = (
                    Freeze.objects.select_for_update(of=("self",)).select_related("alert").get(pk=freeze.pk)
                )
                already = _sum(FundReturn.objects.filter(freeze_id=source.pk))
                label = _("冻结")
            else:
                assert stop is not None
                source = _locked_stop(stop)
                if source.status == StopPayment.Status.FAILED or source.effective_at is None:
                    raise FundsInputError("source", _("该止付未生效，不能从中返还"))
                already = _sum(FundReturn.objects.filter(stop_payment_id=source.pk))
                label = _("止付")
            if already + amount > source.amount:
                raise FundsInputError(
                    "amount",
                    _("返还金额超出%(label)s金额：%(label)s %(total)s，已返还 %(done)s，最多还能返还 %(left)s")
                    % {
                        "label": label,
                        "total": format_yuan(source.amount),
                        "done": format_yuan(already),
                        "left": format_yuan(source.amount - already),
                    },
                )
            if source.alert_id is not None:
                Alert.objects.select_for_update().filter(pk=source.alert_id).first()  # one return at a time
                cap = recoverable_for_alert(source.alert_id)
                returned = _sum(FundReturn.objects.filter(alert_id=source.alert_id))
                if returned + amount > cap:
                    raise FundsInputError(
                        "amount",
                        _("返还总额不能超过该预警的冻结和止付金额：共 %(cap)s，已返还 %(done)s，最多还能返还 %(left)s")
                        % {
                            "cap": format_yuan(cap),
                            "done": format_yuan(returned),
                            "left": format_yuan(max(cap - returned, Decimal("0.00"))),
                        },
                    )
            record = FundReturn.objects.create(
                alert=source.alert,
                township_id=source.township_id,
                village_id=source.village_id,
                freeze=source if isinstance(source, Freeze) else None,
                stop_payment=source if isinstance(source, StopPayment) else None,
                amount=amount,
                returned_on=returned_on,
                recipient_name=recipient_name,
                external_id=external_id,
                created_by=_actor(by),
            )
            log_action(
                record,
                "fundreturn.recorded",
                by=by,
                data={"freeze": record.freeze_id, "stop_payment": record.stop_payment_id, "amount": str(amount)},
            )
            _timeline(
                record,
                "fund_return",
                by=by,
                summary=_("返还受害人 %(amount)s（%(on)s，来自%(label)s %(account)s）")
                % {
                    "amount": format_yuan(amount),
                    "on": returned_on.isoformat(),
                    "label": label,
                    "account": source.account_masked,
                },
                fund_return=record.pk,
            )
    except IntegrityError:
        again = _existing(FundReturn, external_id)
        if again is None:
            raise
        return again, False
    return record, True

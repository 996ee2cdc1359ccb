"""Stop-payment pages: the list with its 48 h countdowns and totals, opening a stop from an alert, and the
actions on one stop (effective, failed, freeze, return)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.policy import can
from fanzha.alerts.models import Alert, DissuasionAttempt, Observable
from fanzha.core.audit import history, log_action
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.params import id_or_none
from fanzha.core.permissions import action_required
from fanzha.core.versions import changed_by_whom
from fanzha.funds import selectors, services
from fanzha.funds.forms import FailedForm, FreezeForm, ReturnForm, StopPaymentForm
from fanzha.funds.models import Freeze, StopPayment
from fanzha.places.models import Township
from fanzha.places.scoping import get_scoped_or_404, scoped


def _stop_for(request: HttpRequest, pk: int) -> StopPayment:
    """The stop, if it lies in the user's jurisdiction; otherwise 404, exactly like a missing one."""
    return get_scoped_or_404(
        StopPayment.objects.select_related("alert", "township", "village", "created_by"), request.user, pk=pk
    )


@action_required("stop_payment.read")
def stoppayment_list(request: HttpRequest) -> HttpResponse:
    """紧急止付: the stops whose 48 h are running first, totals and a per-township roll-up."""
    status = request.GET.get("status", "")
    status = status if status in StopPayment.Status.values else ""
    township = id_or_none(request.GET.get("township"))
    filters = {"status": status, "township": township}
    page = paginate(request, selectors.stoppayments_for(user=request.user, status=status, township=township))
    context = {
        "page": page,
        "filters": filters,
        "totals": selectors.totals_for(user=request.user, township=township),
        "rollup": selectors.township_rollup(user=request.user),
        "townships": scoped(Township.objects.all(), request.user),
        "statuses": StopPayment.Status.choices,
        "qs": query_without_page(request),
    }
    return render(request, "funds/list.html", context)


@action_required("stop_payment.write")
@once_per_submission
def stoppayment_new(request: HttpRequest) -> HttpResponse:
    """Open a stop-payment for an alert whose person already sent money (?alert=ID)."""
    alert = get_scoped_or_404(
        Alert.objects.select_related("township", "village"),
        request.user,
        pk=id_or_none(request.GET.get("alert") or request.POST.get("alert")) or 0,
    )
    accounts = _suspect_accounts(alert)
    form = StopPaymentForm(request.POST or None, initial=_initial_for(alert, accounts))
    if request.method == "POST" and form.is_valid():
        try:
            stop, _created = services.stoppayment_request(
                by=request.user,  # type: ignore[arg-type]
                alert=alert,
                **form.cleaned_data,
            )
        except services.FundsInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except services.StopLimitError as exc:
            form.add_error("account_number", str(exc))
        else:
            messages.success(request, _("紧急止付已提交，48小时倒计时开始"))
            return redirect("funds:detail", pk=stop.pk)
    return render(
        request,
        "funds/new.html",
        {"form": form, "alert": alert, "accounts": accounts},
        status=400 if form.is_bound else 200,
    )


def _suspect_accounts(alert: Alert) -> list[str]:
    """The alert's suspect accounts, those not yet stopped for it first."""
    accounts = list(
        Observable.objects.filter(alert=alert, kind=Observable.Kind.ACCOUNT)
        .order_by("id")
        .values_list("value", flat=True)
    )
    stopped = set(
        StopPayment.objects.filter(alert=alert)
        .exclude(status=StopPayment.Status.FAILED)
        .values_list("account_number", flat=True)
    )
    return sorted(accounts, key=lambda number: number in stopped)


def _initial_for(alert: Alert, accounts: list[str]) -> dict[str, Any]:
    """What is already known: the suspect account on the alert and the amount the person said was sent
    (已转账被骗), never the amount at risk, which is what the warning feared, not what left the account."""
    sent = (
        DissuasionAttempt.objects.filter(alert=alert, amount_sent__isnull=False)
        .order_by("-at", "-id")
        .values_list("amount_sent", flat=True)
        .first()
    )
    return {"account_number": accounts[0] if accounts else "", "amount": sent}


def _detail_context(request: HttpRequest, stop: StopPayment, **extra: Any) -> dict[str, Any]:
    freezes = list(stop.freezes.order_by("frozen_at", "id"))
    context = {
        "stop": stop,
        "freezes": freezes,
        "returns": stop.returns.order_by("returned_on", "id"),
        "freeze_returns": [r for f in freezes for r in f.returns.order_by("returned_on", "id")],
        "may_act": can(request.user, "stop_payment.write"),
        "failed_form": FailedForm(),
        "freeze_form": FreezeForm(initial={"amount": stop.amount}),
        "return_form": ReturnForm(stop=stop, freezes=freezes),
        "history": history(stop)[:50],
    }
    context.update(extra)
    return context


@action_required("stop_payment.read")
def stoppayment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One stop with the full account number: an audited read."""
    stop = _stop_for(request, pk)
    log_action(stop, "stoppayment.viewed", by=request.user)
    return render(request, "funds/detail.html", _detail_context(request, stop))


def _state_changed(stop: StopPayment, exc: Exception) -> str:
    """A stop whose state changed since the page was opened: say so, and who changed it (core.versions)."""
    return _("%(refusal)s。这条止付已被 %(whom)s 修改，请查看最新状态。") % {
        "refusal": str(exc).rstrip("。"),
        "whom": changed_by_whom(stop),
    }


@require_POST
@action_required("stop_payment.write")
def stoppayment_effective(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _stop_for(request, pk)
    try:
        services.stoppayment_mark_effective(stop=stop, by=request.user)  # type: ignore[arg-type]
    except services.FundsStateError as exc:
        messages.error(request, _state_changed(stop, exc))
    except services.FundsInputError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("止付已生效，48小时内请办理冻结"))
    return redirect("funds:detail", pk=stop.pk)


@require_POST
@action_required("stop_payment.write")
def stoppayment_failed(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _stop_for(request, pk)
    form = FailedForm(request.POST)
    if form.is_valid():
        try:
            services.stoppayment_mark_failed(stop=stop, by=request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        except services.FundsStateError as exc:
            messages.error(request, _state_changed(stop, exc))
        except services.FundsInputError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录止付失败"))
    return redirect("funds:detail", pk=stop.pk)


@require_POST
@action_required("stop_payment.write")
@once_per_submission
def freeze_create(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _stop_for(request, pk)
    form = FreezeForm(request.POST)
    if form.is_valid():
        try:
            services.freeze_record(stop=stop, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except services.FundsInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except services.FundsStateError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已记录冻结"))
            return redirect("funds:detail", pk=stop.pk)
    return render(request, "funds/detail.html", _detail_context(request, stop, freeze_form=form), status=400)


@require_POST
@action_required("stop_payment.write")
@once_per_submission
def return_create(request: HttpRequest, pk: int) -> HttpResponse:
    stop = _stop_for(request, pk)
    freezes = list(stop.freezes.order_by("frozen_at", "id"))
    form = ReturnForm(request.POST, stop=stop, freezes=freezes)
    if form.is_valid():
        kind, _sep, source_pk = form.cleaned_data["source"].partition(":")
        freeze: Freeze | None = next((f for f in freezes if str(f.pk) == source_pk), None) if kind == "freeze" else None
        try:
            services.return_record(
                by=request.user,  # type: ignore[arg-type]
                amount=form.cleaned_data["amount"],
                returned_on=form.cleaned_data["returned_on"],
                recipient_name=form.cleaned_data["recipient_name"],
                freeze=freeze,
                stop=stop if kind == "stop" else None,
            )
        except services.FundsInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("已记录返还"))
            return redirect("funds:detail", pk=stop.pk)
    return render(request, "funds/detail.html", _detail_context(request, stop, return_form=form), status=400)

"""Alert pages: the officer's task list and task page, the centre's board, manual entry, observables."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fanzha.accounts.policy import can
from fanzha.alerts import selectors, services
from fanzha.alerts.forms import AlertEntryForm, AlertImportForm, AttemptForm, CloseForm, DispatchForm, MoneySentForm
from fanzha.alerts.importers import COLUMNS, template_workbook
from fanzha.alerts.models import Alert, CrossCountyTrace, Level, Observable
from fanzha.alerts.tasks import import_alerts_job
from fanzha.alerts.timeline import describe, kind_label
from fanzha.core.jobs import job_page, job_start
from fanzha.core.once import once_per_submission
from fanzha.core.pagination import paginate, query_without_page
from fanzha.core.params import id_or_none
from fanzha.core.permissions import action_required
from fanzha.core.versions import StaleEdit
from fanzha.detection import extra_rules
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import get_scoped_or_404, scoped


def _alert_for(request: HttpRequest, pk: int) -> Alert:
    """The alert, if it lies in the user's jurisdiction; otherwise 404, exactly like a missing one."""
    return get_scoped_or_404(
        Alert.objects.select_related(
            "village__township",
            "township",
            "assignee",
            "grid",
            "resident__household__group__head",
            "resident__organisation",
        ),
        request.user,
        pk=pk,
    )


@action_required("alert.tasks")
def task_list(request: HttpRequest) -> HttpResponse:
    """我的预警: open work in the user's villages by what can still be saved (the nearest deadline that
    has not passed first), then the overdue; the alerts the user has not opened yet marked 新."""
    work = selectors.tasks_for(user=request.user)
    context = {
        "tasks": work,
        "urgent_unseen": work.urgent_unseen,
        "closed": selectors.recently_closed_for(user=request.user),
    }
    return render(request, "alerts/tasks.html", context)


@action_required("alert.board")
def board(request: HttpRequest) -> HttpResponse:
    """值班看板: what can still be saved on top (every one, never paged away), the overdue below (paged),
    counts and filters; the page follows changes by itself (static/fanzha/app.js)."""
    filters: dict[str, Any] = {
        "level": request.GET.get("level", "") if request.GET.get("level") in Level.values else "",
        "township": id_or_none(request.GET.get("township")),
        "status": request.GET.get("status", "") if request.GET.get("status") in Alert.Status.values else "",
        "overdue": request.GET.get("overdue") == "1",
    }
    if filters["status"] == Alert.Status.CLOSED:
        # Closed alerts have no deadline left to race: one list, newest first.
        work = None
        page = paginate(request, selectors.with_seen(selectors.alerts_for(user=request.user, **filters), request.user))
    else:
        work = selectors.sections(selectors.alerts_for(user=request.user, **filters), user=request.user)
        if filters["overdue"]:
            work.live = []
        page = paginate(request, work.overdue, per_page=100)
    context = {
        "work": work,
        "page": page,
        "urgent_unseen": work.urgent_unseen if work else 0,
        "filters": filters,
        "counts": selectors.board_counts(user=request.user),
        "qs": query_without_page(request),
        "townships": scoped(Township.objects.all(), request.user),
        "levels": Level.choices,
        "statuses": Alert.Status.choices,
        "may_enter": can(request.user, "alert.enter"),
    }
    return render(request, "alerts/board.html", context)


def _detail_context(request: HttpRequest, alert: Alert, **extra: Any) -> dict[str, Any]:
    user: Any = request.user
    fraud_type = FRAUD_TYPES.get(alert.fraud_type)
    timeline = [{"event": e, "label": kind_label(e.kind), "text": describe(e)} for e in selectors.timeline_of(alert)]
    may_dispatch = can(user, "alert.dispatch") and alert.is_open
    context = {
        "alert": alert,
        "fraud_type": fraud_type,
        "playbook": fraud_type.playbook if fraud_type else None,
        "new_techniques": extra_rules.techniques_of(extra_rules.current(), alert.fraud_type),
        "timeline": timeline,
        "attempts": alert.attempts.select_related("by").order_by("at", "id"),
        "observables": selectors.observables_of(alert=alert, user=user),
        "may_act": can(user, "alert.act") and alert.is_open,
        "may_dispatch": may_dispatch,
        "attempt_form": AttemptForm(),
        "close_form": CloseForm(),
        "may_stop": can(user, "stop_payment.write"),
        "may_open_case": can(user, "case.write"),
        "dispatch_form": DispatchForm(villages=scoped(Village.objects.select_related("township"), user))
        if may_dispatch
        else None,
        "show_person": False,
    }
    context.update(extra)
    return context


@action_required("alert.read")
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The task page: the person (masked until opened), playbook, one-tap attempts, timeline."""
    alert = _alert_for(request, pk)
    services.alert_seen(alert=alert, by=request.user)  # type: ignore[arg-type]
    return render(request, "alerts/detail.html", _detail_context(request, alert))


@action_required("alert.read")
def alert_person(request: HttpRequest, pk: int) -> HttpResponse:
    """Open the person's full details and contact network: audited every time."""
    alert = _alert_for(request, pk)
    services.alert_person_opened(alert=alert, by=request.user)  # type: ignore[arg-type]
    contacts = selectors.contact_network(alert)
    if request.headers.get("HX-Request"):
        return render(request, "alerts/_person.html", {"alert": alert, "contacts": contacts})
    return render(request, "alerts/detail.html", _detail_context(request, alert, contacts=contacts, show_person=True))


@require_POST
@action_required("alert.act")
@once_per_submission
def attempt_create(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    form = AttemptForm(request.POST)
    if form.is_valid():
        try:
            services.attempt_record(
                alert=alert,
                by=request.user,  # type: ignore[arg-type]
                method=form.cleaned_data["method"],
                reached=form.cleaned_data["reached"],
                outcome=form.cleaned_data["outcome"],
                notes=form.cleaned_data["notes"],
                amount_sent=form.cleaned_data["amount_sent"],
            )
        except services.AlertStateError as exc:
            messages.error(request, str(exc))
            return redirect("alerts:detail", pk=alert.pk)
        if alert.outcome == Alert.Outcome.MONEY_SENT:
            return _to_stop_payment(request, alert)
        if alert.status == Alert.Status.CLOSED:
            messages.success(request, _("已记录，预警已办结：%(outcome)s") % {"outcome": alert.get_outcome_display()})
        else:
            messages.success(request, _("已记录"))
        return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/detail.html", _detail_context(request, alert, attempt_form=form), status=400)


@require_POST
@action_required("alert.act")
def alert_close(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.alert_close(
                alert=alert,
                by=request.user,  # type: ignore[arg-type]
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                version=request.POST.get("version"),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
        except services.AlertStateError as exc:
            messages.error(request, str(exc))
        else:
            if alert.outcome == Alert.Outcome.MONEY_SENT:
                return _to_stop_payment(request, alert)
            messages.success(request, _("预警已办结"))
        return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/detail.html", _detail_context(request, alert, close_form=form), status=400)


def _to_stop_payment(request: HttpRequest, alert: Alert) -> HttpResponse:
    """Money moved: straight on to the stop-payment form (filled from the alert), for those who may file
    one; the others are told who must."""
    if can(request.user, "stop_payment.write"):
        messages.success(request, _("已记录“已转账被骗”，请立即发起紧急止付"))
        return redirect(reverse("funds:stoppayment_new") + f"?alert={alert.pk}")
    messages.warning(request, _("已记录“已转账被骗”：请立即联系社区民警或派出所发起紧急止付"))
    return redirect("alerts:detail", pk=alert.pk)


@action_required("alert.act")
def money_sent(request: HttpRequest, pk: int) -> HttpResponse:
    """已转账被骗 in one step: the amount sent, then the stop-payment form filled with it and with the
    alert's suspect accounts. An alert already closed as money sent goes straight to the form."""
    alert = _alert_for(request, pk)
    if alert.outcome == Alert.Outcome.MONEY_SENT:
        return _to_stop_payment(request, alert)
    if not alert.is_open:
        messages.error(request, _("该预警已办结"))
        return redirect("alerts:detail", pk=alert.pk)
    form = MoneySentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attempt_record(
                alert=alert,
                by=request.user,  # type: ignore[arg-type]
                method=form.cleaned_data["method"],
                reached=True,
                outcome=Alert.Outcome.MONEY_SENT,
                notes=form.cleaned_data["notes"],
                amount_sent=form.cleaned_data["amount_sent"],
            )
        except (services.AlertStateError, services.AlertInputError) as exc:
            form.add_error(None, getattr(exc, "message", str(exc)))
        else:
            return _to_stop_payment(request, alert)
    return render(
        request,
        "alerts/money_sent.html",
        {"alert": alert, "form": form, "may_stop": can(request.user, "stop_payment.write")},
        status=400 if form.is_bound else 200,
    )


@require_POST
@action_required("alert.dispatch")
def alert_dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    alert = _alert_for(request, pk)
    villages = scoped(Village.objects.select_related("township"), request.user)
    form = DispatchForm(request.POST, villages=villages)
    if form.is_valid():
        try:
            services.alert_dispatch(
                alert=alert,
                village=form.cleaned_data["village"],
                by=request.user,  # type: ignore[arg-type]
                version=request.POST.get("version"),
            )
        except StaleEdit as exc:
            messages.error(request, exc.message)
        except services.AlertStateError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("已分派到%(village)s") % {"village": form.cleaned_data["village"].name})
        return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/detail.html", _detail_context(request, alert, dispatch_form=form), status=400)


@action_required("alert.enter")
@once_per_submission
def alert_create(request: HttpRequest) -> HttpResponse:
    """Manual entry by the duty operator; routed and notified exactly like an API alert."""
    form = AlertEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.AlertIntake(
            external_id=form.external_id_value(),
            source=form.cleaned_data["source"],
            level=form.cleaned_data["level"],
            fraud_type=form.cleaned_data["fraud_type"],
            victim_phone=form.cleaned_data["victim_phone"],
            victim_name=form.cleaned_data["victim_name"],
            id_number=form.cleaned_data["id_number"],
            address=form.cleaned_data["address"],
            amount_at_risk=form.cleaned_data["amount_at_risk"],
            description=form.cleaned_data["description"],
            suspect_phones=form.lines("suspect_phones"),
            suspect_accounts=form.lines("suspect_accounts"),
            suspect_urls=form.lines("suspect_urls"),
            suspect_apps=form.lines("suspect_apps"),
        )
        try:
            alert, created = services.alert_intake(data=data, by=request.user)  # type: ignore[arg-type]
        except services.AlertInputError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            if created:
                messages.success(request, _("预警已录入并分派：%(how)s") % {"how": alert.routing_explanation})
            else:
                messages.info(request, _("该预警编号已存在，显示的是已有预警"))
            return redirect("alerts:detail", pk=alert.pk)
    return render(request, "alerts/new.html", {"form": form}, status=400 if form.is_bound else 200)


@action_required("alert.read")
def observable_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observable = get_object_or_404(Observable, pk=pk)
    alerts = selectors.alerts_with_observable(observable=observable, user=request.user)
    if not alerts.exists():
        raise Http404  # nothing the user may see carries it: as good as missing
    page = paginate(request, alerts)
    return render(request, "alerts/observable.html", {"observable": observable, "page": page, "qs": ""})


@action_required("alert.cross_county")
def cross_county_list(request: HttpRequest) -> HttpResponse:
    """串并线索: the traces that alerts of two or more counties share, newest first."""
    page = paginate(request, CrossCountyTrace.objects.all())
    names = dict(County.objects.values_list("id", "name"))
    for trace in page:
        trace.county_names = "、".join(names.get(pk, "") for pk in trace.county_ids)
    return render(request, "alerts/cross_county.html", {"page": page, "qs": ""})


@action_required("alert.cross_county")
def cross_county_detail(request: HttpRequest, pk: int) -> HttpResponse:
    trace = get_object_or_404(CrossCountyTrace, pk=pk)
    page = paginate(request, trace.alerts().select_related("county", "township", "village"))
    return render(request, "alerts/cross_county_detail.html", {"trace": trace, "page": page, "qs": ""})


@action_required("alert.enter")
@once_per_submission
def alert_import(request: HttpRequest) -> HttpResponse:
    """Upload an Excel file of alerts; it is checked and received by the worker, with progress."""
    form = AlertImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_start(
            kind="alerts.import",
            by=request.user,
            task=import_alerts_job,
            params={"skip_bad": form.cleaned_data["skip_bad"]},
            upload=form.cleaned_data["file"],
        )
        return job_page(job)
    return render(
        request, "alerts/import.html", {"form": form, "columns": COLUMNS}, status=400 if form.is_bound else 200
    )


@action_required("alert.enter")
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        template_workbook(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename=alerts-template.xlsx"
    return response

"""The leaders' dashboard and its exports; a station chief's figures cover only their townships."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from fanzha.cases.models import DocumentSettings
from fanzha.core.audit import log_action
from fanzha.core.pdf import document_response, pdf_available
from fanzha.core.permissions import action_required
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.people.models import KeyGroup
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import scoped
from fanzha.stats import exports, tables
from fanzha.stats.filters import FilterError, period_from, scope_from
from fanzha.stats.periods import Period, month_of
from fanzha.stats.sources import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _inputs(request: HttpRequest) -> tuple[Period, Scope, dict[str, str]]:
    """The filters from the GET form; a bad value is named and left out rather than failing the page."""
    params = request.GET.copy()
    errors: dict[str, str] = {}
    while True:
        try:
            return period_from(params), scope_from(params, request.user), errors
        except FilterError as exc:
            errors[exc.field] = exc.message
            params.pop(exc.field, None)
            if exc.field == "end":
                params.pop("start", None)


def _choices(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    # Every village in scope, each marked with its township: the page offers the chosen township's
    # villages as the township select changes (app.js, data-follows), before anything is submitted.
    villages = scoped(Village.objects.select_related("township"), request.user).order_by("township_id", "id")
    return {
        "townships": scoped(Township.objects.all(), request.user),
        "villages": villages,
        "fraud_types": [(t.code, t.name_zh) for t in FRAUD_TYPES.values() if t.is_fraud],
        "key_groups": KeyGroup.objects.all(),
    }


def report_period(request: HttpRequest, period: Period) -> tuple[Period, bool]:
    """The period a report covers and whether it is a 月报: one calendar month chosen → that month's
    月报; nothing chosen → last month's; any other selection (a quarter, a few days) → a 期间报告 of
    exactly that selection, named as such, never silently its first month."""
    if period.whole_months == 1:
        return period, True
    if not request.GET.get("start") and not request.GET.get("end"):
        return month_of(timezone.localdate()).previous(), True
    return period, False


@action_required("stats.read")
def dashboard(request: HttpRequest) -> HttpResponse:
    period, scope, errors = _inputs(request)
    board = tables.build(scope, period)
    today = timezone.localdate()
    last_month = month_of(today.replace(day=1) - timedelta(days=1))
    context = {
        "board": board,
        "period": period,
        "scope": scope,
        "errors": {str(tables.FILTER_LABELS.get(k, k)): m for k, m in errors.items()},
        "query": request.GET.urlencode(),
        "quick": {
            "this_month": month_of(today),
            "last_month": last_month,
            "this_year": Period(date(today.year, 1, 1), today),
        },
        "pdf_available": pdf_available(),
        "report_is_monthly": report_period(request, period)[1],
        **_choices(request, scope),
    }
    return render(request, "stats/dashboard.html", context)


@action_required("stats.read")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """Every table of the dashboard as sheets of one workbook: the same queries, so it is synchronous."""
    period, scope, _errors = _inputs(request)
    board = tables.build(scope, period)
    user: Any = request.user
    log_action(user, "stats.exported", by=user, data={"format": "xlsx", **tables.filter_params(scope, period)})
    response = HttpResponse(exports.workbook(board), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="stats-{period.start}-{period.end}.xlsx"'
    return response


def _county(scope: Scope, user: Any) -> County | None:
    """Whose bureau heads the report: the chosen township's county, else the first of the user's."""
    townships = scoped(Township.objects.select_related("county"), user)
    if scope.township:
        townships = townships.filter(pk=scope.township)
    township = townships.order_by("county_id", "id").first()
    return township.county if township is not None else None


@action_required("stats.read")
def report_docx(request: HttpRequest, fmt: str = "docx") -> HttpResponse:
    """The report in Word or PDF — a 月报 for one month, a 期间报告 for any other selection
    (report_period): figures, charts, top fraud types and typical cases with personal data removed.
    Synchronous: about a second (PDF: a few)."""
    period, scope, _errors = _inputs(request)
    period, monthly = report_period(request, period)
    board = tables.build(scope, period)
    log_action(
        request.user,  # type: ignore[arg-type]
        "stats.reported",
        by=request.user,
        data=tables.filter_params(scope, period),
    )
    county = _county(scope, request.user)
    letterhead = DocumentSettings.for_county(county) if county is not None else None
    content = exports.monthly_report(board, letterhead, monthly=monthly)
    name = f"月报-{period.month_key}" if monthly else f"期间报告-{period.start}至{period.end}"
    return document_response(content, f"{name}.docx", fmt=fmt)

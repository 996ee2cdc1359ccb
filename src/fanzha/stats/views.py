"""The leaders' dashboard and its exports; a station chief's figures cover only their townships.
In a deployment of several counties: the figures of one county or of all the user's, and the counties'
ranking for the prefecture's 通报 (ranking.py)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.cases.models import DocumentSettings
from fanzha.core.audit import log_action
from fanzha.core.pdf import document_response, pdf_available
from fanzha.core.permissions import action_required
from fanzha.detection.taxonomy import FRAUD_TYPES
from fanzha.people.models import KeyGroup
from fanzha.places.models import County, Township, Village
from fanzha.places.scoping import scoped
from fanzha.stats import exports, ranking, tables
from fanzha.stats.filters import FilterError, counties_of, period_from, scope_from
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


def _several_counties(user: Any) -> list[County]:
    """The user's counties when there are several to choose from (a county's user, or a deployment of
    one county, has none: no county select, no ranking)."""
    counties = list(counties_of(user))
    return counties if len(counties) > 1 else []


def _choices(request: HttpRequest, scope: Scope) -> dict[str, Any]:
    # Every village in scope, each marked with its township: the page offers the chosen township's
    # villages as the township select changes (app.js, data-follows), before anything is submitted.
    villages = scoped(Village.objects.select_related("township"), request.user).order_by("township_id", "id")
    townships = scoped(Township.objects.all(), request.user)
    if scope.county:
        townships = townships.filter(county_id=scope.county)
        villages = villages.filter(township__county_id=scope.county)
    counties = _several_counties(request.user)
    if counties and not scope.county and not scope.township:
        villages = villages.none()  # a prefecture's thousands of villages: chosen once a county is
    return {
        "counties": counties,
        "county_name": next((c.name for c in counties if c.pk == scope.county), ""),
        "townships": townships,
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
    if scope.county:
        townships = townships.filter(county_id=scope.county)
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


# --- the counties' ranking -------------------------------------------------------------------------------


def _ranking_inputs(request: HttpRequest) -> tuple[ranking.Ranking, dict[str, str], dict[str, str]]:
    """The ranking for the GET form: the period (as the dashboard reads it), compare=yoy|mom,
    sort=a column's code, order=worst|best; a bad value is named and the default used."""
    params = request.GET.copy()
    errors: dict[str, str] = {}
    while True:
        try:
            period = period_from(params)
            break
        except FilterError as exc:
            errors[exc.field] = exc.message
            params.pop(exc.field, None)
            if exc.field == "end":
                params.pop("start", None)
    compare = params.get("compare") or "yoy"
    if compare not in ranking.COMPARES:
        errors["compare"], compare = _("应为 yoy（同比）或 mom（环比）"), "yoy"
    sort = params.get("sort") or "cases_per_10k"
    if sort not in ranking.BY_CODE:
        errors["sort"], sort = _("未知的排序指标"), "cases_per_10k"
    order = params.get("order") or "worst"
    if order not in ("worst", "best"):
        errors["order"], order = _("应为 worst 或 best"), "worst"
    built = ranking.build(request.user, period, compare=compare, sort=sort, best_first=order == "best")
    form = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "compare": compare,
        "sort": sort,
        "order": order,
    }
    return built, form, errors


def _issuer(user: Any) -> str:
    """Who issues the 通报: the prefecture's bureau when the user's counties are in one prefecture,
    else the county's bureau (its document settings)."""
    counties = list(counties_of(user).select_related("prefecture"))
    prefectures = {c.prefecture for c in counties}
    prefecture = prefectures.pop() if len(prefectures) == 1 else None
    if len(counties) > 1 and prefecture is not None:
        return f"{prefecture.name}公安局"
    return DocumentSettings.for_county(counties[0]).bureau if counties else ""


@action_required("stats.read")
def county_ranking(request: HttpRequest) -> HttpResponse:
    built, form, errors = _ranking_inputs(request)
    query = "&".join(f"{k}={v}" for k, v in form.items())
    headers = [
        {
            "name": str(c.name),
            "query": "&".join(f"{k}={v}" for k, v in {**form, "sort": c.code}.items()),
            # the column sorted by: largest first when the best are first and larger is better, or …
            "sort": ("descending" if c.higher_is_better == built.best_first else "ascending")
            if c.code == built.sort
            else "",
        }
        for c in ranking.COLUMNS
    ]
    context = {
        "ranking": built,
        "form": form,
        "errors": errors,
        "query": query,
        "headers": headers,
        "compares": [(k, str(v)) for k, v in ranking.COMPARES.items()],
    }
    return render(request, "stats/ranking.html", context)


@action_required("stats.read")
def county_ranking_xlsx(request: HttpRequest) -> HttpResponse:
    built, form, _errors = _ranking_inputs(request)
    log_action(request.user, "stats.exported", by=request.user, data={"format": "xlsx", "ranking": True, **form})  # type: ignore[arg-type]
    response = HttpResponse(exports.ranking_workbook(built), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="county-ranking-{form["start"]}-{form["end"]}.xlsx"'
    return response


@action_required("stats.read")
def county_ranking_docx(request: HttpRequest, fmt: str = "docx") -> HttpResponse:
    built, form, _errors = _ranking_inputs(request)
    log_action(request.user, "stats.reported", by=request.user, data={"ranking": True, **form})  # type: ignore[arg-type]
    content = exports.ranking_report(built, _issuer(request.user))
    return document_response(content, f"各县排名-{form['start']}-{form['end']}.docx", fmt=fmt)

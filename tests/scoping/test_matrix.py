"""Scoping matrix: every API list/detail operation and every page × every role × objects inside and outside
the role's jurisdiction. Nothing outside is listed, opened or changed.

The API operations come from the OpenAPI schema and the pages from the URLconf; the small tables below map
each to the kind of object it serves. An operation or page missing from the tables fails the test, so a new
endpoint cannot slip past the matrix unnoticed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from fanzha.accounts.services import api_token_create
from fanzha.alerts.models import Alert, DissuasionAttempt
from fanzha.cases.models import Case, FollowUpAction
from fanzha.consults.models import Consultation
from fanzha.funds.models import Freeze, StopPayment
from fanzha.notify.models import Notification
from fanzha.outreach.models import Activity
from fanzha.urls import api
from tests.scoping.conftest import ROLES, Placed, ScopedWorld, forbidden

# --- the API --------------------------------------------------------------------------------------------

API_LISTS = {
    "/api/v1/places/townships": "township",
    "/api/v1/places/villages": "village",
    "/api/v1/households": "household",
    "/api/v1/residents": "resident",
    "/api/v1/organisations": "organisation",
    "/api/v1/alerts": "alert",
    "/api/v1/stop-payments": "stoppayment",
    "/api/v1/consultations": "consultation",
    "/api/v1/notifications": "notification",
    "/api/v1/outreach/activities": "activity",
    "/api/v1/cases": "case",
}
API_DETAILS = {
    "/api/v1/alerts/{alert_id}": "alert",
    "/api/v1/stop-payments/{stop_id}": "stoppayment",
    "/api/v1/bulletins/{bulletin_id}": "bulletin",
    "/api/v1/cases/{case_id}": "case",
    "/api/v1/cases/{case_id}/review": "case",
    "/api/v1/notice-letters/{letter_id}": "letter",
    "/api/v1/notice-letters/{letter_id}/document": "letter",
}
API_BY_QUERY = {"/api/v1/outreach/coverage": ("village", "village")}  # path: (kind, query parameter)
API_NOT_OBJECTS = {
    "/api/v1/materials": "the materials library is the whole deployment's (tests/materials/test_api.py)",
    "/api/v1/techniques": "the techniques are the whole deployment's (tests/materials/test_api.py)",
    "/api/v1/places/counties": "the counties of the caller's townships (tests/places/test_prefecture_scoping.py)",
    "/api/v1/stats/summary": "figures for a period, limited to the caller's scope (tests/stats)",
    "/api/v1/stats/series": "figures for a period, limited to the caller's scope (tests/stats)",
}


def _api_gets() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(path for path, operations in paths.items() if "get" in operations)


def test_every_api_read_is_in_the_matrix() -> None:
    known = {*API_LISTS, *API_DETAILS, *API_BY_QUERY, *API_NOT_OBJECTS}
    missing = [path for path in _api_gets() if path not in known]
    assert not missing, f"GET operations missing from the scoping matrix tables: {missing}"


def _token_headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


@pytest.mark.parametrize("role", ROLES)
def test_api_lists_show_nothing_outside_the_scope(role: str, scoped_world: ScopedWorld, client: Any) -> None:
    headers = _token_headers(scoped_world.world.user(role))
    problems = []
    for path, kind in API_LISTS.items():
        response = client.get(path, {"limit": 500}, headers=headers)
        if response.status_code not in (200, 403):
            problems.append(f"{role} GET {path}: {response.status_code}")
        if response.status_code != 200:
            continue
        ours = scoped_world.by_pk(kind)
        listed = {item["id"] for item in response.json()["items"]}
        leaked = sorted(f"{pk} ({ours[pk].place})" for pk in listed if pk in ours and forbidden(role, ours[pk].place))
        if leaked:
            problems.append(f"{role} GET {path} lists {kind} outside the scope: {leaked}")
        missing = sorted(p.pk for p in ours.values() if not forbidden(role, p.place) and p.pk not in listed)
        if role in ("admin", "centre") and missing:
            problems.append(f"{role} GET {path} misses {kind} in the scope: {missing}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_api_details_of_outside_objects_are_not_found(role: str, scoped_world: ScopedWorld, client: Any) -> None:
    headers = _token_headers(scoped_world.world.user(role))
    for template, kind in API_DETAILS.items():
        for placed in scoped_world.of(kind):
            path = template.replace(template[template.index("{") : template.index("}") + 1], str(placed.pk))
            response = client.get(path, headers=headers)
            if forbidden(role, placed.place):
                assert response.status_code in (403, 404), (
                    f"{role} GET {path} ({kind} in {placed.place}, outside the scope): {response.status_code}"
                )
            elif role == "centre":
                assert response.status_code in (200, 409), f"{role} GET {path} (inside): {response.status_code}"
    for path, (kind, parameter) in API_BY_QUERY.items():
        for placed in scoped_world.of(kind):
            response = client.get(path, {parameter: placed.pk}, headers=headers)
            if forbidden(role, placed.place):
                assert response.status_code in (403, 404), (
                    f"{role} GET {path}?{parameter}={placed.pk} ({placed.place}): {response.status_code}"
                )
            elif role == "centre":
                assert response.status_code == 200, f"{role} GET {path}?{parameter}={placed.pk}: {response.status_code}"


# --- the pages ------------------------------------------------------------------------------------------

PAGE_DETAILS = {
    "people:resident_detail": "resident",
    "alerts:detail": "alert",
    "alerts:person": "alert",
    "alerts:attempt": "alert",
    "alerts:close": "alert",
    "alerts:dispatch": "alert",
    "alerts:observable": "observable",
    "alerts:money_sent": "alert",
    "cases:case_alerts": "case",
    "funds:detail": "stoppayment",
    "funds:effective": "stoppayment",
    "funds:failed": "stoppayment",
    "funds:freeze": "stoppayment",
    "funds:return": "stoppayment",
    "notify:read": "notification",
    "outreach:activity_detail": "activity",
    "outreach:coverage_village": "village",
    "outreach:registrations_village": "village",
    "outreach:group_detail": "group",
    "outreach:head_visit_create": "group",
    "outreach:bulletin_detail": "bulletin",
    "outreach:bulletin_picture": "bulletin",
    "cases:case_detail": "case",
    "cases:case_edit": "case",
    "cases:review_docx": "case",
    "cases:review_pdf": "case",
    "cases:notification_docx": "casenotification",
    "cases:notification_pdf": "casenotification",
    "cases:notification_number": "casenotification",
    "cases:notification_sent": "casenotification",
    "cases:interview_update": "interview",
    "cases:interview_notice_docx": "interview",
    "cases:interview_notice_pdf": "interview",
    "cases:interview_notice_number": "interview",
    "cases:action_add": "interview",
    "cases:action_done": "followup",
    "cases:letter_detail": "letter",
    "cases:letter_issue": "organisation",
    "cases:letter_docx": "letter",
    "cases:letter_pdf": "letter",
    "cases:organisation_history": "organisation",
    "materials:typical_case_create": "case",
    "cases:township_history": "township",
    "consults:detail": "consultation",
}
PAGE_DETAILS_NOT_PLACED = {
    "accounts:token_revoke": "the user's own API token",
    "core:job_detail": "the user's own background job",
    "core:job_result": "the user's own background job",
    "notify:channel_edit": "notification channels: admin only",
    "notify:channel_test": "notification channels: admin only",
    "cases:key_group_detail": "the county's fixed list of key groups",
    "outreach:activity_photo": "a photo of an activity (tests/outreach/test_photos.py)",
    "alerts:cross_county_detail": "a trace across counties: the prefecture's roles only (tests/alerts/test_prefecture.py)",
    "materials:material_detail": "the materials library is the whole deployment's, not a place's",
    "materials:material_file": "the materials library is the whole deployment's, not a place's",
    "materials:material_use": "a material used in an activity: the activity is scoped (tests/materials)",
    "materials:material_attach": "a material attached to a bulletin: the bulletin is scoped (tests/materials)",
    "materials:typical_case_edit": "a typical case, scoped through its case (tests/materials)",
    "materials:typical_case_publish": "a typical case, scoped through its case (tests/materials)",
    "materials:technique_detail": "a technique is the whole deployment's (the centre's), not a place's",
    "materials:technique_publish": "a technique is the whole deployment's (the centre's), not a place's",
    "materials:technique_withdraw": "a technique is the whole deployment's (the centre's), not a place's",
}
PAGE_LISTS_SKIPPED = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_setup",
    "set_language",
    "healthz",
    "consults:public",
    # files, not pages: templates and exports (the stats tests read them)
    "people:import_template",
    "alerts:import_template",
    "cases:import_template",
    "stats:export_xlsx",
    "stats:report_docx",
    "stats:report_pdf",
}
NO_CONTENT_IN_THE_WORLD = {"outreach:bulletin_picture"}  # the world's bulletins carry no picture: 404 for all
PAGE_QUERY = {"outreach:household_picker": {"q": "ZMK"}, "cases:resident_picker": {"q": "ZMK"}}
# Where each kind's marker or link must show for the centre: proves the list checks look at real content.
SHOWN_ON = {
    "resident": "people:resident_list",
    "organisation": "people:organisation_list",
    "alert": "alerts:board",
    "stoppayment": "funds:list",
    "case": "cases:case_list",
    "activity": "outreach:activity_list",
    "consultation": "consults:staff_list",
}


def _patterns() -> list[tuple[str, str]]:
    """(URL name, route) of every named page, through the app namespaces (the admin and the API excluded)."""
    found: list[tuple[str, str]] = []

    def walk(patterns: list[Any], namespace: str, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in ("admin", "api"):
                    continue
                walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and p.name:
                found.append((f"{namespace}:{p.name}" if namespace else p.name, prefix + str(p.pattern)))

    walk(get_resolver().url_patterns, "", "")
    return found


def _detail_pages() -> list[str]:
    return [name for name, route in _patterns() if "<int:pk>" in route]


def _list_pages() -> list[str]:
    return [name for name, route in _patterns() if "<" not in route and name not in PAGE_LISTS_SKIPPED]


def test_every_page_with_an_object_is_in_the_matrix() -> None:
    missing = [n for n in _detail_pages() if n not in PAGE_DETAILS and n not in PAGE_DETAILS_NOT_PLACED]
    assert not missing, f"pages with an object missing from the scoping matrix tables: {missing}"


def _href(placed: Placed) -> str | None:
    for name, kind in PAGE_DETAILS.items():
        if kind == placed.kind:
            return reverse(name, args=[placed.pk])
    return None


@pytest.mark.parametrize("role", ROLES)
def test_pages_do_not_open_outside_objects(role: str, scoped_world: ScopedWorld, client: Any) -> None:
    client.force_login(scoped_world.world.user(role))
    for name in _detail_pages():
        kind = PAGE_DETAILS.get(name)
        if kind is None:
            continue
        for placed in scoped_world.of(kind):
            if not forbidden(role, placed.place):
                continue
            url = reverse(name, args=[placed.pk])
            response = client.get(url)
            assert response.status_code in (403, 404, 405), (
                f"{role} GET {url} ({kind} {placed.pk} in {placed.place}, outside the scope): {response.status_code}"
            )


def test_pages_open_inside_objects_for_the_centre(scoped_world: ScopedWorld, client: Any) -> None:
    """The other side of the matrix: the same URLs work for someone who may see the object."""
    client.force_login(scoped_world.world.user("admin"))
    for name, kind in PAGE_DETAILS.items():
        if name in NO_CONTENT_IN_THE_WORLD:
            continue
        placed = scoped_world.of(kind)[0]
        if kind == "notification":
            client.force_login(scoped_world.world.user(placed.place))
        url = reverse(name, args=[placed.pk])
        response = client.get(url)
        assert response.status_code in (200, 302, 405), (
            f"admin GET {url} ({kind} in {placed.place}): {response.status_code}"
        )
        client.force_login(scoped_world.world.user("admin"))


@pytest.mark.parametrize("role", ROLES)
def test_list_pages_show_nothing_outside_the_scope(role: str, scoped_world: ScopedWorld, client: Any) -> None:
    client.force_login(scoped_world.world.user(role))
    hidden = [p for p in scoped_world.objects if forbidden(role, p.place)]
    for name in _list_pages():
        url = reverse(name)
        response = client.get(url, PAGE_QUERY.get(name, {}))
        assert response.status_code < 500, f"{role} GET {url}: {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for placed in hidden:
            href = _href(placed) if placed.kind not in ("township", "village") else None
            assert not (placed.marker and placed.marker in html), (
                f"{role} GET {url} shows {placed.kind} {placed.pk} of {placed.place} ({placed.marker}), outside the scope"
            )
            assert not (href and f'href="{href}"' in html), (
                f"{role} GET {url} links to {placed.kind} {placed.pk} of {placed.place} ({href}), outside the scope"
            )


def test_list_pages_show_what_is_inside_the_scope(scoped_world: ScopedWorld, client: Any) -> None:
    """Proves the markers the leak checks look for are really rendered."""
    client.force_login(scoped_world.world.user("centre"))
    for kind, name in SHOWN_ON.items():
        html = client.get(reverse(name)).content.decode()
        for placed in scoped_world.of(kind):
            assert placed.marker in html or f'href="{_href(placed)}"' in html, (
                f"centre GET {reverse(name)} does not show {kind} {placed.pk} ({placed.marker})"
            )


# --- changes --------------------------------------------------------------------------------------------


def test_outside_objects_cannot_be_changed_through_the_api(scoped_world: ScopedWorld, client: Any) -> None:
    sw = scoped_world
    officer = sw.world.user("officer_a1")
    headers = _token_headers(officer)
    alert_b: Any = sw.get("alert", "b1").obj
    stop_b: Any = sw.get("stoppayment", "b1").obj
    household_b: Any = sw.get("household", "b1").obj
    note_b: Any = sw.get("notification", "officer_b1").obj
    before = {
        "attempts": DissuasionAttempt.objects.count(),
        "activities": Activity.objects.count(),
        "freezes": Freeze.objects.count(),
        "consultations": Consultation.objects.count(),
        "cases": Case.objects.count(),
    }

    def post(path: str, body: dict[str, Any]) -> int:
        return int(client.post(path, body, content_type="application/json", headers=headers).status_code)

    status = post(f"/api/v1/alerts/{alert_b.pk}/attempts", {"method": "phone", "reached": True, "outcome": "dissuaded"})
    assert status == 404, f"officer_a1 POST attempt on alert {alert_b.pk} of b1: {status}"
    status = post(f"/api/v1/stop-payments/{stop_b.pk}/status", {"status": "failed", "reason": "越权"})
    assert status in (403, 404), f"officer_a1 POST status of stop-payment {stop_b.pk} of b1: {status}"
    status = post(
        "/api/v1/outreach/activities",
        {"kind": "family", "date": str(timezone.localdate()), "households": [household_b.pk]},
    )
    assert status in (400, 403, 404), f"officer_a1 POST activity with household {household_b.pk} of b1: {status}"
    status = post("/api/v1/freezes", {"stop_payment_id": stop_b.pk, "amount": "10.00"})
    assert status in (403, 404), f"officer_a1 POST freeze of stop-payment {stop_b.pk} of b1: {status}"
    status = post(f"/api/v1/notifications/{note_b.pk}/read", {})
    assert status == 404, f"officer_a1 POST read of officer_b1's notification {note_b.pk}: {status}"
    status = post(
        "/api/v1/consultations", {"channel": "phone", "text": "有人让我转账", "village_id": sw.world.village_b1.pk}
    )
    assert status in (403, 404, 422), f"officer_a1 POST consultation in b1: {status}"
    now = timezone.now()
    status = post(
        "/api/v1/cases",
        {
            "case_number": "ZMK-OUTSIDE-1",
            "victim_name": "越权案",
            "occurred_at": (now - timedelta(days=1)).isoformat(),
            "reported_at": now.isoformat(),
            "fraud_type": "investment",
            "contact_method": "phone",
            "loss_amount": "10.00",
            "township_id": sw.world.township_b.pk,
            "village_id": sw.world.village_b1.pk,
        },
    )
    assert status in (403, 404, 422), f"officer_a1 POST case in township B: {status}"

    after = {
        "attempts": DissuasionAttempt.objects.count(),
        "activities": Activity.objects.count(),
        "freezes": Freeze.objects.count(),
        "consultations": Consultation.objects.count(),
        "cases": Case.objects.count(),
    }
    assert after == before
    stop_b.refresh_from_db()
    assert stop_b.status == StopPayment.Status.FROZEN
    note_b.refresh_from_db()
    assert note_b.read_at is None


def test_outside_objects_cannot_be_changed_through_the_pages(scoped_world: ScopedWorld, client: Any) -> None:
    sw = scoped_world
    client.force_login(sw.world.user("officer_a1"))
    alert_b: Any = sw.get("alert", "b1").obj
    action_b: Any = sw.get("followup", "b1").obj
    stop_b: Any = sw.get("stoppayment", "b1").obj
    alert_status = alert_b.status
    for url, data in [
        (reverse("alerts:close", args=[alert_b.pk]), {"outcome": "not_fraud", "notes": "越权"}),
        (reverse("alerts:attempt", args=[alert_b.pk]), {"method": "phone", "reached": "on", "outcome": "dissuaded"}),
        (reverse("cases:action_done", args=[action_b.pk]), {"done_on": str(timezone.localdate())}),
        (reverse("funds:failed", args=[stop_b.pk]), {"reason": "越权"}),
    ]:
        response = client.post(url, data)
        assert response.status_code in (403, 404), f"officer_a1 POST {url} (b1): {response.status_code}"
    alert_b.refresh_from_db()
    assert alert_b.status == alert_status
    assert not DissuasionAttempt.objects.filter(alert=alert_b).exclude(pk=sw.get("attempt", "b1").pk).exists()
    assert FollowUpAction.objects.get(pk=action_b.pk).done_on is None
    assert StopPayment.objects.get(pk=stop_b.pk).status == StopPayment.Status.FROZEN
    assert Notification.objects.filter(user=sw.world.user("officer_a1"), subject__contains="越权").count() == 0
    assert Alert.objects.get(pk=alert_b.pk).closed_at is None

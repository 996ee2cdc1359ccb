"""Every page and every API operation declares the policy's action it needs, or is explicitly public.

The test walks the project's URLconf (every URL pattern, through every include) and every operation
of the ninja API; a new page or operation that declares nothing fails here. It also holds the table to
what the project says about it: the navigation asks the same action as the page it links to, the API
asks what the page showing the same thing asks, and docs/architecture.md shows the table as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fanzha.accounts.api_auth import ActionToken
from fanzha.accounts.middleware import SIGN_IN_STEP
from fanzha.accounts.models import Role
from fanzha.accounts.policy import ACTIONS, POLICY
from fanzha.core.permissions import ACTION, POST_ACTION, PUBLIC
from fanzha.navigation import NAV
from fanzha.urls import api

DOCS = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"

# Declared public in the code; listed here too, so that making a page public is a visible decision.
PUBLIC_PAGES = {
    "accounts:login",
    "consults:public",
    "outreach:feedback",
    "outreach:feedback_picture",
    "healthz",
    "set_language",
    "api:openapi-json",
    "api:openapi-view",
}
SIGN_IN_STEPS = {"accounts:logout", "accounts:two_factor_verify", "accounts:two_factor_setup"}


def url_patterns() -> Iterator[tuple[str, str, Any]]:
    """(name, route, view) of every URL pattern; the admin site's as one entry; the API's operations are
    walked separately (api_operations), its documentation pages are here."""

    def walk(patterns: list[Any], namespace: str, prefix: str) -> Iterator[tuple[str, str, Any]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    yield "admin:*", prefix + str(p.pattern), admin.site
                    continue
                yield from walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = f"{namespace}:{p.name}" if namespace else str(p.name)
                if namespace == "api" and not name.startswith("api:openapi"):
                    continue  # an operation (checked below) or ninja's root, which is always 404
                yield name, prefix + str(p.pattern), p.callback

    return walk(get_resolver().url_patterns, "", "")


def api_operations() -> Iterator[tuple[str, str, Any]]:
    """(METHOD, /api/v1/path, operation) of every API operation."""
    for bound in api._get_bound_routers():
        for path, view in bound.path_operations.items():
            full = "/api/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            for operation in view.operations:
                for method in operation.methods:
                    yield method, full, operation


def action_of(operation: Any) -> str | None:
    found = [cb.action for cb in operation.auth_callbacks if isinstance(cb, ActionToken)]
    return found[0] if len(found) == 1 else None


def test_the_walk_sees_the_whole_project() -> None:
    names = {name for name, _route, _view in url_patterns()}
    assert {"home", "alerts:board", "funds:detail", "cases:letter_issue", "admin:*", "api:openapi-json"} <= names
    assert len(names) > 80
    operations = {(m, p) for m, p, _op in api_operations()}
    assert ("GET", "/api/v1/stop-payments/{stop_id}") in operations
    assert ("GET", "/api/v1/places/townships") in operations
    assert len(operations) > 30


def test_every_page_declares_an_action_or_is_public() -> None:
    undeclared, unknown = [], []
    for name, route, view in url_patterns():
        actions = [getattr(view, ACTION, None), getattr(view, POST_ACTION, None)]
        if name == "admin:*":
            actions = [getattr(view, "fanzha_action", None)]
        if actions[0] is None:
            if getattr(view, PUBLIC, False) and name in PUBLIC_PAGES:
                continue
            if getattr(view, SIGN_IN_STEP, False) and name in SIGN_IN_STEPS:
                continue
            undeclared.append(f"{name} (/{route})")
        unknown += [f"{name}: {a}" for a in actions if a is not None and a not in ACTIONS]
    assert not undeclared, f"pages that declare no action and are not listed as public: {undeclared}"
    assert not unknown, f"pages that declare an action the policy does not know: {unknown}"


def test_what_is_public_is_public_in_the_code() -> None:
    views = {name: view for name, _route, view in url_patterns()}
    for name in PUBLIC_PAGES:
        assert getattr(views[name], PUBLIC, False), f"{name} is listed public but not declared so"
    for name in SIGN_IN_STEPS:
        assert getattr(views[name], SIGN_IN_STEP, False), name


def test_every_api_operation_declares_an_action() -> None:
    undeclared = [f"{m} {p}" for m, p, op in api_operations() if action_of(op) is None]
    assert not undeclared, f"API operations with no ActionToken(action): {undeclared}"
    unknown = [f"{m} {p}: {action_of(op)}" for m, p, op in api_operations() if action_of(op) not in ACTIONS]
    assert not unknown


def test_every_action_is_asked_for_somewhere() -> None:
    """An action nobody asks for is a row entry that protects nothing."""
    asked = {getattr(view, a, None) for _n, _r, view in url_patterns() for a in (ACTION, POST_ACTION)}
    asked |= {action_of(op) for _m, _p, op in api_operations()}
    asked |= {admin.site.fanzha_action}  # type: ignore[attr-defined]
    assert set(ACTIONS) - asked == set()


def test_every_role_has_a_row_of_known_actions() -> None:
    assert set(POLICY) == set(Role.values)
    for role, row in POLICY.items():
        assert row.actions <= set(ACTIONS), f"{role}: {row.actions - set(ACTIONS)}"


def test_the_navigation_asks_what_its_page_asks() -> None:
    views = {name: view for name, _route, view in url_patterns()}
    for entry in NAV:
        view = views["admin:*" if entry.url_name.startswith("admin:") else entry.url_name]
        declared = getattr(view, ACTION, None) or getattr(view, "fanzha_action", None)
        assert entry.action == declared, f"{entry.url_name}: navigation asks {entry.action}, the page {declared}"
        reverse(entry.url_name)


# The API operation and the page that shows or changes the same thing: they must ask the same action.
API_AND_PAGE = {
    ("GET", "/api/v1/alerts/{alert_id}"): "alerts:detail",
    ("POST", "/api/v1/alerts/{alert_id}/attempts"): "alerts:attempt",
    ("GET", "/api/v1/stop-payments"): "funds:list",
    ("GET", "/api/v1/stop-payments/{stop_id}"): "funds:detail",
    ("POST", "/api/v1/stop-payments"): "funds:stoppayment_new",
    ("POST", "/api/v1/stop-payments/{stop_id}/status"): "funds:effective",
    ("POST", "/api/v1/freezes"): "funds:freeze",
    ("POST", "/api/v1/returns"): "funds:return",
    ("GET", "/api/v1/cases"): "cases:case_list",
    ("GET", "/api/v1/cases/{case_id}"): "cases:case_detail",
    ("GET", "/api/v1/cases/{case_id}/review"): "cases:review_docx",
    ("PUT", "/api/v1/cases/{case_id}/alerts"): "cases:case_alerts",
    ("POST", "/api/v1/cases"): "cases:case_create",
    ("POST", "/api/v1/organisations/{organisation_id}/notice-letters"): "cases:letter_issue",
    ("GET", "/api/v1/notice-letters/{letter_id}"): "cases:letter_detail",
    ("GET", "/api/v1/notice-letters/{letter_id}/document"): "cases:letter_docx",
    ("GET", "/api/v1/consultations"): "consults:staff_list",
    ("POST", "/api/v1/consultations"): "consults:staff_new",
    ("GET", "/api/v1/households"): "people:resident_list",
    ("GET", "/api/v1/residents"): "people:resident_list",
    ("GET", "/api/v1/organisations"): "people:organisation_list",
    ("GET", "/api/v1/outreach/activities"): "outreach:activity_list",
    ("POST", "/api/v1/outreach/activities"): "outreach:activity_new",
    ("GET", "/api/v1/outreach/coverage"): "outreach:coverage_village",
    ("POST", "/api/v1/bulletins"): "outreach:bulletin_new",
    ("GET", "/api/v1/bulletins/{bulletin_id}"): "outreach:bulletin_detail",
    ("GET", "/api/v1/notifications"): "notify:inbox",
    ("POST", "/api/v1/notifications/{notification_id}/read"): "notify:read",
    ("GET", "/api/v1/stats/summary"): "stats:dashboard",
    ("GET", "/api/v1/stats/series"): "stats:dashboard",
    ("GET", "/api/v1/materials"): "materials:material_list",
    ("POST", "/api/v1/materials"): "materials:material_new",
    ("POST", "/api/v1/cases/{case_id}/typical-case"): "materials:typical_case_create",
    ("GET", "/api/v1/techniques"): "materials:technique_list",
    ("POST", "/api/v1/techniques"): "materials:technique_new",
}
# Operations no page does: what they need, and why.
API_ONLY = {
    ("GET", "/api/v1/alerts"): "alert.read: the jurisdiction's alerts; the pages list them on the board or 我的预警",
    ("POST", "/api/v1/alerts"): "alert.intake: upper-level platforms push alerts (people type them: alert.enter)",
    ("POST", "/api/v1/classify"): "consult.classify: the engine for other systems",
    ("GET", "/api/v1/places/counties"): "place.read: look-ups for API clients",
    ("GET", "/api/v1/places/townships"): "place.read: look-ups for API clients",
    ("GET", "/api/v1/places/villages"): "place.read: look-ups for API clients",
}


def test_whoever_lists_alerts_through_the_api_has_a_list_of_them_on_the_pages() -> None:
    for role, row in POLICY.items():
        if "alert.read" in row.actions:
            assert {"alert.board", "alert.tasks"} & row.actions, role


def test_the_api_asks_what_the_pages_ask() -> None:
    views = {name: view for name, _route, view in url_patterns()}
    problems = []
    for method, path, operation in api_operations():
        key = (method, path)
        if key in API_ONLY:
            assert action_of(operation) == API_ONLY[key].split(":")[0], key
            continue
        assert key in API_AND_PAGE, f"{method} {path}: name its page in API_AND_PAGE (or add it to API_ONLY)"
        view = views[API_AND_PAGE[key]]
        page = (getattr(view, POST_ACTION, None) if method == "POST" else None) or getattr(view, ACTION)
        if action_of(operation) != page:
            problems.append(f"{method} {path} asks {action_of(operation)}, its page {API_AND_PAGE[key]} asks {page}")
    assert not problems, "\n".join(problems)


def _docs_table() -> dict[str, set[str]]:
    """The table in docs/architecture.md: | `action` | ✓ | … | with one column per role."""
    text = DOCS.read_text(encoding="utf-8")
    header = re.search(r"^\| action \|(.+)\|$", text, re.M)
    assert header, "docs/architecture.md has no policy table"
    roles = [cell.strip().strip("`") for cell in header.group(1).split("|")]
    table: dict[str, set[str]] = {}
    for row in re.finditer(r"^\| `([a-z_]+\.[a-z_]+)` \|(.+)\|$", text, re.M):
        cells = [cell.strip() for cell in row.group(2).split("|")]
        table[row.group(1)] = {role for role, cell in zip(roles, cells, strict=True) if cell == "✓"}
    return table


def test_the_documented_table_is_the_table() -> None:
    documented = _docs_table()
    actual = {action: {role for role, row in POLICY.items() if action in row.actions} for action in ACTIONS}
    assert documented == actual

"""The policy matrix: every role × every page and every API operation, on an object inside the user's
jurisdiction (village a1, township A) and one outside (b1, B).

What each role may do is written out below (EXPECTED), not read from the code under test; each page
and operation is then requested as each role and must answer:
- 403 when the role may not take the action the page or operation declares,
- the page's own success when it may and the object is inside — a redirect counts only when it goes
  where the page sends a user after the action (never the login or the code page),
- 404 when it may but the object is outside (422 for an object named in an API body).

A page or operation missing from the tables below fails the test: a new one must be added here.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import resolve, reverse
from django.utils import timezone

from fanzha.accounts.models import ApiToken, Role, User
from fanzha.accounts.policy import ACTIONS, can
from fanzha.accounts.services import api_token_create
from fanzha.core.models import Job
from fanzha.core.permissions import ACTION, POST_ACTION
from fanzha.notify.models import Channel
from fanzha.people.models import KeyGroup
from tests.accounts.test_policy_coverage import PUBLIC_PAGES, SIGN_IN_STEPS, action_of, api_operations, url_patterns
from tests.factories import UserFactory
from tests.scoping.conftest import ScopedWorld, forbidden

# C centre operator, L leader, A admin, S station chief, O community officer, P police assistant, G grid worker,
# F the prefecture's centre operator, Q the prefecture's leader.
EXPECTED = {
    "home.read": "CLASOPGFQ",
    "account.self": "CLASOPGFQ",
    "job.read": "CLASOPGFQ",
    "place.read": "CLASOPGFQ",
    "people.read": "CLASOPGFQ",
    "people.import": "CA",
    "alert.read": "CLASOPGFQ",
    "alert.tasks": "OPG",
    "alert.board": "CLASFQ",
    "alert.act": "CASOPGF",
    "alert.dispatch": "CASF",
    "alert.enter": "CAF",
    "alert.intake": "CAF",
    "alert.cross_county": "AFQ",
    "stop_payment.read": "CLASOFQ",
    "stop_payment.write": "CASOF",
    "case.read": "CLASOFQ",
    "case.write": "CASOF",
    "case.import": "CA",
    "key_group.read": "CLASOFQ",
    "letter.read": "CLASOFQ",
    "letter.issue": "CASOF",
    "document.configure": "CA",
    "consult.classify": "CLASOPGFQ",
    "consult.read": "CLASOPFQ",
    "consult.log": "CASOPF",
    "outreach.read": "CLASOPGFQ",
    "outreach.log": "CASOPGF",
    "outreach.import": "CAS",
    "outreach.bulletin": "CAF",
    "material.read": "CLASOPGFQ",
    "material.upload": "CAS",
    "typical_case.write": "CA",
    "technique.read": "CLASOPGFQ",
    "technique.write": "CA",
    "notify.read": "CLASOPGFQ",
    "notify.channel_manage": "CAF",
    "stats.read": "CLASFQ",
    "admin.audit_log": "A",
    "admin.site": "A",
}
# One user per role, each covering village a1 (township A) and not b1 (B), or the whole county.
# (The admin of the shared world is a superuser: the matrix takes a plain one, who covers what the centre does.)
COVERS_AS = {"admin_role": "centre", "prefecture_operator": "centre", "prefecture_leader": "centre"}
ROLE_USERS = {
    "C": "centre",
    "L": "leader",
    "A": "admin_role",
    "S": "chief_a",
    "O": "officer_a1",
    "P": "assistant_a1",
    "G": "grid_a1",
    "F": "prefecture_operator",
    "Q": "prefecture_leader",
}
INSIDE, OUTSIDE = "a1", "b1"
PLACE_OF = {"a1": "a1", "b1": "b1", "A": "a1", "B": "b1"}


def test_the_table_is_as_written(world: Any) -> None:
    assert set(EXPECTED) == set(ACTIONS)
    made = {
        "A": UserFactory(username="t_admin_role", role=Role.ADMIN),
        "F": UserFactory(username="t_prefecture_operator", role=Role.PREFECTURE_OPERATOR),
        "Q": UserFactory(username="t_prefecture_leader", role=Role.PREFECTURE_LEADER),
    }
    users = {**{letter: world.user(name) for letter, name in ROLE_USERS.items() if letter not in made}, **made}
    wrong = [
        f"{letter} {action}"
        for action, letters in EXPECTED.items()
        for letter, user in users.items()
        if can(user, action) != (letter in letters)
    ]
    assert not wrong, f"the policy differs from the written table: {wrong}"


# --- what to request ------------------------------------------------------------------------------------


@dataclass
class Probe:
    """How to request one page or operation, and what its success looks like."""

    kind: str | None = None  # the object in the path (or named by `query`/`body`), from the scoped world
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    ok: tuple[int, ...] = (200,)
    to: str | None = None  # a 302 is the success when it goes to this URL name (with the object's pk)
    to_pk: Callable[[Any], int] | None = None
    query: str | None = None  # the object goes in this query parameter, not the path
    in_body: bool = False  # the object is named in the body: outside is 404 or 422
    missing: bool = False  # the object cannot be made here: any pk, so allowed means 404 and refused 403
    outside: tuple[int, ...] = (404,)  # the answer for an object outside (someone else's job: 403)
    follow: bool = False  # judge the page the redirects end on (the admin site sends to its login first)
    multipart: bool = False  # an API body sent as a form (uploads), not JSON


def _today() -> str:
    return str(timezone.localdate())


_counter = itertools.count(1)


def _unique(prefix: str) -> str:
    return f"{prefix}-{next(_counter)}"


PAGES: dict[str, Probe] = {
    "home": Probe(),
    "accounts:security": Probe(),
    "accounts:password_change": Probe(method="post", ok=(400,)),
    "accounts:token_create": Probe(method="post", data={"name": "矩阵"}),
    "accounts:token_revoke": Probe("token", method="post", ok=(), to="accounts:security", to_pk=lambda o: 0),
    "core:audit_log": Probe(),
    "core:job_detail": Probe("job", outside=(403,)),
    "core:job_result": Probe("job", outside=(403,)),
    "people:resident_list": Probe(),
    "people:resident_detail": Probe("resident"),
    "people:organisation_list": Probe(),
    "people:import": Probe(),
    "people:import_template": Probe(),
    "alerts:tasks": Probe(),
    "alerts:board": Probe(),
    "alerts:new": Probe(),
    "alerts:import": Probe(),
    "alerts:import_template": Probe(),
    "alerts:detail": Probe("alert"),
    "alerts:person": Probe("alert"),
    "alerts:attempt": Probe("alert", method="post", ok=(400,)),
    "alerts:close": Probe("alert", method="post", ok=(400,)),
    "alerts:dispatch": Probe("alert", method="post", ok=(400,)),
    "alerts:observable": Probe("observable"),
    "alerts:money_sent": Probe("alert", to="alerts:detail"),
    "cases:case_alerts": Probe("case", method="post", ok=(), to="cases:case_detail"),
    "live": Probe(data={"topics": "alerts,funds,notify"}),
    "alerts:cross_county": Probe(),
    "alerts:cross_county_detail": Probe(missing=True),
    "funds:list": Probe(),
    "funds:stoppayment_new": Probe("alert", query="alert"),
    "funds:detail": Probe("stoppayment"),
    "funds:effective": Probe("stoppayment", method="post", ok=(), to="funds:detail"),
    "funds:failed": Probe("stoppayment", method="post", ok=(), to="funds:detail"),
    "funds:freeze": Probe("stoppayment", method="post", ok=(400,)),
    "funds:return": Probe("stoppayment", method="post", ok=(400,)),
    "notify:inbox": Probe(),
    "notify:read": Probe("notification", method="post", ok=(), to="notify:inbox", to_pk=lambda o: 0),
    "notify:read_all": Probe(method="post", ok=(), to="notify:inbox"),
    "notify:channel_list": Probe(),
    "notify:channel_edit": Probe("channel"),
    "notify:channel_test": Probe("channel", method="post", ok=(), to="notify:channel_list", to_pk=lambda o: 0),
    "notify:delivery_list": Probe(),
    "outreach:home": Probe(),
    "outreach:activity_list": Probe(),
    "outreach:activity_new": Probe(),
    "outreach:household_picker": Probe(),
    "outreach:activity_detail": Probe("activity"),
    "outreach:activity_photo": Probe(missing=True),
    "outreach:coverage": Probe(),
    "outreach:coverage_village": Probe("village"),
    "outreach:registrations": Probe(),
    "outreach:registrations_import": Probe(),
    "outreach:registrations_village": Probe("village"),
    "outreach:group_list": Probe(),
    "outreach:group_detail": Probe("group"),
    "outreach:head_visit_create": Probe("group", method="post", ok=(400,)),
    "outreach:bulletin_list": Probe(),
    "outreach:bulletin_new": Probe(),
    "outreach:bulletin_detail": Probe("bulletin"),
    "outreach:bulletin_picture": Probe(missing=True),
    "cases:case_list": Probe(),
    "cases:case_create": Probe(),
    "cases:import": Probe(),
    "cases:import_template": Probe(),
    "cases:case_detail": Probe("case"),
    "cases:case_edit": Probe("case"),
    "cases:resident_picker": Probe(data={"q": "ZMK"}),
    "cases:key_groups": Probe(),
    "cases:key_group_detail": Probe("keygroup"),
    "cases:review_docx": Probe("case"),
    # The matrix asks who may, not whether LibreOffice renders (tests/cases/test_official_documents.py
    # does): without it a PDF answers 503 to whoever may read the document.
    "cases:review_pdf": Probe("case", ok=(503,)),
    "cases:notification_pdf": Probe("casenotification", ok=(503,)),
    "cases:notification_number": Probe(
        "casenotification", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.case_id
    ),
    "cases:interview_notice_docx": Probe("interview"),
    "cases:interview_notice_pdf": Probe("interview", ok=(503,)),
    "cases:interview_notice_number": Probe(
        "interview", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.case_id
    ),
    "cases:document_settings": Probe(),
    "cases:letter_pdf": Probe("letter", ok=(503,)),
    "cases:notification_docx": Probe("casenotification"),
    "cases:notification_sent": Probe(
        "casenotification", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.case_id
    ),
    "cases:interview_update": Probe(
        "interview", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.case_id
    ),
    "cases:action_add": Probe("interview", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.case_id),
    "cases:action_done": Probe(
        "followup", method="post", ok=(), to="cases:case_detail", to_pk=lambda o: o.interview.case_id
    ),
    "cases:letters": Probe(),
    "cases:letter_batch": Probe(method="post", ok=(), to="cases:letters"),
    "cases:letter_detail": Probe("letter"),
    "cases:letter_docx": Probe("letter"),
    "cases:letter_issue": Probe("organisation", method="post"),
    "cases:organisation_history": Probe("organisation"),
    "cases:township_history": Probe("township"),
    "consults:staff_list": Probe(),
    "consults:staff_new": Probe(),
    "consults:detail": Probe("consultation"),
    "materials:material_list": Probe(),
    "materials:material_new": Probe(),
    "materials:material_detail": Probe("material"),
    "materials:material_file": Probe("material"),
    "materials:material_use": Probe("material", method="post", ok=(), to="materials:material_detail"),
    "materials:material_attach": Probe("material", method="post", ok=(), to="materials:material_detail"),
    "materials:typical_case_list": Probe(),
    "materials:typical_case_create": Probe(
        "case", method="post", ok=(), to="materials:typical_case_edit", to_pk=lambda c: c.typical_cases.latest("id").pk
    ),
    "materials:typical_case_edit": Probe("typicalcase"),
    "materials:typical_case_publish": Probe("typicalcase", method="post", ok=(400,)),
    "materials:technique_list": Probe(),
    "materials:technique_new": Probe(),
    "materials:technique_detail": Probe("technique"),
    "materials:technique_publish": Probe("technique", method="post", ok=(), to="materials:technique_detail"),
    "materials:technique_withdraw": Probe("technique", method="post", ok=(), to="materials:technique_detail"),
    "stats:dashboard": Probe(),
    "stats:export_xlsx": Probe(),
    "stats:report_docx": Probe(),
    "stats:report_pdf": Probe(ok=(503,)),
    "stats:county_ranking": Probe(),
    "stats:county_ranking_xlsx": Probe(),
    "stats:county_ranking_docx": Probe(),
    "admin:*": Probe(follow=True),
}
# The letter page also takes the delivery record (a POST, letter.issue): its own row.
PAGE_POSTS = {"cases:letter_detail": Probe("letter", method="post", ok=(400,), data={"delivered_on": "昨天"})}

PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


def _case_body(w: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "case_number": _unique("ZMK-MATRIX"),
        "occurred_at": (now - timedelta(days=1)).isoformat(),
        "reported_at": now.isoformat(),
        "fraud_type": "investment",
        "contact_method": "phone",
        "loss_amount": "10.00",
        "victim_name": "矩阵",
        "township_id": w.township_id,
        "village_id": w.pk,
    }


API: dict[tuple[str, str], Probe] = {
    ("GET", "/api/v1/places/counties"): Probe(),
    ("GET", "/api/v1/places/townships"): Probe(),
    ("GET", "/api/v1/places/villages"): Probe(),
    ("GET", "/api/v1/households"): Probe(),
    ("GET", "/api/v1/residents"): Probe(),
    ("GET", "/api/v1/organisations"): Probe(),
    ("POST", "/api/v1/alerts"): Probe(
        method="post",
        ok=(201,),
        data=lambda _o: {"external_id": _unique("ZMK-IN"), "source": "province", "level": "low", "fraud_type": "loan"},
    ),
    ("GET", "/api/v1/alerts"): Probe(),
    ("GET", "/api/v1/alerts/{alert_id}"): Probe("alert"),
    ("POST", "/api/v1/alerts/{alert_id}/attempts"): Probe(
        "alert", method="post", ok=(201,), data={"method": "phone", "reached": False}
    ),
    ("POST", "/api/v1/stop-payments"): Probe(
        "alert",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda a: {
            "alert_id": a.pk,
            "bank": "农业银行",
            "holder_name": "矩阵",
            "account_number": f"6228480{next(_counter):012d}",
            "amount": "10.00",
            "transaction_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        },
    ),
    ("GET", "/api/v1/stop-payments"): Probe(),
    ("GET", "/api/v1/stop-payments/{stop_id}"): Probe("stoppayment"),
    ("POST", "/api/v1/stop-payments/{stop_id}/status"): Probe(
        "stoppayment", method="post", ok=(409,), data={"status": "failed", "reason": "矩阵"}
    ),
    ("POST", "/api/v1/freezes"): Probe(
        "stoppayment",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda s: {"stop_payment_id": s.pk, "amount": "1.00"},
    ),
    ("POST", "/api/v1/returns"): Probe(
        "freeze",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda f: {"freeze_id": f.pk, "amount": "1.00", "returned_on": _today()},
    ),
    ("POST", "/api/v1/classify"): Probe(method="post", data={"texts": ["刷单返利，先垫付再返佣金"]}),
    ("POST", "/api/v1/consultations"): Probe(
        "village",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda v: {"external_id": _unique("ZMK-C"), "text": "有人说我中奖了", "village_id": v.pk},
    ),
    ("GET", "/api/v1/consultations"): Probe(),
    ("GET", "/api/v1/notifications"): Probe(),
    ("POST", "/api/v1/notifications/{notification_id}/read"): Probe("notification", method="post"),
    ("POST", "/api/v1/outreach/activities"): Probe(
        "village",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda v: {"kind": "family", "date": _today(), "village": v.pk},
    ),
    ("GET", "/api/v1/outreach/activities"): Probe(),
    ("GET", "/api/v1/outreach/coverage"): Probe("village", query="village"),
    ("POST", "/api/v1/bulletins"): Probe(
        "township",
        method="post",
        ok=(201,),
        in_body=True,
        data=lambda t: {
            "title": "矩阵",
            "text": "新骗术提醒",
            "fraud_type": "investment",
            "targets": [{"level": "township", "id": t.pk}],
        },
    ),
    ("GET", "/api/v1/bulletins/{bulletin_id}"): Probe("bulletin"),
    ("POST", "/api/v1/cases"): Probe("village", method="post", ok=(201,), in_body=True, data=_case_body),
    ("GET", "/api/v1/cases"): Probe(),
    ("GET", "/api/v1/cases/{case_id}"): Probe("case"),
    ("GET", "/api/v1/cases/{case_id}/review"): Probe("case"),
    ("PUT", "/api/v1/cases/{case_id}/alerts"): Probe("case", method="put", data={"alert_ids": []}),
    ("POST", "/api/v1/organisations/{organisation_id}/notice-letters"): Probe(
        "organisation", method="post", ok=(200, 201)
    ),
    ("GET", "/api/v1/notice-letters/{letter_id}"): Probe("letter"),
    ("GET", "/api/v1/notice-letters/{letter_id}/document"): Probe("letter"),
    ("GET", "/api/v1/materials"): Probe(),
    ("POST", "/api/v1/materials"): Probe(
        method="post",
        ok=(201,),
        multipart=True,
        data=lambda _o: {"kind": "slogan", "title": "矩阵", "text": "不转账", "external_id": _unique("ZMK-M")},
    ),
    ("POST", "/api/v1/cases/{case_id}/typical-case"): Probe("case", method="post", ok=(201,)),
    ("GET", "/api/v1/techniques"): Probe(),
    ("POST", "/api/v1/techniques"): Probe(
        method="post", ok=(201,), data={"name": "矩阵", "fraud_type": "loan", "phrases": ["矩阵短语"], "why": "矩阵"}
    ),
    ("GET", "/api/v1/stats/summary"): Probe(data=PERIOD),
    ("GET", "/api/v1/stats/series"): Probe(data={**PERIOD, "indicator": "cases"}),
}


def test_every_page_and_operation_is_in_the_matrix() -> None:
    pages = {name for name, _r, _v in url_patterns()} - PUBLIC_PAGES - SIGN_IN_STEPS
    assert pages == set(PAGES), f"missing: {pages - set(PAGES)}; gone: {set(PAGES) - pages}"
    operations = {(m, p) for m, p, _op in api_operations()}
    assert operations == set(API), f"missing: {operations - set(API)}; gone: {set(API) - operations}"


# --- the world's extra objects ----------------------------------------------------------------------------


@pytest.fixture
def matrix_world(scoped_world: ScopedWorld) -> ScopedWorld:
    """The scoped world, plus: a non-superuser admin, the units' key-group members (so a letter can be
    made), a channel, and for each role user its own token, job and (for a1/b1) notification."""
    sw = scoped_world
    world = sw.world
    world.users["admin_role"] = UserFactory(username="t_admin_role", role=Role.ADMIN)
    world.users["prefecture_operator"] = UserFactory(username="t_pref_op", role=Role.PREFECTURE_OPERATOR)
    world.users["prefecture_leader"] = UserFactory(username="t_pref_lead", role=Role.PREFECTURE_LEADER)
    accountant, _ = KeyGroup.objects.get_or_create(code="accountant", defaults={"name": "会计/财务人员"})
    for place in ("a1", "b1"):
        resident: Any = sw.get("resident", place).obj
        resident.organisation = sw.get("organisation", place).obj
        resident.save()
        resident.key_groups.add(accountant)
    sw.add("keygroup", "a1", accountant)
    channel = Channel.objects.create(name="值班邮箱", kind="email", target="duty@example.invalid", owner_key="county:1")
    sw.add("channel", "a1", channel)
    _materials_objects(sw)
    return sw


def _materials_objects(sw: ScopedWorld) -> None:
    """A poster with its file and a published technique (the county's), and a typical case per case."""
    from fanzha.cases.models import Case
    from fanzha.materials.models import Material, Technique, TypicalCase

    poster = Material.objects.create(kind="poster", title="矩阵海报", content_type="image/png")
    poster.file.save("poster.png", ContentFile(b"\x89PNG\r\n\x1a\n"))
    sw.add("material", "a1", poster)
    technique = Technique.objects.create(
        name="矩阵手法", fraud_type="loan", description="矩阵", phrases=["矩阵短语"], why="矩阵", status="published"
    )
    sw.add("technique", "a1", technique)
    for placed in sw.of("case"):
        case: Any = placed.obj
        assert isinstance(case, Case)
        typical = TypicalCase.objects.create(case=case, title="矩阵", text="矩阵", fraud_type=case.fraud_type)
        sw.add("typicalcase", placed.place, typical)


def _own_objects(sw: ScopedWorld, user: User, other: User) -> dict[str, tuple[Any, Any]]:
    """Objects that belong to a user rather than a place: (the user's own, someone else's)."""
    api_token_create(user=user, name="矩阵")
    api_token_create(user=other, name="他人")
    tokens = (ApiToken.objects.filter(user=user).first(), ApiToken.objects.filter(user=other).first())
    jobs = []
    for owner in (user, other):
        job = Job.objects.create(kind="people.import", created_by=owner, status=Job.Status.DONE)
        job.result_file.save("result.txt", ContentFile(b"ok"))
        jobs.append(job)
    from fanzha.notify.models import Notification

    notes = tuple(
        Notification.objects.create(user=owner, event_key=_unique("zmk.matrix"), subject="矩阵")
        for owner in (user, other)
    )
    return {"token": tokens, "job": tuple(jobs), "notification": notes}


# --- requesting -----------------------------------------------------------------------------------------


def _objects(sw: ScopedWorld, own: dict[str, tuple[Any, Any]], kind: str, covers: str) -> list[tuple[Any, bool]]:
    """(object, inside the user's scope?) for a kind: one in a1 or A and one in b1 or B — both inside for
    a county-wide role —, the user's own and someone else's, or the county's fixed one."""
    if kind in own:
        mine, theirs = own[kind]
        return [(mine, True), (theirs, False)]
    if kind in ("keygroup", "channel", "material", "technique"):  # the county's, not a place's
        return [(sw.get(kind, "a1").obj, True)]
    placed = [next(p for p in sw.of(kind) if PLACE_OF.get(p.place) == v) for v in (INSIDE, OUTSIDE)]
    return [(p.obj, not forbidden(covers, p.place)) for p in placed]


def _body(probe: Probe, obj: Any) -> dict[str, Any]:
    return probe.data(obj) if callable(probe.data) else dict(probe.data)


def _page_url(name: str, probe: Probe, obj: Any) -> str:
    if name == "admin:*":
        return reverse("admin:index")
    if probe.missing:
        return reverse(name, args=[987654])
    if obj is None or probe.query:
        return reverse(name) + (f"?{probe.query}={obj.pk}" if obj is not None else "")
    return reverse(name, args=[obj.pk])


def _succeeded(response: Any, probe: Probe, obj: Any) -> bool:
    if response.status_code in probe.ok:
        return True
    if response.status_code == 302 and probe.to:
        if probe.to_pk is not None:
            pk = probe.to_pk(obj)
            target = reverse(probe.to, args=[pk]) if pk else reverse(probe.to)
        else:
            target = reverse(probe.to, args=[obj.pk]) if obj is not None else reverse(probe.to)
        return bool(response["Location"] == target)
    return False


def _declared(name: str, method: str) -> str:
    if name == "admin:*":
        return "admin.site"
    view = resolve(reverse(name, args=[1]) if "<" in _route(name) else reverse(name)).func
    return (getattr(view, POST_ACTION, None) if method == "post" else None) or getattr(view, ACTION)


def _route(name: str) -> str:
    return next(route for n, route, _v in url_patterns() if n == name)


@pytest.mark.parametrize("letter", list(ROLE_USERS))
def test_pages_answer_each_role_as_the_table_says(
    letter: str, matrix_world: ScopedWorld, client: Any, settings: Any
) -> None:
    settings.SOFFICE = "/nonexistent/soffice"  # PDFs answer 503 to those who may read them
    sw = matrix_world
    user = sw.world.user(ROLE_USERS[letter])
    own = _own_objects(sw, user, sw.world.user("officer_b1"))
    client.force_login(user)
    problems = []
    probes = [(name, probe) for name, probe in PAGES.items()] + list(PAGE_POSTS.items())
    for name, probe in probes:
        action = _declared(name, probe.method)
        allowed = letter in EXPECTED[action]
        covers = COVERS_AS.get(ROLE_USERS[letter], ROLE_USERS[letter])
        objects = [(None, True)] if probe.kind is None else _objects(sw, own, probe.kind, covers)
        for obj, is_inside in objects:
            url = _page_url(name, probe, obj)
            send = client.post if probe.method == "post" else client.get
            response = send(url, _body(probe, obj), follow=probe.follow)
            status = response.status_code
            where = (
                f"{ROLE_USERS[letter]} {probe.method.upper()} {url} ({action}, {'inside' if is_inside else 'outside'})"
            )
            if not allowed:
                if status != 403:
                    problems.append(f"{where}: {status}, expected 403")
            elif probe.missing:
                if status != 404:
                    problems.append(f"{where}: {status}, expected 404 (no such object)")
            elif is_inside:
                if not _succeeded(response, probe, obj):
                    problems.append(f"{where}: {status} {response.get('Location', '')}, expected success")
            elif status not in probe.outside:
                problems.append(f"{where}: {status}, expected {probe.outside}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("letter", list(ROLE_USERS))
def test_the_api_answers_each_role_as_the_table_says(letter: str, matrix_world: ScopedWorld, client: Any) -> None:
    sw = matrix_world
    user = sw.world.user(ROLE_USERS[letter])
    own = _own_objects(sw, user, sw.world.user("officer_b1"))
    headers = {"Authorization": f"Bearer {api_token_create(user=user)}"}
    operations = {(m, p): op for m, p, op in api_operations()}
    problems = []
    for (method, path), probe in API.items():
        action = action_of(operations[(method, path)])
        assert action is not None
        allowed = letter in EXPECTED[action]
        covers = COVERS_AS.get(ROLE_USERS[letter], ROLE_USERS[letter])
        objects = [(None, True)] if probe.kind is None else _objects(sw, own, probe.kind, covers)
        for obj, is_inside in objects:
            url, params = path, dict(probe.data) if not callable(probe.data) and method == "GET" else {}
            if obj is not None and "{" in path:
                url = path[: path.index("{")] + str(obj.pk) + path[path.index("}") + 1 :]
            if obj is not None and probe.query:
                params[probe.query] = obj.pk
            if method == "GET":
                response = client.get(url, params, headers=headers)
            elif probe.multipart:
                response = client.post(url, _body(probe, obj), headers=headers)
            else:
                body = json.dumps(_body(probe, obj))
                response = client.generic(method, url, body, content_type="application/json", headers=headers)
            status = response.status_code
            where = f"{ROLE_USERS[letter]} {method} {url} ({action}, {'inside' if is_inside else 'outside'})"
            if not allowed:
                if status != 403:
                    problems.append(f"{where}: {status}, expected 403")
            elif is_inside:
                if status not in probe.ok:
                    problems.append(f"{where}: {status} {response.content[:200]!r}, expected {probe.ok}")
            elif status not in ((404, 422) if probe.in_body else (404,)):
                problems.append(f"{where}: {status}, expected 404")
    assert not problems, "\n".join(problems)


def test_anonymous_visitors_are_sent_to_login_and_the_api_answers_401(matrix_world: ScopedWorld, client: Any) -> None:
    """A redirect is not a success: for a visitor who has not signed in, it is the refusal."""
    problems = []
    for name, probe in PAGES.items():
        url = reverse("admin:index") if name == "admin:*" else re.sub(r"<[a-z:]+>", "1", "/" + _route(name))
        response = (client.post if probe.method == "post" else client.get)(url)
        if response.status_code != 302 or not response["Location"].startswith(("/accounts/login/", "/admin/login/")):
            problems.append(f"anonymous {probe.method.upper()} {url}: {response.status_code}")
    for method, path in API:
        url = re.sub(r"\{[a-z_]+\}", "1", path)
        response = client.generic(method, url)
        if response.status_code != 401:
            problems.append(f"anonymous {method} {url}: {response.status_code}")
    assert not problems, "\n".join(problems)

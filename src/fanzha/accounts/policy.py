"""Who may do what: one table of roles × actions, asked the same way by pages, the API, services and
the navigation.

An action is a dotted name, `<area>.<verb>` ("stop_payment.read", "alert.act"). Each role is one row
of `POLICY`: the actions it may take, whether it reaches the whole county, and whether it must sign in
with a second factor in production. `can(user, action)` answers whether a user may take an action at
all; *which* objects they may take it on is the jurisdiction's question (`fanzha.places.scoping`), asked
after this one. A view declares its action with `fanzha.core.permissions.action_required`, an API
operation with `auth=ActionToken(action)` (`fanzha.accounts.api_auth`), a navigation entry with its
`action`; tests/accounts/test_policy_coverage.py fails for a page or an operation that declares none.

Adding a role is adding a row here (and its label in `Role`); adding an action is adding it to
`ACTIONS` and to the rows that may take it. Superusers may take every action.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fanzha.accounts.models import Role

# Every action, with what it lets a user do. An action asked for but missing here is a programming
# error (a typo would otherwise refuse everyone silently): `can` raises.
ACTIONS: dict[str, str] = {
    "home.read": "the home page: open work and the area's figures",
    "account.self": "one's own security page: password, API tokens, two-factor status",
    "job.read": "one's own background jobs (imports, batch letters) and their result files",
    "place.read": "townships and villages in the jurisdiction",
    "people.read": "households, residents (full record audited) and organisations",
    "people.import": "import residents from a spreadsheet",
    "alert.read": "open an alert, its person (audited), observables",
    "alert.tasks": "我的预警: the alerts to work on in one's villages",
    "alert.board": "值班看板: every open alert of the jurisdiction with counts and filters",
    "alert.act": "record dissuasion attempts and close an alert",
    "alert.dispatch": "send an alert to another village",
    "alert.enter": "type in an alert or upload an Excel batch of them",
    "alert.intake": "push alerts through the API (upper-level platforms)",
    "alert.cross_county": "串并线索: suspect traces seen in alerts of two or more counties (the prefecture)",
    "stop_payment.read": "stop-payments, freezes and returns with the full account (audited)",
    "stop_payment.write": "open a stop-payment, record the bank's answer, freezes and returns",
    "case.read": "cases, their accountability (通报、约谈) and backward check, history of a place",
    "case.write": "register and correct cases, record 通报 sent, interviews and follow-up",
    "case.import": "import cases from a spreadsheet",
    "key_group.read": "key groups (重点人群) and who has been reached",
    "letter.read": "notice letters (公安提示函) issued, and their documents",
    "letter.issue": "issue a numbered notice letter (文号) and record its delivery",
    "document.configure": "the county's document settings: bureau, 文号 prefixes, 印发机关, 抄送",
    "consult.classify": "ask the fraud engine about texts (API)",
    "consult.read": "consultations with the citizen's phone (audited)",
    "consult.log": "log a consultation received by phone or in person",
    "outreach.read": "outreach activities, coverage, App registrations, groups and bulletins",
    "outreach.log": "log an outreach activity or a ten-household head's visit",
    "outreach.import": "import the list of App registrations",
    "outreach.bulletin": "write and send a bulletin to the groups",
    "material.read": "the materials library (宣传素材库): find, preview, play and download materials",
    "material.upload": "upload posters, leaflets, audio, video, slogans and stamp designs to the library",
    "typical_case.write": "draft a typical case (典型案例) from a case, edit it and publish it as a bulletin",
    "technique.read": "new techniques (新型手法) and their red-flag phrases",
    "technique.write": "record, check, publish and withdraw new techniques",
    "notify.read": "one's own notifications and their deliveries",
    "notify.channel_manage": "add, change and test notification channels",
    "stats.read": "the statistics dashboard, its exports and the monthly report",
    "admin.audit_log": "read the audit log",
    "admin.site": "the administration site (users, places, assignments)",
}


@dataclass(frozen=True)
class RoleRules:
    """One row of the table."""

    actions: frozenset[str]
    # Sees the whole county (in a deployment of several counties: the counties of the user's county
    # assignments); otherwise the places of the user's assignments.
    county_wide: bool = False
    prefecture_wide: bool = False  # sees every county of the deployment
    two_factor: bool = False  # must enrol a second factor when TWO_FACTOR_ENFORCED (production)


# What every signed-in member of staff may do.
_EVERYONE = frozenset(
    {
        "home.read",
        "account.self",
        "job.read",
        "place.read",
        "people.read",
        "notify.read",
        "consult.classify",
        "material.read",
        "technique.read",
    }
)
# Reading the county's work: what a leader may do, and every role above the village.
_READ_ALL = _EVERYONE | {
    "alert.read",
    "alert.board",
    "stop_payment.read",
    "case.read",
    "key_group.read",
    "letter.read",
    "consult.read",
    "outreach.read",
    "stats.read",
}
# The village's field work: attempts on alerts, outreach.
_FIELD = _EVERYONE | {"alert.read", "alert.tasks", "alert.act", "outreach.read", "outreach.log"}
# What police officers record besides: stop-payments, cases, letters, consultations.
_POLICE_WORK = {
    "alert.act",
    "stop_payment.write",
    "case.write",
    "letter.issue",
    "consult.log",
    "outreach.log",
}

POLICY: dict[str, RoleRules] = {
    Role.CENTRE_OPERATOR: RoleRules(
        _READ_ALL
        | _POLICE_WORK
        | {
            "alert.dispatch",
            "alert.enter",
            "alert.intake",
            "case.import",
            "people.import",
            "outreach.import",
            "outreach.bulletin",
            "notify.channel_manage",
            "document.configure",
            "material.upload",
            "typical_case.write",
            "technique.write",
        },
        county_wide=True,
        two_factor=True,
    ),
    Role.LEADER: RoleRules(_READ_ALL, county_wide=True, two_factor=True),
    # The prefecture's centre (州反诈中心) directs the county centres: it reads and acts like a county
    # centre on every county, and takes the alerts that fit no county.
    Role.PREFECTURE_OPERATOR: RoleRules(
        _READ_ALL
        | _POLICE_WORK
        | {
            "alert.dispatch",
            "alert.enter",
            "alert.intake",
            "alert.cross_county",
            "outreach.bulletin",
            "notify.channel_manage",
        },
        county_wide=True,
        prefecture_wide=True,
        two_factor=True,
    ),
    Role.PREFECTURE_LEADER: RoleRules(
        _READ_ALL | {"alert.cross_county"}, county_wide=True, prefecture_wide=True, two_factor=True
    ),
    Role.ADMIN: RoleRules(
        frozenset(ACTIONS) - {"alert.tasks"},
        county_wide=True,
        prefecture_wide=True,
        two_factor=True,
    ),
    Role.STATION_CHIEF: RoleRules(_READ_ALL | _POLICE_WORK | {"alert.dispatch", "outreach.import", "material.upload"}),
    Role.COMMUNITY_OFFICER: RoleRules(
        _FIELD | _POLICE_WORK | {"stop_payment.read", "case.read", "key_group.read", "letter.read", "consult.read"}
    ),
    Role.POLICE_ASSISTANT: RoleRules(_FIELD | {"consult.read", "consult.log"}),
    Role.GRID_WORKER: RoleRules(_FIELD),
}

_NOBODY = RoleRules(frozenset())


def rules_of(role: str) -> RoleRules:
    return POLICY.get(role, _NOBODY)


def known(action: str) -> str:
    """The action itself; ValueError for one that is not in the table."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: add it to fanzha.accounts.policy.ACTIONS")
    return action


def can(user: Any, action: str) -> bool:
    """May `user` take `action` at all (the objects are the jurisdiction's question)?"""
    known(action)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return action in rules_of(user.role).actions


def allowed_roles(action: str) -> list[str]:
    """The roles whose row holds `action` (for documentation and tests)."""
    known(action)
    return [role for role, row in POLICY.items() if action in row.actions]

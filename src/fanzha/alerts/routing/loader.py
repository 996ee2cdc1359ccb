"""What routing needs to know about the county, read once and kept in each process: the address
gazetteer, the villages and townships, who works where (officer, assistant, grid workers, station
chiefs) and the deadline policy.

Intake runs hundreds of times a second; this is what keeps it to a phone lookup and a few inserts.
It is a cache, not state: saving or deleting a place, an assignment, a station, a policy or a staff
account bumps a version in the shared cache (every web process and worker sees it) and drops this
process's copy at once. Bulk loads send no signals, so a fingerprint of the tables (row counts and
highest ids) is compared as well. Other processes look at most every CHECK_EVERY_SECONDS.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Q

from fanzha.accounts.models import Role, User
from fanzha.alerts.models import DEFAULT_POLICIES, DeadlinePolicy, Level
from fanzha.alerts.routing.gazetteer import Gazetteer
from fanzha.places.models import Assignment, County, Grid, PoliceStation, Township, Village

VERSION_KEY = "alerts:directory:version"
CHECK_EVERY_SECONDS = 3.0
# A saved user matters to routing only when one of these changed (not on every login's last_login).
USER_FIELDS = frozenset({"is_active", "role", "full_name", "username", "phone", "email"})


@dataclass
class VillageStaff:
    officer: User | None = None
    assistant: User | None = None
    grid_workers: list[tuple[int | None, User]] = field(default_factory=list)  # (grid id, user)


@dataclass
class Directory:
    gazetteer: Gazetteer
    villages: dict[int, Village]  # with .township loaded
    townships: dict[int, Township]
    staff: dict[int, VillageStaff]
    chiefs: dict[int, list[User]]  # township id → station chiefs, oldest assignment first
    policies: dict[str, DeadlinePolicy]
    # The counties (a deployment may hold a prefecture's): names, and the address code (the first six
    # digits of the ID numbers issued there) of each county that has one.
    county_names: dict[int, str] = field(default_factory=dict)
    county_by_code: dict[str, int] = field(default_factory=dict)
    # The county of each user assigned to one (a county centre's operators, entering alerts).
    user_county: dict[int, int] = field(default_factory=dict)

    @property
    def several_counties(self) -> bool:
        return len(self.county_names) > 1

    def policy(self, level: str) -> DeadlinePolicy:
        return self.policies[level]


def build_gazetteer() -> Gazetteer:
    regions: list[str] = []
    for name, full_name in County.objects.values_list("name", "full_name"):
        regions += [name, full_name]
    return Gazetteer(
        townships=Township.objects.values_list("id", "name"),
        villages=Village.objects.values_list("id", "township_id", "name"),
        grids=Grid.objects.values_list("id", "village_id", "name"),
        regions=[r for r in regions if r],
    )


def _policies() -> dict[str, DeadlinePolicy]:
    found = {p.level: p for p in DeadlinePolicy.objects.all()}
    for level in Level.values:
        if level not in found:  # an admin deleted the row: work still gets a deadline
            contact, visit, centre_after = DEFAULT_POLICIES[level]
            found[level] = DeadlinePolicy(
                level=level, contact_minutes=contact, visit_minutes=visit, centre_after_minutes=centre_after
            )
    return found


def build_directory() -> Directory:
    villages = {v.pk: v for v in Village.objects.select_related("township")}
    townships = {t.pk: t for t in Township.objects.all()}
    staff: dict[int, VillageStaff] = defaultdict(VillageStaff)
    chiefs: dict[int, list[User]] = defaultdict(list)
    assignments = (
        Assignment.objects.filter(user__is_active=True)
        .filter(
            Q(role__in=[Role.COMMUNITY_OFFICER, Role.POLICE_ASSISTANT, Role.GRID_WORKER]) | Q(role=Role.STATION_CHIEF)
        )
        .select_related("user", "grid")
        .prefetch_related("station__townships")
        .order_by("id")
    )
    for a in assignments:
        if a.role == Role.STATION_CHIEF:
            covered = [t.pk for t in a.station.townships.all()] if a.station_id and a.station else []
            for township_id in covered + ([a.township_id] if a.township_id else []):
                if a.user not in chiefs[township_id]:
                    chiefs[township_id].append(a.user)
            continue
        village_id = a.village_id or (a.grid.village_id if a.grid else None)
        if village_id is None:
            continue
        people = staff[village_id]
        if a.role == Role.COMMUNITY_OFFICER and people.officer is None:
            people.officer = a.user
        elif a.role == Role.POLICE_ASSISTANT and people.assistant is None:
            people.assistant = a.user
        elif a.role == Role.GRID_WORKER:
            people.grid_workers.append((a.grid_id, a.user))
    counties = list(County.objects.values_list("id", "name", "code"))
    user_county = dict(
        Assignment.objects.filter(county__isnull=False, user__is_active=True)
        .order_by("-id")
        .values_list("user_id", "county_id")
    )
    return Directory(
        county_names={pk: name for pk, name, _code in counties},
        county_by_code={code[:6]: pk for pk, _name, code in counties if len(code) >= 6},
        user_county=user_county,
        gazetteer=build_gazetteer(),
        villages=villages,
        townships=townships,
        staff=dict(staff),
        chiefs=dict(chiefs),
        policies=_policies(),
    )


_lock = threading.Lock()
_state: dict[str, Any] = {"directory": None, "stamp": None, "checked": 0.0}


def _fingerprint() -> tuple[Any, ...]:
    parts: list[Any] = [cache.get(VERSION_KEY)]
    for model in (County, Township, Village, Grid, PoliceStation, Assignment, DeadlinePolicy):
        row = model.objects.aggregate(n=Count("id"), top=Max("id"))
        parts += [row["n"], row["top"]]
    return tuple(parts)


def current_directory() -> Directory:
    directory = _state["directory"]
    if directory is not None and time.monotonic() - _state["checked"] < CHECK_EVERY_SECONDS:
        return directory
    with _lock:
        stamp = _fingerprint()
        if _state["directory"] is None or stamp != _state["stamp"]:
            _state["directory"] = build_directory()
            _state["stamp"] = stamp
        _state["checked"] = time.monotonic()
        return _state["directory"]


def current_gazetteer() -> Gazetteer:
    return current_directory().gazetteer


def directory_changed(**kwargs: Any) -> None:
    """Signal receiver: what routing knows changed, so every process rebuilds before its next alert."""
    if kwargs.get("sender") is User:
        fields = kwargs.get("update_fields")
        if fields is not None and not (set(fields) & USER_FIELDS):
            return
    _state["directory"] = None
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))

"""Writes the demo county (see fanzha.demo.plan) and the users who work in it; wipes it; lists its logins.

Demo data is not a user's change: it is written with bulk_create in one transaction and gets no
per-row audit entries, only one `demo.loaded` entry on the county.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.db import models, transaction
from django.db.models import ProtectedError

from fanzha.accounts.models import Role, User
from fanzha.core.audit import log_action
from fanzha.demo import alerts, cases, consults, funds, materials, names, outreach
from fanzha.demo.mode import CACHE_KEY
from fanzha.demo.plan import (
    COUNTY_FULL_NAME,
    COUNTY_NAME,
    DEFAULT_RESIDENTS,
    DEMO_PASSWORD,
    REGION_CODE,
    SEED,
    HouseholdPlan,
    PeoplePlanner,
    PersonPlan,
    StaffPlanner,
    VillagePlan,
    chief_username,
    committee_heads,
    organisation_plan,
    plan_villages,
)
from fanzha.people.models import Household, KeyGroup, Organisation, Resident
from fanzha.places.models import Assignment, County, Grid, PoliceStation, TenHouseholdGroup, Township, Village

BATCH = 1000

APP_RECORDS = (
    ("alerts", alerts.load_demo),
    ("funds", funds.load_demo),
    ("cases", cases.load_demo),
    ("consults", consults.load_demo),
    ("outreach", outreach.load_demo),
    ("materials", materials.load_demo),
)
"""The apps' own demo records (`demo/<app>.py`), written after the county, its people and its staff."""


class DemoRefused(Exception):
    """The database holds a real county: the demo will not touch it."""


def demo_county() -> County | None:
    return County.objects.filter(is_demo=True).first()


def ensure_demo_database() -> None:
    if County.objects.filter(is_demo=False).exists():
        raise DemoRefused("数据库中已有正式（非演示）县区数据，演示命令不会修改它。")


# --- writing it --------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    county: County
    townships: int
    villages: int
    grids: int
    groups: int
    households: int
    residents: int
    organisations: int
    users: int
    app_records: list[tuple[str, str]]


def _bulk(model: type[models.Model], objs: Iterable[Any]) -> list[Any]:
    return model._default_manager.bulk_create(list(objs), batch_size=BATCH)


@dataclass
class _Places:
    county: County
    townships: dict[str, Township]
    villages: dict[int, Village]  # by VillagePlan.number
    grids: dict[tuple[int, int], Grid]  # by (village number, index)
    groups: dict[tuple[int, int], TenHouseholdGroup]
    stations: dict[str, PoliceStation]  # by township slug


@transaction.atomic
def build_demo(*, residents: int = DEFAULT_RESIDENTS, seed: int = SEED) -> BuildResult:
    ensure_demo_database()
    if demo_county() is not None:
        raise DemoRefused("演示县已存在；如需重建请使用 --reset。")
    validate_password(DEMO_PASSWORD)
    village_plans = plan_villages(seed)
    staff = StaffPlanner(villages=village_plans, seed=seed)
    clashing = sorted(
        User.objects.filter(username__in=[u.username for u in staff.users]).values_list("username", flat=True)
    )
    if clashing:
        raise DemoRefused(f"以下用户名已存在，演示账号无法创建：{', '.join(clashing)}")

    places = _write_places(village_plans)
    # People are drawn in memory first: organisations name their responsible person from among them.
    planner = PeoplePlanner(villages=village_plans, residents=residents, seed=seed)
    household_plans = planner.households()
    heads = committee_heads(household_plans, planner.rng)
    organisations = _write_organisations(places, village_plans, household_plans, heads, staff)
    households, created_residents = _write_people(places, household_plans, organisations)
    users = _create_users(staff, stations=places.stations, villages=places.villages)

    app_records = load_app_records(county=places.county, seed=seed)
    log_action(places.county, "demo.loaded", data={"residents": len(created_residents), "seed": seed})
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return BuildResult(
        county=places.county,
        townships=len(places.townships),
        villages=len(places.villages),
        grids=len(places.grids),
        groups=len(places.groups),
        households=households,
        residents=len(created_residents),
        organisations=len(organisations),
        users=users,
        app_records=app_records,
    )


def _write_places(village_plans: list[VillagePlan]) -> _Places:
    county = County.objects.create(name=COUNTY_NAME, full_name=COUNTY_FULL_NAME, code=REGION_CODE, is_demo=True)
    created = _bulk(Township, (Township(county=county, name=name, kind=kind) for name, kind, *_ in names.TOWNSHIPS))
    townships = {t.name: t for t in created}
    village_objs = _bulk(
        Village, (Village(township=townships[v.township], name=v.name, kind=v.kind) for v in village_plans)
    )
    villages = {v.number: obj for v, obj in zip(village_plans, village_objs, strict=True)}
    grid_keys = [(v.number, i) for v in village_plans for i in range(v.grids)]
    grid_objs = _bulk(
        Grid, (Grid(village=villages[n], name=f"第{names.chinese_number(i + 1)}网格") for n, i in grid_keys)
    )
    grids = dict(zip(grid_keys, grid_objs, strict=True))
    group_rows = [(v, i) for v in village_plans for i in range(v.ten_household_groups)]
    group_objs = _bulk(
        TenHouseholdGroup,
        (
            TenHouseholdGroup(
                village=villages[v.number],
                grid=grids[(v.number, i * v.grids // v.ten_household_groups)],
                name=f"第{i + 1}十户一体组",
            )
            for v, i in group_rows
        ),
    )
    groups = {(v.number, i): g for (v, i), g in zip(group_rows, group_objs, strict=True)}
    station_objs = _bulk(
        PoliceStation, (PoliceStation(county=county, name=f"{name[:-1]}派出所") for name, *_ in names.TOWNSHIPS)
    )
    through = PoliceStation.townships.through
    _bulk(
        through,
        (
            through(policestation_id=s.pk, township_id=townships[name].pk)
            for s, (name, *_) in zip(station_objs, names.TOWNSHIPS, strict=True)
        ),
    )
    stations = {slug: s for s, (_n, _k, slug, _w) in zip(station_objs, names.TOWNSHIPS, strict=True)}
    return _Places(county, townships, villages, grids, groups, stations)


def _write_organisations(
    places: _Places,
    village_plans: list[VillagePlan],
    household_plans: list[HouseholdPlan],
    heads: dict[int, PersonPlan],
    staff: StaffPlanner,
) -> dict[tuple[str, str], Organisation]:
    """Schools, units, enterprises, hospitals and one committee per village, each with the person in
    charge: one of its own listed staff where there is one (in small runs often nobody is listed)."""
    org_rows = organisation_plan()
    staff_of: dict[tuple[str, str], list[PersonPlan]] = defaultdict(list)
    for household in household_plans:
        for person in household.members:
            if person.organisation and person.age >= 25 and person.phone:
                staff_of[person.organisation].append(person)
    objs = []
    for township, name, kind, _codes in org_rows:
        head = staff_of[(township, name)][0] if staff_of[(township, name)] else staff.extra_person()
        objs.append(
            Organisation(
                name=name,
                kind=kind,
                township=places.townships[township],
                address=f"{COUNTY_NAME}{township}",
                responsible_person=head.name,
                responsible_phone=head.phone,
            )
        )
    for v in village_plans:
        head = heads.get(v.number) or staff.extra_person()
        objs.append(
            Organisation(
                name=v.committee,
                kind=Organisation.Kind.VILLAGE_COMMITTEE,
                township=places.townships[v.township],
                village=places.villages[v.number],
                address=f"{COUNTY_NAME}{v.township}{v.committee}",
                responsible_person=head.name,
                responsible_phone=head.phone,
            )
        )
    organisations = {(org.township.name, org.name): org for org in _bulk(Organisation, objs)}
    key_groups = {g.code: g for g in KeyGroup.objects.all()}
    through = Organisation.key_groups.through
    _bulk(
        through,
        (
            through(organisation_id=organisations[(t, n)].pk, keygroup_id=key_groups[code].pk)
            for t, n, _k, codes in org_rows
            for code in codes
            if code in key_groups
        ),
    )
    return organisations


def _write_people(
    places: _Places, household_plans: list[HouseholdPlan], organisations: dict[tuple[str, str], Organisation]
) -> tuple[int, list[Resident]]:
    households = _bulk(
        Household,
        (
            Household(
                village=places.villages[h.village.number],
                grid=places.grids[(h.village.number, h.grid_index)],
                group=places.groups[(h.village.number, h.group_index)],
                address=h.address,
            )
            for h in household_plans
        ),
    )
    resident_objs: list[Resident] = []
    tags: list[list[str]] = []
    for household, plan in zip(households, household_plans, strict=True):
        for person in plan.members:
            resident_objs.append(
                Resident(
                    household=household,
                    village=household.village,
                    name=person.name,
                    gender=person.gender,
                    birth_date=person.birth_date,
                    id_number=person.id_number,
                    phone=person.phone,
                    organisation=organisations[person.organisation] if person.organisation else None,
                    app_registered_on=person.app_registered_on,
                )
            )
            tags.append(person.key_groups)
    residents = _bulk(Resident, resident_objs)
    key_groups = {g.code: g for g in KeyGroup.objects.all()}
    through = Resident.key_groups.through
    _bulk(
        through,
        (
            through(resident_id=r.pk, keygroup_id=key_groups[code].pk)
            for r, codes in zip(residents, tags, strict=True)
            for code in codes
            if code in key_groups
        ),
    )
    # Each group's head (中心户长) is the first member of its first household.
    first_member: dict[int | None, Resident] = {}
    for r in residents:
        first_member.setdefault(r.household_id, r)
    headed: list[TenHouseholdGroup] = []
    for household in households:
        group = household.group
        if group is not None and group.head_id is None:
            group.head = first_member[household.pk]
            headed.append(group)
    TenHouseholdGroup.objects.bulk_update(headed, ["head"], batch_size=BATCH)
    return len(households), residents


def _create_users(staff: StaffPlanner, *, stations: dict[str, PoliceStation], villages: dict[int, Village]) -> int:
    # Hashing is deliberately slow; every demo account shares one password, so hash it once.
    password = make_password(DEMO_PASSWORD)
    created = _bulk(
        User,
        (
            User(
                username=u.username,
                role=u.role,
                full_name=u.full_name,
                phone=u.phone,
                password=password,
                is_staff=u.role == Role.ADMIN,
                is_superuser=u.role == Role.ADMIN,
            )
            for u in staff.users
        ),
    )
    assignments = []
    for user, plan in zip(created, staff.users, strict=True):
        if plan.station_slug:
            assignments.append(Assignment(user=user, role=plan.role, station=stations[plan.station_slug]))
        elif plan.village_number:
            assignments.append(Assignment(user=user, role=plan.role, village=villages[plan.village_number]))
    _bulk(Assignment, assignments)
    return len(created)


# --- the apps' demo records -----------------------------------------------------------------------------


def load_app_records(*, county: County, seed: int = SEED) -> list[tuple[str, str]]:
    """Each app's demo records, in the order the apps build on each other (funds' stop-payments hang on
    the alerts, cases link both); each gets its own stream so one app's records never shift another's."""
    results = []
    for label, load in APP_RECORDS:
        summary = load(county=county, rng=random.Random(f"{seed}:{label}"))
        results.append((label, summary or ""))
    return results


# --- wiping -----------------------------------------------------------------------------------------------


def _linked_models() -> list[type[models.Model]]:
    """Every model whose rows belong to the county or to a user account (directly or through others).
    Reference data seeded by migrations (key groups, deadline policies…) links to neither and stays."""
    candidates = [m for m in apps.get_models() if not m._meta.auto_created and not m._meta.proxy]
    linked: set[type[models.Model]] = {County, User}
    changed = True
    while changed:
        changed = False
        for model in candidates:
            if model in linked:
                continue
            if any(f.related_model in linked for f in model._meta.concrete_fields if f.is_relation):
                linked.add(model)
                changed = True
    # Referencing models first, so PROTECT never stands in the way (cycles are retried below).
    order: list[type[models.Model]] = []
    seen: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in seen:
            return
        seen.add(model)
        for other in linked:
            if (
                any(f.related_model is model for f in other._meta.concrete_fields if f.is_relation)
                and other is not model
            ):
                visit(other)
        order.append(model)

    for model in sorted(linked, key=lambda m: m._meta.label):
        visit(model)
    return order


@transaction.atomic
def wipe_demo() -> None:
    """Delete the demo county, everything recorded about it and every user account."""
    ensure_demo_database()
    pending = _linked_models()
    while pending:
        left = []
        for model in pending:
            try:
                with transaction.atomic():
                    model._base_manager.all().delete()
            except ProtectedError:
                left.append(model)
        if len(left) == len(pending):
            raise DemoRefused("无法清除演示数据：" + ", ".join(m._meta.label for m in left))
        pending = left
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


# --- the logins the command prints ---------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    sees: str


def demo_logins() -> list[DemoLogin]:
    first_slug = names.TOWNSHIPS[0][2]
    wanted = ["admin", "centre", "leader", chief_username(first_slug), "officer_001", "assistant_001", "grid_001"]
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    places: dict[str, str] = {}
    for a in Assignment.objects.filter(user__username__in=wanted).select_related(
        "user", "village__township", "station"
    ):
        if a.village is not None:
            places[a.user.username] = f"{a.village.township.name}{a.village.name}"
        elif a.station is not None:
            townships = "、".join(t.name for t in a.station.townships.all())
            count = Village.objects.filter(township__stations=a.station).count()
            places[a.user.username] = f"{a.station.name}辖区（{townships}）{count} 个村（社区）"
    sees = {
        "admin": "全县数据；用户、岗位分配与审计日志（/admin/）",
        "centre": "全县预警、居民与单位，名册导入",
        "leader": "全县统计与各所、各村工作情况",
    }
    result = []
    for username in wanted:
        user = users.get(username)
        if user is None:
            continue
        if username in sees:
            seen = sees[username]
        elif user.role == Role.STATION_CHIEF:
            seen = places.get(username, "")
        else:
            seen = f"{places.get(username, '')}的居民、户与预警"
        result.append(DemoLogin(username=username, role=str(Role(user.role).label), sees=seen))
    return result

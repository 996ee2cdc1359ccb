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
from fanzha.alerts.models import CrossCountyTrace
from fanzha.alerts.routing.loader import directory_changed
from fanzha.core.audit import log_action
from fanzha.demo import alerts, cases, consults, funds, materials, names, outreach, prefecture
from fanzha.demo.mode import CACHE_KEY
from fanzha.demo.plan import (
    DEFAULT_RESIDENTS,
    DEMO_PASSWORD,
    MOUDING,
    SEED,
    CountySpec,
    HouseholdPlan,
    PeoplePlanner,
    PersonPlan,
    StaffPlanner,
    UserPlan,
    VillagePlan,
    chief_username,
    committee_heads,
    organisation_plan,
    plan_villages,
)
from fanzha.people.models import Household, KeyGroup, Organisation, Resident
from fanzha.places.models import (
    Assignment,
    County,
    Grid,
    PoliceStation,
    Prefecture,
    TenHouseholdGroup,
    Township,
    Village,
)

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
    county: County  # the first (牟定县)
    prefecture: Prefecture | None
    counties: int
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


@dataclass
class _CountyPlan:
    spec: CountySpec
    villages: list[VillagePlan]
    staff: StaffPlanner
    residents: int


@transaction.atomic
def build_demo(*, residents: int = DEFAULT_RESIDENTS, seed: int = SEED, county: str | None = None) -> BuildResult:
    """The prefecture (楚雄州, every county; fanzha.demo.prefecture), or with `county` that one county alone
    — 牟定县, the one-county demo as it has always been. `residents` is 牟定县's count either way."""
    ensure_demo_database()
    if demo_county() is not None:
        raise DemoRefused("演示数据已存在；如需重建请使用 --reset。")
    validate_password(DEMO_PASSWORD)
    if county is not None and county not in (MOUDING.name, MOUDING.full_name):
        raise DemoRefused(
            f"单县演示只有{MOUDING.name}（--county {MOUDING.name}）；不加 --county 则载入楚雄州全部县市。"
        )
    specs = [MOUDING] if county is not None else prefecture.COUNTIES
    staff_phones: set[str] = set()
    plans = []
    for spec in specs:
        village_plans = plan_villages(seed, spec)
        staff = StaffPlanner(
            villages=village_plans,
            seed=seed,
            county=spec,
            centre=spec.name in prefecture.WITH_CENTRE,
            used_phones=staff_phones,
        )
        plans.append(_CountyPlan(spec, village_plans, staff, prefecture.residents_of(spec, residents)))
    extra_users = prefecture.prefecture_staff(seed=seed, used_phones=staff_phones) if county is None else []
    wanted = [u.username for p in plans for u in p.staff.users] + [u.username for u in extra_users]
    clashing = sorted(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    if clashing:
        raise DemoRefused(f"以下用户名已存在，演示账号无法创建：{', '.join(clashing)}")

    pref = prefecture.write_prefecture() if county is None else None
    people_phones: set[str] = set()
    built = [_build_county(p, seed=seed, prefecture=pref, people_phones=people_phones) for p in plans]
    first = built[0].places.county
    users = sum(b.users for b in built) + _create_users(extra_users, stations={}, villages={})

    app_records = load_app_records(county=first, seed=seed)
    if pref is not None:
        app_records += _load_prefecture_records(built, seed=seed)
    target: models.Model = pref if pref is not None else first
    log_action(target, "demo.loaded", data={"residents": sum(b.residents for b in built), "seed": seed})
    directory_changed()  # written in bulk, without signals: routing rebuilds what it knows
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))
    return BuildResult(
        county=first,
        prefecture=pref,
        counties=len(built),
        townships=sum(len(b.places.townships) for b in built),
        villages=sum(len(b.places.villages) for b in built),
        grids=sum(len(b.places.grids) for b in built),
        groups=sum(len(b.places.groups) for b in built),
        households=sum(b.households for b in built),
        residents=sum(b.residents for b in built),
        organisations=sum(b.organisations for b in built),
        users=users,
        app_records=app_records,
    )


@dataclass
class _Built:
    places: _Places
    households: int
    residents: int
    organisations: int
    users: int


def _build_county(plan: _CountyPlan, *, seed: int, prefecture: Prefecture | None, people_phones: set[str]) -> _Built:
    spec, village_plans, staff = plan.spec, plan.villages, plan.staff
    places = _write_places(spec, village_plans, prefecture=prefecture)
    # People are drawn in memory first: organisations name their responsible person from among them.
    planner = PeoplePlanner(
        villages=village_plans, residents=plan.residents, seed=seed, county=spec, used_phones=people_phones
    )
    household_plans = planner.households()
    heads = committee_heads(household_plans, planner.rng)
    organisations = _write_organisations(spec, places, village_plans, household_plans, heads, staff)
    households, created_residents = _write_people(places, household_plans, organisations)
    # In a prefecture, a county centre's operator and leader are that county's (Assignment.county).
    users = _create_users(
        staff.users,
        stations=places.stations,
        villages=places.villages,
        county=places.county if prefecture is not None else None,
    )
    return _Built(places, households, len(created_residents), len(organisations), users)


def _load_prefecture_records(built: list[_Built], *, seed: int) -> list[tuple[str, str]]:
    """The other counties' alerts (牟定县 has its own with every app's records), then the alerts that
    cross county lines and the traces two counties share."""
    results = []
    for b, spec in zip(built[1:], prefecture.COUNTIES[1:], strict=True):
        history, open_count = prefecture.alerts_of(spec)
        summary = alerts.load_demo(
            county=b.places.county,
            rng=random.Random(spec.stream(seed, "alerts")),
            prefix=prefecture.alert_prefix(spec),
            history=history,
            open_count=open_count,
        )
        results.append((f"{spec.name} alerts", summary))
    counties = {b.places.county.name: b.places.county for b in built}
    summary = prefecture.load_cross_county(counties=counties, rng=random.Random(f"{seed}:prefecture:alerts"))
    results.append(("prefecture", summary))
    return results


def _write_places(spec: CountySpec, village_plans: list[VillagePlan], *, prefecture: Prefecture | None) -> _Places:
    county = County.objects.create(
        prefecture=prefecture, name=spec.name, full_name=spec.full_name, code=spec.code, is_demo=True
    )
    created = _bulk(Township, (Township(county=county, name=name, kind=kind) for name, kind, *_ in spec.townships))
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
        PoliceStation, (PoliceStation(county=county, name=spec.station_name(name)) for name, *_ in spec.townships)
    )
    through = PoliceStation.townships.through
    _bulk(
        through,
        (
            through(policestation_id=s.pk, township_id=townships[name].pk)
            for s, (name, *_) in zip(station_objs, spec.townships, strict=True)
        ),
    )
    stations = {slug: s for s, (_n, _k, slug, _w) in zip(station_objs, spec.townships, strict=True)}
    return _Places(county, townships, villages, grids, groups, stations)


def _write_organisations(
    spec: CountySpec,
    places: _Places,
    village_plans: list[VillagePlan],
    household_plans: list[HouseholdPlan],
    heads: dict[int, PersonPlan],
    staff: StaffPlanner,
) -> dict[tuple[str, str], Organisation]:
    """Schools, units, enterprises, hospitals and one committee per village, each with the person in
    charge: one of its own listed staff where there is one (in small runs often nobody is listed)."""
    org_rows = organisation_plan(spec)
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
                address=f"{spec.name}{township}",
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
                address=f"{spec.name}{v.township}{v.committee}",
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


def _create_users(
    plans: list[UserPlan],
    *,
    stations: dict[str, PoliceStation],
    villages: dict[int, Village],
    county: County | None = None,
) -> int:
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
            for u in plans
        ),
    )
    assignments = []
    for user, plan in zip(created, plans, strict=True):
        if county is not None and plan.role in (Role.CENTRE_OPERATOR, Role.LEADER):
            assignments.append(Assignment(user=user, role=plan.role, county=county))
        elif plan.station_slug:
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
    # The prefecture (above its counties) and the cross-county traces (which name counties by id, not by a
    # relation) go with them.
    linked: set[type[models.Model]] = {Prefecture, County, User, CrossCountyTrace}
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
    directory_changed()
    transaction.on_commit(lambda: cache.delete(CACHE_KEY))


# --- the logins the command prints ---------------------------------------------------------------------


@dataclass
class DemoLogin:
    username: str
    role: str
    sees: str


def demo_logins() -> list[DemoLogin]:
    """One login per role to try, in the order the command prints them; in the prefecture, the
    prefecture's two and 南华县's centre, leader, 一街派出所's chief and an officer of 一街乡 as well."""
    first_slug = names.TOWNSHIPS[0][2]
    several = County.objects.count() > 1
    nanhua = prefecture.NANHUA
    wanted = ["admin"]
    if several:
        wanted += ["prefecture", "prefecture_leader"]
    wanted += ["centre", "leader", chief_username(first_slug), "officer_001", "assistant_001", "grid_001"]
    if several:
        yijie_officer = (
            Assignment.objects.filter(
                role=Role.COMMUNITY_OFFICER, village__township__name="一街乡", user__username__startswith="nanhua_"
            )
            .order_by("user__username")
            .values_list("user__username", flat=True)
            .first()
        )
        wanted += [nanhua.username("centre"), nanhua.username("leader"), nanhua.username(chief_username("yijie"))]
        wanted += [yijie_officer] if yijie_officer else []
    users = {u.username: u for u in User.objects.filter(username__in=wanted)}
    places: dict[str, str] = {}
    for a in Assignment.objects.filter(user__username__in=wanted).select_related(
        "user", "village__township__county", "station", "county"
    ):
        if a.village is not None:
            county = f"{a.village.township.county.name}" if several else ""
            places[a.user.username] = f"{county}{a.village.township.name}{a.village.name}"
        elif a.station is not None:
            townships = "、".join(t.name for t in a.station.townships.all())
            count = Village.objects.filter(township__stations=a.station).count()
            places[a.user.username] = f"{a.station.name}辖区（{townships}）{count} 个村（社区）"
        elif a.county is not None:
            places[a.user.username] = a.county.name
    if several:
        counties = County.objects.count()
        sees = {
            "admin": "全州数据；用户、岗位分配与审计日志（/admin/）",
            "prefecture": f"全州 {counties} 个县市的预警、串并线索，无法确定县的预警",
            "prefecture_leader": f"全州 {counties} 个县市的统计、各县工作情况与串并线索",
        }
        for username in ("centre", nanhua.username("centre")):
            sees[username] = f"{places.get(username, '')}（本县）的预警、居民与单位，名册导入"
        for username in ("leader", nanhua.username("leader")):
            sees[username] = f"{places.get(username, '')}统计与各所、各村工作情况"
    else:
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

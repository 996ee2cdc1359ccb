"""Scoped reads: coverage of households by outreach, App registration rates, groups and bulletins.

Coverage is computed in the database: each household's most recent outreach within the widest window
is one backward index probe on (household, date), turned there and then into the narrowest window it
falls in; the households are then counted per (village, grid or group) × window in one GROUP BY, and
the windows are summed up here (reached in 90 days = reached in 30 + reached in 31–90).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.outreach.models import Activity, ActivityHousehold, Bulletin, BulletinFeedback, BulletinTarget, HeadVisit
from fanzha.people.models import Household, Resident
from fanzha.places.models import TenHouseholdGroup, Village
from fanzha.places.scoping import jurisdiction_of, scoped

WINDOWS = (30, 90, 365)
ELDERLY_AGE = 60
NEVER_REACHED_LIMIT = 1000


def rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def mask_address(address: str) -> str:
    """幸福路12号3单元 → 幸福路**号*单元: the street stays, the numbers go."""
    return re.sub(r"\d", "*", address)


def household_labels(households: list[Household]) -> dict[int, str]:
    """The words that tell the households of one group apart without identifying anyone: its place in
    the group, the first member's masked name and the masked address (3号户 · 李** · 幸福路**号).
    Masking the address alone left every house of a street looking the same."""
    first: dict[int, str] = {}
    for household_id, name in (
        Resident.objects.filter(household__in=[h.pk for h in households])
        .order_by("household_id", "id")
        .values_list("household_id", "name")
    ):
        if household_id is not None and name:
            first.setdefault(household_id, name[0] + "*" * max(1, len(name) - 1))
    return {
        h.pk: " · ".join(
            part for part in (_("%(n)s号户") % {"n": i}, first.get(h.pk, ""), mask_address(h.address)) if part
        )
        for i, h in enumerate(households, start=1)
    }


def channel_owner_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The places and groups a group-chat robot can belong to, by name, for the channel form (the keys
    are what bulletin targets and alerts send to: "township:3", "group:45")."""
    from fanzha.places.models import County, Grid, Township

    counties = [(f"county:{c.pk}", c.name) for c in County.objects.order_by("id")]
    townships = [(f"township:{t.pk}", t.name) for t in Township.objects.order_by("id")]
    villages = [
        (f"village:{v.pk}", f"{v.township.name} · {v.name}")
        for v in Village.objects.select_related("township").order_by("township_id", "id")
    ]
    grids = [
        (f"grid:{g.pk}", f"{g.village.name} · {g.name}")
        for g in Grid.objects.select_related("village").order_by("village_id", "id")
    ]
    groups = [
        (f"group:{g.pk}", f"{g.village.name} · {g.name}")
        for g in TenHouseholdGroup.objects.select_related("village").order_by("village_id", "id")
    ]
    return [
        (_("县"), counties),
        (_("乡镇（街道）"), townships),
        (_("村（社区）"), villages),
        (_("网格"), grids),
        (_("十户一体组"), groups),
    ]


def activities_for(*, user: Any, village: int | None = None) -> QuerySet[Activity]:
    qs = scoped(Activity.objects.select_related("township", "village", "created_by"), user)
    if village:
        qs = qs.filter(village_id=village)
    return qs.annotate(n_households=Count("reached", distinct=True)).order_by("-date", "-id")


def _window_reached(today: date, windows: tuple[int, ...]) -> Subquery:
    """The narrowest of `windows` (in days) holding the household's last outreach; NULL when even the
    widest holds none. One probe per household: the subquery is referenced once, and grouped on."""
    ordered = sorted(windows)
    bucket = Case(
        *(When(date__gt=today - timedelta(days=days), then=Value(days)) for days in ordered[:-1]),
        default=Value(ordered[-1]),
        output_field=IntegerField(),
    )
    return Subquery(
        ActivityHousehold.objects.filter(household=OuterRef("pk"), date__gt=today - timedelta(days=ordered[-1]))
        .order_by("-date")
        .annotate(window=bucket)
        .values("window")[:1],
        output_field=IntegerField(),
    )


@dataclass
class Coverage:
    key: int | None
    households: int
    reached: dict[int, int]

    def rate(self, days: int) -> float:
        return rate(self.reached[days], self.households)

    @property
    def rates(self) -> dict[int, float]:
        return {d: self.rate(d) for d in self.reached}


def coverage_by(
    households: QuerySet[Household], *, key: str, today: date | None = None, windows: tuple[int, ...] = WINDOWS
) -> dict[int | None, Coverage]:
    """Households and households reached in the last `windows` days, per value of `key`
    ("village_id", "grid_id" or "group_id")."""
    today = today or timezone.localdate()
    rows = (
        households.order_by()
        .annotate(window=_window_reached(today, windows))
        .values(key, "window")
        .annotate(n=Count("id"))
        .order_by()
    )
    found: dict[int | None, Coverage] = {}
    for row in rows:
        coverage = found.setdefault(row[key], Coverage(key=row[key], households=0, reached=dict.fromkeys(windows, 0)))
        coverage.households += row["n"]
        if row["window"] is not None:
            for days in windows:
                if row["window"] <= days:
                    coverage.reached[days] += row["n"]
    return dict(sorted(found.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def village_coverage(*, user: Any, township: int | None = None, today: date | None = None) -> list[dict[str, Any]]:
    """Every village in the user's scope (optionally one township) with its coverage."""
    villages = scoped(Village.objects.select_related("township"), user)
    if township:
        villages = villages.filter(township_id=township)
    villages_list = list(villages.order_by("township_id", "id"))
    figures = coverage_by(
        Household.objects.filter(village_id__in=[v.pk for v in villages_list]), key="village_id", today=today
    )
    empty = Coverage(key=None, households=0, reached=dict.fromkeys(WINDOWS, 0))
    return [{"village": v, "coverage": figures.get(v.pk, empty)} for v in villages_list]


def never_reached(
    *, village: Village, today: date | None = None, limit: int = NEVER_REACHED_LIMIT
) -> tuple[list[dict[str, Any]], int]:
    """Households of the village no activity ever reached: those with key-group or elderly members first."""
    today = today or timezone.localdate()
    born_before = _years_before(today, ELDERLY_AGE)
    tags = Resident.key_groups.through.objects.filter(resident__household=OuterRef("pk"))
    qs = (
        Household.objects.filter(village=village)
        .filter(~Exists(ActivityHousehold.objects.filter(household=OuterRef("pk"))))
        .annotate(
            has_key_group=Exists(tags),
            has_elderly=Exists(Resident.objects.filter(household=OuterRef("pk"), birth_date__lte=born_before)),
        )
        .select_related("group", "grid")
        .order_by("-has_key_group", "-has_elderly", "id")
    )
    total = qs.count()
    rows = [
        {
            "household_id": h.pk,
            "address": mask_address(h.address),
            "group": h.group.name if h.group else "",
            "grid": h.grid.name if h.grid else "",
            "has_key_group": h.has_key_group,
            "has_elderly": h.has_elderly,
        }
        for h in qs[:limit]
    ]
    return rows, total


def coverage_for_village(*, village: Village, days: int, today: date | None = None) -> dict[str, Any]:
    """The API's figures: households, reached in the last `days`, rate, and the never-reached list."""
    figures = coverage_by(Household.objects.filter(village=village), key="village_id", today=today, windows=(days,))
    found = figures.get(village.pk)
    households = found.households if found else 0
    reached = found.reached[days] if found else 0
    rows, total = never_reached(village=village, today=today)
    return {
        "village": {"id": village.pk, "name": village.name},
        "days": days,
        "households": households,
        "reached": reached,
        "rate": rate(reached, households),
        "never_reached_count": total,
        "never_reached": rows,
    }


# --- App registrations ---------------------------------------------------------------------------


def growth_label(current: int, previous: int) -> str:
    """+485.3% against the previous period; a start from nothing is 新增."""
    if previous == 0:
        return _("新增") if current else "—"
    return f"{(current - previous) * 100 / previous:+.1f}%"


def registration_rates(
    *, user: Any, township: int | None = None, days: int = 30, today: date | None = None
) -> dict[str, Any]:
    """Residents, registered residents and rate per village and per township, with this period's new
    registrations against the previous period's."""
    today = today or timezone.localdate()
    start = today - timedelta(days=days)
    previous_start = start - timedelta(days=days)
    residents = scoped(Resident.objects.all(), user)
    if township:
        residents = residents.filter(village__township_id=township)
    rows = (
        residents.order_by()
        .values("village_id", "village__name", "village__township_id", "village__township__name")
        .annotate(
            total=Count("id"),
            registered=Count("id", filter=Q(app_registered_on__isnull=False)),
            current=Count("id", filter=Q(app_registered_on__gt=start, app_registered_on__lte=today)),
            previous=Count("id", filter=Q(app_registered_on__gt=previous_start, app_registered_on__lte=start)),
        )
        .order_by("village__township_id", "village_id")
    )
    villages: list[dict[str, Any]] = []
    townships: dict[int, dict[str, Any]] = {}
    for row in rows:
        item = {
            "id": row["village_id"],
            "name": row["village__name"],
            "township_id": row["village__township_id"],
            "township": row["village__township__name"],
            "residents": row["total"],
            "registered": row["registered"],
            "rate": rate(row["registered"], row["total"]),
            "current": row["current"],
            "previous": row["previous"],
            "growth": growth_label(row["current"], row["previous"]),
        }
        villages.append(item)
        t = townships.setdefault(
            row["village__township_id"],
            {
                "id": row["village__township_id"],
                "name": row["village__township__name"],
                "residents": 0,
                "registered": 0,
                "current": 0,
                "previous": 0,
            },
        )
        for k in ("residents", "registered", "current", "previous"):
            t[k] += item[k]
    for t in townships.values():
        t["rate"] = rate(t["registered"], t["residents"])
        t["growth"] = growth_label(t["current"], t["previous"])
    return {"villages": villages, "townships": list(townships.values()), "days": days}


def unregistered_by_group(*, village: Village) -> list[dict[str, Any]]:
    """For each group of the village, its residents not yet registered on the App (phones masked)."""
    residents = (
        Resident.objects.filter(village=village, app_registered_on__isnull=True)
        .select_related("household__group")
        .order_by("household__group_id", "household_id", "id")
    )
    groups: dict[int | None, dict[str, Any]] = {}
    for r in residents:
        group = r.household.group if r.household else None
        entry = groups.setdefault(group.pk if group else None, {"group": group, "residents": []})
        entry["residents"].append(
            {
                "id": r.pk,
                "name": r.name,
                "phone": r.phone_masked,
                "address": mask_address(r.household.address) if r.household else "",
            }
        )
    return list(groups.values())


# --- ten-household groups --------------------------------------------------------------------------


def groups_for(*, user: Any, village: int | None = None, q: str = "") -> QuerySet[TenHouseholdGroup]:
    qs = scoped(TenHouseholdGroup.objects.select_related("village__township", "grid", "head"), user)
    if village:
        qs = qs.filter(village_id=village)
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(head__name__contains=q))
    return qs.annotate(n_households=Count("households", distinct=True)).order_by("village_id", "id")


def head_visits_of(group: TenHouseholdGroup) -> QuerySet[HeadVisit]:
    return HeadVisit.objects.filter(group=group).select_related("household", "by").order_by("-date", "-id")


# --- bulletins ---------------------------------------------------------------------------------------


def bulletins_for(*, user: Any) -> QuerySet[Bulletin]:
    """Bulletins with a target in the user's scope (the centre sees all)."""
    jurisdiction = jurisdiction_of(user)
    qs = Bulletin.objects.select_related("created_by").annotate(
        n_targets=Count("targets", distinct=True), n_feedback=Count("targets__feedback", distinct=True)
    )
    if jurisdiction.everything:
        return qs.order_by("-created_at", "-id")
    villages = jurisdiction.all_village_ids()
    visible = (
        Q(targets__level=BulletinTarget.Level.COUNTY)
        | Q(targets__township_id__in=jurisdiction.township_ids)
        | Q(targets__township__villages__in=villages)
        | Q(targets__village_id__in=villages)
        | Q(targets__group__village_id__in=villages)
    )
    ids = Bulletin.objects.filter(visible).values("id")
    return qs.filter(pk__in=ids).order_by("-created_at", "-id")


def bulletin_report(bulletin: Bulletin) -> list[dict[str, Any]]:
    """Per target: its place, the deliveries notify recorded (channel, status, attempts) and the feedback."""
    from fanzha.notify.models import Delivery

    targets = list(bulletin.targets.select_related("county", "township", "village__township", "group__village"))
    deliveries: dict[str, list[Delivery]] = {}
    for d in (
        Delivery.objects.filter(event_key__startswith=f"bulletin:{bulletin.pk}:")
        .select_related("channel", "user")
        .order_by("id")
    ):
        deliveries.setdefault(d.event_key, []).append(d)
    feedback: dict[int, list[BulletinFeedback]] = {}
    for f in BulletinFeedback.objects.filter(target__bulletin=bulletin).order_by("-at", "-id"):
        feedback.setdefault(f.target_id, []).append(f)
    report = []
    for t in targets:
        mine = deliveries.get(f"bulletin:{bulletin.pk}:{t.key}", [])
        told = feedback.get(t.pk, [])
        report.append(
            {
                "target": t,
                "label": target_label(t),
                "deliveries": mine,
                "sent": sum(1 for d in mine if d.status == Delivery.Status.SENT),
                "failed": sum(1 for d in mine if d.status in (Delivery.Status.FAILED, Delivery.Status.GIVEN_UP)),
                "pending": sum(1 for d in mine if d.status in (Delivery.Status.PENDING, Delivery.Status.SENDING)),
                "feedback": told,
                "households_told": sum(f.households_told for f in told),
            }
        )
    return report


def target_label(target: BulletinTarget) -> str:
    if target.village is not None:
        return f"{target.village.township.name} · {target.village.name}"
    if target.group is not None:
        return f"{target.group.village.name} · {target.group.name}"
    place = target.place
    return f"{target.get_level_display()} · {place}" if place is not None else target.key

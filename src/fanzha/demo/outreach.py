"""Demo outreach for `fanzha demo`: a year of activities in every village reaching a realistic share of
its households, and the schools', units' and markets' activities in each township.

Written in bulk, not through `activity_record`: the activities are dated over the past year, which the
service accepts only one at a time with a per-activity audit entry, and the households reached are
tens of thousands of rows (the through table, bulk_create). Most App registrations already exist on the residents
(the people demo draws them); a share of the unregistered people in reached households register within
days of the visit, as the officers guide them to (bulk_update on residents), so registrations keep rising.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from fanzha.outreach.models import Activity, ActivityHousehold
from fanzha.people.models import Household, Resident
from fanzha.places.models import Assignment, County, Village

DAYS = 365
VILLAGE_KINDS = [(Activity.Kind.FAMILY, 5), (Activity.Kind.VILLAGE, 3), (Activity.Kind.MARKET, 1)]
TOWNSHIP_KINDS = [Activity.Kind.SCHOOL, Activity.Kind.UNIT, Activity.Kind.ENTERPRISE, Activity.Kind.PARCEL]
MATERIALS = "《防范电信网络诈骗宣传手册》、反诈挂历、国家反诈中心App注册二维码"


def load_demo(*, county: County, rng: random.Random) -> str:
    today = timezone.localdate()
    villages = list(Village.objects.filter(township__county=county).order_by("id"))
    if not villages:
        return "没有村（社区），未生成宣防活动"
    officers = {
        a.village_id: a.user_id
        for a in Assignment.objects.filter(role="community_officer", village__in=villages).order_by("id")
    }
    households: dict[int, list[int]] = defaultdict(list)
    for household_id, village_id in (
        Household.objects.filter(village__in=villages).order_by("id").values_list("id", "village_id")
    ):
        households[village_id].append(household_id)

    activities: list[Activity] = []
    reached_ids: list[list[int]] = []
    for village in villages:
        members = households.get(village.pk, [])
        # Some villages are worked hard, some hardly at all: coverage between about a fifth and 90 %.
        diligence = rng.uniform(0.15, 0.5)
        kind_pool = VILLAGE_KINDS if village.kind != Village.Kind.COMMUNITY else [(Activity.Kind.COMMUNITY, 1)]
        for _n in range(rng.randint(2, 6)):
            kind = rng.choices([k for k, _ in kind_pool], weights=[w for _, w in kind_pool])[0]
            reached = rng.sample(members, int(len(members) * diligence * rng.uniform(0.5, 1.2))) if members else []
            activities.append(
                Activity(
                    kind=kind,
                    date=today - timedelta(days=rng.randint(0, DAYS - 1)),
                    township_id=village.township_id,
                    village=village,
                    place=f"{village.name}{'活动室' if kind != Activity.Kind.MARKET else '集市'}",
                    audience=len(reached) * rng.randint(2, 3),
                    materials=MATERIALS,
                    note="入户讲解典型案例，指导下载注册国家反诈中心App。",
                    created_by_id=officers.get(village.pk),
                    external_id=f"DEMO-ACT-{len(activities) + 1:05d}",
                )
            )
            reached_ids.append(reached)
    township_ids = sorted({v.township_id for v in villages})
    for township_id in township_ids:
        for kind in TOWNSHIP_KINDS:
            for _n in range(rng.randint(1, 3)):
                activities.append(
                    Activity(
                        kind=kind,
                        date=today - timedelta(days=rng.randint(0, DAYS - 1)),
                        township_id=township_id,
                        place=str(Activity.Kind(kind).label),
                        audience=rng.randint(40, 600),
                        materials=MATERIALS,
                        external_id=f"DEMO-ACT-{len(activities) + 1:05d}",
                    )
                )
                reached_ids.append([])
    activities = Activity.objects.bulk_create(activities, batch_size=500)

    through = Activity.organisers.through
    Activity.organisers.through.objects.bulk_create(
        [through(activity_id=a.pk, user_id=a.created_by_id) for a in activities if a.created_by_id],
        batch_size=1000,
    )
    rows = [
        ActivityHousehold(activity_id=activity.pk, household_id=household_id, date=activity.date)
        for activity, reached in zip(activities, reached_ids, strict=True)
        for household_id in reached
    ]
    ActivityHousehold.objects.bulk_create(rows, batch_size=2000)
    registered = _registrations(rows, rng=rng, today=today)
    covered = len({row.household_id for row in rows})
    total = sum(len(ids) for ids in households.values())
    share = f"{covered * 100 / total:.1f}%" if total else "—"
    return f"{len(activities)} 次宣防活动，覆盖 {covered} 户（占 {share}），{len(rows)} 户次，宣防后新注册App {registered} 人"


def _registrations(rows: list[ActivityHousehold], *, rng: random.Random, today: date) -> int:
    first_visit: dict[int, date] = {}
    for row in rows:
        if row.household_id not in first_visit or row.date < first_visit[row.household_id]:
            first_visit[row.household_id] = row.date
    people = list(
        Resident.objects.filter(household_id__in=list(first_visit), app_registered_on__isnull=True)
        .exclude(phone="")
        .order_by("id")
        .only("id", "household_id")
    )
    chosen = []
    for person in people:
        if rng.random() < 0.35:
            assert person.household_id is not None
            person.app_registered_on = min(first_visit[person.household_id] + timedelta(days=rng.randint(0, 5)), today)
            chosen.append(person)
    Resident.objects.bulk_update(chosen, ["app_registered_on"], batch_size=1000)
    return len(chosen)

"""A throwaway county for the cases benchmarks: a fresh SQLite database (or BENCH_DATABASE_URL) in a
temporary FANZHA_DATA_DIR, migrated, and filled with bulk inserts. Never touches var/.

    with cases_county(residents=300_000, years=5) as world: ...
"""

from __future__ import annotations

import contextlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

TYPES = [
    "order_brushing",
    "investment",
    "impersonate_acquaintance",
    "impersonate_authority",
    "loan",
    "customer_service",
]


@contextlib.contextmanager
def fresh_django() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="fanzha-bench-cases-") as tmp:
        os.environ["FANZHA_DATA_DIR"] = tmp
        os.environ.setdefault("FANZHA_ENV", "development")
        os.environ["HUEY_IMMEDIATE"] = "1"
        if os.environ.get("BENCH_DATABASE_URL"):
            os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
        else:
            os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        yield tmp


def _bulk(model: Any, rows: list[Any], batch: int = 5000) -> None:
    model.objects.bulk_create(rows, batch_size=batch)


def build(*, residents: int, years: int, organisations: int, cases: int, seed: int = 20231002) -> dict[str, Any]:
    """Townships, villages, households of ~3, residents (10 % tagged in a key group), units, and
    `years` of outreach, alerts, stop-payments and cases. Returns counts and the case ids."""
    from django.apps import apps
    from django.utils import timezone

    from fanzha.accounts.models import Role, User
    from fanzha.people.models import Household, KeyGroup, Organisation, Resident
    from fanzha.places.models import Assignment, County, Township, Village

    rng = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now()
    today = timezone.localdate()
    county = County.objects.create(name="牟定县", full_name="楚雄彝族自治州牟定县")
    townships = [Township.objects.create(county=county, name=f"第{i}镇") for i in range(7)]
    villages = [Village.objects.create(township=t, name=f"{t.name}{j}村") for t in townships for j in range(12)]
    officers = []
    for v in villages:
        user = User.objects.create(
            username=f"officer{v.pk}", role=Role.COMMUNITY_OFFICER, full_name=f"民警{v.pk}", phone="0878-5210000"
        )
        Assignment.objects.create(user=user, role=user.role, village=v)
        officers.append(user)
    groups = list(KeyGroup.objects.all())
    orgs = [
        Organisation(
            name=f"单位{i}",
            township=rng.choice(townships),
            kind=rng.choice(["government", "school", "enterprise"]),
            responsible_person=f"负责人{i}",
        )
        for i in range(organisations)
    ]
    _bulk(Organisation, orgs)
    orgs = list(Organisation.objects.all())
    households = [Household(village=rng.choice(villages), address=f"幸福路{i}号") for i in range(residents // 3)]
    _bulk(Household, households)
    household_ids = list(Household.objects.values_list("id", "village_id"))
    people = []
    for i in range(residents):
        hid, vid = household_ids[i % len(household_ids)]
        people.append(
            Resident(
                household_id=hid,
                village_id=vid,
                name=f"居民{i}",
                gender=rng.choice("MF"),
                birth_date=date(rng.randint(1945, 2008), rng.randint(1, 12), rng.randint(1, 28)),
                phone=f"+86139{i:08d}",
                organisation=rng.choice(orgs) if rng.random() < 0.15 else None,
                app_registered_on=today - timedelta(days=rng.randint(0, 365 * years)) if rng.random() < 0.4 else None,
            )
        )
    _bulk(Resident, people)
    resident_rows = list(Resident.objects.values_list("id", "household_id", "village_id", "organisation_id"))
    through = Resident.key_groups.through
    tags = [
        through(resident_id=r[0], keygroup_id=rng.choice(groups).pk)
        for r in resident_rows
        if rng.random() < 0.10 or r[3]
    ]
    _bulk(through, tags)
    # Outreach: one activity a week per village over the years, each reaching ~40 households.
    activity = apps.get_model("outreach", "Activity")
    reached = apps.get_model("outreach", "ActivityHousehold")
    by_village: dict[int, list[int]] = {}
    for hid, vid in household_ids:
        by_village.setdefault(vid, []).append(hid)
    acts = [
        activity(
            kind="family",
            date=today - timedelta(days=rng.randint(0, 365 * years)),
            township_id=v.township_id,
            village=v,
        )
        for v in villages
        for _ in range(52 * years)
    ]
    _bulk(activity, acts)
    reach_rows = []
    for a in activity.objects.values_list("id", "village_id", "date"):
        for hid in rng.sample(by_village.get(a[1], []), min(40, len(by_village.get(a[1], [])))):
            reach_rows.append(reached(activity_id=a[0], household_id=hid, date=a[2]))
    _bulk(reached, reach_rows, batch=10000)
    # Alerts: ~ 30 a day over the years, 70 % about a registered resident.
    alert = apps.get_model("alerts", "Alert")
    alert_rows = []
    for n in range(30 * 365 * years // 10):
        received = now - timedelta(minutes=rng.randint(0, 60 * 24 * 365 * years))
        r = rng.choice(resident_rows)
        alert_rows.append(
            alert(
                external_id=f"B-{n}",
                source="province",
                level="high",
                fraud_type=rng.choice(TYPES),
                status="closed",
                resident_id=r[0] if rng.random() < 0.7 else None,
                village_id=r[2],
                township_id=villages[0].township_id,
                routing_method="phone",
                received_at=received,
                contact_deadline=received + timedelta(minutes=5),
                visit_deadline=received + timedelta(minutes=30),
                first_contact_at=received + timedelta(minutes=rng.randint(1, 20)),
                outcome="dissuaded",
                closed_at=received + timedelta(hours=1),
            )
        )
    _bulk(alert, alert_rows)
    alert_ids = list(alert.objects.values_list("id", "resident_id", "village_id", "received_at"))
    # Cases with a linked alert and a stop-payment.
    from fanzha.cases.models import Case

    case_model = Case
    case_rows = []
    residents_by_id = {x[0]: x for x in resident_rows}
    villages_by_id = {v.pk: v for v in villages}
    for n in range(cases):
        a = rng.choice(alert_ids)
        r = residents_by_id.get(a[1]) if a[1] else None
        occurred = a[3] + timedelta(hours=2)
        village = villages_by_id[a[2]]
        case_rows.append(
            case_model(
                case_number=f"C-{n}",
                victim_resident_id=a[1],
                victim_name="" if a[1] else "某某",
                victim_gender=rng.choice("MF"),
                victim_age=rng.randint(18, 80),
                occurred_at=occurred,
                reported_at=occurred + timedelta(hours=1),
                fraud_type=rng.choice(TYPES),
                contact_method="phone",
                loss_amount=Decimal(rng.randint(100, 500000)),
                township_id=village.township_id,
                village_id=village.pk,
                organisation_id=r[3] if r else None,
            )
        )
    _bulk(case_model, case_rows)
    case_ids = list(case_model.objects.values_list("id", flat=True))
    links = case_model.alerts.through
    case_alerts = list(zip(case_ids, [rng.choice(alert_ids) for _ in case_ids], strict=True))
    _bulk(links, [links(case_id=c, alert_id=a[0]) for c, a in case_alerts])
    case_groups = case_model.key_groups.through
    _bulk(case_groups, [case_groups(case_id=c, keygroup_id=rng.choice(groups).pk) for c in case_ids])
    stop = apps.get_model("funds", "StopPayment")
    stops = []
    for n, (_case_id, a) in enumerate(case_alerts):
        moment = a[3] + timedelta(hours=3)
        stops.append(
            stop(
                alert_id=a[0],
                township_id=villages[0].township_id,
                village_id=a[2],
                bank="某银行",
                holder_name="某",
                account_number=f"6222{n:012d}",
                amount=Decimal("1000.00"),
                transaction_at=moment,
                requested_at=moment + timedelta(minutes=rng.randint(5, 120)),
                expires_at=moment + timedelta(hours=50),
            )
        )
    _bulk(stop, stops)
    return {
        "seconds_to_build": round(time.perf_counter() - started, 1),
        "residents": residents,
        "households": len(household_ids),
        "organisations": len(orgs),
        "outreach_households_reached": len(reach_rows),
        "alerts": len(alert_rows),
        "cases": len(case_ids),
        "years": years,
        "case_ids": case_ids,
        "organisation_ids": [o.pk for o in orgs],
    }

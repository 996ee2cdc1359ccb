"""Outreach coverage for every village of a county, as one JSON object.

    python benchmarks/bench_coverage.py [--households 100000] [--activities 50000] [--per-activity 10]

Own throwaway database: a SQLite file in a temporary FANZHA_DATA_DIR by default; with DATABASE_URL set,
a fresh database `fanzha_bench_coverage_<pid>` on that PostgreSQL server, dropped after. The county has
7 townships × 12 villages, 3 residents per household, ten households per group; activities fall in the
last two years and reach `--per-activity` households of one village each. Timed: the 30/90/365-day
coverage of every village (`outreach.selectors.village_coverage` for a county-wide user), after one
warm-up run; the best of three runs is reported, with the never-reached list of the largest village.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _setup(tmp: str) -> str:
    os.environ["FANZHA_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    os.environ.setdefault("FANZHA_ENV", "development")
    url = os.environ.get("DATABASE_URL", "")
    engine = "sqlite"
    if url.startswith("postgres"):
        import psycopg

        name = f"fanzha_bench_coverage_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        os.environ["BENCH_ADMIN_URL"] = url
        engine = "postgresql"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return engine


def _seed(households: int, activities: int, per_activity: int) -> dict[str, int]:
    from fanzha.outreach.models import Activity, ActivityHousehold
    from fanzha.people.models import Household, Resident
    from fanzha.places.models import County, TenHouseholdGroup, Township, Village

    rng = random.Random(7)
    county = County.objects.create(name="基准县")
    villages = []
    for t in range(7):
        township = Township.objects.create(county=county, name=f"第{t}镇")
        villages += [Village(township=township, name=f"第{t}镇{v}村") for v in range(12)]
    villages = Village.objects.bulk_create(villages)
    per_village = households // len(villages)
    groups = TenHouseholdGroup.objects.bulk_create(
        [TenHouseholdGroup(village=v, name=f"{g}组") for v in villages for g in range(per_village // 10 + 1)]
    )
    groups_of: dict[int, list[TenHouseholdGroup]] = {}
    for g in groups:
        groups_of.setdefault(g.village_id, []).append(g)
    rows = []
    for v in villages:
        for n in range(per_village):
            rows.append(Household(village=v, group=groups_of[v.pk][n // 10], address=f"幸福路{n}号"))
    Household.objects.bulk_create(rows, batch_size=5000)
    ids_by_village: dict[int, list[int]] = {}
    for pk, village_id in Household.objects.values_list("id", "village_id"):
        ids_by_village.setdefault(village_id, []).append(pk)
    residents = [
        Resident(household_id=pk, village_id=vid, name="居民", birth_date=date(1940 + rng.randint(0, 60), 1, 1))
        for vid, pks in ids_by_village.items()
        for pk in pks
        for _ in range(3)
    ]
    Resident.objects.bulk_create(residents, batch_size=5000)
    today = date.today()
    township_of = {v.pk: v.township_id for v in villages}
    acts = []
    for _ in range(activities):
        vid = rng.choice(villages).pk
        acts.append(
            Activity(
                kind="family",
                date=today - timedelta(days=rng.randint(0, 730)),
                township_id=township_of[vid],
                village_id=vid,
            )
        )
    acts = Activity.objects.bulk_create(acts, batch_size=5000)
    links = []
    for a in acts:
        for pk in rng.sample(ids_by_village[a.village_id], per_activity):
            links.append(ActivityHousehold(activity_id=a.pk, household_id=pk, date=a.date))
    ActivityHousehold.objects.bulk_create(links, batch_size=10000)
    return {
        "villages": len(villages),
        "households": per_village * len(villages),
        "residents": len(residents),
        "activities": len(acts),
        "households_reached_rows": len(links),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--per-activity", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fanzha-bench-coverage-") as tmp:
        engine = _setup(tmp)
        try:
            started = time.perf_counter()
            sizes = _seed(args.households, args.activities, args.per_activity)
            seed_seconds = time.perf_counter() - started
            from django.db import connection

            if engine == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            from fanzha.accounts.models import Role, User
            from fanzha.outreach import selectors
            from fanzha.places.models import Village

            centre = User.objects.create(username="bench_centre", role=Role.CENTRE_OPERATOR)
            selectors.village_coverage(user=centre)
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                rows = selectors.village_coverage(user=centre)
                runs.append(time.perf_counter() - t0)
            village = Village.objects.first()
            assert village is not None
            t0 = time.perf_counter()
            figures = selectors.coverage_for_village(village=village, days=90)
            one_village = time.perf_counter() - t0
            print(
                json.dumps(
                    {
                        "benchmark": "outreach_coverage",
                        "database": engine,
                        **sizes,
                        "seed_seconds": round(seed_seconds, 1),
                        "every_village_seconds": round(min(runs), 3),
                        "every_village_runs": [round(r, 3) for r in runs],
                        "villages_reported": len(rows),
                        "mean_rate_90": round(sum(r["coverage"].rate(90) for r in rows) / len(rows), 4),
                        "one_village_api_seconds": round(one_village, 3),
                        "one_village_never_reached": figures["never_reached_count"],
                        "target_seconds": 1.0,
                        "python": platform.python_version(),
                        "machine": platform.machine(),
                    },
                    ensure_ascii=False,
                )
            )
        finally:
            if engine == "postgresql":
                from django.db import connections

                connections.close_all()
                import psycopg

                with psycopg.connect(os.environ["BENCH_ADMIN_URL"], autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "fanzha_bench_coverage_{os.getpid()}"')


if __name__ == "__main__":
    main()

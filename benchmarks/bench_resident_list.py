"""The resident list page searched by name and by phone, as one JSON object.

    python benchmarks/bench_resident_list.py [--residents 30000] [--requests 200]

Own world, torn down after: a temporary FANZHA_DATA_DIR and a throwaway database — a SQLite file by
default; with DATABASE_URL set (postgres://…), a fresh database created on that server and dropped
after. The county is the routing benchmark's 牟定县 (7 townships, 86 villages) with `--residents`
residents in households of three, common Chinese names, mobile phones, a key-group tag for a fifth.

Measured: GET /people/residents/?q=… through the Django test client as a logged-in centre operator
(county-wide scope, so every resident is searched), the full page rendered, in this process — the
server's time without the network. Four kinds of query in equal shares: a surname and a given-name
character (王伟), a full name, a full phone number (13812345678), the last four digits (5678).
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_people_import import GIVEN, PREFIXES, SURNAMES, database  # noqa: E402
from bench_routing import MOUDING  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def seed(residents: int) -> dict[str, list[str]]:
    from django.db import connection, transaction

    from fanzha.people.models import Household, KeyGroup, Resident
    from fanzha.places.models import County, Township, Village

    rng = random.Random(3)
    names: list[str] = []
    phones: list[str] = []
    with transaction.atomic():
        county = County.objects.create(name="牟定县", full_name="楚雄彝族自治州牟定县")
        villages = []
        for t_name, v_names in MOUDING.items():
            township = Township.objects.create(county=county, name=t_name)
            villages += [Village.objects.create(township=township, name=v) for v in v_names]
        households = Household.objects.bulk_create(
            [
                Household(village=v, address=f"{v.name}{n % 12 + 1}组{n}号")
                for n, v in enumerate(rng.choice(villages) for _ in range(residents // 3 + 1))
            ],
            batch_size=2000,
        )
        people = []
        for n in range(residents):
            household = households[n // 3]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(["", rng.choice(GIVEN)])
            phone = f"+86{rng.choice(PREFIXES)}{rng.randint(0, 99999999):08d}"
            names.append(name)
            phones.append(phone)
            people.append(
                Resident(
                    household=household,
                    village_id=household.village_id,
                    name=name,
                    gender=rng.choice("MF"),
                    phone=phone,
                )
            )
        Resident.objects.bulk_create(people, batch_size=2000)
        tags = list(KeyGroup.objects.values_list("pk", flat=True))
        through = Resident.key_groups.through
        through.objects.bulk_create(
            [
                through(resident_id=pk, keygroup_id=rng.choice(tags))
                for pk in Resident.objects.values_list("pk", flat=True)
                if rng.random() < 0.2
            ],
            batch_size=2000,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"names": names, "phones": phones}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=30_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fanzha-bench-list-") as tmp, database(tmp) as (url, db):
        os.environ.update(
            {
                "FANZHA_ENV": "development",
                "FANZHA_DATA_DIR": tmp,
                "DATABASE_URL": url,
                "LOG_LEVEL": "WARNING",
                "DJANGO_SETTINGS_MODULE": "fanzha.settings",
            }
        )
        os.environ.pop("REDIS_URL", None)
        (Path(tmp) / "static").mkdir()
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client

        from fanzha.accounts.models import Role, User

        call_command("migrate", verbosity=0, interactive=False)
        world = seed(args.residents)
        client = Client()
        client.force_login(User.objects.create(username="centre", role=Role.CENTRE_OPERATOR))
        rng = random.Random(9)

        def query(kind: str) -> str:
            if kind == "name_prefix":
                return rng.choice(world["names"])[:2]
            if kind == "full_name":
                return rng.choice(world["names"])
            if kind == "full_phone":
                return rng.choice(world["phones"])[3:]
            return rng.choice(world["phones"])[-4:]

        kinds = ["name_prefix", "full_name", "full_phone", "phone_last4"]
        for kind in kinds:  # warm caches and templates
            client.get("/people/residents/", {"q": query(kind)})
        timings: dict[str, list[float]] = {k: [] for k in kinds}
        hits: dict[str, int] = dict.fromkeys(kinds, 0)
        for n in range(args.requests):
            kind = kinds[n % len(kinds)]
            q = query(kind)
            started = time.perf_counter()
            response = client.get("/people/residents/", {"q": q})
            timings[kind].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
            hits[kind] += int("没有符合条件的居民" not in response.content.decode())
        started = time.perf_counter()
        client.get("/people/residents/")
        unfiltered_ms = (time.perf_counter() - started) * 1000
        every = [t for ts in timings.values() for t in ts]
        result: dict[str, Any] = {
            "benchmark": "resident_list_search",
            "db": db,
            "residents": args.residents,
            "requests": len(every),
            "p50_ms": round(percentile(every, 50), 1),
            "p95_ms": round(percentile(every, 95), 1),
            "by_kind": {
                k: {
                    "p50_ms": round(percentile(ts, 50), 1),
                    "p95_ms": round(percentile(ts, 95), 1),
                    "found": f"{hits[k]}/{len(ts)}",
                }
                for k, ts in timings.items()
            },
            "unfiltered_first_page_ms": round(unfiltered_ms, 1),
            "target_p95_ms": 150,
            "passed": percentile(every, 95) < 150,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

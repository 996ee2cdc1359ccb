"""Statistics over years of records: the dashboard's and the summary API's server time, as one JSON object.

    python benchmarks/bench_stats.py [--scale 1.0] [--years 5] [--repeat 20] [--sqlite] [--keep DIR]
                                     [--pg-keep fanzha_bench_NAME] [--cache off|on|both] [--cache-seconds 60]

Own world, torn down after: a fresh PostgreSQL database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432/postgres) or, with `--sqlite`, a SQLite file in a temporary
FANZHA_DATA_DIR (`--keep DIR` builds it there and leaves it, to look at the pages). Never var/.
`--pg-keep fanzha_bench_NAME` loads into that PostgreSQL database and leaves it; run again with the same
name to measure without loading (drop it afterwards with `dropdb`).

At `--scale 1` the county (the routing benchmark's 牟定县: 7 townships, 80 villages, staff in each) has
300,000 residents (40 % registered on the App), 1,000,000 alerts over `--years` years with 2,000,000
dissuasion attempts, 100,000 cases (15 % in a key group) with 通报 and 约谈, 30,000 stop-payments with
freezes and returns, 50,000 consultations and 20,000 outreach activities reaching 200,000 households.
`--scale 0.02` divides every count by fifty (what a SQLite run on a laptop can load in a minute). On
PostgreSQL the residents' registrations, alerts, attempts, cases, key groups, 通报 and 约谈 are loaded
with INSERT … SELECT over generate_series (about three minutes at scale 1), alerts and cases in the
order they arrive, as in service; then VACUUM ANALYZE, as autovacuum would. Then the alerts' settled
months are rolled up, as the periodic task does in service (stats/rollup.py; "rollup" in the output).

Timed (Django's test client in-process, so the figures are server time without the network): the
dashboard (GET /stats/) for a leader and a station chief, with this month so far, last month, a
township, a fraud type, a key group and a whole year; the summary API for the same filters. Each
`--repeat` times after one warm-up; p50/p95/max in milliseconds. "dashboard"/"summary_api": every
request computes its figures (the figures cache off); "cached": the same with the cache on, i.e. the
requests after the first within `--cache-seconds` (the first costs what "dashboard" says).
Targets on PostgreSQL: dashboard ≤ 500 ms p95, summary ≤ 300 ms p95.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import PYTHON, percentile, postgres_database, seed  # noqa: E402

FULL = {
    "residents": 300_000,
    "alerts": 1_000_000,
    "attempts_per_alert": 2,
    "cases": 100_000,
    "stops": 30_000,
    "consultations": 50_000,
    "activities": 20_000,
    "reached": 200_000,
}
TYPES = [
    "order_brushing",
    "investment",
    "shopping",
    "customer_service",
    "loan",
    "credit_repair",
    "impersonate_acquaintance",
    "impersonate_authority",
    "romance",
    "game_trading",
]
BATCH = 5000


def _instant(rng: random.Random, start: datetime, seconds: int) -> datetime:
    return start + timedelta(seconds=rng.randrange(seconds))


def generate(*, scale: float, years: int, today: date) -> dict[str, int]:
    """Bulk-load everything the indicators read. Returns the sizes loaded."""
    from django.apps import apps
    from django.db import connection, transaction

    from fanzha.people.models import KeyGroup, Resident
    from fanzha.places.models import Village

    sizes = {k: max(1, int(v * scale)) for k, v in FULL.items() if k != "attempts_per_alert"}
    world = seed(residents=sizes["residents"], receiver_url=None)
    rng = random.Random(11)
    end = datetime(today.year, today.month, today.day, tzinfo=UTC)
    start = end - timedelta(days=365 * years)
    span = int((end - start).total_seconds())
    villages = list(Village.objects.values_list("id", "township_id"))
    resident_ids = list(Resident.objects.values_list("id", flat=True))
    key_groups = list(KeyGroup.objects.values_list("id", flat=True))

    if connection.vendor == "postgresql":
        # The big tables in SQL (generate_series): a million alerts load in seconds, not a quarter hour.
        with transaction.atomic():
            _generate_sql(sizes, start=start, span=span, years=years, key_groups=key_groups)
        sizes["attempts"] = sizes["alerts"] * 2
        _generate_small(sizes, rng=rng, start=start, span=span, years=years, villages=villages)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a database in service
        sizes["villages"] = world["villages"]
        return sizes

    Alert = apps.get_model("alerts", "Alert")
    Attempt = apps.get_model("alerts", "DissuasionAttempt")
    with transaction.atomic():
        registered = rng.sample(resident_ids, int(len(resident_ids) * 0.4))
        Resident.objects.bulk_update(
            [
                Resident(id=r, app_registered_on=(start + timedelta(days=rng.randrange(365 * years))).date())
                for r in registered
            ],
            ["app_registered_on"],
            batch_size=BATCH,
        )
        for first in range(0, sizes["alerts"], BATCH):
            rows = []
            for n in range(first, min(first + BATCH, sizes["alerts"])):
                village, township = rng.choice(villages)
                received = _instant(rng, start, span)
                contacted = received + timedelta(minutes=rng.expovariate(1 / 6)) if rng.random() < 0.95 else None
                visited = received + timedelta(minutes=rng.expovariate(1 / 25)) if rng.random() < 0.6 else None
                outcome = rng.choice(["dissuaded", "dissuaded", "dissuaded", "money_sent", "not_fraud", "refused"])
                rows.append(
                    Alert(
                        external_id=f"B-{n}",
                        source="province",
                        level=rng.choice(["high", "high", "medium", "low"]),
                        fraud_type=rng.choice(TYPES),
                        status="closed",
                        outcome=outcome,
                        village_id=village,
                        township_id=township,
                        resident_id=rng.choice(resident_ids) if rng.random() < 0.8 else None,
                        routing_method="phone",
                        received_at=received,
                        contact_deadline=received + timedelta(minutes=5),
                        visit_deadline=received + timedelta(minutes=30),
                        first_contact_at=contacted,
                        visit_at=visited,
                        closed_at=received + timedelta(hours=2),
                    )
                )
            made: list[Any] = Alert.objects.bulk_create(rows)
            Attempt.objects.bulk_create(
                [
                    Attempt(alert_id=a.pk, method=m, reached=True, at=a.received_at + timedelta(minutes=i * 5 + 1))
                    for a in made
                    for i, m in enumerate(["phone", "visit"])
                ]
            )
        sizes["attempts"] = sizes["alerts"] * 2

        Case = apps.get_model("cases", "Case")
        Through = Case.key_groups.through
        for first in range(0, sizes["cases"], BATCH):
            cases = []
            for n in range(first, min(first + BATCH, sizes["cases"])):
                village, township = rng.choice(villages)
                occurred = _instant(rng, start, span)
                cases.append(
                    Case(
                        case_number=f"AJ{n:08d}",
                        victim_name="某某",
                        occurred_at=occurred,
                        reported_at=occurred + timedelta(hours=3),
                        fraud_type=rng.choice(TYPES),
                        contact_method="phone",
                        loss_amount=Decimal(rng.randrange(100, 50_000_000)) / 100,
                        township_id=township,
                        village_id=village,
                    )
                )
            made_cases: list[Any] = Case.objects.bulk_create(cases)
            Through.objects.bulk_create(
                [Through(case_id=c.pk, keygroup_id=rng.choice(key_groups)) for c in made_cases if rng.random() < 0.15]
            )
            Notification = apps.get_model("cases", "Notification")
            Interview = apps.get_model("cases", "Interview")
            Notification.objects.bulk_create(
                [
                    Notification(
                        case_id=c.pk,
                        audience="township",
                        township_id=c.township_id,
                        recipient="乡镇",
                        sent_on=(c.occurred_at + timedelta(days=3)).date(),
                    )
                    for c in made_cases
                ]
            )
            Interview.objects.bulk_create(
                [
                    Interview(
                        case_id=c.pk,
                        township_id=c.township_id,
                        scheduled_on=(c.occurred_at + timedelta(days=7)).date(),
                        held_on=(c.occurred_at + timedelta(days=7)).date(),
                    )
                    for c in made_cases
                    if rng.random() < 0.3
                ]
            )

        _generate_small(sizes, rng=rng, start=start, span=span, years=years, villages=villages)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    sizes["villages"] = world["villages"]
    return sizes


def _insert_select(model: Any, columns: dict[str, str], source: str, params: list[Any]) -> None:
    """INSERT INTO model's table SELECT `columns` (SQL over `source`); every other column gets its
    Python default (now() for auto_now fields), so a new non-null field does not break the benchmark."""
    from django.db import connection
    from django.utils import timezone

    names, exprs, defaults = [], [], []
    for f in model._meta.concrete_fields:
        if f.primary_key or getattr(f, "generated", False):
            continue
        names.append(connection.ops.quote_name(f.column))
        if f.column in columns:
            exprs.append(columns[f.column])
            continue
        exprs.append("%s")
        value = (
            timezone.now() if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        )
        defaults.append(f.get_db_prep_save(value, connection))
    unknown = set(columns) - {f.column for f in model._meta.concrete_fields}
    assert not unknown, unknown
    table = model._meta.db_table
    sql = f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {source}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*defaults, *params] if source.count("%s") else defaults)


def _pick(values: list[Any], index: str) -> str:
    """SQL picking values[index] from a literal array (index a 0-based SQL integer expression)."""
    return f"(ARRAY[{', '.join(repr(v) if isinstance(v, str) else str(v) for v in values)}])[{index} + 1]"


def _generate_sql(sizes: dict[str, int], *, start: datetime, span: int, years: int, key_groups: list[int]) -> None:
    """Residents' App registrations, alerts with two attempts each, cases with their key groups, 通报 and
    约谈, in INSERT … SELECT over generate_series. Alerts and cases are inserted in the order they
    arrive (received_at / occurred_at rising), as in service; the random parts use PostgreSQL's random()
    seeded for repeatability."""
    from django.apps import apps
    from django.db import connection

    from fanzha.people.models import Resident
    from fanzha.places.models import Village

    villages = list(Village.objects.order_by("id").values_list("id", "township_id"))
    v_ids, t_ids = [v for v, _t in villages], [t for _v, t in villages]
    lo, hi = (
        Resident.objects.order_by("id").values_list("id", flat=True)[:1][0],
        Resident.objects.order_by("-id").values_list("id", flat=True)[:1][0],
    )
    assert Resident.objects.count() == hi - lo + 1, "residents' ids are expected contiguous in a fresh database"
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.11)")
        cursor.execute(
            f"UPDATE {Resident._meta.db_table} SET app_registered_on = (%s::date + floor(random() * %s)::int) "  # noqa: S608
            "WHERE random() < 0.4",
            [start.date(), 365 * years],
        )
    n = sizes["alerts"]
    # s: one row per alert, its random draws taken once (a subquery with volatile functions is not flattened)
    inner = (
        "(SELECT g, floor(random() * %s)::int AS v, random() AS r_res, random() AS r_contact, random() AS r_visit,"
        " -ln(1 - random()) AS e_contact, -ln(1 - random()) AS e_visit, floor(random() * 6)::int AS o,"
        " floor(random() * 4)::int AS l, floor(random() * 10)::int AS f, floor(random() * %s)::int AS res,"
        " %s::timestamptz + (g::float8 / %s * %s + random() * 60) * interval '1 second' AS received"
        " FROM generate_series(0, %s - 1) AS g) AS s"
    )
    Alert = apps.get_model("alerts", "Alert")
    _insert_select(
        Alert,
        {
            "external_id": "'B-' || g",
            "source": "'province'",
            "level": _pick(["high", "high", "medium", "low"], "l"),
            "fraud_type": _pick(TYPES, "f"),
            "status": "'closed'",
            "outcome": _pick(["dissuaded", "dissuaded", "dissuaded", "money_sent", "not_fraud", "refused"], "o"),
            "village_id": _pick(v_ids, "v"),
            "township_id": _pick(t_ids, "v"),
            "resident_id": f"CASE WHEN r_res < 0.8 THEN {lo} + res END",
            "routing_method": "'phone'",
            "received_at": "received",
            "contact_deadline": "received + interval '5 minutes'",
            "visit_deadline": "received + interval '30 minutes'",
            "first_contact_at": "CASE WHEN r_contact < 0.95 THEN received + e_contact * interval '6 minutes' END",
            "visit_at": "CASE WHEN r_visit < 0.6 THEN received + e_visit * interval '25 minutes' END",
            "closed_at": "received + interval '2 hours'",
        },
        inner + " ORDER BY g",
        [len(villages), hi - lo + 1, start, n, span, n],
    )
    Attempt = apps.get_model("alerts", "DissuasionAttempt")
    for i, method in enumerate(["phone", "visit"]):
        _insert_select(
            Attempt,
            {
                "alert_id": "id",
                "method": f"'{method}'",
                "reached": "true",
                "at": f"received_at + interval '{i * 5 + 1} minutes'",
            },
            f"{Alert._meta.db_table} ORDER BY id",
            [],
        )

    Case = apps.get_model("cases", "Case")
    n = sizes["cases"]
    _insert_select(
        Case,
        {
            "case_number": "'AJ' || lpad(g::text, 8, '0')",
            "victim_name": "'某某'",
            "occurred_at": "occurred",
            "reported_at": "occurred + interval '3 hours'",
            "fraud_type": _pick(TYPES, "f"),
            "contact_method": "'phone'",
            "loss_amount": "(100 + floor(random() * 49999900)) / 100",
            "township_id": _pick(t_ids, "v"),
            "village_id": _pick(v_ids, "v"),
        },
        "(SELECT g, floor(random() * %s)::int AS v, floor(random() * 10)::int AS f,"
        " %s::timestamptz + (g::float8 / %s * %s + random() * 600) * interval '1 second' AS occurred"
        " FROM generate_series(0, %s - 1) AS g) AS s ORDER BY g",
        [len(villages), start, n, span, n],
    )
    cases = Case._meta.db_table
    Through = Case.key_groups.through
    _insert_select(
        Through,
        {"case_id": "id", "keygroup_id": _pick(key_groups, f"floor(random() * {len(key_groups)})::int")},
        f"{cases} WHERE random() < 0.15",
        [],
    )
    _insert_select(
        apps.get_model("cases", "Notification"),
        {
            "case_id": "id",
            "audience": "'township'",
            "township_id": "township_id",
            "recipient": "'乡镇'",
            "sent_on": "((occurred_at AT TIME ZONE 'UTC') + interval '3 days')::date",
        },
        cases,
        [],
    )
    _insert_select(
        apps.get_model("cases", "Interview"),
        {
            "case_id": "id",
            "township_id": "township_id",
            "scheduled_on": "((occurred_at AT TIME ZONE 'UTC') + interval '7 days')::date",
            "held_on": "((occurred_at AT TIME ZONE 'UTC') + interval '7 days')::date",
        },
        f"{cases} WHERE random() < 0.3",
        [],
    )


def _generate_small(
    sizes: dict[str, int], *, rng: random.Random, start: datetime, span: int, years: int, villages: list[Any]
) -> None:
    """Stop-payments, freezes, returns, consultations and outreach: a few hundred thousand rows."""
    from django.apps import apps
    from django.db import connection, transaction

    from fanzha.people.models import Household

    with transaction.atomic():
        Stop = apps.get_model("funds", "StopPayment")
        Freeze = apps.get_model("funds", "Freeze")
        Return = apps.get_model("funds", "FundReturn")
        stops = []
        for n in range(sizes["stops"]):
            village, township = rng.choice(villages)
            at = _instant(rng, start, span)
            stops.append(
                Stop(
                    bank="某银行",
                    holder_name="某某",
                    account_number=f"6222{n:012d}",
                    amount=Decimal(rng.randrange(100, 10_000_000)) / 100,
                    transaction_at=at - timedelta(hours=1),
                    requested_at=at,
                    expires_at=at + timedelta(hours=48),
                    status="frozen",
                    township_id=township,
                    village_id=village,
                )
            )
        stops = Stop.objects.bulk_create(stops, batch_size=BATCH)
        freezes = Freeze.objects.bulk_create(
            [
                Freeze(
                    stop_payment_id=s.pk,
                    bank=s.bank,
                    account_number=s.account_number,
                    amount=s.amount,
                    frozen_at=s.requested_at + timedelta(hours=20),
                    until=s.requested_at + timedelta(days=180),
                    township_id=s.township_id,
                    village_id=s.village_id,
                )
                for s in stops
            ],
            batch_size=BATCH,
        )
        Return.objects.bulk_create(
            [
                Return(
                    freeze_id=f.pk,
                    amount=f.amount,
                    returned_on=(f.frozen_at + timedelta(days=40)).date(),
                    township_id=f.township_id,
                    village_id=f.village_id,
                )
                for f in freezes
                if rng.random() < 0.5
            ],
            batch_size=BATCH,
        )

        Consultation = apps.get_model("consults", "Consultation")
        consultations = Consultation.objects.bulk_create(
            [
                Consultation(
                    channel="web",
                    text="有人让我刷单",
                    fraud_type=rng.choice(TYPES),
                    is_fraud=True,
                    score=0.9,
                    township_id=(v := rng.choice(villages))[1],
                    village_id=v[0],
                )
                for _ in range(sizes["consultations"])
            ],
            batch_size=BATCH,
        )
        # created_at is auto_now_add: spread over the years afterwards
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {Consultation._meta.db_table} SET created_at = %s + random() * %s * interval '1 second'",  # noqa: S608
                    [start, span],
                )
        else:
            for c in consultations:
                c.created_at = _instant(rng, start, span)
            Consultation.objects.bulk_update(consultations, ["created_at"], batch_size=BATCH)

        Activity = apps.get_model("outreach", "Activity")
        Reached = apps.get_model("outreach", "ActivityHousehold")
        activities = Activity.objects.bulk_create(
            [
                Activity(
                    kind="village",
                    date=(start + timedelta(days=rng.randrange(365 * years))).date(),
                    township_id=(v := rng.choice(villages))[1],
                    village_id=v[0],
                )
                for _ in range(sizes["activities"])
            ],
            batch_size=BATCH,
        )
        households = list(Household.objects.values_list("id", flat=True))
        seen: set[tuple[int, int]] = set()
        reached: list[Any] = []
        while len(reached) < sizes["reached"]:
            a, h = rng.choice(activities), rng.choice(households)
            if (a.pk, h) not in seen:
                seen.add((a.pk, h))
                reached.append(Reached(activity_id=a.pk, household_id=h, date=a.date))
        Reached.objects.bulk_create(reached, batch_size=BATCH)


def _time(fn: Any, repeat: int) -> dict[str, float]:
    fn()  # warm-up: the first request pays for imports and the jurisdiction cache
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
    }


def measure(repeat: int, today: date, cache_seconds: int) -> dict[str, Any]:
    """Every filter for a leader and a station chief, with the figures cache (stats/cache.py) set to
    `cache_seconds` (0: every request computes its figures)."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from fanzha.accounts.models import Role, User
    from fanzha.accounts.services import api_token_create
    from fanzha.people.models import KeyGroup
    from fanzha.places.models import Township

    leader, _created = User.objects.get_or_create(username="bench-leader", defaults={"role": Role.LEADER})
    chief = User.objects.filter(role=Role.STATION_CHIEF).order_by("id").first()
    township = Township.objects.order_by("id").first()
    assert chief is not None and township is not None
    settings.STATS_CACHE_SECONDS = cache_seconds
    cache.clear()
    month_start = today.replace(day=1)
    month = {"start": month_start.isoformat(), "end": today.isoformat()}
    last_month_end = month_start - timedelta(days=1)
    filters = {
        "this_month": month,
        "last_month": {"start": last_month_end.replace(day=1).isoformat(), "end": last_month_end.isoformat()},
        "township": {**month, "township": township.pk},
        "fraud_type": {**month, "fraud_type": "investment"},
        "key_group": {**month, "key_group": KeyGroup.objects.order_by("id").first().pk},  # type: ignore[union-attr]
        "whole_year": {"start": f"{today.year - 1}-01-01", "end": f"{today.year - 1}-12-31"},
    }
    result: dict[str, Any] = {"dashboard": {}, "summary_api": {}}
    for who, user in (("leader", leader), ("chief", chief)):
        web = Client()
        web.force_login(user)
        api = Client(headers={"Authorization": f"Bearer {api_token_create(user=user)}"})
        for name, params in filters.items():
            page = _time(lambda p=params, c=web: _ok(c.get("/stats/", p)), repeat)
            result["dashboard"][f"{who}:{name}"] = page
            summary = _time(lambda p=params, c=api: _ok(c.get("/api/v1/stats/summary", p)), repeat)
            result["summary_api"][f"{who}:{name}"] = summary
    for key, target in (("dashboard", 500), ("summary_api", 300)):
        worst = max(v["p95_ms"] for v in result[key].values())
        result[key]["worst_p95_ms"] = worst
        result[key]["target_p95_ms"] = target
        result[key]["passed"] = worst <= target
    return result


def roll_up() -> dict[str, Any]:
    """What the periodic task does in service (stats/tasks.py): roll up the alerts' settled months.
    On a freshly loaded database that is every month but the last few; again, none (nothing changed)."""
    from fanzha.stats import rollup
    from fanzha.stats.indicators import SOURCES

    t0 = time.perf_counter()
    months = rollup.refresh(SOURCES["alerts"].resolve())
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = rollup.refresh(SOURCES["alerts"].resolve())
    return {
        "months_rolled_up": len(months),
        "seconds": round(first, 2),
        "again_months": len(again),
        "again_ms": round((time.perf_counter() - t0) * 1000, 1),
    }


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code}: {response.content[:300]!r}")


@contextlib.contextmanager
def database(args: argparse.Namespace, tmp: str) -> Iterator[str]:
    if args.sqlite:
        yield f"sqlite:///{tmp}/fanzha.sqlite3"
        return
    server = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if args.pg_keep:
        yield _kept_database(server, args.pg_keep)
        return
    with postgres_database(server) as url:
        yield url


def _kept_database(server_url: str, name: str) -> str:
    """A named benchmark database left in place between runs (created when missing)."""
    import psycopg

    if not name.startswith("fanzha_bench_"):
        raise SystemExit("--pg-keep: the name must start with fanzha_bench_ (never test or a real database)")
    with psycopg.connect(server_url, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (1.0: 1M alerts)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument(
        "--cache",
        choices=["off", "on", "both"],
        default="both",
        help="the figures cache: off (every request computes: the figures under 'dashboard' and "
        "'summary_api'), on (under 'cached': requests after the first within --cache-seconds), or both",
    )
    parser.add_argument("--cache-seconds", type=int, default=60)
    parser.add_argument("--keep", help="build the SQLite database in this directory and leave it there")
    parser.add_argument(
        "--pg-keep",
        metavar="NAME",
        help="PostgreSQL: build into the database NAME (fanzha_bench_…) and leave it; when it already has the "
        "data, measure without loading again (drop it with: dropdb NAME)",
    )
    args = parser.parse_args()
    if args.keep:
        args.sqlite = True
    today = date.today()
    result: dict[str, Any] = {"benchmark": "stats", "cpus": os.cpu_count(), "python": platform.python_version()}
    with contextlib.ExitStack() as stack:
        tmp = args.keep or stack.enter_context(tempfile.TemporaryDirectory(prefix="fanzha-bench-stats-"))
        Path(tmp).mkdir(parents=True, exist_ok=True)
        url = stack.enter_context(database(args, tmp))
        env = {"FANZHA_ENV": "development", "FANZHA_DATA_DIR": tmp, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
        env["PYTHONPATH"] = str(ROOT / "src")
        subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env={**os.environ, **env}, check=True)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.db import connection

        result["database"] = connection.vendor
        t0 = time.perf_counter()
        from django.apps import apps

        if args.pg_keep and apps.get_model("alerts", "Alert").objects.exists():
            result["data"] = {"reused": args.pg_keep, "alerts": apps.get_model("alerts", "Alert").objects.count()}
        else:
            result["data"] = generate(scale=args.scale, years=args.years, today=today)
            result["data"]["years"] = args.years
            result["load_seconds"] = round(time.perf_counter() - t0, 1)
        result["rollup"] = roll_up()
        if args.cache in ("off", "both"):
            result.update(measure(args.repeat, today, 0))
        if args.cache in ("on", "both"):
            result["cached"] = measure(args.repeat, today, args.cache_seconds)
            result["cached"]["cache_seconds"] = args.cache_seconds
        connection.close()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

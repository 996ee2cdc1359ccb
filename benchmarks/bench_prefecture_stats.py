"""The prefecture's statistics on PostgreSQL: the dashboard, the counties' ranking and the summary API for
the prefecture's leader, over ten counties; server time as one JSON object, with the machine's load.

    python benchmarks/bench_prefecture_stats.py [--scale 1.0] [--years 2] [--repeat 10]
                                                [--pg-keep fanzha_bench_NAME]

Own world, torn down after: a fresh PostgreSQL database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432/postgres); `--pg-keep fanzha_bench_NAME` loads into that database and
leaves it (run again with the same name to measure without loading; drop it with `dropdb`).

At `--scale 1` the prefecture (楚雄州's ten counties, each 10 townships × 12 villages) has 2,700,000
residents (40 % registered on the App over the years), 1,000,000 alerts and 60,000 cases a year for
`--years` years, spread over the counties in proportion 3:2:1:1:1:1:1:1:1:1 (the county seat and the
second city larger); households, funds, consultations and outreach are left empty (their tables are
small beside these). Loaded with INSERT … SELECT over generate_series, in arrival order, then VACUUM
ANALYZE; then the alerts' settled months are rolled up, as the periodic task does in service.

Timed (Django's test client in-process: server time without the network), the figures cache off so that
every request computes: the dashboard (GET /stats/) for the prefecture's leader over the whole
prefecture (this month, last month, last year) and for one county (last month); the counties' ranking
(GET /stats/counties/: last month, last year); the summary API (whole prefecture, one county). Each
`--repeat` times after one warm-up; p50/p95/max in ms, and the load average (`os.getloadavg`, what
`uptime` prints) before and after each. Targets: dashboard and ranking p95 ≤ 500 ms at scale 1.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import PYTHON, percentile  # noqa: E402
from bench_stats import TYPES, _insert_select, _ok, _pick, database, roll_up  # noqa: E402

COUNTIES = [
    ("楚雄市", "532301", 3),
    ("禄丰市", "532302", 2),
    ("双柏县", "532322", 1),
    ("牟定县", "532323", 1),
    ("南华县", "532324", 1),
    ("姚安县", "532325", 1),
    ("大姚县", "532326", 1),
    ("永仁县", "532327", 1),
    ("元谋县", "532328", 1),
    ("武定县", "532329", 1),
]
TOWNSHIPS, VILLAGES = 10, 12
FULL = {"residents": 2_700_000, "alerts_per_year": 1_000_000, "cases_per_year": 60_000}


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def generate(*, scale: float, years: int, today: date) -> dict[str, Any]:
    """The prefecture, its places and users; residents, alerts and cases in SQL (module docstring)."""
    from django.apps import apps
    from django.db import connection, transaction

    from fanzha.accounts.models import Role, User
    from fanzha.people.models import Resident
    from fanzha.places.models import Assignment, County, Prefecture, Township, Village

    sizes = {
        "residents": int(FULL["residents"] * scale),
        "alerts": int(FULL["alerts_per_year"] * scale * years),
        "cases": int(FULL["cases_per_year"] * scale * years),
    }
    with transaction.atomic():
        prefecture = Prefecture.objects.create(name="楚雄彝族自治州", short_name="楚雄州", code="532300")
        weighted: list[int] = []  # village ids, each county's repeated by its weight
        for name, code, weight in COUNTIES:
            county = County.objects.create(prefecture=prefecture, name=name, code=code, full_name=f"楚雄州{name}")
            leader = User.objects.create(username=f"leader-{code}", role=Role.LEADER)
            Assignment.objects.create(user=leader, role=Role.LEADER, county=county)
            for t in range(TOWNSHIPS):
                township = Township.objects.create(county=county, name=f"{name[:2]}第{t + 1}镇")
                ids = [
                    Village.objects.create(township=township, name=f"{name[:2]}{t + 1}镇{v + 1}村").pk
                    for v in range(VILLAGES)
                ]
                weighted += ids * weight
        User.objects.create(username="bench-prefecture-leader", role=Role.PREFECTURE_LEADER)
    places = {v: (t, c) for v, t, c in Village.objects.values_list("id", "township_id", "township__county_id")}
    v_ids = weighted
    t_ids = [places[v][0] for v in v_ids]
    c_ids = [places[v][1] for v in v_ids]
    start = datetime(today.year - years, today.month, 1, tzinfo=UTC)
    span = int((datetime.now(UTC) - start).total_seconds())
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.19)")
    _insert_select(
        Resident,
        {
            "village_id": _pick(v_ids, f"floor(random() * {len(v_ids)})::int"),
            "name": "'居民' || g",
            "gender": "'F'",
            "phone": "'+86139' || lpad(g::text, 8, '0')",
            "app_registered_on": f"CASE WHEN random() < 0.4 THEN '{today}'::date - floor(random() * 1500)::int END",
        },
        "generate_series(1, %s) AS g",
        [sizes["residents"]],
    )
    n = sizes["alerts"]
    inner = (
        "(SELECT g, floor(random() * %s)::int AS v, random() AS r_contact, random() AS r_visit,"
        " -ln(1 - random()) AS e_contact, -ln(1 - random()) AS e_visit, floor(random() * 6)::int AS o,"
        " floor(random() * 4)::int AS l, floor(random() * 10)::int AS f,"
        " %s::timestamptz + (g::float8 / %s * %s + random() * 60) * interval '1 second' AS received"
        " FROM generate_series(0, %s - 1) AS g) AS s"
    )
    Alert = apps.get_model("alerts", "Alert")
    _insert_select(
        Alert,
        {
            "external_id": "'P-' || g",
            "source": "'province'",
            "level": _pick(["high", "high", "medium", "low"], "l"),
            "fraud_type": _pick(TYPES, "f"),
            "status": "'closed'",
            "outcome": _pick(["dissuaded", "dissuaded", "dissuaded", "money_sent", "not_fraud", "refused"], "o"),
            "village_id": _pick(v_ids, "v"),
            "township_id": _pick(t_ids, "v"),
            "county_id": _pick(c_ids, "v"),
            "routing_method": "'phone'",
            "received_at": "received",
            "contact_deadline": "received + interval '5 minutes'",
            "visit_deadline": "received + interval '30 minutes'",
            "first_contact_at": "CASE WHEN r_contact < 0.95 THEN received + e_contact * interval '6 minutes' END",
            "visit_at": "CASE WHEN r_visit < 0.6 THEN received + e_visit * interval '25 minutes' END",
            "closed_at": "received + interval '2 hours'",
        },
        inner + " ORDER BY g",
        [len(v_ids), start, n, span, n],
    )
    Case = apps.get_model("cases", "Case")
    n = sizes["cases"]
    _insert_select(
        Case,
        {
            "case_number": "'PJ' || lpad(g::text, 8, '0')",
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
        [len(v_ids), start, n, span, n],
    )
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {**sizes, "counties": len(COUNTIES), "villages": len(places), "years": years}


def _time(fn: Any, repeat: int) -> dict[str, Any]:
    before = load()
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "load_before": before,
        "load_after": load(),
    }


def measure(repeat: int, today: date) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client

    from fanzha.accounts.models import User
    from fanzha.accounts.services import api_token_create
    from fanzha.places.models import County

    settings.STATS_CACHE_SECONDS = 0
    leader = User.objects.get(username="bench-prefecture-leader")
    county = County.objects.get(code="532323")  # 牟定县, one of the small ones
    web = Client()
    web.force_login(leader)
    api = Client(headers={"Authorization": f"Bearer {api_token_create(user=leader)}"})
    month_start = today.replace(day=1)
    last_end = month_start - timedelta(days=1)
    this_month = {"start": month_start.isoformat(), "end": today.isoformat()}
    last_month = {"start": last_end.replace(day=1).isoformat(), "end": last_end.isoformat()}
    last_year = {"start": f"{today.year - 1}-01-01", "end": f"{today.year - 1}-12-31"}
    cases = {
        "dashboard:prefecture:this_month": ("/stats/", this_month, web),
        "dashboard:prefecture:last_month": ("/stats/", last_month, web),
        "dashboard:prefecture:last_year": ("/stats/", last_year, web),
        "dashboard:county:last_month": ("/stats/", {**last_month, "county": county.pk}, web),
        "ranking:last_month": ("/stats/counties/", last_month, web),
        "ranking:last_year": ("/stats/counties/", last_year, web),
        "summary_api:prefecture:last_month": ("/api/v1/stats/summary", last_month, api),
        "summary_api:county:last_month": ("/api/v1/stats/summary", {**last_month, "county": county.pk}, api),
    }
    result: dict[str, Any] = {}
    for name, (path, params, client) in cases.items():
        result[name] = _time(lambda p=path, q=params, c=client: _ok(c.get(p, q)), repeat)
    pages = [v["p95_ms"] for k, v in result.items() if k.startswith(("dashboard", "ranking"))]
    result["worst_page_p95_ms"] = max(pages)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the prefecture (1.0: 2.7M residents)")
    parser.add_argument("--years", type=int, default=2, help="years of alerts and cases (2: 同比 has a base)")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pg-keep", metavar="NAME", help="build into fanzha_bench_NAME and leave it there")
    args = parser.parse_args()
    args.sqlite = False
    today = date.today()
    result: dict[str, Any] = {
        "benchmark": "prefecture_stats",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "uptime_at_start": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
    }
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="fanzha-bench-prefecture-"))
        url = stack.enter_context(database(args, tmp))
        env = {"FANZHA_ENV": "development", "FANZHA_DATA_DIR": tmp, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
        env["PYTHONPATH"] = str(ROOT / "src")
        subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env={**os.environ, **env}, check=True)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.apps import apps
        from django.db import connection

        t0 = time.perf_counter()
        if args.pg_keep and apps.get_model("alerts", "Alert").objects.exists():
            result["data"] = {"reused": args.pg_keep, "alerts": apps.get_model("alerts", "Alert").objects.count()}
        else:
            result["data"] = generate(scale=args.scale, years=args.years, today=today)
            result["data"]["scale"] = args.scale
            result["load_seconds"] = round(time.perf_counter() - t0, 1)
        result["rollup"] = roll_up()
        result["pages"] = measure(args.repeat, today)
        result["uptime_at_end"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
        connection.close()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

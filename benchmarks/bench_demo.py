"""`fanzha demo`: seconds to build the demo prefecture (or, with --county 牟定县, the demo county), as
one JSON object.

    python benchmarks/bench_demo.py [--residents 30000] [--county 牟定县]

`--residents` is 牟定县's count; in the prefecture 南华县 gets half of it and each lighter county 2 %.
Besides the wall-clock seconds, the CPU seconds of this process (the command is single-threaded and the
SQLite database is in-process), which do not depend on how busy the machine is.

Runs against a throwaway database and never var/: a SQLite file in a temporary FANZHA_DATA_DIR, or,
when DATABASE_URL is set, a fresh database created on that PostgreSQL server and dropped afterwards.
Migrations are not timed; the command is (target: under 60 s for the default 30,000 residents).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def _postgres(server_url: str) -> tuple[str, str]:
    """Create an empty database beside the one DATABASE_URL names; return its URL and name."""
    import psycopg

    name = f"fanzha_bench_demo_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}")), name


def _drop_postgres(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--residents", type=int, default=30_000)
    parser.add_argument("--county", default=None, help="only this county (牟定县): the one-county demo")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="fanzha-bench-demo-") as tmp:
        os.environ["FANZHA_DATA_DIR"] = tmp
        os.environ.setdefault("FANZHA_ENV", "development")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
        pg_name = ""
        if server_url:
            os.environ["DATABASE_URL"], pg_name = _postgres(server_url)
        else:
            os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        try:
            import django
            from django.core.management import call_command
            from django.db import connection

            django.setup()
            call_command("migrate", verbosity=0, skip_checks=True)
            started, cpu_started = time.perf_counter(), time.process_time()
            call_command("demo", residents=args.residents, county=args.county, stdout=io.StringIO())
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started

            from fanzha.people.models import Resident

            result = {
                "benchmark": "demo",
                "residents": Resident.objects.count(),
                "county": args.county or "楚雄州 (10)",
                "seconds": round(seconds, 2),
                "cpu_seconds": round(cpu, 2),
                "load": [round(x, 2) for x in os.getloadavg()],
                "db": connection.vendor,
                "target_seconds": 60,
                "python": platform.python_version(),
            }
            connection.close()
        finally:
            if pg_name:
                _drop_postgres(server_url, pg_name)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

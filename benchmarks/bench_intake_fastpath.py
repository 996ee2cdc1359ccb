"""What each of intake's fast-path optimisations saves, in CPU per alert, as one JSON object.

    python benchmarks/bench_intake_fastpath.py [--alerts 240] [--rounds 4] [--residents 20000] [--threads 16]
    python benchmarks/bench_intake_fastpath.py --batch [--rows 4000] [--rounds 3]

The intake API runs in this process (Django's test client, production settings, PostgreSQL and Redis as
in bench_intake.py, a fresh database and a private redis-server), called from `--threads` threads at
once, as gunicorn's threads call it. For each optimisation of `fanzha.core.fastpath` the same number of
alerts is sent with it and without it (the plain ORM way), in alternating slices, `--rounds` times: the
machine is shared and its speed drifts, but both sides of a pair see the same drift. Counted per alert
answered: this process's CPU time (all its threads) and that of the PostgreSQL backends connected to
this benchmark's database; the sum is intake's CPU. An optimisation is worth keeping when the plain way
costs at least 10 % more of that sum: `saves_percent` is the median, over the rounds, of what the
shortcut saves of the plain way's CPU within each back-to-back pair.

`--batch`: the same for an Excel batch of `--rows` alerts, imported as the worker imports it
(`alerts.tasks.import_alerts_job`: reading the file included), per row, for the shortcuts a batch uses
(`copy_inserts`).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import (
    DATABASE_NAME,
    alert_body,
    postgres_database,
    redis_server,
    seed,
    server_env,
)

SERIAL = iter(range(10**9))


def backend_cpu() -> float:
    """CPU seconds of the live PostgreSQL backends connected to this benchmark's database."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if f" {DATABASE_NAME} " not in command or "postgres" not in command:
                continue
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])
    return total / tick


def without(name: str) -> contextlib.AbstractContextManager[None]:
    from fanzha.core import fastpath

    return fastpath.plain(name)


def send_slice(pool: ThreadPoolExecutor, post: Callable[[bytes], int], bodies: list[bytes]) -> dict[str, float]:
    process, database = time.process_time(), backend_cpu()
    statuses = list(pool.map(post, bodies))
    process, database = time.process_time() - process, backend_cpu() - database
    answered = sum(1 for s in statuses if s == 201)
    if answered != len(bodies):
        raise SystemExit(f"only {answered} of {len(bodies)} alerts answered 201: {sorted(set(statuses))}")
    return {"process": process * 1000 / answered, "postgresql": database * 1000 / answered}


def summarised(samples: dict[str, dict[str, list[dict[str, float]]]]) -> dict[str, Any]:
    """Per shortcut: the median CPU per item with it and without, and what it saves."""
    report = {}
    for name, sides in samples.items():
        figures = {
            side: {
                "process_ms": round(statistics.median(r["process"] for r in runs), 2),
                "postgresql_ms": round(statistics.median(r["postgresql"] for r in runs), 2),
                "total_ms": round(statistics.median(r["process"] + r["postgresql"] for r in runs), 2),
            }
            for side, runs in sides.items()
        }
        # Each round's pair ran back to back: the saving within a pair is the measure, its median the figure.
        pairs = [
            (b["process"] + b["postgresql"] - a["process"] - a["postgresql"]) / (b["process"] + b["postgresql"])
            for a, b in zip(sides["on"], sides["off"], strict=True)
        ]
        saves = statistics.median(pairs)
        report[name] = {
            "cpu_ms_per_alert": {"with": figures["on"], "plain": figures["off"]},
            "saves_percent": round(saves * 100, 1),
            "saves_percent_per_round": [round(p * 100, 1) for p in pairs],
            "saves_10_percent_or_more": saves >= 0.10,
        }
    return report


def measure_batches(args: argparse.Namespace, world: dict[str, Any], tmp: Path) -> dict[str, Any]:
    """Excel batches of `args.rows` alerts, each imported with and without each batch shortcut."""
    from bench_alert_batch import write_file
    from django.core.files import File
    from openpyxl import load_workbook

    from fanzha.accounts.models import User
    from fanzha.alerts.tasks import import_alerts_job
    from fanzha.core import fastpath
    from fanzha.core.models import Job

    names = ["copy_inserts"]
    files = []
    template = tmp / "template.xlsx"
    write_file(template, args.rows, world)
    for k in range(1 + args.rounds * len(names) * 2):
        workbook = load_workbook(template)
        for row in workbook.active.iter_rows(min_row=2):
            row[0].value = f"B{k}-{row[0].value}"  # every batch's alerts are new
        files.append(tmp / f"batch-{k}.xlsx")
        workbook.save(files[-1])
    operator = User.objects.get(username="province-push")

    def run(path: Path) -> dict[str, float]:
        with path.open("rb") as handle:
            job = Job.objects.create(
                kind="alerts.import",
                created_by=operator,
                params={"skip_bad": False},
                input_file=File(handle, path.name),
            )
        process, database = time.process_time(), backend_cpu()
        import_alerts_job.call_local(job.pk)
        process, database = time.process_time() - process, backend_cpu() - database
        job.refresh_from_db()
        if job.summary.get("created") != args.rows:
            raise SystemExit(f"the batch did not land whole: {job.summary}")
        return {"process": process * 1000 / args.rows, "postgresql": database * 1000 / args.rows}

    batches = iter(files)
    run(next(batches))  # warm-up
    samples: dict[str, dict[str, list[dict[str, float]]]] = {name: {"on": [], "off": []} for name in names}
    for round_ in range(args.rounds):
        for name in names:
            for side in ("on", "off") if round_ % 2 == 0 else ("off", "on"):
                with contextlib.nullcontext() if side == "on" else fastpath.plain(name):
                    samples[name][side].append(run(next(batches)))
    return summarised(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=240, help="alerts per slice")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--batch", action="store_true", help="an Excel batch instead of the API")
    parser.add_argument("--rows", type=int, default=4000, help="rows per batch")
    args = parser.parse_args()

    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    result: dict[str, Any] = {
        "benchmark": "intake_fastpath",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "load_before": os.getloadavg(),
    }
    with (
        tempfile.TemporaryDirectory(prefix="fanzha-bench-fastpath-") as tmp,
        postgres_database(server_url) as database_url,
        redis_server(tmp) as redis_url,
    ):
        env = server_env(tmp, database_url, redis_url)
        env["ALLOWED_HOSTS"] = "testserver"
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test import Client

        from fanzha.core import fastpath

        call_command("migrate", verbosity=0)
        # Deliveries are queued in Redis and never sent: no worker runs.
        world = seed(residents=args.residents, receiver_url="http://127.0.0.1:9")
        connections.close_all()
        result["data"] = {"residents": args.residents, "villages": world["villages"], "staff": world["users"]}
        if args.batch:
            result["optimisations"] = measure_batches(args, world, Path(tmp))
            result["rows_per_batch"] = args.rows
            result["rounds"] = args.rounds
            result["load_after"] = os.getloadavg()
            print(json.dumps(result, ensure_ascii=False))
            return
        header = f"Bearer {world['token']}"
        rng = random.Random(11)

        def post(body: bytes) -> int:
            client = Client(HTTP_AUTHORIZATION=header)
            return client.post("/api/v1/alerts", data=body, content_type="application/json").status_code

        def bodies() -> list[bytes]:
            return [alert_body(next(SERIAL), world, rng) for _ in range(args.alerts)]

        samples: dict[str, dict[str, list[dict[str, float]]]] = {
            name: {"on": [], "off": []} for name in fastpath.OPTIMISATIONS
        }
        with ThreadPoolExecutor(args.threads) as pool:
            send_slice(pool, post, bodies())  # warm-up: connections, gazetteer, imports
            for round_ in range(args.rounds):
                for name in fastpath.OPTIMISATIONS:
                    order = ("on", "off") if round_ % 2 == 0 else ("off", "on")
                    for side in order:
                        wanted = bodies()
                        with contextlib.nullcontext() if side == "on" else without(name):
                            samples[name][side].append(send_slice(pool, post, wanted))
        connections.close_all()

    result["alerts_per_slice"] = args.alerts
    result["rounds"] = args.rounds
    result["threads"] = args.threads
    result["optimisations"] = summarised(samples)
    result["load_after"] = os.getloadavg()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

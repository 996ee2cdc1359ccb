"""An Excel batch of alerts received end to end, as one JSON object.

    python benchmarks/bench_alert_batch.py [--rows 100000] [--residents 50000] [--sqlite]

Own world, torn down after: a fresh PostgreSQL database (BENCH_DATABASE_URL names the server, default
postgres://postgres@127.0.0.1:5432/postgres; `--sqlite` uses a SQLite file instead), a private
redis-server for Huey's queue, a temporary FANZHA_DATA_DIR; never var/. The county is the routing
benchmark's 牟定县 with `--residents` residents and staff in every village.

The file has the Chinese headers and `--rows` rows: 80 % a registered resident's phone, 15 % only an
address, 5 % nothing routable; each with a suspect phone and account. Timed: the import job exactly
as the worker runs it (`alerts.tasks.import_alerts_job`): read and check every row, route, insert
alerts, observables, timeline and audit entries, and hand every assignment to the notify app, which
queues the deliveries. Writing the file is not timed.
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
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import PYTHON, postgres_database, redis_server, seed, server_env  # noqa: E402

HEADER = [
    "预警编号",
    "来源",
    "预警等级",
    "诈骗类型",
    "手机号",
    "姓名",
    "地址",
    "涉险金额",
    "下发时间",
    "预警内容",
    "涉诈电话",
    "涉诈账户",
]
LEVELS = ["高", "高", "中", "低"]
TYPES = ["刷单返利", "虚假网络投资理财", "冒充公检法及政府机关", "虚假网络贷款", "冒充电商物流客服"]


def write_file(path: Path, rows: int, world: dict[str, Any]) -> None:
    from openpyxl import Workbook

    rng = random.Random(5)
    # Not write_only: that mode leaves out the sheet's <dimension>, which Excel always writes and
    # without which a reader must parse the whole sheet once more to learn its size.
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "预警"
    sheet.append(HEADER)
    for n in range(rows):
        roll = rng.random()
        phone = rng.choice(world["phones"])[3:] if roll < 0.80 else ""
        address = rng.choice(world["addresses"]) if 0.80 <= roll < 0.95 else ""
        sheet.append(
            [
                f"XLS-{n:07d}",
                "省反诈中心",
                rng.choice(LEVELS),
                rng.choice(TYPES),
                phone,
                "",
                address,
                rng.randint(1, 500) * 100,
                "2024-05-01 10:03",
                "上级平台预警：疑似正在被骗转账",
                f"+8617{rng.randint(0, 999999999):09d}",
                f"6222{rng.randint(0, 10**12 - 1):012d}",
            ]
        )
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()

    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    with tempfile.TemporaryDirectory(prefix="fanzha-bench-batch-") as tmp, redis_server(tmp) as redis_url:
        database = (
            postgres_database(server_url)
            if not args.sqlite
            else contextlib.nullcontext(f"sqlite:///{tmp}/bench.sqlite3")
        )
        with database as database_url:
            env = server_env(tmp, database_url, redis_url)
            subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env=env, check=True)
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
            import django

            django.setup()
            from django.core.files import File

            from fanzha.accounts.models import User
            from fanzha.alerts.models import Alert
            from fanzha.alerts.tasks import import_alerts_job
            from fanzha.core.models import Job

            # Every village has its WeCom robot channel, so each assignment queues a real channel
            # delivery (a row and a Huey task in Redis). No consumer runs: nothing is sent; the address
            # is the discard port of loopback.
            world = seed(residents=args.residents, receiver_url="http://127.0.0.1:9")
            path = Path(tmp) / "alerts.xlsx"
            started = time.perf_counter()
            write_file(path, args.rows, world)
            write_seconds = time.perf_counter() - started
            operator = User.objects.get(username="province-push")
            with path.open("rb") as handle:
                job = Job.objects.create(
                    kind="alerts.import",
                    created_by=operator,
                    params={"skip_bad": False},
                    input_file=File(handle, "alerts.xlsx"),
                )
            started = time.perf_counter()
            import_alerts_job.call_local(job.pk)
            seconds = time.perf_counter() - started
            job.refresh_from_db()
            queued = _notifications_queued()
            result = {
                "benchmark": "alert_excel_batch",
                "database": "sqlite" if args.sqlite else "postgresql",
                "rows": args.rows,
                "file_mb": round(path.stat().st_size / 1e6, 1),
                "write_file_seconds": round(write_seconds, 1),
                "import_seconds": round(seconds, 1),
                "rows_per_second": round(args.rows / seconds),
                "job": {"status": job.status, "errors": len(job.errors), **job.summary},
                "alerts_in_database": Alert.objects.count(),
                "routed": {
                    method: Alert.objects.filter(routing_method=method).count()
                    for method in ("phone", "id_number", "address", "unrouted")
                },
                "notifications_queued": queued,
                "data": {"residents": args.residents, "villages": world["villages"]},
                "target_seconds": 120,
                "passed": job.status == Job.Status.DONE and seconds <= 120 and job.summary.get("created") == args.rows,
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
            }
    print(json.dumps(result, ensure_ascii=False))


def _notifications_queued() -> dict[str, Any]:
    """What the notify app recorded: in-app notifications, channel deliveries by status, and the
    Huey tasks waiting in Redis to send them."""
    from django.db.models import Count

    from fanzha.huey_app import huey
    from fanzha.notify.models import Delivery, Notification

    channel = Delivery.objects.filter(channel__isnull=False)
    return {
        "in_app_notifications": Notification.objects.count(),
        "channel_deliveries": dict(channel.values_list("status").annotate(n=Count("pk")).order_by()),
        "huey_tasks_queued": huey.pending_count(),
    }


if __name__ == "__main__":
    main()

"""A bulletin to 1,000 ten-household groups' chat robots, delivered by a real Huey consumer, as one JSON object.

    python benchmarks/bench_bulletin.py [--groups 1000] [--villages 10] [--queue sqlite|redis] [--limit 180]

Own throwaway world, torn down after: a temporary FANZHA_DATA_DIR with a SQLite database by default; with
BENCH_DATABASE_URL (or DATABASE_URL) set to postgres://…, a fresh database `fanzha_bench_bulletin_<pid>` on
that server, dropped after. Huey's queue is private too: SqliteHuey in the temporary directory by default
(`--queue sqlite`, the deployment without Redis), or a private redis-server on a free port (`--queue redis`);
a REDIS_URL in the environment is never used.

The world: one township with `--villages` villages, `--groups` ten-household groups spread over them (ten
households each), a police assistant and a grid worker per village (they get the bulletin in-app), and per
group a WeCom-robot Channel (owner_key "group:<id>") whose webhook is a local receiver (ThreadingHTTPServer
on 127.0.0.1:0 answering {"errcode":0}).

Timed: the consumer (`fanzha run_huey`) is started and shown to be consuming first; then the centre creates
and sends one bulletin to every group through `outreach.services.bulletin_create` (`send_call_seconds`);
the clock runs from the start of that call until every channel delivery of the bulletin has an attempt
recorded (Delivery/DeliveryAttempt rows) and the receiver has counted one request per group
(`seconds_to_all_attempted`). Gives up `--limit` seconds after the call started and reports what it had
by then (`gave_up`).
Target: 60 s.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bench_intake import RobotHandler, redis_server  # noqa: E402

PYTHON = sys.executable
TARGET_SECONDS = 60.0


# --- the world ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def database(tmp: str) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL, engine): a SQLite file in `tmp`, or a fresh PostgreSQL database dropped after."""
    server_url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    if not server_url.startswith("postgres"):
        yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "sqlite"
        return
    import psycopg

    name = f"fanzha_bench_bulletin_{os.getpid()}"
    parts = urlsplit(server_url)
    admin = psycopg.connect(server_url, autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit((parts.scheme, parts.netloc, "/" + name, "", "")), "postgresql"
    finally:
        from django.db import connections

        connections.close_all()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def seed(*, groups: int, villages: int, receiver_url: str) -> dict[str, Any]:
    from django.db import connection, transaction

    from fanzha.accounts.models import Role, User
    from fanzha.notify.models import Channel
    from fanzha.people.models import Household
    from fanzha.places.models import Assignment, County, Grid, TenHouseholdGroup, Township, Village

    with transaction.atomic():
        county = County.objects.create(name="基准县")
        township = Township.objects.create(county=county, name="通报镇")
        village_list = Village.objects.bulk_create(
            [Village(township=township, name=f"第{n + 1}村") for n in range(villages)]
        )
        grids = Grid.objects.bulk_create([Grid(village=v, name="第一网格") for v in village_list])
        grid_of = {g.village_id: g for g in grids}
        group_list = TenHouseholdGroup.objects.bulk_create(
            [
                TenHouseholdGroup(
                    village=village_list[n % villages], grid=grid_of[village_list[n % villages].pk], name=f"第{n + 1}组"
                )
                for n in range(groups)
            ]
        )
        Household.objects.bulk_create(
            [
                Household(village_id=g.village_id, grid_id=g.grid_id, group=g, address=f"幸福路{n}号")
                for g in group_list
                for n in range(10)
            ],
            batch_size=5000,
        )
        staff: list[User] = []
        assignments: list[Assignment] = []
        for v in village_list:
            assistant = User(username=f"assistant-{v.pk}", role=Role.POLICE_ASSISTANT, full_name=f"{v.name}助理")
            worker = User(username=f"grid-{v.pk}", role=Role.GRID_WORKER, full_name=f"{v.name}网格员")
            staff += [assistant, worker]
            assignments += [
                Assignment(user=assistant, role=Role.POLICE_ASSISTANT, village=v),
                Assignment(user=worker, role=Role.GRID_WORKER, grid=grid_of[v.pk]),
            ]
        User.objects.bulk_create(staff)
        saved = {u.username: u for u in User.objects.filter(username__in=[u.username for u in staff])}
        for a in assignments:
            a.user = saved[a.user.username]
        Assignment.objects.bulk_create(assignments)
        Channel.objects.bulk_create(
            [
                Channel(
                    name=f"{g.name}群",
                    kind=Channel.Kind.WECOM,
                    target=f"{receiver_url}/cgi-bin/webhook/send?key=group-{g.pk}",
                    owner_key=f"group:{g.pk}",
                )
                for g in group_list
            ]
        )
        centre = User.objects.create(username="bench-centre", role=Role.CENTRE_OPERATOR, full_name="反诈中心")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"centre": centre, "group_ids": [g.pk for g in group_list], "staff": len(staff)}


# --- the receiver -------------------------------------------------------------------------------------


class Receiver(ThreadingHTTPServer):
    """A local WeCom group robot: counts requests per robot (URL), answers {"errcode":0}."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.per_robot: dict[str, int] = {}
        self.requests = 0
        self.last_at = 0.0
        self.lock = threading.Lock()


class ReceiverHandler(RobotHandler):
    server: Receiver

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            self.server.requests += 1
            self.server.per_robot[self.path] = self.server.per_robot.get(self.path, 0) + 1
            self.server.last_at = time.perf_counter()
        self.answer_ok()


# --- the consumer -------------------------------------------------------------------------------------


def start_consumer(env: dict[str, str], deadline: float) -> subprocess.Popen[bytes]:
    """`fanzha run_huey`, shown to be consuming: a task for a delivery that does not exist is queued
    and must leave the queue."""
    from fanzha.huey_app import huey
    from fanzha.notify.tasks import send_delivery

    process = subprocess.Popen(
        [PYTHON, "-m", "fanzha", "run_huey", "--quiet"], env=env, stdout=subprocess.DEVNULL, start_new_session=True
    )
    send_delivery(0)
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"run_huey exited with {process.returncode}")
        if huey.pending_count() == 0:
            return process
        time.sleep(0.1)
    stop(process)
    raise RuntimeError("the Huey consumer did not start consuming")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# --- main ---------------------------------------------------------------------------------------------


def progress(bulletin_id: int) -> dict[str, int]:
    from django.db.models import Count, Exists, OuterRef, Q

    from fanzha.notify.models import Delivery, DeliveryAttempt

    mine = Delivery.objects.filter(event_key__startswith=f"bulletin:{bulletin_id}:", channel__isnull=False)
    counts = mine.aggregate(
        deliveries=Count("id"),
        attempted=Count("id", filter=Exists(DeliveryAttempt.objects.filter(delivery=OuterRef("pk")))),
        sent=Count("id", filter=Q(status=Delivery.Status.SENT)),
    )
    return {k: int(v or 0) for k, v in counts.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--villages", type=int, default=10)
    parser.add_argument("--queue", choices=["sqlite", "redis"], default="sqlite")
    parser.add_argument("--limit", type=float, default=180, help="give up after this many seconds")
    args = parser.parse_args()
    if args.queue == "redis" and not shutil.which("redis-server"):
        sys.exit("--queue redis needs redis-server")

    started_at = time.perf_counter()
    result: dict[str, Any] = {"benchmark": "outreach_bulletin", "groups": args.groups}
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="fanzha-bench-bulletin-"))
        database_url, engine = stack.enter_context(database(tmp))
        redis_url = stack.enter_context(redis_server(tmp)) if args.queue == "redis" else ""
        env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "BENCH_DATABASE_URL"}}
        env.update(
            {
                "FANZHA_ENV": "development",
                "HUEY_IMMEDIATE": "false",
                "FANZHA_DATA_DIR": tmp,
                "DATABASE_URL": database_url,
                "LOG_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT / "src"),
                "DJANGO_SETTINGS_MODULE": "fanzha.settings",
            }
        )
        if redis_url:
            env["REDIS_URL"] = redis_url
        subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env=env, check=True)
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        receiver = Receiver()
        threading.Thread(target=receiver.serve_forever, daemon=True).start()
        stack.callback(receiver.shutdown)
        receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}"
        world = seed(groups=args.groups, villages=args.villages, receiver_url=receiver_url)
        seed_seconds = time.perf_counter() - started_at

        # A web process has its URLconf loaded long before anyone sends a bulletin; the first reverse()
        # of a fresh process imports every app's views and API (seconds), which is not the send's cost.
        from django.urls import reverse

        reverse("outreach:home")
        consumer = start_consumer(env, time.perf_counter() + 60)
        stack.callback(stop, consumer)
        connection.close()  # the consumer's first writes should not wait on a read transaction of ours

        from fanzha.outreach.services import TargetSpec, bulletin_create

        t0 = time.perf_counter()
        bulletin, _created = bulletin_create(
            by=world["centre"],
            title="新型诈骗手法：冒充快递客服“理赔退款”",
            text="近期多名群众接到自称快递客服的电话，称包裹丢失可理赔，诱导下载会议软件共享屏幕后转账。"
            "快递理赔不会要求共享屏幕、不会要求转账，请立即挂断并拨打96110。",
            fraud_type="customer_service",
            targets=[TargetSpec(level="group", place_id=pk) for pk in world["group_ids"]],
        )
        send_call = time.perf_counter() - t0
        deadline = t0 + args.limit
        figures = progress(bulletin.pk)
        done_at: float | None = None
        while time.perf_counter() < deadline:
            figures = progress(bulletin.pk)
            with receiver.lock:
                received = receiver.requests
            if figures["deliveries"] and figures["attempted"] >= figures["deliveries"] and received >= args.groups:
                done_at = time.perf_counter()
                break
            connection.close()  # a fresh snapshot each time, and no read lock held on SQLite
            time.sleep(0.1)
        from fanzha.notify.models import Delivery

        in_app = Delivery.objects.filter(event_key__startswith=f"bulletin:{bulletin.pk}:", channel__isnull=True).count()
        with receiver.lock:
            received = receiver.requests
            robots = len(receiver.per_robot)
            duplicates = sum(n - 1 for n in receiver.per_robot.values() if n > 1)
            last_received = receiver.last_at
        result.update(
            {
                "deliveries": figures["deliveries"],
                "attempted": figures["attempted"],
                "sent": figures["sent"],
                "received": received,
                "robots_reached": robots,
                "duplicate_requests": duplicates,
                "in_app_deliveries": in_app,
                "seconds_to_all_attempted": round(done_at - t0, 2) if done_at else None,
                "seconds_to_last_received": round(last_received - t0, 2) if last_received else None,
                "send_call_seconds": round(send_call, 2),
                "gave_up": done_at is None,
                "limit_seconds": args.limit,
                "target_seconds": TARGET_SECONDS,
                "passed": done_at is not None and done_at - t0 <= TARGET_SECONDS,
                "db": engine,
                "queue": f"{args.queue} (huey {'PriorityRedisHuey' if redis_url else 'SqliteHuey'}, "
                f"{os.environ.get('HUEY_WORKERS') or ('4' if redis_url else '2')} thread workers)",
                "villages": args.villages,
                "households": args.groups * 10,
                "seed_seconds": round(seed_seconds, 1),
                "cpus": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 2),
                "python": platform.python_version(),
            }
        )
        connection.close()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Faults during a burst of alerts, on PostgreSQL with the production server, as one JSON object.

    python benchmarks/bench_faults.py [--alerts 2000] [--rate 50] [--residents 20000] [--settle 240]
                                      [--import-rows 20000] [--no-pg-restart]

Own world, torn down after (a fresh PostgreSQL database named fanzha_bench_faults_<pid>, a private
redis-server, a temporary FANZHA_DATA_DIR; the county of bench_intake): gunicorn (FANZHA_ENV=production)
and a Huey consumer (`fanzha run_huey`). Every village has a WeCom robot channel ("village:<id>") at a
local receiver on 127.0.0.1; one village has a second robot that hangs (answers after 3×NOTIFY_TIMEOUT).

The sender pushes `--alerts` new alerts at `--rate` per second through POST /api/v1/alerts, as an
upstream platform would: on a refused/reset connection, a timeout or a 5xx it sends the same body (same
external_id) again, for at most `--give-up` seconds per alert. During the burst:

  (a) the Huey consumer is killed with SIGKILL, and started again a few seconds later;
  (b) PostgreSQL is restarted (`pg_ctlcluster --skip-systemctl-redirect <version> main restart`);
  (c) the hanging robot keeps timing out beside its village's healthy one;
  (d) an import of `--import-rows` residents (a job, as the import page starts it) is running when the
      consumer is killed: the consumer started again must run it again (core.jobs.jobs_recover_orphans)
      and it must land once, with no resident twice (0 rows: no import).

`--no-pg-restart` leaves out (b): on a machine whose PostgreSQL serves others (a shared development
machine) a restart would cut their connections too.

Then, for at most `--settle` seconds, it waits for every channel delivery to be finished (sent or given
up) and counts: every alert exactly once; every notification to a healthy robot arrived exactly once
(counted by robot and alert at the receiver); nothing left pending/sending/failed; the hanging robot's
deliveries given up after NOTIFY_MAX_ATTEMPTS failed attempts, each recorded.

Notify settings for the run (environment of server and worker): NOTIFY_TIMEOUT=2,
NOTIFY_RETRY_BASE_SECONDS=1, NOTIFY_MAX_ATTEMPTS=3, NOTIFY_STALE_SECONDS=15. The retry sweep runs once
a minute (crontab), so a delivery whose worker was killed mid-send comes back within ~75 s.

PostgreSQL is restarted for everyone on this server: the connections of other databases are listed in
the result. It is started again in a `finally` if it is not running at the end, whatever happened.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import (  # noqa: E402
    PYTHON,
    Receiver,
    alert_body,
    free_port,
    redis_server,
    seed,
    server_env,
    start_gunicorn,
    stop,
)

NOTIFY_ENV = {
    "NOTIFY_TIMEOUT": "2",
    "NOTIFY_RETRY_BASE_SECONDS": "1",
    "NOTIFY_MAX_ATTEMPTS": "3",
    "NOTIFY_STALE_SECONDS": "15",
    "HUEY_WORKERS": "8",
}


# --- PostgreSQL -----------------------------------------------------------------------------------


def pg_version() -> str:
    versions = sorted((p.name for p in Path("/etc/postgresql").iterdir() if p.name.isdigit()), key=int)
    if not versions:
        raise RuntimeError("no cluster under /etc/postgresql")
    return versions[-1]


def pg_online(version: str) -> bool:
    out = subprocess.run(["pg_lsclusters", "--no-header", version, "main"], capture_output=True, text=True)
    return "online" in out.stdout


def pg_ctl(version: str, action: str) -> float:
    started = time.perf_counter()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action], check=True, timeout=120)
    return round(time.perf_counter() - started, 2)


def ensure_pg_running(version: str) -> None:
    """Whatever happened: the shared server is left running."""
    if pg_online(version):
        return
    with contextlib.suppress(Exception):
        pg_ctl(version, "start")
    for _ in range(60):
        if pg_online(version):
            return
        time.sleep(1)
    print("WARNING: PostgreSQL is not running after the fault run", file=sys.stderr)


@contextlib.contextmanager
def faults_database(server_url: str) -> Any:
    """A database of its own (never `test*`), dropped after; the admin connection is reopened after
    PostgreSQL's restart."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    name = f"fanzha_bench_faults_{os.getpid()}"
    # CI's databases (test, test_test*) are never connected to, created or dropped.
    if urlsplit(server_url).path.lstrip("/").startswith("test"):
        raise SystemExit("BENCH_DATABASE_URL must name a maintenance database such as postgres, not a test one")
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, "/" + name, "", ""))
    finally:
        for _ in range(30):
            try:
                with psycopg.connect(server_url, autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                break
            except psycopg.OperationalError:
                time.sleep(1)


def other_sessions(server_url: str, own: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as admin:
        rows = admin.execute(
            "SELECT coalesce(datname, '-'), count(*) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() GROUP BY 1"
        ).fetchall()
    return {name: n for name, n in rows if name != own}


# --- the sender -----------------------------------------------------------------------------------


class Sender:
    """An upstream platform: same body again on connection errors, timeouts and 5xx."""

    def __init__(self, port: int, token: str, give_up: float) -> None:
        self.url = f"http://127.0.0.1:{port}/api/v1/alerts"
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        self.give_up = give_up
        self.lock = threading.Lock()
        self.final: dict[str, int] = {}  # external_id → final status (0: gave up)
        self.ids: dict[str, int] = {}  # external_id → alert id answered
        self.retries: dict[str, int] = {}  # reason → count
        self.local = threading.local()

    def _session(self) -> Any:
        import requests

        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def send(self, external_id: str, body: bytes) -> None:
        import requests

        deadline = time.monotonic() + self.give_up
        status = 0
        while True:
            reason = ""
            try:
                response = self._session().post(self.url, data=body, headers=self.headers, timeout=(3, 15))
                status = response.status_code
                if status in (200, 201):
                    with self.lock:
                        self.ids[external_id] = response.json()["id"]
                    break
                if status < 500:
                    break  # a 4xx is an answer: sending it again would not help
                reason = f"HTTP {status}"
            except requests.Timeout:
                reason = "timeout"
                self.local.__dict__.pop("session", None)
            except requests.ConnectionError:
                reason = "connection error"
                self.local.__dict__.pop("session", None)
            with self.lock:
                self.retries[reason] = self.retries.get(reason, 0) + 1
            if time.monotonic() >= deadline:
                status = 0
                break
            time.sleep(0.5)
        with self.lock:
            self.final[external_id] = status


# --- main -----------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alerts", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--settle", type=float, default=240, help="longest wait for the deliveries to finish")
    parser.add_argument("--quiet-wait", type=float, default=120, help="longest wait for other databases to idle")
    parser.add_argument("--give-up", type=float, default=60, help="longest a sender retries one alert")
    parser.add_argument("--import-rows", type=int, default=20_000, help="rows of the import running at the kill")
    parser.add_argument("--no-pg-restart", action="store_true", help="do not restart PostgreSQL (shared server)")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (apt-get install redis-server)")
    version = pg_version()
    if not pg_online(version):
        sys.exit(f"PostgreSQL {version}/main is not running")

    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    result: dict[str, Any] = {
        "benchmark": "faults",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": version,
        "notify_settings": NOTIFY_ENV,
    }
    try:
        with (
            tempfile.TemporaryDirectory(prefix="fanzha-bench-faults-") as tmp,
            faults_database(server_url) as database_url,
            redis_server(tmp) as redis_url,
        ):
            env = server_env(tmp, database_url, redis_url)
            env.update(NOTIFY_ENV)
            subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env=env, check=True)
            os.environ.update(env)
            os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
            import django

            django.setup()
            result.update(run(args, env, version, server_url, database_url, tmp))
    finally:
        ensure_pg_running(version)
        result["postgresql_running_at_end"] = pg_online(version)
    print(json.dumps(result, ensure_ascii=False))


def run(
    args: argparse.Namespace, env: dict[str, str], version: str, server_url: str, database_url: str, tmp: str
) -> dict[str, Any]:
    from django.db import connections

    from fanzha.notify.models import Channel

    hang_seconds = 3 * float(NOTIFY_ENV["NOTIFY_TIMEOUT"])
    receiver = Receiver(hang=("/hang/",), hang_seconds=hang_seconds)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    receiver_url = f"http://127.0.0.1:{receiver.server_address[1]}"
    world = seed(residents=args.residents, receiver_url=receiver_url)
    # The hanging robot: a second channel of the village with the most registered residents.
    from django.db.models import Count

    from fanzha.people.models import Resident
    from fanzha.places.models import Village

    top = Resident.objects.values("village_id").annotate(n=Count("pk")).order_by("-n", "village_id").first()
    assert top is not None
    busiest = Village.objects.get(pk=top["village_id"])
    hanging = Channel.objects.create(
        name=f"{busiest.name}备用群（无响应）",
        kind=Channel.Kind.WECOM,
        target=f"{receiver_url}/hang/village-{busiest.pk}",
        owner_key=f"village:{busiest.pk}",
    )
    connections.close_all()

    port = free_port()
    log_path = Path(tmp) / "worker.log"
    web = start_gunicorn(env, port, 2, 4)
    worker_log = log_path.open("ab")

    def start_worker() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [PYTHON, "-m", "fanzha", "run_huey"], env=env, stdout=worker_log, stderr=subprocess.STDOUT
        )

    worker = start_worker()
    timeline: list[dict[str, Any]] = []
    began = time.perf_counter()

    def mark(event: str, **data: Any) -> None:
        timeline.append({"t": round(time.perf_counter() - began, 1), "event": event, **data})

    # PostgreSQL is shared: begin when nobody else is using it, if that happens within --quiet-wait.
    waited = time.perf_counter()
    own = database_url.rsplit("/", 1)[1]
    others = other_sessions(server_url, own)
    while others and time.perf_counter() - waited < args.quiet_wait:
        time.sleep(2)
        others = other_sessions(server_url, own)
    quiet = {"waited_seconds": round(time.perf_counter() - waited, 1), "other_sessions_at_start": others}
    began = time.perf_counter()
    sender = Sender(port, world["token"], args.give_up)
    rng = random.Random(11)
    bodies = []
    for n in range(args.alerts):
        body = alert_body(n, world, rng)
        bodies.append((json.loads(body)["external_id"], body))
    burst = args.alerts / args.rate
    faults_done = threading.Event()

    import_job: list[int] = []

    def faults() -> None:
        nonlocal worker
        try:
            time.sleep(burst * 0.2)
            if args.import_rows:
                import_job.append(start_import(Path(tmp), args.import_rows))
                mark("import started", job=import_job[0], rows=args.import_rows)
                running_since = time.perf_counter()
                while import_status(import_job[0]) != "running" and time.perf_counter() - running_since < 60:
                    time.sleep(0.2)
                mark("import running", status=import_status(import_job[0]))
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
            mark("huey consumer killed (SIGKILL)")
            time.sleep(max(3.0, burst * 0.1))
            worker = start_worker()
            mark("huey consumer started again")
            time.sleep(max(2.0, burst * 0.2))
            if args.no_pg_restart:
                result["postgresql_restart"] = "skipped (--no-pg-restart): the server is shared"
                return
            result["other_sessions_at_restart"] = other_sessions(server_url, database_url.rsplit("/", 1)[1])
            mark("postgresql restart begins")
            result["postgresql_restart_seconds"] = pg_ctl(version, "restart")
            mark("postgresql restarted")
        finally:
            faults_done.set()

    result: dict[str, Any] = {"quiet_wait": quiet}
    fault_thread = threading.Thread(target=faults, daemon=True)
    try:
        fault_thread.start()
        mark("burst begins", alerts=args.alerts, rate=args.rate)
        with ThreadPoolExecutor(max_workers=48) as pool:
            for n, (external_id, body) in enumerate(bodies):
                time.sleep(max(0.0, began + n / args.rate - time.perf_counter()))
                pool.submit(sender.send, external_id, body)
            mark("burst sent")
        mark("all answers in")
        faults_done.wait(timeout=180)
        ensure_pg_running(version)
        result["settle"] = settle(args.settle, mark)
        mark("settled" if result["settle"]["finished"] else "gave up waiting")
        if import_job:
            result["import_kill"] = import_outcome(import_job[0], args.settle)
            mark("import finished", status=result["import_kill"]["status"])
    finally:
        stop(worker)
        stop(web)
        worker_log.close()
        receiver.shutdown()

    result.update(check(sender, receiver, hanging.pk, bodies))
    result["timeline"] = timeline
    result["worker_log_tail"] = [
        line for line in log_path.read_text(errors="replace").splitlines() if "Traceback" in line or "Error" in line
    ][-8:]
    return result


def start_import(tmp: Path, rows: int) -> int:
    """A residents import job, queued as the import page queues one (skip bad rows)."""
    from bench_people_import import write_file
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connections

    from fanzha.core.jobs import job_start
    from fanzha.people.tasks import import_people_job

    path = tmp / "residents.xlsx"
    write_file(path, rows, [])
    job = job_start(
        kind="people.import",
        by=None,
        task=import_people_job,
        params={"skip_bad": True},
        upload=SimpleUploadedFile("居民.xlsx", path.read_bytes()),
    )
    connections.close_all()
    return job.pk


def import_status(job_id: int) -> str:
    from django.db import connections

    from fanzha.core.models import Job

    try:
        return Job.objects.values_list("status", flat=True).get(pk=job_id)
    finally:
        connections.close_all()


def import_outcome(job_id: int, limit: float) -> dict[str, Any]:
    """Wait for the job to end; then: did it run again, land, and leave no resident twice?"""
    from django.db.models import Count

    from fanzha.core.models import Job
    from fanzha.people.models import Resident

    waited = time.perf_counter()
    while import_status(job_id) in {"queued", "running"} and time.perf_counter() - waited < limit:
        time.sleep(1)
    job = Job.objects.get(pk=job_id)
    twice = Resident.objects.exclude(id_number="").values("id_number").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "status": job.status,
        "resumed": job.params.get("resumed", 0),
        "rows": job.summary.get("rows"),
        "created": job.summary.get("created"),
        "error_count": job.summary.get("error_count"),
        "residents_twice": twice,
        "seconds_after_settle": round(time.perf_counter() - waited, 1),
    }


def settle(limit: float, mark: Any) -> dict[str, Any]:
    """Wait until no channel delivery is pending, sending or waiting for a retry (bounded)."""
    from django.db import DatabaseError, connections

    from fanzha.notify.models import Delivery

    unfinished = [Delivery.Status.PENDING, Delivery.Status.SENDING, Delivery.Status.FAILED]
    started = time.perf_counter()
    left = -1
    while time.perf_counter() - started < limit:
        try:
            left = Delivery.objects.filter(channel__isnull=False, status__in=unfinished).count()
        except DatabaseError:
            connections.close_all()
            left = -1
        if left == 0:
            break
        time.sleep(1)
    return {"finished": left == 0, "seconds": round(time.perf_counter() - started, 1), "unfinished": left}


def check(sender: Sender, receiver: Receiver, hanging_id: int, bodies: list[tuple[str, bytes]]) -> dict[str, Any]:
    from django.db import connections
    from django.db.models import Count

    from fanzha.alerts.models import Alert
    from fanzha.huey_app import huey
    from fanzha.notify.models import Delivery, DeliveryAttempt

    connections.close_all()
    sent_ids = {external_id for external_id, _ in bodies}
    rows = list(
        Alert.objects.filter(external_id__in=sent_ids).values_list("pk", "external_id", "village_id", "assignee_id")
    )
    per_external: dict[str, int] = {}
    pk_of: dict[str, int] = {}
    for pk, external_id, _v, _a in rows:
        per_external[external_id] = per_external.get(external_id, 0) + 1
        pk_of[external_id] = pk
    answered_other = sum(1 for e, pk in sender.ids.items() if pk_of.get(e) != pk)

    # What the healthy robots should have received: one message per assigned alert in a village.
    expected = {(f"/robot/village-{v}", pk) for pk, _e, v, a in rows if v and a}
    got = dict(receiver.per_robot)
    healthy_deliveries = Delivery.objects.filter(channel__isnull=False).exclude(channel_id=hanging_id)
    hanging_deliveries = Delivery.objects.filter(channel_id=hanging_id)
    hanging_attempts = DeliveryAttempt.objects.filter(delivery__channel_id=hanging_id)
    statuses = dict(
        Delivery.objects.filter(channel__isnull=False).values_list("status").annotate(n=Count("pk")).order_by()
    )
    finals: dict[str, int] = {}
    for status in sender.final.values():
        finals[str(status)] = finals.get(str(status), 0) + 1
    missing = expected - set(got)
    duplicates = {k: n for k, n in got.items() if n > 1}
    unexpected = set(got) - expected
    unfinished = sum(statuses.get(s, 0) for s in ("pending", "sending", "failed"))
    return {
        "alerts": {
            "sent": len(bodies),
            "final_answers": finals,
            "sender_retries": sender.retries,
            "in_database": len(rows),
            "distinct_external_ids": len(per_external),
            "missing": len(sent_ids - set(per_external)),
            "more_than_once": sum(1 for n in per_external.values() if n > 1),
            "answer_id_mismatch": answered_other,
            "assigned_in_a_village": len(expected),
        },
        "healthy_robots": {
            "expected_notifications": len(expected),
            "deliveries_recorded": healthy_deliveries.count(),
            "deliveries_sent": healthy_deliveries.filter(status=Delivery.Status.SENT).count(),
            "arrived_distinct": len(set(got) & expected),
            "missing": len(missing),
            "duplicated": len(duplicates),
            "extra_copies": sum(n - 1 for n in duplicates.values()),
            "unexpected": len(unexpected),
            "attempts_failed": DeliveryAttempt.objects.filter(delivery__in=healthy_deliveries, ok=False).count(),
            "attempts_ok_recorded": DeliveryAttempt.objects.filter(delivery__in=healthy_deliveries, ok=True).count(),
            "requests_at_receiver": receiver.requests,
            # What the record says of each message a robot got twice: an attempt left unfinished is a
            # worker killed after the robot had the message and before the outcome was written.
            "duplicated_attempts": [
                list(
                    DeliveryAttempt.objects.filter(
                        delivery__in=healthy_deliveries, delivery__event_key__startswith=f"alert:{pk}:"
                    )
                    .order_by("at", "pk")
                    .values_list("ok", "error")
                )
                for _robot, pk in sorted(duplicates)[:5]
            ],
        },
        "hanging_robot": {
            "deliveries": hanging_deliveries.count(),
            "by_status": dict(hanging_deliveries.values_list("status").annotate(n=Count("pk")).order_by()),
            "attempts_recorded": hanging_attempts.count(),
            "attempts_ok": hanging_attempts.filter(ok=True).count(),
            "attempts_timeout": hanging_attempts.filter(error__startswith="timeout").count(),
            "requests_at_receiver": receiver.hung,
        },
        "deliveries_by_status": statuses,
        # Huey task locks have no expiry: one held by a killed consumer stops its periodic task for good
        # unless the consumer flushes locks when it starts.
        "huey_locks_left": [name for name in ("notify-retry-due", "alerts-escalate-overdue") if huey.is_locked(name)],
        "stuck": unfinished,
        "passed": (
            len(per_external) == len(bodies)
            and not any(n > 1 for n in per_external.values())
            and not missing
            and not duplicates
            and unfinished == 0
            and hanging_deliveries.exclude(status=Delivery.Status.GIVEN_UP).count() == 0
            and hanging_attempts.filter(ok=True).count() == 0
        ),
    }


if __name__ == "__main__":
    main()

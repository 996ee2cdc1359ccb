"""What it costs that open pages follow changes made elsewhere, as one JSON object.

    python benchmarks/bench_live_updates.py [--pages 300] [--interval 3] [--seconds 30] [--port 8101]

Pages that show alert or stop-payment state (board, 我的预警, alert page, 止付 list and detail, the 通知
badge) ask GET /live/?topics=… every `--interval` seconds with the ETag of their last answer, and fetch
their own regions again only when a stamp moved (static/fanzha/app.js). The target: 300 open pages cost
at most 10 % of one core while nothing changes.

Own world, torn down after: a fresh PostgreSQL database (BENCH_DATABASE_URL names the server's
maintenance database, default postgres://postgres@127.0.0.1:5432/postgres), a private redis-server, a
temporary FANZHA_DATA_DIR; the county of bench_intake with `--residents` residents and `--alerts` alerts
received through POST /api/v1/alerts. gunicorn (FANZHA_ENV=production, gthread, as `fanzha serve --no-worker`
runs it) on `--port`; `--sessions` users (the centre and village officers) log in through the real login
form, and `--pages` pages are spread over their sessions, each polling on its own keep-alive connection,
started at random moments of the first interval. Counted over `--seconds` after one interval of warm-up:

idle              the stamps polled as the pages do (with the signed pass, answered in front of Django's
                  middleware), nothing changing: answers (304 expected), latency, and the CPU of the web
                  server and of the database backends serving it, as a share of one core
idle_through_the_middleware
                  for comparison, the same polls without the pass (session, user and second-factor
                  look-ups in Django's middleware), on `--compare-pages` pages, scaled to `--pages` by the
                  CPU each answer took
without_etag      for comparison, what the board did before: fetch its whole fragment every interval (no
                  conditional request), on `--compare-pages` pages, scaled the same way

CPU is read from /proc for this benchmark's own processes only (the gunicorn tree it started and the
PostgreSQL backends connected to its database): other processes on a shared machine do not count, but
they do slow what is counted, so quote the `uptime` load beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import (  # noqa: E402
    PYTHON,
    closed_loop,
    percentile,
    prepared_requests,
    redis_server,
    seed,
    server_env,
    start_gunicorn,
    stop,
)
from bench_pages_load import PASSWORD, login  # noqa: E402

DATABASE_NAME = f"fanzha_bench_live_{os.getpid()}"
TOPICS = {
    "board": "alerts,notify",
    "tasks": "alerts,notify",
    "alert": "alerts,funds,notify",
    "funds": "funds,notify",
}


@contextlib.contextmanager
def postgres_database(server_url: str) -> Iterator[str]:
    """A database of this run's own (named after its process), dropped after."""
    import psycopg

    if urlsplit(server_url).path.lstrip("/").startswith("test"):
        raise SystemExit("BENCH_DATABASE_URL must name a maintenance database such as postgres, not a test one")
    admin = psycopg.connect(server_url, autocommit=True)
    admin.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, "/" + DATABASE_NAME, "", ""))
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        admin.close()


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds of the process and its exited children)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU used so far by the gunicorn tree this run started and by the PostgreSQL backends connected
    to its database (which stay connected: gunicorn keeps its connections)."""
    server = database = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        pid = int(entry.name)
        found = _stat(pid)
        if found is None:
            continue
        parent, used = found
        if pid == server_pid or parent == server_pid:
            server += used
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if command.startswith("postgres:") and f" {DATABASE_NAME} " in command:
            database += used
    return {"server": server, "database": database}


def share_of_one_core(before: dict[str, float], after: dict[str, float], seconds: float) -> dict[str, float]:
    server = after["server"] - before["server"]
    # A backend that exits mid-run takes its CPU with it (into the postmaster's children's time, not
    # counted here): the database figure is then a floor.
    database = max(0.0, after["database"] - before["database"])
    return {
        "server_percent": round(100 * server / seconds, 2),
        "database_percent": round(100 * database / seconds, 2),
        "total_percent": round(100 * (server + database) / seconds, 2),
    }


async def _answer(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    status = int(head[9:12])
    headers = {}
    for line in head.split("\r\n")[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, headers, body


async def poll_pages(
    port: int, pages: list[tuple[str, str]], *, interval: float, seconds: float, conditional: bool
) -> dict[str, Any]:
    """Each (cookie, path) is one open page asking `path` every `interval` seconds on its own
    keep-alive connection, with If-None-Match when `conditional`; counted after one interval."""
    counted_from = time.perf_counter() + interval
    stop_at = counted_from + seconds
    statuses: dict[str, int] = {}
    latencies: list[float] = []
    late_polls = 0

    async def page(cookie: str, path: str) -> None:
        nonlocal late_polls
        await asyncio.sleep(random.uniform(0, interval))  # spreading the starts
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        etag = ""
        next_at = time.perf_counter()
        try:
            while next_at < stop_at:
                lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", f"Cookie: {cookie}"]
                if conditional and etag:
                    lines.append(f"If-None-Match: {etag}")
                started = time.perf_counter()
                writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
                await writer.drain()
                status, headers, _body = await _answer(reader)
                etag = headers.get("etag", etag)
                if started >= counted_from:
                    latencies.append(time.perf_counter() - started)
                    statuses[str(status)] = statuses.get(str(status), 0) + 1
                next_at += interval
                delay = next_at - time.perf_counter()
                if delay < 0:
                    late_polls += 1
                await asyncio.sleep(max(0.0, delay))
        finally:
            writer.close()

    await asyncio.gather(*(page(cookie, path) for cookie, path in pages))
    answered = sum(statuses.values())
    return {
        "pages": len(pages),
        "interval_seconds": interval,
        "seconds": seconds,
        "answers": statuses,
        "answers_per_second": round(answered / seconds, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 50) * 1000, 1),
            "p99": round(percentile(latencies, 99) * 1000, 1),
        },
        "polls_that_started_late": late_polls,
    }


def measure(port: int, server_pid: int, pages: list[tuple[str, str]], **kwargs: Any) -> dict[str, Any]:
    seconds = kwargs["seconds"]
    result: dict[str, Any] = {}

    async def run() -> None:
        task = asyncio.create_task(poll_pages(port, pages, **kwargs))
        await asyncio.sleep(kwargs["interval"] + 0.05)  # the warm-up interval is not counted
        before = cpu_seconds(server_pid)
        figures = await task
        # The last polls finish after `seconds`: close enough, and the CPU is read at once.
        result.update(figures)
        result["cpu"] = share_of_one_core(before, cpu_seconds(server_pid), seconds)

    asyncio.run(run())
    answered = sum(result["answers"].values())
    used = result["cpu"]["total_percent"] * seconds / 100
    result["cpu_ms_per_answer"] = round(1000 * used / max(answered, 1), 2)
    return result


def live_pass(port: int, cookie: str) -> str:
    """The signed pass a page carries (data-live-pass on <body>), read from the home page."""
    import requests

    page = requests.get(f"http://127.0.0.1:{port}/", headers={"Cookie": cookie}, allow_redirects=False, timeout=30)
    found = re.search(r'data-live-pass="([^"]+)"', page.text)
    if page.status_code != 200 or not found:
        raise RuntimeError(f"no live pass on the home page: HTTP {page.status_code}")
    return found.group(1)


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between two polls of a page")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--compare-pages", type=int, default=20)
    parser.add_argument("--alerts", type=int, default=600)
    parser.add_argument("--residents", type=int, default=5000)
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)  # as `fanzha serve`
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (apt-get install redis-server)")
    random.seed(11)
    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    result: dict[str, Any] = {"benchmark": "live_updates", "cpus": os.cpu_count(), "python": platform.python_version()}
    result["load_before"] = uptime()
    with (
        tempfile.TemporaryDirectory(prefix="fanzha-bench-live-") as tmp,
        postgres_database(server_url) as database_url,
        redis_server(tmp) as redis_url,
    ):
        env = server_env(tmp, database_url, redis_url)
        subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env=env, check=True)
        subprocess.run([PYTHON, "-m", "fanzha", "collectstatic", "--no-input", "-v0"], env=env, check=True)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.contrib.auth.hashers import make_password
        from django.db import connections

        from fanzha.accounts.models import Role, User

        world = seed(residents=args.residents, receiver_url=None)
        password = make_password(PASSWORD)
        User.objects.filter(role__in=[Role.COMMUNITY_OFFICER, Role.STATION_CHIEF]).update(password=password)
        # The board's user: a station chief (a centre operator must enrol a second factor in production).
        chief = User.objects.filter(role=Role.STATION_CHIEF).order_by("pk").first()
        connections.close_all()

        web = start_gunicorn(env, args.port, args.workers, args.threads)
        try:
            loaded = asyncio.run(
                closed_loop(args.port, prepared_requests(args.port, world, args.alerts, 4), seconds=600, connections=4)
            )
            officers = list(
                User.objects.filter(role=Role.COMMUNITY_OFFICER, assigned_alerts__isnull=False)
                .distinct()
                .order_by("pk")[: args.sessions - 1]
            )
            connections.close_all()
            with ThreadPoolExecutor(max_workers=4) as pool:
                cookies = list(pool.map(lambda u: login(args.port, u.username), [chief, *officers]))
                passes = list(pool.map(lambda c: live_pass(args.port, c), cookies))
            # Pages spread over the sessions as a duty day has them: boards at the centre, officers on
            # their task list, alert pages and the stop-payment list.
            kinds = ["board", "tasks", "tasks", "alert", "alert", "funds"]
            stamp_pages, session_pages = [], []
            for n in range(args.pages):
                kind = kinds[n % len(kinds)]
                who = 0 if kind == "board" else 1 + n % (len(cookies) - 1)
                stamp_pages.append((cookies[who], f"/live/?topics={TOPICS[kind]}&pass={passes[who]}"))
                session_pages.append((cookies[who], f"/live/?topics={TOPICS[kind]}"))
            result["data"] = {
                "residents": args.residents,
                "alerts_open": loaded["created"],
                "sessions": len(cookies),
                "pages": {k: sum(1 for n in range(args.pages) if kinds[n % len(kinds)] == k) for k in TOPICS},
            }
            result["server"] = f"gunicorn gthread, {args.workers} workers x {args.threads} threads, port {args.port}"
            result["idle"] = measure(
                args.port,
                web.pid,
                stamp_pages,
                interval=args.interval,
                seconds=args.seconds,
                conditional=True,
            )
            result["idle"]["target_percent_of_one_core"] = 10
            result["idle"]["met_with_30_percent_to_spare"] = result["idle"]["cpu"]["total_percent"] <= 7
            answers_per_second = args.pages / args.interval
            for name, pages in (
                ("idle_through_the_middleware", session_pages[: args.compare_pages]),
                ("without_etag", [(cookies[0], "/alerts/board/")] * args.compare_pages),
            ):
                compared = measure(
                    args.port,
                    web.pid,
                    pages,
                    interval=args.interval,
                    seconds=args.seconds,
                    conditional=name != "without_etag",
                )
                compared[f"scaled_to_{args.pages}_pages_percent_of_one_core"] = round(
                    compared["cpu_ms_per_answer"] * answers_per_second / 10, 1
                )
                result[name] = compared
        finally:
            stop(web)
    result["load_after"] = uptime()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

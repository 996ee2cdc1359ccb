"""The officer's pages under load, on PostgreSQL + Redis with the production server, as one JSON object.

    python benchmarks/bench_pages_load.py [--sessions 64] [--seconds 20] [--alerts 8000] [--python-client]

Own world, torn down after (a fresh PostgreSQL database, a private redis-server, a temporary
FANZHA_DATA_DIR; the county of bench_intake with `--residents` residents). gunicorn (FANZHA_ENV=production,
gthread, as `fanzha serve --no-worker` runs it) receives `--alerts` alerts through POST /api/v1/alerts, so
that every village officer has open work (about 100 each with the defaults). Then `--sessions` officers
log in through the real login form, each its own session, and a load generator on loopback keeps
`--sessions` connections busy, each request carrying one of the sessions' cookies:

task_list     GET /alerts/ (我的预警: the officer's open alerts by deadline, up to 200)
alert_detail  GET /alerts/<id>/ for an alert of that officer (the task page: playbook, timeline…)

wrk (apt-get install wrk) is used when present, else (or with --python-client) a thread pool of
`requests` clients. Counted: pages per second, latency p50/p99, errors (anything but a 200 —
a redirect to the login page is an error here — and socket errors). Server, database, Redis and load
generator share the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
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
    closed_loop,
    cpu_seconds,
    cpu_used,
    free_port,
    percentile,
    postgres_database,
    prepared_requests,
    redis_server,
    seed,
    server_env,
    start_gunicorn,
    stop,
)

PASSWORD = "Bench-Officer-2024!"  # noqa: S105 - a throwaway world's officers

WRK_SCRIPT = r"""
-- Rotate over (cookie, path) pairs; count every answer that is not a 200; report as JSON.
local entries = {}
local counter = 0
local bad = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local cookie, path = line:match("^(.-)\t(.*)$")
    table.insert(entries, {cookie = cookie, path = path})
  end
  counter = math.random(#entries)
end

function request()
  counter = counter % #entries + 1
  local e = entries[counter]
  return wrk.format("GET", e.path, {["Cookie"] = e.cookie, ["Host"] = "127.0.0.1"})
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, t in ipairs(threads) do not_ok = not_ok + (t:get("bad") or 0) end
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"not_200": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, not_ok, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout))
end
"""


def login(port: int, username: str) -> str:
    """The real login form: GET it for the CSRF cookie and token, POST the password; returns the
    Cookie header of the logged-in session. (The production cookies are Secure; a client on plain
    HTTP loopback sends them by hand.)"""
    import requests

    base = f"http://127.0.0.1:{port}"
    page = requests.get(f"{base}/accounts/login/", timeout=30)
    csrf_cookie = page.cookies.get("csrftoken") or re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"]).group(1)  # type: ignore[union-attr]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    answer = requests.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Cookie": f"csrftoken={csrf_cookie}", "Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    session = re.search(r"sessionid=([^;]+)", answer.headers.get("Set-Cookie", ""))
    if answer.status_code != 302 or not session:
        raise RuntimeError(f"login of {username} failed: HTTP {answer.status_code}")
    return f"sessionid={session.group(1)}; csrftoken={csrf_cookie}"


def check_pages(port: int, entries: list[tuple[str, str]]) -> dict[str, int]:
    """Each (session, page) once, before the load: a 200 with the page's own content."""
    import requests

    statuses: dict[str, int] = {}
    for cookie, path in entries:
        answer = requests.get(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}, allow_redirects=False, timeout=30
        )
        key = str(answer.status_code)
        if answer.status_code == 200 and 'name="password"' in answer.text:
            key = "200 but the login form"
        statuses[key] = statuses.get(key, 0) + 1
    return statuses


def run_wrk(port: int, entries: list[tuple[str, str]], *, seconds: float, connections: int, tmp: str) -> dict[str, Any]:
    script = Path(tmp) / "pages.lua"
    script.write_text(WRK_SCRIPT)
    data = Path(tmp) / f"entries-{time.monotonic_ns()}.tsv"
    data.write_text("".join(f"{cookie}\t{path}\n" for cookie, path in entries))
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{int(seconds)}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/",
            "--",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    found = re.search(r"WRKJSON (\{.*\})", out.stdout)
    if not found:
        raise RuntimeError(f"wrk said: {out.stdout[-500:]} {out.stderr[-500:]}")
    raw = json.loads(found.group(1))
    elapsed = raw["duration_us"] / 1e6
    errors = raw["not_200"] + raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "client": "wrk, 2 threads",
        "connections": connections,
        "seconds": round(elapsed, 1),
        "requests": raw["requests"],
        "pages_per_second": round(raw["requests"] / elapsed, 1),
        "latency_ms": {
            "p50": round(raw["p50_us"] / 1000, 1),
            "p90": round(raw["p90_us"] / 1000, 1),
            "p99": round(raw["p99_us"] / 1000, 1),
            "max": round(raw["max_us"] / 1000, 1),
        },
        "errors": errors,
        "errors_detail": {k: raw[k] for k in ("not_200", "connect", "read", "write", "timeout")},
    }


def run_python(port: int, entries: list[tuple[str, str]], *, seconds: float, connections: int) -> dict[str, Any]:
    import requests

    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(offset: int) -> None:
        session = requests.Session()
        n = offset
        while time.perf_counter() < stop_at:
            cookie, path = entries[n % len(entries)]
            n += connections
            started = time.perf_counter()
            try:
                answer = session.get(
                    f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookie}, allow_redirects=False, timeout=10
                )
                error = "" if answer.status_code == 200 else f"HTTP {answer.status_code}"
            except requests.RequestException as exc:
                error = type(exc).__name__
            took = time.perf_counter() - started
            with lock:
                latencies.append(took)
                if error:
                    errors[error] = errors.get(error, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(client, range(connections)))
    elapsed = time.perf_counter() - started
    return {
        "client": f"python requests, {connections} threads",
        "connections": connections,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "pages_per_second": round(len(latencies) / elapsed, 1),
        "latency_ms": {
            p: round(percentile(latencies, q) * 1000, 1) for p, q in (("p50", 50), ("p90", 90), ("p99", 99))
        },
        "errors": sum(errors.values()),
        "errors_detail": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--alerts", type=int, default=8000)
    parser.add_argument("--residents", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=16)  # as `fanzha serve`
    parser.add_argument("--python-client", action="store_true")
    args = parser.parse_args()
    if not shutil.which("redis-server"):
        sys.exit("redis-server is needed (apt-get install redis-server)")
    use_wrk = bool(shutil.which("wrk")) and not args.python_client

    server_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    result: dict[str, Any] = {
        "benchmark": "officer_pages_load",
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    with (
        tempfile.TemporaryDirectory(prefix="fanzha-bench-pages-") as tmp,
        postgres_database(server_url) as database_url,
        redis_server(tmp) as redis_url,
    ):
        env = server_env(tmp, database_url, redis_url)
        subprocess.run([PYTHON, "-m", "fanzha", "migrate", "--no-input", "-v0"], env=env, check=True)
        # whitenoise serves the CSS and scripts from the manifest in production: pages need it.
        subprocess.run([PYTHON, "-m", "fanzha", "collectstatic", "--no-input", "-v0"], env=env, check=True)
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fanzha.settings"
        import django

        django.setup()
        from django.contrib.auth.hashers import make_password
        from django.db import connections

        from fanzha.accounts.models import Role, User
        from fanzha.alerts.models import Alert

        world = seed(residents=args.residents, receiver_url=None)
        User.objects.filter(role=Role.COMMUNITY_OFFICER).update(password=make_password(PASSWORD))
        connections.close_all()

        port = free_port()
        web = start_gunicorn(env, port, args.workers, args.threads)
        try:
            loaded = asyncio.run(
                closed_loop(port, prepared_requests(port, world, args.alerts, 4), seconds=600, connections=8)
            )
            officers = list(
                User.objects.filter(role=Role.COMMUNITY_OFFICER, assigned_alerts__isnull=False)
                .distinct()
                .order_by("pk")[: args.sessions]
            )
            connections.close_all()
            with ThreadPoolExecutor(max_workers=4) as pool:
                cookies = list(pool.map(lambda u: login(port, u.username), officers))
            lists = [(cookie, "/alerts/") for cookie in cookies]
            details = []
            for officer, cookie in zip(officers, cookies, strict=True):
                ids = Alert.objects.filter(assignee=officer).order_by("contact_deadline").values_list("pk", flat=True)
                details += [(cookie, f"/alerts/{pk}/") for pk in ids[:20]]
            per_officer = [Alert.objects.filter(assignee=o).count() for o in officers]
            connections.close_all()
            result["data"] = {
                "residents": args.residents,
                "alerts_loaded": loaded["created"],
                "sessions": len(cookies),
                "open_alerts_per_officer": {"min": min(per_officer), "max": max(per_officer)},
                "detail_pages_in_rotation": len(details),
            }
            result["checked_before_load"] = {
                "task_list": check_pages(port, lists[:8]),
                "alert_detail": check_pages(port, details[:: max(1, len(details) // 16)]),
            }
            result["server"] = f"gunicorn gthread, {args.workers} workers x {args.threads} threads"
            for name, entries in (("task_list", lists), ("alert_detail", details)):
                before = cpu_seconds()
                if use_wrk:
                    figures = run_wrk(port, entries, seconds=args.seconds, connections=len(cookies), tmp=tmp)
                else:
                    figures = run_python(port, entries, seconds=args.seconds, connections=len(cookies))
                figures["cpu_seconds"] = cpu_used(before, cpu_seconds())
                result[name] = figures
        finally:
            stop(web)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

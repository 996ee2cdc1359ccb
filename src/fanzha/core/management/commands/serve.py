"""`fanzha serve`: the web server (gunicorn) and the Huey consumer side by side (core.supervise): a dead
consumer is started again, and everything stops when gunicorn does."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from fanzha.core.supervise import Supervisor


class Command(BaseCommand):
    help = "Serve Fanzha with its background worker (gunicorn + Huey consumer)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("FANZHA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        # Threads per worker: the intake API writes the alerts that arrive at the same moment in one
        # transaction (alerts/services/grouped.py), so more threads make bigger groups under a burst
        # (16: 1.8 times the alerts per second of 8), at some cost to CPU-heavy pages under overload.
        parser.add_argument("--threads", type=int, default=int(os.environ.get("FANZHA_THREADS", "16")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the Huey consumer")

    def handle(self, *args: Any, bind: str, workers: int, threads: int, no_worker: bool, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        # whitenoise warns at every start when STATIC_ROOT is missing; outside production it serves from the
        # apps' static folders and the directory stays empty until `collectstatic`.
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        python = sys.executable
        worker = [python, "-m", "fanzha", "run_huey", "--quiet"]
        web = [
            python,
            "-m",
            "gunicorn",
            "fanzha.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s %(M)sms',
        ]
        supervisor = Supervisor(
            essential=web,
            restarted=[] if no_worker else [worker],
            memory_bytes=settings.WORKER_MEMORY_MB * 1024 * 1024,
        )
        self.stdout.write(self.style.SUCCESS(f"Fanzha 反诈安全网: http://{bind}/  (Ctrl+C to stop)"))

        def stop(*_: Any) -> None:
            supervisor.stopping = True

        signal.signal(signal.SIGTERM, stop)
        try:
            status = supervisor.run()
        except KeyboardInterrupt:
            status = 0
        if status:
            sys.exit(status)

"""`fanzha serve` keeps the site up when its background worker dies: the worker is started again and the
web server is left alone; when the web server stops, everything stops.

Found by killing the Huey consumer under `fanzha serve`: gunicorn stopped with it. Real processes here
(stand-ins that sleep), killed with SIGKILL as the kernel's out-of-memory killer would.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from fanzha.core.supervise import Supervisor

SLEEPER = [sys.executable, "-c", "import time; time.sleep(120)"]


def _until(condition, *, step, limit: int = 200) -> bool:  # type: ignore[no-untyped-def]
    """Let the supervisor look again until `condition` holds (at most `limit` looks)."""
    for _ in range(limit):
        if condition():
            return True
        step()
        time.sleep(0.05)
    return condition()


def test_a_killed_worker_is_started_again_and_the_web_server_keeps_running() -> None:
    supervisor = Supervisor(essential=SLEEPER, restarted=[SLEEPER])
    supervisor.start()
    try:
        [first] = supervisor.worker_pids()
        web = supervisor.web
        assert web is not None
        os.kill(first, signal.SIGKILL)
        assert _until(lambda: supervisor.worker_pids() not in ([], [first]), step=supervisor.step)
        assert web.poll() is None
        [second] = supervisor.worker_pids()
        assert second != first
    finally:
        supervisor.stop()


def test_when_the_web_server_dies_the_supervisor_stops_and_ends_the_worker() -> None:
    supervisor = Supervisor(essential=SLEEPER, restarted=[SLEEPER])
    supervisor.start()
    [worker] = supervisor.worker_pids()
    web = supervisor.web
    assert web is not None
    os.kill(web.pid, signal.SIGKILL)
    web.wait()
    assert supervisor.step() is False
    supervisor.stop()
    assert supervisor.worker_pids() == []
    assert _until(lambda: not os.path.exists(f"/proc/{worker}") or _zombie(worker), step=lambda: None)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] == "Z"
    except FileNotFoundError:
        return True


def test_the_worker_runs_with_its_memory_bounded() -> None:
    asks = [sys.executable, "-c", "import time; b = bytearray(300 * 1024 * 1024); time.sleep(120)"]
    supervisor = Supervisor(essential=SLEEPER, restarted=[asks], memory_bytes=200 * 1024 * 1024)
    supervisor.start()
    try:
        child = supervisor._children[0].process
        assert child is not None
        assert child.wait(timeout=60) != 0  # MemoryError: refused, not granted
        web = supervisor.web
        assert web is not None and web.poll() is None
    finally:
        supervisor.stop()

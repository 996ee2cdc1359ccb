"""Keeping `fanzha serve`'s processes up: the web server and the background worker side by side.

The web server is what people use: when it stops, everything stops (and the exit status says so). The
worker is restarted when it dies — killed by the kernel for memory, say — after a pause that doubles
while it keeps dying within a minute of its start (1 s, 2 s, 4 s … at most a minute), so that a worker
that cannot start does not spin. Jobs the dead worker left half done are picked up by the new one at
its start (`core.jobs.jobs_recover_orphans`). The worker's memory is bounded (RLIMIT_DATA, from
FANZHA_WORKER_MEMORY_MB): past it, the allocation fails with MemoryError, the job at fault is marked
failed, and the worker goes on with the next one instead of taking the machine's memory.
"""

from __future__ import annotations

import logging
import resource
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

QUICK_DEATH = 60.0  # a worker that dies sooner than this after its start doubles the pause
LONGEST_PAUSE = 60.0


@dataclass
class Restarted:
    """A child that is started again whenever it exits."""

    command: list[str]
    started_at: float = 0.0
    pause: float = 1.0
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    next_start: float = 0.0
    memory_bytes: int = 0  # 0: no bound

    def _bound(self) -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (self.memory_bytes, self.memory_bytes))

    def start(self, now: float) -> None:
        self.process = subprocess.Popen(self.command, preexec_fn=self._bound if self.memory_bytes else None)  # noqa: S603
        self.started_at = now


@dataclass
class Supervisor:
    essential: list[str]
    restarted: list[list[str]] = field(default_factory=list)
    memory_bytes: int = 0  # the bound on each restarted child's memory; 0: none
    clock: Callable[[], float] = time.monotonic
    tick: float = 0.5
    stopping: bool = False
    _web: subprocess.Popen[bytes] | None = None
    _children: list[Restarted] = field(default_factory=list)

    def start(self) -> None:
        now = self.clock()
        for command in self.restarted:
            child = Restarted(command, memory_bytes=self.memory_bytes)
            child.start(now)
            self._children.append(child)
        self._web = subprocess.Popen(self.essential)  # noqa: S603

    def step(self) -> bool:
        """One look at the children; False once the essential one has exited."""
        assert self._web is not None
        if self._web.poll() is not None:
            return False
        now = self.clock()
        for child in self._children:
            if child.process is not None and child.process.poll() is not None:
                lived = now - child.started_at
                child.pause = min(child.pause * 2, LONGEST_PAUSE) if lived < QUICK_DEATH else 1.0
                log.warning("worker exited with status %s after %.0f s; restarting", child.process.returncode, lived)
                child.process, child.next_start = None, now + child.pause
            if child.process is None and now >= child.next_start:
                child.start(now)
                child.restarts += 1
        return True

    def run(self) -> int:
        """Until the essential child exits or `stop` is called; the essential child's exit status."""
        self.start()
        try:
            while not self.stopping and self.step():
                time.sleep(self.tick)
        finally:
            self.stop()
        assert self._web is not None
        return self._web.returncode or 0

    def stop(self) -> None:
        self.stopping = True
        processes = [c.process for c in self._children if c.process is not None]
        processes += [self._web] if self._web is not None else []
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()

    @property
    def web(self) -> subprocess.Popen[bytes] | None:
        return self._web

    def worker_pids(self) -> list[int]:
        return [c.process.pid for c in self._children if c.process is not None and c.process.poll() is None]

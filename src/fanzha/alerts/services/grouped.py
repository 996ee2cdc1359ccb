"""Group commit for the intake API: alerts that arrive at the same moment share one transaction.

An upper-level platform pushes alerts in bursts, many requests at once. Each alert on its own costs a
dozen round trips to the database and a commit (a disk flush); at a few hundred a second those, not
routing, are the limit. So the web process's request threads hand their alert to the `GroupCommit`:
the first becomes the leader and takes what is waiting (at first only its own alert, so a lone alert
is never delayed); while it writes, the next requests queue up, and when it is done it passes the lead
to the oldest of them, which takes them all in one go. Each request still gets its own answer — its
alert and whether it was created — as if it had been alone:

- the same `external_id` twice in one group, or one already stored, answers with the first alert;
- bad input is refused in the caller's thread before it joins a group;
- when the group's transaction fails (another process stored one of its external_ids meanwhile, or any
  other error), each alert is taken again on its own, so one bad alert cannot fail the others and each
  request gets its own error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert
from fanzha.alerts.services.intake import AlertIntake, alert_intake, insert_prepared, prepare_alerts, validate_intake
from fanzha.core.context import current_ip

MAX_GROUP = 50


@dataclass(eq=False)
class Submitted:
    """One request's alert, waiting for its answer."""

    data: AlertIntake
    by: User | None
    ip: str | None
    wake: threading.Event = field(default_factory=threading.Event)
    promoted: bool = False  # woken to lead the next group, not with an answer
    answer: tuple[Alert, bool] | None = None
    error: BaseException | None = None

    def answered(self, alert: Alert, created: bool) -> None:
        self.answer = (alert, created)

    def failed(self, error: BaseException) -> None:
        self.error = error


def intake_together(group: list[Submitted]) -> None:
    """Answer every alert of the group, the new ones from one transaction.

    No look-up first, as in `alert_intake`: a repeated external_id is rare, and the unique constraint
    finds it anyway (the group is then taken one alert at a time, which answers repeats)."""
    first: dict[str, Submitted] = {}
    for item in group:
        first.setdefault(item.data.external_id.strip(), item)
    fresh = list(first.values())
    try:
        prepared = prepare_alerts([i.data for i in fresh], by=[i.by for i in fresh], ips=[i.ip for i in fresh])
        insert_prepared(prepared)
    except Exception:
        # One of them was stored before (or meanwhile by another process), the database refused, or
        # one alert cannot be taken: each on its own, so that each request gets its own answer.
        for item in group:
            _alone(item)
        return
    made = {p.alert.external_id: p.alert for p in prepared}
    for item in group:
        key = item.data.external_id.strip()
        item.answered(made[key], first[key] is item)


def _alone(item: Submitted) -> None:
    token = current_ip.set(item.ip)
    try:
        item.answered(*alert_intake(data=item.data, by=item.by))
    except Exception as exc:  # the request that sent it answers with the error, not the group
        item.failed(exc)
    finally:
        current_ip.reset(token)


class GroupCommit:
    """Leader/follower hand-off between a process's request threads (see the module's docstring)."""

    def __init__(self, process: Callable[[list[Submitted]], None] = intake_together, max_group: int = MAX_GROUP):
        self.process = process
        self.max_group = max_group
        self._lock = threading.Lock()
        self._waiting: list[Submitted] = []
        self._leading = False  # a thread is writing a group, or has been woken to write the next
        self.groups = 0  # groups written and the largest, for the benchmark and the tests
        self.largest = 0

    def queued(self) -> int:
        """Alerts waiting for the next group."""
        with self._lock:
            return len(self._waiting)

    def submit(self, data: AlertIntake, by: User | None) -> tuple[Alert, bool]:
        validate_intake(data)
        item = Submitted(data, by, current_ip.get())
        with self._lock:
            self._waiting.append(item)
            lead = not self._leading
            self._leading = True
        if not lead:
            item.wake.wait()
        if lead or item.promoted:
            self._lead()
        if item.error is not None:
            raise item.error
        assert item.answer is not None
        return item.answer

    def _lead(self) -> None:
        with self._lock:
            group = self._waiting[: self.max_group]
            del self._waiting[: self.max_group]
        error: BaseException = RuntimeError("alert left unanswered")
        try:
            self.groups += 1
            self.largest = max(self.largest, len(group))
            self.process(group)
        except BaseException as exc:
            error = exc
            raise
        finally:
            for item in group:
                if item.answer is None and item.error is None:
                    item.failed(error)
            with self._lock:
                following = self._waiting[0] if self._waiting else None
                if following is None:
                    self._leading = False
                else:
                    following.promoted = True
            for item in group:
                item.wake.set()
            if following is not None:
                following.wake.set()


GROUP_COMMIT = GroupCommit()


def alert_intake_grouped(*, data: AlertIntake, by: User | None) -> tuple[Alert, bool]:
    """`alert_intake` for a request thread of the web server: shares a transaction with the alerts
    other threads of this process are submitting at the same moment."""
    return GROUP_COMMIT.submit(data, by)

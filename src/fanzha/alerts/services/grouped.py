"""Group commit for the intake API (`core.fastpath.GroupCommit`): alerts that arrive at the same moment
share one transaction.

An upper-level platform pushes alerts in bursts, many requests at once. Each alert on its own costs a
dozen round trips to the database and a commit (a disk flush); at a few hundred a second those, not
routing, are the limit. So the web process's request threads hand their alert to the `GroupCommit`,
which writes the alerts waiting at that moment together. Each request still gets its own answer — its
alert and whether it was created — as if it had been alone:

- the same `external_id` twice in one group, or one already stored, answers with the first alert;
- bad input is refused in the caller's thread before it joins a group;
- when the group's transaction fails (another process stored one of its external_ids meanwhile, or any
  other error), each alert is taken again on its own, so one bad alert cannot fail the others and each
  request gets its own error.
"""

from __future__ import annotations

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert
from fanzha.alerts.services.intake import AlertIntake, alert_intake, insert_prepared, prepare_alerts, validate_intake
from fanzha.core.context import current_ip
from fanzha.core.fastpath import GroupCommit, Submitted, active

MAX_GROUP = 50


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


GROUP_COMMIT = GroupCommit(intake_together, max_group=MAX_GROUP)


def alert_intake_grouped(*, data: AlertIntake, by: User | None) -> tuple[Alert, bool]:
    """`alert_intake` for a request thread of the web server: shares a transaction with the alerts
    other threads of this process are submitting at the same moment."""
    if not active("group_commit"):
        return alert_intake(data=data, by=by)
    validate_intake(data)  # bad input is refused in the caller's thread, before it joins a group
    alert, created = GROUP_COMMIT.submit(Submitted(data, by, current_ip.get()))
    return alert, created

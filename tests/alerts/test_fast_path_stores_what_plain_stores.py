"""Intake's fast path (core.fastpath: group commit, SQL inserts, raw look-ups) stores exactly what the
plain ORM way stores: the same alerts, timeline, observables, notifications, deliveries and audit
entries, row for row and field for field, ids included."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import pytest
from django.core.management.color import no_style
from django.db import connection, models, transaction

from fanzha.accounts.models import Role
from fanzha.accounts.services import api_token_create, api_token_user
from fanzha.alerts.models import Alert, Observable, TimelineEvent
from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.alerts.services.grouped import intake_together
from fanzha.core import fastpath
from fanzha.core.context import current_ip
from fanzha.core.models import AuditEntry
from fanzha.notify.models import Channel, Delivery, Notification

pytestmark = pytest.mark.django_db

STORED: list[type[models.Model]] = [Alert, TimelineEvent, Observable, Notification, Delivery, AuditEntry]
MOMENT = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


def alerts(world: Any) -> list[AlertIntake]:
    common: dict[str, Any] = {"source": "province", "fraud_type": "impersonate_authority"}
    return [
        # a registered resident's phone: routed to the village's officer, with the suspect's traces
        AlertIntake(
            external_id="EQ-1",
            level="high",
            victim_phone="139 0000 0001",
            suspect_phones=["+852 6123 4567", "+852 6123 4567"],
            suspect_urls=["http://fake-court.example/案件"],
            amount_at_risk=None,
            **common,
        ),
        # only an address the gazetteer knows
        AlertIntake(external_id="EQ-2", level="medium", address=f"{world.village_b1.name}3组12号", **common),
        # nothing routable: the centre's queue; an unreadable phone and a bad ID number kept and flagged
        AlertIntake(external_id="EQ-3", level="low", victim_phone="电话不详", id_number="530101199001011234", **common),
        # the same external_id twice: one alert
        AlertIntake(external_id="EQ-4", level="high", victim_phone="13900000003", description="第一次", **common),
        AlertIntake(external_id="EQ-4", level="high", victim_phone="13900000003", description="又一次", **common),
    ]


def stored() -> dict[str, list[dict[str, Any]]]:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in STORED}


def stored_by(run: Callable[[], None]) -> dict[str, list[dict[str, Any]]]:
    """What `run` stores, then undone, with every table's ids starting where they did before."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), STORED):
            cursor.execute(sql)
    point = transaction.savepoint()
    try:
        with mock.patch("django.utils.timezone.now", return_value=MOMENT):
            run()
        return stored()
    finally:
        transaction.savepoint_rollback(point)


def test_the_fast_path_stores_exactly_what_the_plain_way_stores(world: Any) -> None:
    officer = world.user("officer_a1")
    village = f"village:{world.village_a1.pk}"
    Channel.objects.create(name="东山村工作群", kind="wecom", target="http://127.0.0.1:9/a1", owner_key=village)
    Channel.objects.create(name="民警甲", kind="wecom", target="http://127.0.0.1:9/me", user=officer, owner_key="")
    sender = world.user("centre")
    items = alerts(world)
    token = current_ip.set("10.1.2.3")
    try:

        def plain() -> None:
            with fastpath.plain():
                for data in items:
                    alert_intake(data=data, by=sender)

        def fast() -> None:
            group = [fastpath.Submitted(data, sender, "10.1.2.3") for data in items]
            intake_together(group)
            assert all(i.error is None for i in group)

        before = stored()
        by_plain, by_fast = stored_by(plain), stored_by(fast)
    finally:
        current_ip.reset(token)

    assert stored() == before
    assert len(by_plain["alerts.Alert"]) == 4
    assert all(by_plain[m._meta.label] for m in STORED)
    assert len(by_plain["notify.Delivery"]) >= 2  # the village's robot and the officer's own
    assert by_fast == by_plain


def test_the_token_look_up_finds_the_same_user_either_way(world: Any) -> None:
    user = world.user("centre")
    assert user.role == Role.CENTRE_OPERATOR
    token = api_token_create(user=user, name="对接")
    fast = api_token_user(token)
    with fastpath.plain("raw_lookups"):
        plain = api_token_user(token)
    assert fast is not None and plain is not None
    assert {f.attname: getattr(fast, f.attname) for f in type(fast)._meta.concrete_fields} == {
        f.attname: getattr(plain, f.attname) for f in type(plain)._meta.concrete_fields
    }
    with fastpath.plain("raw_lookups"):
        assert api_token_user(token + "x") is None
    assert api_token_user(token + "x") is None


def test_an_unknown_shortcut_is_refused() -> None:
    with pytest.raises(ValueError, match="no such shortcut"), fastpath.plain("faster_please"):
        pass
    assert fastpath.active("group_commit")

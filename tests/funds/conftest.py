"""Funds fixtures: an alert in each station's township, a movable clock, and a stop-payment helper."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fanzha.funds import services
from fanzha.funds.models import StopPayment
from tests.factories import AlertFactory


@pytest.fixture
def alert_a(world: Any) -> Any:
    """Money sent by 甲一 of 东山村 (甲镇, station A)."""
    return AlertFactory(village=world.village_a1, amount_at_risk=Decimal("50000.00"), victim_name="甲一")


@pytest.fixture
def alert_b(world: Any) -> Any:
    return AlertFactory(village=world.village_b1)


class Clock:
    """timezone.now() under the test's control: `clock.move(hours=47)`."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def move(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", c)
    return c


@pytest.fixture
def request_stop(world: Any) -> Any:
    """request_stop(alert, **overrides) → a StopPayment requested by the alert's officer."""

    def _request(alert: Any, **overrides: Any) -> StopPayment:
        fields: dict[str, Any] = {
            "by": world.user("officer_a1"),
            "alert": alert,
            "bank": "中国建设银行",
            "holder_name": "王某某",
            "account_number": "6222 0200 1234 5678",
            "amount": Decimal("30000.00"),
            "transaction_at": timezone.now() - timedelta(minutes=20),
        }
        fields.update(overrides)
        stop, _created = services.stoppayment_request(**fields)
        return stop

    return _request

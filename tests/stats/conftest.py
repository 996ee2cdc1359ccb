"""Helpers for statistics tests: records placed at exact Shanghai times."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from fanzha.cases.models import Case
from fanzha.funds.models import StopPayment
from tests.factories import AlertFactory

SH = ZoneInfo("Asia/Shanghai")


def sh(*args: int) -> datetime:
    """sh(2025, 8, 1, 0, 30) → that moment in Asia/Shanghai."""
    return datetime(*args, tzinfo=SH)  # type: ignore[misc]


@pytest.fixture
def alert_at() -> Any:
    """alert_at(when, village, **fields): an alert received at `when`."""

    def _alert_at(when: datetime, village: Any, **fields: Any) -> Any:
        fields.setdefault("contact_deadline", when + timedelta(minutes=5))
        fields.setdefault("visit_deadline", when + timedelta(minutes=30))
        return AlertFactory(received_at=when, village=village, **fields)

    return _alert_at


@pytest.fixture
def case_at() -> Any:
    """case_at(when, village, loss="0.00", **fields): a fraud case that occurred at `when`."""
    from decimal import Decimal
    from itertools import count

    numbers = count(1)

    def _case_at(when: datetime, village: Any, loss: str = "0.00", key_groups: Any = (), **fields: Any) -> Any:
        fields.setdefault("fraud_type", "order_brushing")
        fields.setdefault("contact_method", "phone")
        fields.setdefault("victim_name", "受害人")
        case = Case.objects.create(
            case_number=f"AJ-{next(numbers):06d}-{village.pk}-{when:%Y%m%d%H%M%S}",
            occurred_at=when,
            reported_at=when + timedelta(hours=1),
            loss_amount=Decimal(loss),
            township=village.township,
            village=village,
            **fields,
        )
        case.key_groups.set(key_groups)
        return case

    return _case_at


@pytest.fixture
def stop_at() -> Any:
    """stop_at(when, village, amount, **fields): a stop-payment requested at `when`."""
    from decimal import Decimal
    from itertools import count

    accounts = count(1)

    def _stop_at(when: datetime, village: Any, amount: str, **fields: Any) -> Any:
        fields.setdefault("status", "effective")
        return StopPayment.objects.create(
            bank="测试银行",
            holder_name="某某",
            account_number=f"62220000{next(accounts):08d}",
            amount=Decimal(amount),
            transaction_at=when - timedelta(hours=1),
            requested_at=when,
            expires_at=when + timedelta(hours=48),
            township=village.township,
            village=village,
            **fields,
        )

    return _stop_at

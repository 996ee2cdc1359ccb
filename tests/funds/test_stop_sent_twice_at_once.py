"""The same stop-payment form sent twice at the same moment (two requests in flight on PostgreSQL) is
one stop: the second request waits for the first one's submission key and then opens its stop.

PostgreSQL only: SQLite takes one writer at a time, so there the second request always comes after the
first (tests/core/test_one_submit_one_record.py covers that on both databases). Transactional database:
each thread has its own connection and must see the test's rows.
"""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from fanzha.funds.models import StopPayment
from tests.factories import AlertFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: see the module's docstring"),
]


def test_two_identical_stop_payments_in_flight_together_make_one_stop(world: Any) -> None:
    alert = AlertFactory(village=world.village_a1, amount_at_risk=Decimal("9000.00"))
    when = timezone.localtime(timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "bank": "中国农业银行",
        "holder_name": "钱某",
        "account_number": "6228 4800 1111 9999",
        "amount": "9000",
        "transaction_at": when,
        "submission_key": str(uuid.uuid4()),
    }
    start = threading.Barrier(2)
    answers: list[int] = []
    locations: list[str] = []

    def send() -> None:
        client = Client()
        client.force_login(world.user("officer_a1"))
        start.wait()
        try:
            response = client.post(f"/funds/new/?alert={alert.pk}", data)
            answers.append(response.status_code)
            locations.append(response["Location"])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop = StopPayment.objects.get()
    assert answers == [302, 302] and locations == [f"/funds/{stop.pk}/"] * 2

"""The admin's change page shows a stop-payment's full account number: opening it is an audited read,
like the funds page's own detail view."""

from __future__ import annotations

from typing import Any

import pytest

from fanzha.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_opening_a_stop_payment_in_the_admin_writes_an_audit_entry(world: Any, alert_a: Any, request_stop: Any, login):
    stop = request_stop(alert_a, account_number="6222 0200 8765 4321")
    page = login(world.user("admin")).get(f"/admin/funds/stoppayment/{stop.pk}/change/")
    assert page.status_code == 200 and "6222020087654321" in page.content.decode()
    entry = AuditEntry.objects.get(action="stoppayment.viewed")
    assert entry.actor == world.user("admin") and entry.object_id == str(stop.pk)
    assert entry.data == {"via": "admin"}


def test_reading_the_audit_log_in_the_admin_adds_nothing_to_it(world: Any, alert_a: Any, request_stop: Any, login):
    request_stop(alert_a)
    entry = AuditEntry.objects.get()
    login(world.user("admin")).get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert AuditEntry.objects.count() == 1

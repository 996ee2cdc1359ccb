"""`fanzha demo` gives the board open alerts and the statistics fourteen months of handled ones."""

from __future__ import annotations

import random

import pytest
from django.db.models import F

from fanzha.alerts.models import Alert, DissuasionAttempt
from fanzha.demo import alerts as demo

pytestmark = pytest.mark.django_db


def test_demo_alerts_are_assigned_to_the_village_officer_and_mostly_closed(world):
    summary = demo.load_demo(county=world.township_a.county, rng=random.Random(7))
    alerts = Alert.objects.filter(external_id__startswith="DEMO-")
    assert alerts.count() == demo.HISTORY_ALERTS + demo.OPEN_ALERTS
    assert str(alerts.count()) in summary
    assert alerts.exclude(status=Alert.Status.CLOSED).count() == demo.OPEN_ALERTS
    for alert in alerts.filter(village=world.village_a1)[:20]:
        assert alert.assignee == world.user("officer_a1")
    closed = alerts.filter(status=Alert.Status.CLOSED)
    assert not closed.filter(first_contact_at__isnull=True).exists()
    assert not closed.filter(closed_at__lt=F("first_contact_at")).exists()
    assert DissuasionAttempt.objects.filter(alert__in=closed).exclude(outcome="").count() == closed.count()

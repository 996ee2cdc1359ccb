"""The demo's cases: fewer in recent months than a year ago, each with its accountability."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from fanzha.cases.models import Case, Interview, Notification
from fanzha.demo.alerts import load_demo as load_alerts
from fanzha.demo.cases import MONTHLY, load_demo
from fanzha.demo.funds import load_demo as load_funds

pytestmark = pytest.mark.django_db


def test_demo_cases_fall_over_the_months_and_each_has_its_accountability(world):
    county = world.township_a.county
    load_alerts(county=county, rng=random.Random(1))
    load_funds(county=county, rng=random.Random(2))
    load_demo(county=county, rng=random.Random(3))
    cases = list(Case.objects.all())
    assert len(cases) == sum(MONTHLY)
    today = timezone.localdate()
    recent = sum(1 for c in cases if (today - timezone.localdate(c.occurred_at)).days <= 90)
    year_ago = sum(1 for c in cases if 300 <= (today - timezone.localdate(c.occurred_at)).days <= 390)
    assert recent < year_ago
    assert all(c.loss_amount > 0 and c.occurred_at <= c.reported_at for c in cases)
    assert Interview.objects.count() == len(cases)
    assert Notification.objects.filter(audience=Notification.Audience.FAMILY).count() == len(cases)
    assert Interview.objects.filter(held_on__isnull=False).exists()
    assert Case.objects.filter(alerts__isnull=False).exists()
    assert (
        Case.objects.filter(key_groups__code="civil_servant").exists()
        or Case.objects.filter(victim_resident__isnull=True).exists()
    )

"""The demo's money records: believable totals on the funds page and the dashboard."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from django.db.models import Sum

from fanzha.demo.alerts import load_demo as load_alerts
from fanzha.demo.funds import load_demo
from fanzha.funds.models import FundReturn, StopPayment

pytestmark = pytest.mark.django_db


def test_demo_stops_are_positive_and_returned_money_never_exceeds_stopped(world):
    county = world.township_a.county
    load_alerts(county=county, rng=random.Random(1))
    summary = load_demo(county=county, rng=random.Random(2))
    stops = StopPayment.objects.exclude(status=StopPayment.Status.FAILED)
    stopped = stops.aggregate(s=Sum("amount"))["s"]
    returned = FundReturn.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    assert stopped > 0 and returned <= stopped
    assert StopPayment.objects.order_by("id").first().amount == Decimal("10010.00")
    assert all(s.alert.outcome == "money_sent" for s in StopPayment.objects.select_related("alert"))
    assert "笔止付" in summary

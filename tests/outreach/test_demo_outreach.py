"""The demo's outreach: every village has activities and part of its households reached."""

from __future__ import annotations

import random

import pytest

from fanzha.demo.outreach import load_demo
from fanzha.outreach.models import Activity, ActivityHousehold
from fanzha.people.models import Household
from tests.factories import ResidentFactory

pytestmark = pytest.mark.django_db


def test_demo_outreach_reaches_part_of_each_villages_households(world):
    for village in (world.village_a1, world.village_a2, world.village_b1):
        for _n in range(40):
            ResidentFactory(household__village=village)
    load_demo(county=world.township_a.county, rng=random.Random(4))
    for village in (world.village_a1, world.village_a2, world.village_b1):
        assert Activity.objects.filter(village=village).exists()
        households = Household.objects.filter(village=village).count()
        reached = ActivityHousehold.objects.filter(household__village=village).values("household").distinct().count()
        assert 0 < reached < households
    assert all(r.date == r.activity.date for r in ActivityHousehold.objects.select_related("activity")[:50])

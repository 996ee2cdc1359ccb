"""Outreach fixtures: village a1 of the shared world with two ten-household groups in one grid."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from fanzha.people.models import Household
from fanzha.places.models import Grid, TenHouseholdGroup
from tests.factories import GridFactory, GroupFactory, HouseholdFactory, ResidentFactory


@dataclass
class Neighbourhood:
    grid: Grid
    group_1: TenHouseholdGroup
    group_2: TenHouseholdGroup
    group_1_households: list[Household]
    group_2_households: list[Household]
    outside: Household  # in township B, outside the a1 staff's jurisdiction


@pytest.fixture
def hood(world: Any) -> Neighbourhood:
    a1 = world.village_a1
    grid = GridFactory(village=a1, name="第一网格")
    head = ResidentFactory(household__village=a1, name="户长甲")
    g1 = GroupFactory(village=a1, grid=grid, name="一组", head=head)
    g2 = GroupFactory(village=a1, grid=grid, name="二组")
    head.household.group = g1
    head.household.grid = grid
    head.household.save()
    g1_households = [head.household] + [HouseholdFactory(village=a1, grid=grid, group=g1) for _ in range(3)]
    g2_households = [HouseholdFactory(village=a1, grid=grid, group=g2) for _ in range(4)]
    outside = HouseholdFactory(village=world.village_b1)
    return Neighbourhood(grid, g1, g2, g1_households, g2_households, outside)

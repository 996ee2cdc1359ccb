from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from fanzha.outreach import selectors, services
from fanzha.people.models import KeyGroup
from tests.factories import ResidentFactory


def _log(world, households, days_ago):
    services.activity_create(
        by=world.user("assistant_a1"),
        kind="family",
        day=timezone.localdate() - timedelta(days=days_ago),
        household_ids=[h.pk for h in households],
    )


def test_coverage_figures_per_village_grid_and_group(world, hood):
    g1, g2 = hood.group_1_households, hood.group_2_households
    _log(world, g1[:2], days_ago=5)  # within 30 days
    _log(world, g1[1:3], days_ago=60)  # g1[1] again (later one counts), g1[2] within 90
    _log(world, g2[:1], days_ago=200)  # within 365
    rows = {r["village"].pk: r["coverage"] for r in selectors.village_coverage(user=world.user("centre"))}
    a1 = rows[world.village_a1.pk]
    # village a1: the 8 group households + resident_a1's household
    assert a1.households == 9
    assert a1.reached == {30: 2, 90: 3, 365: 4}
    assert a1.rate(90) == round(3 / 9, 4)
    assert rows[world.village_b1.pk].reached == {30: 0, 90: 0, 365: 0}
    from fanzha.people.models import Household

    by_group = selectors.coverage_by(Household.objects.filter(village=world.village_a1), key="group_id")
    assert by_group[hood.group_1.pk].reached == {30: 2, 90: 3, 365: 3}
    assert by_group[hood.group_2.pk].reached == {30: 0, 90: 0, 365: 1}
    by_grid = selectors.coverage_by(Household.objects.filter(village=world.village_a1), key="grid_id")
    assert by_grid[hood.grid.pk].households == 8


def test_never_reached_lists_key_group_and_elderly_households_first(world, hood):
    g2 = hood.group_2_households
    _log(world, hood.group_1_households, days_ago=1)
    accountant = KeyGroup.objects.get_or_create(code="accountant", defaults={"name": "财务人员"})[0]
    ResidentFactory(household=g2[3], village=world.village_a1).key_groups.add(accountant)
    ResidentFactory(household=g2[2], village=world.village_a1, birth_date=date(1950, 1, 1))
    rows, total = selectors.never_reached(village=world.village_a1)
    assert total == 5  # group 2's four households and resident_a1's
    assert [r["household_id"] for r in rows[:2]] == [g2[3].pk, g2[2].pk]
    assert rows[0]["has_key_group"] and not rows[0]["has_elderly"]
    assert rows[1]["has_elderly"]
    assert "*" in rows[0]["address"] and not any(ch.isdigit() for ch in rows[0]["address"])


def test_coverage_api(world, hood, api_client):
    _log(world, hood.group_1_households, days_ago=40)
    client = api_client(world.user("officer_a1"))
    body = client.get("/api/v1/outreach/coverage", village=world.village_a1.pk, days=90).json()
    assert (body["households"], body["reached"], body["rate"]) == (9, 4, round(4 / 9, 4))
    assert body["never_reached_count"] == 5
    assert {"household_id", "address", "has_key_group", "has_elderly"} <= set(body["never_reached"][0])
    short = client.get("/api/v1/outreach/coverage", village=world.village_a1.pk, days=30).json()
    assert short["reached"] == 0


def test_coverage_of_a_village_outside_scope_is_not_found(world, hood, api_client):
    response = api_client(world.user("officer_b1")).get("/api/v1/outreach/coverage", village=world.village_a1.pk)
    assert response.status_code == 404


def test_township_page_shows_the_rate_and_the_chart(world, hood, login):
    _log(world, hood.group_1_households, days_ago=3)
    page = login(world.user("centre")).get(f"/outreach/coverage/?township={world.township_a.pk}")
    text = page.content.decode()
    assert page.status_code == 200
    assert "vendor/echarts/echarts.min.js" in text
    assert "东山村" in text and "44%" in text  # 4 of 9 households
    village_page = login(world.user("officer_a1")).get(f"/outreach/coverage/villages/{world.village_a1.pk}/")
    assert "二组" in village_page.content.decode()
    assert login(world.user("officer_b1")).get(f"/outreach/coverage/villages/{world.village_a1.pk}/").status_code == 404

"""The outreach pages as a village's police assistant uses them on a phone (issue 15, item 5)."""

from __future__ import annotations

import re

from django.utils import timezone

from fanzha.outreach import services
from tests.factories import GroupFactory, HouseholdFactory, ResidentFactory


def test_assistant_sees_coverage_of_their_village_with_its_township_chosen(world, hood, login):
    services.activity_create(
        by=world.user("assistant_a1"),
        kind="family",
        day=timezone.localdate(),
        household_ids=[h.pk for h in hood.group_1_households],
    )
    page = login(world.user("assistant_a1")).get("/outreach/coverage/").content.decode()
    assert "没有可显示的村（社区）" not in page
    assert f'data-village="{world.village_a1.pk}"' in page
    assert re.search(rf'<option value="{world.township_a.pk}" selected>甲镇</option>', page)
    assert "乙乡" not in page  # a township with none of her villages is not offered


def test_households_of_a_group_are_told_apart_without_showing_numbers_or_names(world, login):
    group = GroupFactory(village=world.village_a1, name="三组")
    for name in ("张三丰", "李四海", "王五"):
        household = HouseholdFactory(village=world.village_a1, group=group, address="幸福路三组12号")
        ResidentFactory(household=household, name=name)
    page = login(world.user("assistant_a1")).get(f"/outreach/groups/{group.pk}/").content.decode()
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', page)
    assert len(options) == 3 and len(set(options)) == 3, options
    assert all("12" not in o for o in options)
    assert "张**" in options[0] and "张三丰" not in options[0]


def test_group_page_does_not_send_an_assistant_to_the_channels_page(world, hood, login):
    page = login(world.user("assistant_a1")).get(f"/outreach/groups/{hood.group_1.pk}/").content.decode()
    assert "/notify/channels/" not in page and "group:" not in page
    assert "联系反诈中心" in page
    centre = login(world.user("centre")).get(f"/outreach/groups/{hood.group_1.pk}/").content.decode()
    assert "/notify/channels/" in centre


def test_group_list_pages_through_the_groups_and_finds_one_by_name(world, login):
    for n in range(45):
        GroupFactory(village=world.village_a1, name=f"东山{n:02d}组")
    GroupFactory(village=world.village_a2, name="西河一组")
    client = login(world.user("centre"))
    first = client.get("/outreach/groups/").content.decode()
    assert first.count('data-label="组"') == 30
    assert "第 1 / 2 页" in first
    assert "东山00组" in first and "西河一组" not in first
    second = client.get("/outreach/groups/?page=2").content.decode()
    assert "西河一组" in second
    found = client.get("/outreach/groups/", {"q": "西河"}).content.decode()
    assert "西河一组" in found and "东山00组" not in found
    in_village = client.get("/outreach/groups/", {"village": world.village_a2.pk}).content.decode()
    assert "西河一组" in in_village and "东山" not in in_village.split("<tbody>")[1]

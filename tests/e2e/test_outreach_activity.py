"""An assistant logs an activity for a ten-household group on a phone; the centre sees coverage rise."""

from __future__ import annotations

from tests.factories import GroupFactory, HouseholdFactory


def test_assistant_logs_a_group_and_the_centres_coverage_rises(world, new_page, login_as, live_url):
    a1 = world.village_a1
    group = GroupFactory(village=a1, name="三组")
    for _ in range(4):
        HouseholdFactory(village=a1, group=group)
    # a1 now has 5 households: resident_a1's and the group's four

    centre = new_page("desktop")
    login_as(centre, "t_centre")
    centre.goto(live_url(f"/outreach/coverage/?township={world.township_a.pk}"))
    row = centre.locator(f"#coverage-table tr[data-village='{a1.pk}']")
    assert row.locator("td.rate-30").inner_text().startswith("0%")
    assert centre.locator("#coverage-chart canvas").count() == 1

    phone = new_page("phone")
    login_as(phone, "t_assistant_a1")
    phone.goto(live_url("/outreach/activities/new/"))
    phone.get_by_text("进家庭", exact=True).click()
    phone.locator(f"input.group-all[data-group='{group.pk}']").check()
    assert phone.locator(".picked-count").inner_text() == "4"
    with phone.expect_navigation():
        phone.locator("button.save").click()
    assert phone.locator("#households-count").inner_text() == "4"

    centre.reload()
    row = centre.locator(f"#coverage-table tr[data-village='{a1.pk}']")
    assert row.locator("td.rate-30").inner_text().startswith("80%")

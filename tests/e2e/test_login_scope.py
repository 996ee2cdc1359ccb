"""A community officer logs in on a phone and sees only the villages they cover."""

from __future__ import annotations

from playwright.sync_api import expect


def test_community_officer_sees_only_their_village_on_a_phone(world, new_page, login_as, live_url, tmp_path):
    page = new_page("phone")
    login_as(page, "t_officer_a1")

    expect(page.locator("main h1")).to_contain_text("民警甲")
    villages = page.locator("main table tbody")
    expect(villages).to_contain_text("东山村")
    expect(villages).not_to_contain_text("西河社区")
    expect(villages).not_to_contain_text("南坡村")
    page.screenshot(path=tmp_path / "officer-home-phone.png", full_page=True)

    page.goto(live_url("/people/residents/"))
    rows = page.locator("#resident-rows")
    expect(rows).to_contain_text("甲一")
    expect(rows).not_to_contain_text("甲二")
    expect(rows).not_to_contain_text("乙一")
    village_choices = page.locator("select[name=village] option").all_inner_texts()
    assert [c for c in village_choices if "·" in c] == ["甲镇 · 东山村"]
    page.screenshot(path=tmp_path / "officer-residents-phone.png", full_page=True)

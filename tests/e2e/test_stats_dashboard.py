"""The leader's statistics dashboard in a real browser, on a desktop and a phone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from playwright.sync_api import Page

from tests.factories import AlertFactory
from tests.stats.conftest import sh

AUGUST = "/stats/?start=2025-08-01&end=2025-08-31"


def _alerts(world: Any) -> None:
    for n, village in enumerate([world.village_a1, world.village_a1, world.village_b1]):
        received = sh(2025, 8, 5, 10, n)
        AlertFactory(
            village=village,
            received_at=received,
            contact_deadline=received + timedelta(minutes=5),
            visit_deadline=received + timedelta(minutes=30),
            first_contact_at=received + timedelta(minutes=2),
            status="closed",
            outcome="dissuaded",
        )


def test_leader_reads_the_dashboard_on_a_desktop_and_opens_the_list_behind_a_figure(
    world: Any, new_page: Callable[..., Page], login_as: Callable[..., Page], live_url: Callable[[str], str]
) -> None:
    _alerts(world)
    page = new_page("desktop")
    login_as(page, "t_leader")
    page.goto(live_url(AUGUST))
    card = page.locator('[data-indicator="alerts"]')
    assert card.locator(".figure").inner_text() == "3"
    assert "预警指令数" in (card.get_attribute("title") or "")
    page.wait_for_function("document.querySelector('#chart-trend canvas') !== null")
    page.wait_for_function("document.querySelector('#chart-funnel canvas') !== null")
    with page.expect_navigation():
        card.click()
    assert "/alerts/board/" in page.url
    assert page.locator("h1").first.inner_text().startswith("值班看板")


def test_leader_reads_the_dashboard_on_a_phone_without_sideways_scrolling(
    world: Any, new_page: Callable[..., Page], login_as: Callable[..., Page], live_url: Callable[[str], str]
) -> None:
    _alerts(world)
    page = new_page("phone")
    login_as(page, "t_leader")
    page.goto(live_url(AUGUST))
    page.wait_for_function("document.querySelector('#chart-townships canvas') !== null")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator('[data-indicator="dissuasion_rate"] .figure').inner_text() == "100.00%"
    # the township filter narrows the figures to one township
    page.select_option("select[name=township]", label="乙乡")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert page.locator('[data-indicator="alerts"] .figure').inner_text() == "1"

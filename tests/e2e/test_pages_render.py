"""Every page in the navigation, for every role, on a desktop and a phone: no server error, no JavaScript
console error, no request leaving the machine (the conftest fails the test on those two), and the page
fits the phone's width. New navigation entries are picked up from fanzha.navigation.NAV."""

from __future__ import annotations

import re

import pytest
from django.urls import NoReverseMatch, reverse

from fanzha.navigation import NAV

# One user of each role in the `world` fixture, and one officer who covers no place yet.
USERS = ["admin", "centre", "leader", "chief_a", "officer_a1", "assistant_a1", "grid_a1", "unassigned"]
# Pages outside the navigation bar that every signed-in user reaches from the header.
ALWAYS = ["/accounts/security/"]
# English that belongs on a zh-Hans page: the language switcher, product and file-format names.
ENGLISH_ALLOWED = {
    *("Fanzha", "English", "Excel", "Word", "App", "HTTP", "HTTPS", "JSON", "Bearer", "WeCom", "DingTalk", "Huey"),
    "LibreOffice",
    *("xlsx", "docx"),
}


def untranslated_english(text: str) -> set[str]:
    """Latin words of four letters or more that are not names: a string that missed translation."""
    return {word for word in re.findall(r"[A-Za-z]{4,}", text) if word not in ENGLISH_ALLOWED}


def navigation_urls(user) -> list[str]:
    urls = []
    for entry in NAV:
        if not user.can(entry.action):
            continue
        if entry.prefecture:  # the world is one county: no prefecture menu
            continue
        try:
            urls.append(reverse(entry.url_name))
        except NoReverseMatch:  # an app not wired in this URLconf: the bar leaves it out too
            continue
    return urls


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("name", USERS)
def test_every_navigation_page_opens_cleanly(world, new_page, login_as, live_url, name, viewport):
    user = world.user(name)
    page = new_page(viewport)
    login_as(page, user.username)

    expected = navigation_urls(user)
    shown = page.locator("header.top nav a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert shown == expected

    for url in [*expected, *ALWAYS]:
        response = page.goto(live_url(url))
        assert response is not None, url
        assert response.status == 200, f"{url} answered {response.status} for {name}"
        # Django's own admin is left out: its zh-Hans catalogue has gaps ("Model name") that are not ours.
        english = set() if url.startswith("/admin/") else untranslated_english(page.locator("body").inner_text())
        assert not english, f"{url} shows untranslated English to {name}: {sorted(english)}"
        if viewport == "phone":
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{url} is {overflow}px wider than the phone for {name}"


def test_a_new_api_token_is_shown_whole_on_a_phone(world, new_page, login_as, live_url):
    page = new_page("phone")
    login_as(page, "t_officer_a1")
    page.goto(live_url("/accounts/security/"))
    page.fill("#id_name", "村务脚本")
    with page.expect_navigation():
        page.locator("form", has=page.locator("#id_name")).locator("button[type=submit]").click()
    token = page.locator("#new-token")
    assert token.input_value().startswith("fz_")
    assert token.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1

"""English as a second locale: the login page follows the browser's language or the switcher's choice."""

from __future__ import annotations

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_chinese_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录反诈安全网" in page and "用户名" in page and "密码" in page
    assert 'value="en"' in page  # the switcher offers English


def test_the_login_page_follows_an_english_browser(client):
    page = client.get("/accounts/login/", headers={"Accept-Language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="en">' in page
    for label in ("Sign in to Fanzha", "Username", "Password", "Anti-fraud consultation", "or call 96110."):
        assert label in page
    assert "登录反诈安全网" not in page
    assert 'value="zh-hans"' in page and "简体中文" in page  # and the way back


def test_the_language_switcher_keeps_the_choice_for_the_next_pages(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "Sign in to Fanzha" in client.get("/accounts/login/").content.decode()

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/accounts/login/"})
    assert "登录反诈安全网" in client.get("/accounts/login/").content.decode()


def test_signed_in_pages_and_messages_are_translated_too(world, client):
    client.post("/i18n/setlang/", {"language": "en"})
    response = client.post(
        "/accounts/login/", {"username": "t_officer_a1", "password": "wrong"}, headers={"Accept-Language": "en"}
    )
    assert "Wrong username or password." in response.content.decode()
    client.force_login(world.user("officer_a1"))
    home = client.get("/").content.decode()
    assert "My area" in home and "Residents" in home and "Sign out" in home

"""A user's own security page: API tokens (raw value shown once), two-factor status, password change."""

from __future__ import annotations

import re

import pytest

from fanzha.accounts.models import ApiToken
from fanzha.accounts.services import api_token_create
from fanzha.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Dongshan-Village-2024"


def test_the_security_page_needs_a_login(world, client):
    response = client.get("/accounts/security/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_new_token_is_shown_once_works_for_the_api_and_is_stored_hashed(world, login):
    client = login(world.user("officer_a1"))
    response = client.post("/accounts/security/tokens/", {"name": "村务脚本"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get(user=world.user("officer_a1"))
    page = response.content.decode()
    found = re.search(r'<textarea id="new-token"[^>]*>([^<]+)</textarea>', page)
    assert found is not None
    raw = found.group(1)
    assert raw.startswith("fz_") and raw[3:11] == token.prefix
    assert raw not in token.key_hash

    assert raw not in client.get("/accounts/security/").content.decode()
    api = client.get("/api/v1/residents", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 200
    assert {r["id"] for r in api.json()["items"]} == {world.resident_a1.pk}


def test_a_user_revokes_their_own_token(world, login):
    raw = api_token_create(user=world.user("officer_a1"))
    token = ApiToken.objects.get()
    client = login(world.user("officer_a1"))
    response = client.post(f"/accounts/security/tokens/{token.pk}/revoke/", follow=True)
    assert "已撤销" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert client.get("/api/v1/residents", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked", actor=world.user("officer_a1")).exists()


def test_nobody_can_revoke_or_see_another_users_token(world, login):
    api_token_create(user=world.user("centre"), name="中心接口")
    token = ApiToken.objects.get()
    client = login(world.user("officer_a1"))
    assert token.prefix not in client.get("/accounts/security/").content.decode()
    assert client.post(f"/accounts/security/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_page_offers_two_factor_enrolment_until_it_is_on(world, login):
    client = login(world.user("centre"))
    page = client.get("/accounts/security/").content.decode()
    assert "未启用" in page and "/accounts/2fa/setup/" in page


def test_a_user_changes_their_password_and_stays_signed_in(world, login, client):
    officer = world.user("officer_a1")
    login(officer)
    response = client.post(
        "/accounts/security/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="user.password_changed", object_id=str(officer.pk)).exists()


@pytest.mark.parametrize(
    ("old", "new", "complaint"),
    [
        ("wrong-old-password", NEW_PASSWORD, "旧密码不正确"),
        (PASSWORD, "short1", "密码太短"),
        (PASSWORD, "qwertyuiop", "太常见"),
        (PASSWORD, "t_officer_a1x", "太相似"),
    ],
)
def test_a_password_change_is_refused_when_it_breaks_the_rules(world, login, old, new, complaint):
    officer = world.user("officer_a1")
    client = login(officer)
    response = client.post(
        "/accounts/security/password/", {"old_password": old, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 400
    assert complaint in response.content.decode()
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)

"""After the password, nothing but the second factor: no API token, no password change, no page, until
the code is given (or the device enrolled, when the role must). Under production settings
(TWO_FACTOR_ENFORCED, as FANZHA_ENV=production sets it) and for anyone who enrolled.

Tokens are made only after the second factor, expire, and act with their owner's current role,
jurisdiction and state."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from django.test import override_settings
from django.utils import timezone

from fanzha.accounts.models import ApiToken, Role, TotpDevice
from fanzha.accounts.services import api_token_create
from fanzha.places.models import Assignment
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Xishan-Grid-2024-k"


def sign_in(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def enrolled(user) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=user, secret=secret, confirmed=True)
    return pyotp.TOTP(secret)


def refused_to_second_factor(response, step: str = "/accounts/2fa/") -> bool:
    return response.status_code == 302 and response["Location"].startswith(step)


@override_settings(TWO_FACTOR_ENFORCED=True)
@pytest.mark.parametrize("name", ["centre", "leader", "officer_a1"])
def test_a_password_alone_mints_no_api_token(world, client, name):
    user = world.user(name)
    enrolled(user)
    sign_in(client, user)
    response = client.post("/accounts/security/tokens/", {"name": "抓取脚本"})
    assert refused_to_second_factor(response)
    assert not ApiToken.objects.filter(user=user).exists()
    assert "fz_" not in response.content.decode()


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_a_password_alone_does_not_change_the_password(world, client):
    centre = world.user("centre")
    enrolled(centre)
    sign_in(client, centre)
    response = client.post(
        "/accounts/security/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert refused_to_second_factor(response)
    centre.refresh_from_db()
    assert centre.check_password(PASSWORD) and not centre.check_password(NEW_PASSWORD)


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_an_operator_who_must_enrol_mints_no_token_before_enrolling(world, client):
    leader = world.user("leader")
    sign_in(client, leader)
    response = client.post("/accounts/security/tokens/", {"name": "抓取脚本"})
    assert refused_to_second_factor(response, "/accounts/2fa/setup/")
    assert refused_to_second_factor(client.get("/accounts/security/"), "/accounts/2fa/setup/")
    assert not ApiToken.objects.exists()


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_while_pending_only_the_code_enrolment_and_logout_are_open(world, client):
    centre = world.user("centre")
    totp = enrolled(centre)
    sign_in(client, centre)
    for path in ("/", "/accounts/security/", "/people/residents/", "/funds/", "/admin/", "/notify/"):
        assert refused_to_second_factor(client.get(path)), path
    token = api_token_create(user=world.user("officer_a1"))
    revoke = ApiToken.objects.get().pk
    assert refused_to_second_factor(client.post(f"/accounts/security/tokens/{revoke}/revoke/"))
    assert ApiToken.objects.get().revoked_at is None and token
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.get("/consult/").status_code == 200  # public pages stay public

    client.post("/accounts/2fa/", {"code": totp.now()})
    made = client.post("/accounts/security/tokens/", {"name": "统计脚本"})
    assert made.status_code == 200 and ApiToken.objects.filter(user=centre).count() == 1


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_logging_out_is_open_while_pending(world, client):
    centre = world.user("centre")
    enrolled(centre)
    sign_in(client, centre)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/")["Location"].startswith("/accounts/login/")


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_enrolling_is_open_to_a_role_that_must_enrol(world, client):
    leader = world.user("leader")
    sign_in(client, leader)
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200
    device = TotpDevice.objects.get(user=leader)
    client.post("/accounts/2fa/setup/", {"code": pyotp.TOTP(device.secret).now()})
    assert client.get("/").status_code == 200
    assert client.post("/accounts/security/tokens/", {"name": "报表"}).status_code == 200


def test_signing_in_again_owes_the_code_again(world, client):
    """A session that passed the second factor, signed in again with the password, is pending again."""
    officer = world.user("officer_a1")
    totp = enrolled(officer)
    sign_in(client, officer)
    client.post("/accounts/2fa/", {"code": totp.now()})
    assert client.get("/accounts/security/").status_code == 200
    sign_in(client, officer)
    assert refused_to_second_factor(client.post("/accounts/security/tokens/", {"name": "x"}))
    assert not ApiToken.objects.exists()


def test_an_enrolled_user_is_gated_when_not_enforced_too(world, client):
    officer = world.user("officer_a1")
    enrolled(officer)
    sign_in(client, officer)
    assert refused_to_second_factor(client.post("/accounts/security/tokens/", {"name": "x"}))
    assert not ApiToken.objects.exists()


# --- what a token is and does ---------------------------------------------------------------------------


def _get(client, token, path):
    return client.get(path, headers={"Authorization": f"Bearer {token}"})


def test_a_token_expires_after_the_configured_days(world, client, settings):
    settings.API_TOKEN_DAYS = 30
    raw = api_token_create(user=world.user("officer_a1"))
    token = ApiToken.objects.get()
    assert token.expires_at.date() == (token.created_at + timedelta(days=30)).date()
    assert _get(client, raw, "/api/v1/residents").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _get(client, raw, "/api/v1/residents").status_code == 401


def test_the_default_lifetime_is_ninety_days(world):
    api_token_create(user=world.user("officer_a1"))
    token = ApiToken.objects.get()
    assert token.expires_at.date() == (token.created_at + timedelta(days=90)).date()


def test_the_security_page_shows_when_each_token_ends(world, login):
    api_token_create(user=world.user("officer_a1"), name="村务脚本")
    token = ApiToken.objects.get()
    page = login(world.user("officer_a1")).get("/accounts/security/").content.decode()
    assert "有效期至" in page and timezone.localtime(token.expires_at).strftime("%Y-%m-%d") in page
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(days=1))
    assert "已过期" in login(world.user("officer_a1")).get("/accounts/security/").content.decode()


def test_a_token_acts_with_its_owners_current_role(world, client):
    """A centre operator's token reads stop-payments; once the owner is moved to grid work, it does not."""
    centre = world.user("centre")
    raw = api_token_create(user=centre)
    assert _get(client, raw, "/api/v1/stop-payments").status_code == 200
    centre.role = Role.GRID_WORKER
    centre.save()
    assert _get(client, raw, "/api/v1/stop-payments").status_code == 403
    assert _get(client, raw, "/api/v1/cases").status_code == 403


def test_a_token_acts_with_its_owners_current_jurisdiction(world, client):
    officer = world.user("officer_a1")
    raw = api_token_create(user=officer)
    names = {r["name"] for r in _get(client, raw, "/api/v1/residents").json()["items"]}
    assert names == {"甲一"}
    Assignment.objects.filter(user=officer).delete()
    assert _get(client, raw, "/api/v1/residents").json()["items"] == []


def test_an_inactive_owners_token_is_refused(world, client):
    officer = world.user("officer_a1")
    raw = api_token_create(user=officer)
    officer.is_active = False
    officer.save()
    assert _get(client, raw, "/api/v1/residents").status_code == 401

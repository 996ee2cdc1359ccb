"""TOTP two-factor login: enrolment, verification before any page, replay refused, and enforcement for
the roles that see the whole county when TWO_FACTOR_ENFORCED is on."""

from __future__ import annotations

import pyotp
import pytest
from django.test import override_settings

from fanzha.accounts.models import TotpDevice
from fanzha.core.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


def enrolled(user) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=user, secret=secret, confirmed=True)
    return pyotp.TOTP(secret)


def test_enrolment_confirms_the_device_with_a_code_from_the_app(world, client):
    centre = world.user("centre")
    sign_in(client, centre)
    page = client.get("/accounts/2fa/setup/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TotpDevice.objects.get(user=centre)
    assert not device.confirmed and device.secret in page.content.decode()

    response = client.post("/accounts/2fa/setup/", {"code": pyotp.TOTP(device.secret).now()})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEntry.objects.filter(action="user.two_factor_enabled", object_id=str(centre.pk)).exists()
    assert "已启用" in client.get("/accounts/security/").content.decode()


def test_a_wrong_code_does_not_confirm_enrolment(world, client):
    sign_in(client, world.user("centre"))
    client.get("/accounts/2fa/setup/")
    device = TotpDevice.objects.get()
    wrong = f"{(int(pyotp.TOTP(device.secret).now()) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/setup/", {"code": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed


def test_a_user_with_a_device_must_give_the_code_before_any_page(world, client):
    officer = world.user("officer_a1")
    totp = enrolled(officer)
    response = sign_in(client, officer)
    assert response["Location"].startswith("/accounts/2fa/")
    for path in ("/", "/people/residents/", f"/people/residents/{world.resident_a1.pk}/"):
        blocked = client.get(path)
        assert blocked.status_code == 302 and blocked["Location"].startswith("/accounts/2fa/"), path

    verified = client.post("/accounts/2fa/", {"code": totp.now(), "next": "/people/residents/"})
    assert verified["Location"] == "/people/residents/"
    assert "甲一" in client.get("/people/residents/").content.decode()


def test_a_replayed_code_is_refused(world, client):
    officer = world.user("officer_a1")
    totp = enrolled(officer)
    code = totp.now()
    sign_in(client, officer)
    assert client.post("/accounts/2fa/", {"code": code})["Location"] == "/"

    client.logout()
    sign_in(client, officer)
    replay = client.post("/accounts/2fa/", {"code": code})
    assert replay.status_code == 200
    assert "已使用" in replay.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/2fa/")


@override_settings(TWO_FACTOR_ENFORCED=True)
@pytest.mark.parametrize("name", ["centre", "leader", "admin"])
def test_enforced_an_operator_without_a_device_is_sent_to_enrolment(world, client, name):
    sign_in(client, world.user(name))
    for path in ("/", "/people/residents/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/setup/", path


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_enforced_an_operator_with_a_device_must_verify_first(world, client):
    centre = world.user("centre")
    totp = enrolled(centre)
    sign_in(client, centre)
    assert client.get("/")["Location"].startswith("/accounts/2fa/")
    client.post("/accounts/2fa/", {"code": totp.now()})
    assert client.get("/").status_code == 200


@override_settings(TWO_FACTOR_ENFORCED=True)
def test_enforced_a_village_officer_is_not_forced_to_enrol(world, client):
    sign_in(client, world.user("officer_a1"))
    assert client.get("/").status_code == 200


@override_settings(TWO_FACTOR_ENFORCED=False)
def test_not_enforced_an_operator_is_only_invited_to_enrol(world, client):
    response = client.post(
        "/accounts/login/", {"username": world.user("centre").username, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert "建议为您的账号启用动态口令" in response.content.decode()

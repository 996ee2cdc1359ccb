import pytest
from django.test import override_settings

from fanzha.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def post_login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_with_the_right_password_reaches_the_home_page(world, client):
    response = post_login(client, "t_officer_a1", "correct-horse-battery")
    assert response.status_code == 302
    assert "东山村" in client.get("/").content.decode()


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(world, client):
    for _ in range(3):
        assert "不正确" in post_login(client, "t_officer_a1", "wrong").content.decode()
    response = post_login(client, "t_officer_a1", "correct-horse-battery")
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_api_requires_a_token(world, client):
    response = client.get("/api/v1/residents")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_revoked_token_is_refused_and_tokens_are_stored_hashed(world, api_client):
    api = api_client(world.user("centre"))
    raw = api.headers["Authorization"].split()[1]
    token = ApiToken.objects.get()
    assert raw not in token.key_hash
    assert api.get("/api/v1/residents").status_code == 200
    token.revoked_at = token.created_at
    token.save()
    assert api.get("/api/v1/residents").status_code == 401


def test_a_deactivated_users_token_is_refused_at_once(world, api_client):
    centre = world.user("centre")
    api = api_client(centre)
    assert api.get("/api/v1/residents").status_code == 200
    centre.is_active = False
    centre.save()
    assert api.get("/api/v1/residents").status_code == 401


def test_a_token_records_when_it_was_last_used_without_writing_on_every_request(world, api_client):
    from fanzha.accounts import services

    services._touched.clear()
    api = api_client(world.user("centre"))
    token = ApiToken.objects.get()
    assert token.last_used_at is None
    assert api.get("/api/v1/residents").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    assert api.get("/api/v1/residents").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: not written again
    user = services.api_token_user(api.headers["Authorization"].split()[1])
    assert user == world.user("centre") and user.role == world.user("centre").role

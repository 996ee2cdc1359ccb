"""The administrator manages users: who may enter the admin, creating users under the password rules,
resetting passwords, the places each user covers, API tokens, lockout."""

from __future__ import annotations

import pytest
from django.test import override_settings

from fanzha.accounts.models import ApiToken, LoginFailure, Role, TotpDevice, User
from fanzha.accounts.services import api_token_create
from fanzha.core.models import AuditEntry
from fanzha.places.models import Assignment
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "Yunnan-Mouding-2024!"


def inline_management(assignments: int = 0, initial: int = 0) -> dict[str, str]:
    data = {}
    for prefix, total, init in (("assignments", assignments, initial), ("api_tokens", 0, 0)):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(total),
            f"{prefix}-INITIAL_FORMS": str(init),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def change_data(user: User, **overrides: str) -> dict[str, str]:
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "role": user.role,
        "is_active": "on",
        **inline_management(),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("name", ["officer_a1", "centre", "leader", "chief_a", "grid_a1"])
def test_signed_in_users_who_are_not_administrators_are_refused_at_the_admin(world, login, name):
    response = login(world.user(name)).get("/admin/", follow=True)
    assert response.status_code == 403
    assert "/accounts/login/" not in response.redirect_chain[-1][0]


def test_anonymous_visitors_are_sent_to_fanzhas_own_login_page(world, client):
    response = client.get("/admin/people/resident/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert "/admin/people/resident/" in response.redirect_chain[-1][0]


def test_a_user_with_the_admin_role_enters_without_being_superuser_or_staff(world, login):
    admin_user = UserFactory(username="t_admin_role", role=Role.ADMIN)
    assert not admin_user.is_staff and not admin_user.is_superuser
    client = login(admin_user)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/people/resident/").status_code == 200


def test_administrator_creates_a_user_with_role_name_and_normalised_phone(world, login):
    client = login(world.user("admin"))
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "new_officer",
            "full_name": "新民警",
            "role": Role.COMMUNITY_OFFICER,
            "phone": "139 0000 0077",
            "password1": STRONG,
            "password2": STRONG,
            **inline_management(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="new_officer")
    assert (user.full_name, user.role, user.phone) == ("新民警", Role.COMMUNITY_OFFICER, "+8613900000077")
    assert user.check_password(STRONG)
    entry = AuditEntry.objects.get(action="user.created", object_id=str(user.pk))
    assert entry.actor == world.user("admin")
    assert STRONG not in str(entry.data)


@pytest.mark.parametrize(
    ("password", "complaint"),
    [("abc123", "太短"), ("password123", "太常见"), ("1234567890123", "只包含数字")],
)
def test_a_weak_password_is_refused_when_creating_a_user(world, login, password, complaint):
    client = login(world.user("admin"))
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "weak_user",
            "full_name": "弱密码",
            "role": Role.GRID_WORKER,
            "password1": password,
            "password2": password,
            **inline_management(),
        },
    )
    assert response.status_code == 200
    assert complaint in response.content.decode()
    assert not User.objects.filter(username="weak_user").exists()


def test_administrator_resets_a_password_under_the_same_rules_and_it_is_audited(world, login, client):
    officer = world.user("officer_a1")
    admin_client = login(world.user("admin"))
    url = f"/admin/accounts/user/{officer.pk}/password/"

    refused = admin_client.post(url, {"password1": "12345", "password2": "12345", "usable_password": "true"})
    assert refused.status_code == 200
    assert "太短" in refused.content.decode()

    accepted = admin_client.post(url, {"password1": STRONG, "password2": STRONG, "usable_password": "true"})
    assert accepted.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password(STRONG)
    assert AuditEntry.objects.filter(action="user.password_reset", object_id=str(officer.pk)).exists()


def test_administrator_deactivates_a_user_who_then_cannot_sign_in(world, login, client):
    officer = world.user("officer_b1")
    admin_client = login(world.user("admin"))
    data = change_data(officer)
    del data["is_active"]
    assert admin_client.post(f"/admin/accounts/user/{officer.pk}/change/", data).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="user.changed", object_id=str(officer.pk))
    assert entry.data["fields"] == ["is_active"]


def test_places_a_user_covers_are_managed_inline_and_change_what_they_see(world, login):
    officer = world.user("officer_a1")
    existing = Assignment.objects.get(user=officer)
    admin_client = login(world.user("admin"))
    data = change_data(officer) | inline_management(assignments=2, initial=1)
    data |= {
        "assignments-0-id": str(existing.pk),
        "assignments-0-user": str(officer.pk),
        "assignments-0-role": Role.COMMUNITY_OFFICER,
        "assignments-0-village": str(world.village_a1.pk),
        "assignments-1-user": str(officer.pk),
        "assignments-1-role": Role.COMMUNITY_OFFICER,
        "assignments-1-village": str(world.village_b1.pk),
    }
    response = admin_client.post(f"/admin/accounts/user/{officer.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]

    officer_client = login(officer)
    page = officer_client.get("/people/residents/").content.decode()
    assert "乙一" in page and "甲一" in page
    created = Assignment.objects.get(user=officer, village=world.village_b1)
    assert AuditEntry.objects.filter(action="assignment.created", object_id=str(created.pk)).exists()


def test_an_assignment_must_name_exactly_one_place(world, login):
    officer = world.user("unassigned")
    admin_client = login(world.user("admin"))
    data = change_data(officer) | inline_management(assignments=1)
    data |= {
        "assignments-0-user": str(officer.pk),
        "assignments-0-role": Role.COMMUNITY_OFFICER,
        "assignments-0-village": str(world.village_a1.pk),
        "assignments-0-township": str(world.township_b.pk),
    }
    response = admin_client.post(f"/admin/accounts/user/{officer.pk}/change/", data)
    assert response.status_code == 200
    assert "选择且只选择一项" in response.content.decode()
    assert not Assignment.objects.filter(user=officer).exists()


def test_only_a_superuser_can_make_someone_a_superuser(world, login):
    admin_role = UserFactory(username="t_admin_role", role=Role.ADMIN)
    officer = world.user("officer_a1")
    client = login(admin_role)
    response = client.post(f"/admin/accounts/user/{officer.pk}/change/", change_data(officer, is_superuser="on"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_superuser


def test_administrator_revokes_an_api_token_and_the_api_refuses_it(world, login, client):
    raw = api_token_create(user=world.user("centre"), name="报表脚本")
    token = ApiToken.objects.get()
    admin_client = login(world.user("admin"))
    listing = admin_client.get("/admin/accounts/apitoken/").content.decode()
    assert token.prefix in listing and raw not in listing

    response = admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [str(token.pk)]}, follow=True
    )
    assert "已撤销 1 个令牌" in response.content.decode()
    client.logout()
    assert client.get("/api/v1/residents", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    assert AuditEntry.objects.filter(action="api_token.revoked", actor=world.user("admin")).exists()


def test_tokens_cannot_be_created_or_edited_in_the_admin(world, login):
    api_token_create(user=world.user("centre"))
    token = ApiToken.objects.get()
    client = login(world.user("admin"))
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    client.post(f"/admin/accounts/apitoken/{token.pk}/change/", {"name": "changed"})
    token.refresh_from_db()
    assert token.name == ""


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_administrator_unlocks_a_locked_out_user(world, login, client):
    officer = world.user("officer_a1")
    for _ in range(2):
        client.post("/accounts/login/", {"username": officer.username, "password": "wrong"})
    assert (
        "锁定" in client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD}).content.decode()
    )

    admin_client = login(world.user("admin"))
    admin_client.post("/admin/accounts/user/", {"action": "unlock_login", "_selected_action": [str(officer.pk)]})
    assert not LoginFailure.objects.filter(username=officer.username).exists()
    admin_client.logout()
    client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_administrator_resets_a_lost_phones_two_factor_device(world, login):
    centre = world.user("centre")
    TotpDevice.objects.create(user=centre, secret="JBSWY3DPEHPK3PXP", confirmed=True)
    client = login(world.user("admin"))
    client.post("/admin/accounts/user/", {"action": "reset_two_factor", "_selected_action": [str(centre.pk)]})
    assert not TotpDevice.objects.filter(user=centre).exists()
    assert AuditEntry.objects.filter(action="user.two_factor_reset", object_id=str(centre.pk)).exists()

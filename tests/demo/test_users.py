"""Demo accounts: one per role, one officer, assistant and grid worker per village, and they log in."""

from __future__ import annotations

import re

from django.contrib.auth.password_validation import validate_password
from django.test import Client

from fanzha.accounts.models import Role, User
from fanzha.demo.county import DEMO_PASSWORD
from fanzha.people.models import Resident
from fanzha.places.models import Assignment, Village
from fanzha.places.scoping import scoped


def test_every_village_has_exactly_one_officer_assistant_and_grid_worker(demo: str) -> None:
    for village in Village.objects.all():
        roles = sorted(Assignment.objects.filter(village=village).values_list("role", flat=True))
        assert roles == sorted([Role.COMMUNITY_OFFICER, Role.POLICE_ASSISTANT, Role.GRID_WORKER]), village.name
        for a in Assignment.objects.filter(village=village).select_related("user"):
            assert a.user.role == a.role and a.user.full_name


def test_there_is_a_user_for_every_role(demo: str) -> None:
    # One county: no prefecture roles (tests/demo/test_prefecture.py has them).
    prefecture_roles = {Role.PREFECTURE_OPERATOR, Role.PREFECTURE_LEADER}
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values) - prefecture_roles
    assert User.objects.get(username="admin").is_superuser
    assert Assignment.objects.filter(role=Role.STATION_CHIEF).count() == 7


def test_officer_sees_only_their_village_and_chief_their_town(demo: str) -> None:
    officer = User.objects.get(username="officer_001")
    village = Village.objects.get(name="共丰村")
    assert Resident.objects.filter(village=village).exists()
    visible = scoped(Resident.objects.all(), officer)
    assert visible.exists()
    assert set(visible.values_list("village_id", flat=True)) == {village.pk}
    chief = User.objects.get(username="chief_gonghe")
    towns = set(scoped(Resident.objects.all(), chief).values_list("village__township__name", flat=True))
    assert towns == {"共和镇"}


def test_each_printed_login_logs_in_with_the_printed_password(demo: str) -> None:
    password = re.search(r"密码均为 (\S+)）", demo)
    assert password is not None and password.group(1) == DEMO_PASSWORD
    usernames = re.findall(r"^  ([a-z_0-9]+)\s", demo, flags=re.MULTILINE)
    assert usernames == ["admin", "centre", "leader", "chief_gonghe", "officer_001", "assistant_001", "grid_001"]
    assert "共和镇共丰村" in demo
    for username in usernames:
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": password.group(1)})
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200
        assert User.objects.get(username=username).full_name in home.content.decode()


def test_demo_password_passes_the_password_rules(demo: str) -> None:
    for user in User.objects.filter(username__in=["admin", "centre", "officer_001"]):
        validate_password(DEMO_PASSWORD, user)

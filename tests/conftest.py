"""Shared fixtures: two townships with a station each, villages, residents, and one named user per role."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test.utils import override_settings

from fanzha.accounts.models import Role, User
from fanzha.people.models import Resident
from fanzha.places.models import PoliceStation, Township, Village
from tests.factories import (
    ResidentFactory,
    StationFactory,
    TownshipFactory,
    UserFactory,
    VillageFactory,
    assign,
)

pytest_plugins = ["tests.api.fuzzing_count"]

assert os.environ.get("FANZHA_ENV") == "test", "run the tests with FANZHA_ENV=test (make test does)"

PASSWORD = "correct-horse-battery"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_node_collection_finished(node: Any, ids: list[str]) -> None:
    """`make test` is quiet while the workers start: say when each has its tests and the run begins."""
    reporter = node.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"== worker {node.gateway.id} collected {len(ids)} tests; running")


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The run's own data directory: uploads, job results and backups land here (one per xdist worker),
    never in the checkout's var/ that `make run` serves from. pytest keeps the last three runs'."""
    data = tmp_path_factory.mktemp("data")
    with override_settings(DATA_DIR=data, MEDIA_ROOT=data / "media"):
        yield data


@dataclass
class World:
    """Township A (station A, villages a1, a2) and township B (station B, village b1), with users."""

    township_a: Township
    township_b: Township
    station_a: PoliceStation
    station_b: PoliceStation
    village_a1: Village
    village_a2: Village
    village_b1: Village
    resident_a1: Resident
    resident_a2: Resident
    resident_b1: Resident
    users: dict[str, User]

    def user(self, name: str) -> User:
        return self.users[name]


@pytest.fixture
def world(db: Any) -> World:
    ta = TownshipFactory(name="甲镇")
    tb = TownshipFactory(name="乙乡", county=ta.county)
    sa = StationFactory(name="甲镇派出所", county=ta.county)
    sa.townships.add(ta)
    sb = StationFactory(name="乙乡派出所", county=ta.county)
    sb.townships.add(tb)
    a1 = VillageFactory(township=ta, name="东山村")
    a2 = VillageFactory(township=ta, name="西河社区", kind=Village.Kind.COMMUNITY)
    b1 = VillageFactory(township=tb, name="南坡村")
    ra1 = ResidentFactory(household__village=a1, name="甲一", phone="+8613900000001")
    ra2 = ResidentFactory(household__village=a2, name="甲二", phone="+8613900000002")
    rb1 = ResidentFactory(household__village=b1, name="乙一", phone="+8613900000003")
    users = {
        "admin": UserFactory(username="t_admin", role=Role.ADMIN, is_staff=True, is_superuser=True),
        "centre": UserFactory(username="t_centre", role=Role.CENTRE_OPERATOR),
        "leader": UserFactory(username="t_leader", role=Role.LEADER),
        "chief_a": UserFactory(username="t_chief_a", role=Role.STATION_CHIEF),
        "chief_b": UserFactory(username="t_chief_b", role=Role.STATION_CHIEF),
        "officer_a1": UserFactory(username="t_officer_a1", role=Role.COMMUNITY_OFFICER, full_name="民警甲"),
        "officer_b1": UserFactory(username="t_officer_b1", role=Role.COMMUNITY_OFFICER, full_name="民警乙"),
        "assistant_a1": UserFactory(username="t_assistant_a1", role=Role.POLICE_ASSISTANT),
        "grid_a1": UserFactory(username="t_grid_a1", role=Role.GRID_WORKER),
        "unassigned": UserFactory(username="t_unassigned", role=Role.COMMUNITY_OFFICER),
    }
    assign(users["chief_a"], sa)
    assign(users["chief_b"], sb)
    assign(users["officer_a1"], a1)
    assign(users["officer_b1"], b1)
    assign(users["assistant_a1"], a1)
    assign(users["grid_a1"], a1)
    return World(ta, tb, sa, sb, a1, a2, b1, ra1, ra2, rb1, users)


@pytest.fixture
def login(client: Any) -> Any:
    def _login(user: User) -> Any:
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def api_client(client: Any) -> Any:
    """A Django test client that sends a fresh bearer token for the given user."""
    from fanzha.accounts.services import api_token_create

    class ApiClient:
        def __init__(self, user: User | None) -> None:
            self.headers = {"Authorization": f"Bearer {api_token_create(user=user)}"} if user else {}

        def get(self, path: str, **params: Any) -> Any:
            return client.get(path, params, headers=self.headers)

        def post(self, path: str, data: Any) -> Any:
            return client.post(path, data, content_type="application/json", headers=self.headers)

    return ApiClient


@pytest.fixture(autouse=True)
def _techniques_read_afresh() -> Any:
    """Each test's database starts without techniques: no process-wide copy of a previous test's
    published ones (they are re-read at most once a second in production) may show in it."""
    from fanzha.materials.techniques import forget

    forget()
    yield
    forget()

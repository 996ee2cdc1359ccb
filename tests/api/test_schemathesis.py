"""API fuzzing gate: schemathesis drives every operation of /api/v1/openapi.json through the WSGI app.

With a county-wide user's token (the centre operator sees everything, so lists and details have data to
serialise) every request is checked with all of schemathesis's checks: nothing fails with a 5xx, every
answer is documented and matches its schema, a request the schema allows is not refused as invalid and
one it forbids is not accepted. Without a token every operation must answer 401 in the documented error
shape. Generation is derandomised and bounded (its examples, the coverage cases and a few generated ones
per operation, no shrinking) so the gate is the same on every run. tests/api/fuzzing_count.py fails the run
when fewer operations ran than the spec has.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode

from fanzha.accounts.services import api_token_create
from fanzha.wsgi import application

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much]


def _schema(*, modes: list[GenerationMode], max_examples: int) -> Any:
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    loaded.config.generation.update(
        modes=modes, max_examples=max_examples, deterministic=True, no_shrink=True, with_security_parameters=False
    )
    return loaded


with_token = _schema(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=6)
without_token = _schema(modes=[GenerationMode.POSITIVE], max_examples=1)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Django's test client stops each request from closing "old" database connections; calling the
    WSGI app directly does not, and on PostgreSQL that would close the connection holding the test's
    transaction (SQLite's in-memory test database ignores the close)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def centre_token(world: Any) -> str:
    return api_token_create(user=world.user("centre"))


@with_token.parametrize()
@settings(max_examples=6, derandomize=True, deadline=None, database=None, suppress_health_check=SUPPRESSED)
def test_every_operation_answers_as_documented_for_a_county_wide_user(case: Any, centre_token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {centre_token}"})


@without_token.parametrize()
@settings(max_examples=1, derandomize=True, deadline=None, database=None, suppress_health_check=SUPPRESSED)
def test_every_operation_refuses_a_request_without_a_token(case: Any, db: Any) -> None:
    case.headers = {k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"}
    response = case.call()
    assert response.status_code == 401, f"{case.operation.label} answered {response.status_code} without a token"
    assert response.json()["code"] == "unauthenticated"
    case.validate_response(response)

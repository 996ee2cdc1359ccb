"""An API request's token look-up is also its check of the kept database connection.

With CONN_HEALTH_CHECKS Django sends a `SELECT 1` before a request's first statement, a round trip
of its own; the token look-up takes its place. A connection the server dropped between two requests
(a restart, a failover) must still not fail the next request: the look-up is made again on a new one.

Only meaningful on PostgreSQL (a kept connection the server can drop); run with DATABASE_URL=postgres://…
"""

import psycopg
import pytest
from django.db import OperationalError, close_old_connections, connection

from fanzha.accounts import services
from fanzha.accounts.models import Role, User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (set DATABASE_URL)"),
]


@pytest.fixture
def token(transactional_db, django_db_serialized_rollback):
    # Serialized rollback: the flush after these tests must not re-create content types under new ids,
    # or the browser tests that restore the seeded rows later in the same worker collide with them.
    user = User.objects.create(username="province-push", role=Role.CENTRE_OPERATOR, full_name="省平台")
    return user, services.api_token_create(user=user, name="push")


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def _drop_from_the_server(pid: int) -> None:
    """What a restart of the database server does to a kept connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def kept_connections():
    """As in production: the connection is kept between requests and checked at the start of each."""
    kept = {key: connection.settings_dict[key] for key in ("CONN_HEALTH_CHECKS", "CONN_MAX_AGE")}
    connection.settings_dict.update(CONN_HEALTH_CHECKS=True, CONN_MAX_AGE=60)
    connection.close()
    yield
    connection.close()
    connection.settings_dict.update(kept)


def test_a_connection_dropped_between_requests_is_replaced_without_a_separate_check(
    token, kept_connections, monkeypatch
):
    user, raw = token
    assert services.api_token_user(raw) == user
    old_pid = _backend_pid()
    close_old_connections()  # the end of that request: the connection is kept
    _drop_from_the_server(old_pid)

    checks = []
    real_is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or real_is_usable())
    close_old_connections()  # the start of the next request
    assert services.api_token_user(raw) == user
    assert _backend_pid() != old_pid
    assert checks == []  # no `SELECT 1` of its own: the look-up was the check


def test_a_live_connection_answers_the_look_up_with_one_statement(token, kept_connections, monkeypatch):
    user, raw = token
    services.api_token_user(raw)
    pid = _backend_pid()
    close_old_connections()
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    close_old_connections()
    assert services.api_token_user(raw) == user
    assert services.api_token_user("fz_not-a-token") is None
    assert _backend_pid() == pid
    assert checks == []


def test_a_connection_dropped_in_the_middle_of_a_request_is_not_silently_replaced(token, kept_connections):
    # After the request's first statement the connection has been checked; losing it later is an
    # error the request reports, as without this look-up (a transaction may have been under way).
    _user, raw = token
    close_old_connections()
    pid = _backend_pid()
    _drop_from_the_server(pid)
    with pytest.raises(OperationalError):
        services.api_token_user(raw)

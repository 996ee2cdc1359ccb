from __future__ import annotations

import functools
import time
from datetime import timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from fanzha.accounts.models import ApiToken, LoginFailure, TotpDevice, User, hash_token
from fanzha.core.audit import log_action
from fanzha.core.fastpath import active, fetch


def api_token_create(*, user: User, name: str = "", by: User | None = None) -> str:
    """Create a token and return its raw value; it cannot be read back later. It works for
    API_TOKEN_DAYS, with its owner's role and jurisdiction as they are at each request."""
    raw = ApiToken.generate()
    expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[3:11], key_hash=hash_token(raw), expires_at=expires_at
    )
    log_action(token, "api_token.created", by=by, data={"user": user.pk, "name": name})
    return raw


def api_token_revoke(*, token: ApiToken, by: User | None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(token, "api_token.revoked", by=by)


def api_token_user(raw: str) -> User | None:
    """The active user of a live (not revoked, not expired) token, or None: on every API request, so
    one statement written once (`_token_user_sql`) and read into the user directly, rather than a query
    the ORM compiles each time (a quarter of the intake API's CPU). The user is read afresh each time:
    revoking a token, deactivating its user or changing the user's role or assignments takes effect at
    the next request."""
    row = _token_user_row(hash_token(raw))
    if row is None:
        return None
    *values, token_id = row
    user = User.from_db(connection.alias, _user_fields(), values)
    # Touch at most once a minute: intake at hundreds of requests a second must not write on each
    # (nor ask whether to: this process remembers when it last did).
    now = time.monotonic()
    if now - _touched.get(token_id, -60.0) >= 60:
        _touched[token_id] = now
        moment = timezone.now()
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=moment - timedelta(minutes=1))
        ApiToken.objects.filter(stale, pk=token_id).update(last_used_at=moment)
    return user


_touched: dict[int, float] = {}


def _token_user_row(key_hash: str) -> tuple[Any, ...] | None:
    """The user's columns and the token's id.

    The look-up is an API request's first statement, so it also stands in for the health check of a
    kept database connection (CONN_HEALTH_CHECKS: a `SELECT 1` and a round trip of its own before
    it): when the server has dropped the connection meanwhile (a restart, a failover), the look-up
    fails and is made once more on a new connection, as the check would have done."""
    if not active("raw_lookups"):
        found = ApiToken.objects.filter(
            key_hash=key_hash, revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True
        )
        return found.values_list(*(f"user__{name}" for name in _user_fields()), "id").first()
    db: Any = connection  # health_check_* are Django's (since 4.1), not in its type stubs
    checked = db.health_check_done or db.in_atomic_block or not db.health_check_enabled
    db.health_check_done = True
    try:
        rows = fetch(_token_user_sql(), [key_hash, _now_param(), True])
    except (OperationalError, InterfaceError):
        if checked:
            raise
        connection.close()
        rows = fetch(_token_user_sql(), [key_hash, _now_param(), True])
    return rows[0] if rows else None


def _now_param() -> Any:
    """Now, as the database compares it with a stored time (SQLite: naive UTC text)."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


@functools.cache
def _user_fields() -> list[str]:
    return [f.attname for f in User._meta.concrete_fields]


@functools.cache
def _token_user_sql() -> str:
    quote = connection.ops.quote_name
    users, tokens = quote(User._meta.db_table), quote(ApiToken._meta.db_table)
    columns = ", ".join(f"u.{quote(str(f.column))}" for f in User._meta.concrete_fields)
    return (
        f"SELECT {columns}, t.{quote('id')} FROM {tokens} t "  # noqa: S608 (our own names)
        f"JOIN {users} u ON u.{quote('id')} = t.{quote('user_id')} "
        f"WHERE t.{quote('key_hash')} = %s AND t.{quote('revoked_at')} IS NULL AND t.{quote('expires_at')} > %s "
        f"AND u.{quote('is_active')} = %s"
    )


def password_change(*, user: User, new_password: str) -> None:
    """The user's own change (the old password was checked by the form, the rules by the validators)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    log_action(user, "user.password_changed", by=user)


def login_locked(username: str) -> bool:
    since = timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    return LoginFailure.objects.filter(username=username.lower(), at__gte=since).count() >= settings.LOGIN_FAILURE_LIMIT


def login_failure_record(*, username: str, ip: str | None) -> None:
    LoginFailure.objects.create(username=username.lower(), ip=ip)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.lower()).delete()


def totp_begin(*, user: User) -> TotpDevice:
    device, _ = TotpDevice.objects.get_or_create(user=user, defaults={"secret": pyotp.random_base32()})
    if not device.confirmed:
        device.secret = pyotp.random_base32()
        device.save(update_fields=["secret"])
    return device


def totp_uri(device: TotpDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(name=device.user.username, issuer_name="Fanzha 反诈安全网")


@transaction.atomic
def totp_verify(*, device: TotpDevice, code: str) -> bool:
    """Accept a current code once (one step of clock drift either way)."""
    device = TotpDevice.objects.select_for_update().get(pk=device.pk)
    totp = pyotp.TOTP(device.secret)
    now = time.time()
    for drift in (0, -1, 1):
        at = now + drift * totp.interval
        counter = int(at // totp.interval)
        if counter > device.last_counter and totp.verify(code.strip(), for_time=at):
            device.last_counter = counter
            fields = ["last_counter"]
            if not device.confirmed:
                device.confirmed = True
                fields.append("confirmed")
                log_action(device.user, "user.two_factor_enabled", by=device.user)
            device.save(update_fields=fields)
            return True
    return False

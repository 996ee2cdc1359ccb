from __future__ import annotations

import time
from datetime import timedelta

import pyotp
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fanzha.accounts.models import ApiToken, LoginFailure, TotpDevice, User, hash_token
from fanzha.core.audit import log_action


def api_token_create(*, user: User, name: str = "", by: User | None = None) -> str:
    """Create a token and return its raw value; it cannot be read back later."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[3:11], key_hash=hash_token(raw))
    log_action(token, "api_token.created", by=by, data={"user": user.pk, "name": name})
    return raw


def api_token_revoke(*, token: ApiToken, by: User | None) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    log_action(token, "api_token.revoked", by=by)


def api_token_user(raw: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Touch at most once a minute: intake at hundreds of requests a second must not write on each.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


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

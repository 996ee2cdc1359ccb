"""Wrong passwords sent in parallel are counted one by one: no more passwords are checked than the
limit allows; and wrong TOTP codes lock the second step as wrong passwords lock the first.

Found by a probe: 60 parallel wrong passwords got 19 checked against a limit of 5 (each request
counted the failures before any of the others had written theirs), and TOTP codes could be guessed
without limit.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from fanzha.accounts import views
from fanzha.accounts.models import TotpDevice
from tests.conftest import PASSWORD


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only: SQLite takes one writer at a time")
def test_sixty_parallel_wrong_passwords_get_no_more_checks_than_the_limit(world: Any, monkeypatch: Any) -> None:
    checked: list[str] = []
    lock = threading.Lock()
    real_authenticate = views.authenticate

    def slow_authenticate(request: Any, **credentials: Any) -> Any:
        with lock:
            checked.append(credentials["username"])
        time.sleep(0.05)  # a real password hash takes this long and more: the window the guesses race in
        return real_authenticate(request, **credentials)

    monkeypatch.setattr(views, "authenticate", slow_authenticate)
    username = world.user("officer_a1").username

    def guess(n: int) -> int:
        try:
            response = Client().post("/accounts/login/", {"username": username, "password": f"guess-{n}"})
            return response.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(guess, range(60)))
    assert answers == [200] * 60
    assert len(checked) <= settings.LOGIN_FAILURE_LIMIT

    right = Client().post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert "锁定" in right.content.decode()


@pytest.mark.django_db
def test_wrong_totp_codes_lock_the_second_step_even_for_the_right_code(world: Any, client: Any) -> None:
    officer = world.user("officer_a1")
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=officer, secret=secret, confirmed=True)
    totp = pyotp.TOTP(secret)
    client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    wrong = f"{(int(totp.now()) + 500_000) % 1_000_000:06d}"
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert "口令不正确" in client.post("/accounts/2fa/", {"code": wrong}).content.decode()

    refused = client.post("/accounts/2fa/", {"code": totp.now()})
    assert refused.status_code == 200 and "锁定" in refused.content.decode()
    assert client.get("/")["Location"].startswith("/accounts/2fa/")


@pytest.mark.django_db
def test_a_right_code_clears_the_count_of_wrong_ones(world: Any, client: Any) -> None:
    officer = world.user("officer_a1")
    secret = pyotp.random_base32()
    TotpDevice.objects.create(user=officer, secret=secret, confirmed=True)
    totp = pyotp.TOTP(secret)
    client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    wrong = f"{(int(totp.now()) + 500_000) % 1_000_000:06d}"
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post("/accounts/2fa/", {"code": wrong})
    assert client.post("/accounts/2fa/", {"code": totp.now()})["Location"] == "/"
    client.logout()
    client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD})
    assert "口令不正确" in client.post("/accounts/2fa/", {"code": wrong}).content.decode()

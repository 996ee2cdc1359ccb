"""Security settings a user relies on without seeing them: the deployment check, secure cookies and
session expiry in production, CSRF on the login form, password rules, error pages and logs that leak
no personal data, and a configuration reference that names every environment variable."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import secrets
import string
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from fanzha.core.ids import check_digit
from fanzha.core.logging import RedactPersonalData
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "fanzha"
PHONE = "13812345678"
ID_NUMBER = "53232319800101001" + check_digit("53232319800101001")
# Built here so that the traceback's source line (`raise RuntimeError(BOOM)`) holds no number itself.
BOOM = f"cannot reach resident 张三 at {PHONE}, id {ID_NUMBER}"


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(BOOM)


urlpatterns = [path("boom/", _boom)]


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "DEBUG"))}
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env |= {
        "FANZHA_ENV": "production",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
        "ALLOWED_HOSTS": "fanzha.example",
        "FANZHA_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "fanzha.settings",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env | extra


def run_fanzha(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fanzha", *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


# --- production ------------------------------------------------------------------------------------


def test_the_deployment_check_reports_nothing_in_production(tmp_path):
    result = run_fanzha(production_env(tmp_path), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_check_does_complain_about_a_weak_secret_key(tmp_path):
    result = run_fanzha(production_env(tmp_path, SECRET_KEY="too-short"), "check", "--deploy", "--fail-level", "DEBUG")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_fanzha(production_env(tmp_path, SECRET_KEY=""), "check")
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_turn_on_secure_cookies_https_and_two_factor(tmp_path):
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "TWO_FACTOR_ENFORCED",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE",
        "X_FRAME_OPTIONS",
    ]
    code = f"from django.conf import settings; import json; print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=production_env(tmp_path), capture_output=True, text=True, check=True
    )
    values = json.loads(result.stdout)
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "TWO_FACTOR_ENFORCED": True,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "X_FRAME_OPTIONS": "DENY",
    }


# --- sessions and CSRF ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_session_ends_with_the_browser_and_after_eight_hours(world, client):
    client.post("/accounts/login/", {"username": "t_officer_a1", "password": PASSWORD})
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"]
    session = Session.objects.get()
    assert abs(session.expire_date - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)
    assert client.get("/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_the_login_form_refuses_a_post_without_its_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    refused = client.post("/accounts/login/", {"username": "t_officer_a1", "password": PASSWORD})
    assert refused.status_code == 403
    assert "_auth_user_id" not in client.session

    form = client.get("/accounts/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token is not None
    accepted = client.post(
        "/accounts/login/",
        {"username": "t_officer_a1", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
    )
    assert accepted.status_code == 302
    assert client.session["_auth_user_id"] == str(world.user("officer_a1").pk)


@pytest.mark.django_db
def test_signing_out_needs_a_post_with_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("officer_a1"))
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 403
    assert "_auth_user_id" in client.session


# --- error pages and logs ---------------------------------------------------------------------------


@pytest.fixture
def console_log() -> Iterator[io.StringIO]:
    """What the configured console handler (the one production logs go through) writes."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactPersonalData) for f in h.filters))
    buffer = io.StringIO()
    previous = handler.setStream(buffer)  # type: ignore[attr-defined]
    yield buffer
    handler.setStream(previous)  # type: ignore[attr-defined]


@pytest.mark.django_db
@pytest.mark.urls("tests.core.test_security_settings")
def test_a_server_error_shows_the_generic_page_and_logs_no_personal_data(console_log):
    assert not settings.DEBUG
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "系统出现错误" in page
    for leak in ("Traceback", "RuntimeError", PHONE, "张三", ID_NUMBER, "boom"):
        assert leak not in page
    logged = console_log.getvalue()
    assert "Internal Server Error: /boom/" in logged
    assert "RuntimeError" in logged  # the error itself is still there to be fixed…
    assert PHONE not in logged and ID_NUMBER not in logged  # …without the personal data


@pytest.mark.django_db
def test_a_missing_page_shows_the_plain_not_found_page(world, login):
    response = login(world.user("officer_a1")).get(f"/people/residents/{world.resident_b1.pk}/")
    assert response.status_code == 404
    assert "乙一" not in response.content.decode()


@pytest.mark.django_db
def test_creating_and_viewing_residents_logs_no_personal_data(world, login, api_client, caplog):
    caplog.set_level(logging.DEBUG)
    id_number = ID_NUMBER
    admin_client = login(world.user("admin"))
    created = admin_client.post(
        "/admin/people/resident/add/",
        {
            "name": "王小明",
            "gender": "M",
            "id_number": id_number,
            "phone": "139 0000 0088",
            "village": str(world.village_a1.pk),
            "household": str(world.resident_a1.household_id),
        },
    )
    assert created.status_code == 302
    from fanzha.people.models import Resident

    resident = Resident.objects.get(name="王小明")
    admin_client.get(f"/admin/people/resident/{resident.pk}/change/")
    officer = login(world.user("officer_a1"))
    assert "王小明" in officer.get(f"/people/residents/{resident.pk}/").content.decode()
    officer.get("/people/residents/", {"q": "13900000088"})
    api_client(world.user("officer_a1")).get("/api/v1/residents", village=world.village_a1.pk)

    text = "\n".join(caplog.text.splitlines() + [r.getMessage() for r in caplog.records])
    for personal in ("王小明", "13900000088", id_number, "甲一", "13900000001"):
        assert personal not in text


# --- configuration reference ------------------------------------------------------------------------

ENV_READ = re.compile(
    r"""(?:env(?:str|bool|int|list)\(\s*|os\.environ\.get\(\s*|os\.environ\[\s*|os\.getenv\(\s*|os\.environ\.setdefault\(\s*)["']([A-Z][A-Z0-9_]+)["']"""
)


def environment_variables_read() -> set[str]:
    names: set[str] = set()
    for source in SRC.rglob("*.py"):
        if "migrations" not in source.parts:
            names |= set(ENV_READ.findall(source.read_text(encoding="utf-8")))
    return names


def test_every_environment_variable_the_code_reads_is_in_the_configuration_reference():
    names = environment_variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "FANZHA_ENV", "REDIS_URL"} <= names  # the scan itself works
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]+)`", (ROOT / "docs" / "configuration.md").read_text()))
    missing = sorted(names - documented)
    assert not missing, f"add these to docs/configuration.md: {missing}"

"""Every page carries a strict Content-Security-Policy; in production the API's schema and docs page are
for signed-in users and token holders only."""

from __future__ import annotations

from typing import Any

from fanzha.accounts.services import api_token_create


def test_every_page_says_scripts_and_styles_come_only_from_the_site(client: Any, db: Any) -> None:
    policy = client.get("/accounts/login/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["default-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


def test_in_production_the_api_schema_and_docs_need_a_sign_in(world: Any, client: Any, settings: Any) -> None:
    settings.API_DOCS_PUBLIC = False
    answer = client.get("/api/v1/openapi.json")
    assert answer.status_code == 401 and answer.json()["code"] == "unauthenticated"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 302 and "/accounts/login/" in docs["Location"]
    token = api_token_create(user=world.user("officer_a1"))
    assert client.get("/api/v1/openapi.json", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/api/v1/openapi.json", headers={"Authorization": "Bearer fz_wrong"}).status_code == 401
    client.force_login(world.user("officer_a1"))
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/api/v1/docs").status_code == 200


def test_outside_production_the_schema_is_open_for_developers_and_fuzzing(client: Any, db: Any) -> None:
    assert client.get("/api/v1/openapi.json").status_code == 200

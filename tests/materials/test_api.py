"""GET/POST /api/v1/materials, POST /api/v1/cases/{id}/typical-case, GET/POST /api/v1/techniques."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from fanzha.accounts.services import api_token_create
from tests.materials.conftest import HTML, png_with_metadata
from tests.materials.test_typical_case_leaks_nothing import VICTIM, closed_case  # noqa: F401 (fixture)


def _headers(user: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(user=user)}"}


def test_upload_then_find_by_filter(world: Any, client: Any) -> None:
    headers = _headers(world.user("chief_a"))
    response = client.post(
        "/api/v1/materials",
        {
            "kind": "poster",
            "title": "彝汉双语海报",
            "language": "yi",
            "occasion": "village",
            "external_id": "POSTER-1",
            "file": SimpleUploadedFile("a.png", png_with_metadata(), content_type="image/png"),
        },
        headers=headers,
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["content_type"] == "image/png" and created["file_url"] == f"/materials/library/{created['id']}/file/"
    again = client.post(
        "/api/v1/materials",
        {"kind": "poster", "title": "彝汉双语海报", "external_id": "POSTER-1"},
        headers=headers,
    )
    assert again.status_code == 200 and again.json()["id"] == created["id"]
    found = client.get("/api/v1/materials", {"language": "yi"}, headers=headers).json()
    assert [m["id"] for m in found["items"]] == [created["id"]] and found["count"] == 1
    assert client.get("/api/v1/materials", {"language": "zh"}, headers=headers).json()["count"] == 0


def test_an_upload_that_is_not_its_kind_is_a_400(world: Any, client: Any) -> None:
    response = client.post(
        "/api/v1/materials",
        {"kind": "poster", "title": "假图片", "file": SimpleUploadedFile("a.png", HTML)},
        headers=_headers(world.user("centre")),
    )
    assert response.status_code == 400 and "file" in response.json()["detail"]


def test_a_grid_worker_may_not_upload(world: Any, client: Any) -> None:
    response = client.post(
        "/api/v1/materials",
        {"kind": "slogan", "title": "标语", "text": "不转账"},
        headers=_headers(world.user("grid_a1")),
    )
    assert response.status_code == 403


def test_typical_case_draft_is_anonymised(world: Any, client: Any, closed_case: Any) -> None:  # noqa: F811
    response = client.post(f"/api/v1/cases/{closed_case.pk}/typical-case", headers=_headers(world.user("centre")))
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "title", "text"}
    assert VICTIM not in body["text"] and "龙某" in body["text"]


def test_technique_created_and_published_through_the_api_reaches_classify(world: Any, client: Any) -> None:
    centre = _headers(world.user("centre"))
    response = client.post(
        "/api/v1/techniques",
        {
            "name": "旧手机换鸡蛋",
            "fraud_type": "other_fraud",
            "phrases": ["收旧手机", "旧手机换"],
            "why": "旧手机里的账号会被冒用",
            "publish": True,
        },
        content_type="application/json",
        headers=centre,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "published" and body["normal_total"] > 1000
    grid = _headers(world.user("grid_a1"))
    listed = client.get("/api/v1/techniques", headers=grid).json()
    assert [t["name"] for t in listed["items"]] == ["旧手机换鸡蛋"]
    verdict = client.post(
        "/api/v1/classify", {"texts": ["村口收旧手机，一台换两斤鸡蛋"]}, content_type="application/json", headers=grid
    ).json()[0]
    assert any("旧手机换鸡蛋" in f["why"] for f in verdict["red_flags"])


def test_a_technique_with_only_a_wildcard_is_a_400(world: Any, client: Any) -> None:
    response = client.post(
        "/api/v1/techniques",
        {"name": "空", "fraud_type": "loan", "phrases": ["**"], "why": "无"},
        content_type="application/json",
        headers=_headers(world.user("centre")),
    )
    assert response.status_code == 400

"""The library on a phone: search and filter, preview, play, download — for signed-in staff only — and
the usage counts the field's records make."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.conf import settings

from fanzha.materials import services
from fanzha.materials.models import Material
from fanzha.outreach.models import Activity, Bulletin
from tests.materials.conftest import PDF, png_with_metadata, wav_bytes


def _material(world: Any, kind: str, title: str, data: bytes | None = None, **fields: Any) -> Material:
    upload = services.Upload(io.BytesIO(data), f"x.{kind}") if data is not None else None
    material, _ = services.material_upload(by=world.user("centre"), kind=kind, title=title, upload=upload, **fields)
    return material


@pytest.fixture
def library(world: Any) -> dict[str, Material]:
    return {
        "poster": _material(world, "poster", "刷单返利海报", png_with_metadata(), fraud_type="order_brushing"),
        "song": _material(world, "audio", "彝语反诈歌", wav_bytes(), language="yi", occasion="village"),
        "leaflet": _material(world, "leaflet", "养老诈骗宣传单", PDF, occasion="community"),
        "slogan": _material(world, "slogan", "快递面单标语", text="不转账不汇款，陌生链接不点击", occasion="parcel"),
    }


def test_anonymous_visitors_get_no_file(library: dict[str, Material], client: Any) -> None:
    response = client.get(f"/materials/library/{library['poster'].pk}/file/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_files_are_not_reachable_under_the_media_url(library: dict[str, Material], client: Any) -> None:
    stored = library["poster"].file.name
    assert client.get(f"{settings.MEDIA_URL}{stored}").status_code == 404


def test_a_grid_worker_sees_the_preview_and_gets_the_file(
    library: dict[str, Material], world: Any, client: Any
) -> None:
    client.force_login(world.user("grid_a1"))
    response = client.get(f"/materials/library/{library['poster'].pk}/file/")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    download = client.get(f"/materials/library/{library['leaflet'].pk}/file/?download=1")
    assert download["Content-Type"] == "application/pdf" and "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_the_song_page_plays_it_in_the_page(library: dict[str, Material], world: Any, client: Any) -> None:
    client.force_login(world.user("assistant_a1"))
    page = client.get(f"/materials/library/{library['song'].pk}/").content.decode()
    assert "<audio" in page and f"/materials/library/{library['song'].pk}/file/" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"language": "yi"}, {"彝语反诈歌"}),
        ({"kind": "slogan"}, {"快递面单标语"}),
        ({"q": "养老"}, {"养老诈骗宣传单"}),
        ({"q": "不汇款"}, {"快递面单标语"}),
        ({"fraud_type": "order_brushing"}, {"刷单返利海报"}),
        ({"occasion": "parcel"}, {"快递面单标语", "刷单返利海报"}),  # and the materials for any occasion
    ],
)
def test_search_and_filters(
    library: dict[str, Material], world: Any, client: Any, query: dict[str, str], expected: set[str]
) -> None:
    client.force_login(world.user("grid_a1"))
    page = client.get("/materials/library/", query).content.decode()
    shown = {m.title for m in library.values() if m.title in page}
    assert shown == expected


def test_usage_counts_follow_activities_and_bulletins(library: dict[str, Material], world: Any, client: Any) -> None:
    activity = Activity.objects.create(
        kind="village", date=date(2026, 3, 1), township=world.township_a, village=world.village_a1
    )
    bulletin = Bulletin.objects.create(title="提醒", text="提醒", fraud_type="investment")
    song = library["song"]
    client.force_login(world.user("grid_a1"))
    assert client.post(f"/materials/library/{song.pk}/use/", {"activity": activity.pk}).status_code == 302
    client.post(f"/materials/library/{song.pk}/use/", {"activity": activity.pk})  # twice is once
    client.force_login(world.user("centre"))
    assert client.post(f"/materials/library/{song.pk}/attach/", {"bulletin": bulletin.pk}).status_code == 302
    page = client.get("/materials/library/", {"language": "yi"}).content.decode()
    assert "用于 1 次活动 · 附于 1 份通报" in page


def test_a_worker_cannot_record_use_in_another_villages_activity(
    library: dict[str, Material], world: Any, client: Any
) -> None:
    elsewhere = Activity.objects.create(
        kind="village", date=date(2026, 3, 1), township=world.township_b, village=world.village_b1
    )
    client.force_login(world.user("grid_a1"))
    assert client.post(f"/materials/library/{library['song'].pk}/use/", {"activity": elsewhere.pk}).status_code == 404
    assert not library["song"].uses.exists()


def test_a_material_page_links_only_the_activities_its_reader_may_open(
    library: dict[str, Material], world: Any, client: Any
) -> None:
    """Uses elsewhere are counted, never linked: a link would be a dead end (404) and name a place."""
    mine = Activity.objects.create(
        kind="village", date=date(2026, 3, 1), township=world.township_a, village=world.village_a1
    )
    theirs = Activity.objects.create(
        kind="school", date=date(2026, 3, 2), township=world.township_b, village=world.village_b1
    )
    song = library["song"]
    for activity, who in ((mine, "grid_a1"), (theirs, "centre")):
        client.force_login(world.user(who))
        assert client.post(f"/materials/library/{song.pk}/use/", {"activity": activity.pk}).status_code == 302
    client.force_login(world.user("grid_a1"))
    page = client.get(f"/materials/library/{song.pk}/").content.decode()
    assert "用于 2 次宣防活动" in page
    assert f"/outreach/activities/{mine.pk}/" in page and f"/outreach/activities/{theirs.pk}/" not in page
    assert world.village_b1.name not in page

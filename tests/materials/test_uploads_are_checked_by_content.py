"""A material's file is judged by its content, not its name; images lose their metadata."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fanzha.materials import services
from fanzha.materials.files import MB
from fanzha.materials.models import Material
from tests.materials.conftest import HTML, PDF, jpeg_with_gps, mp4_bytes, png_with_metadata, wav_bytes


def _upload(world: Any, kind: str, name: str, data: bytes) -> Material:
    material, _created = services.material_upload(
        by=world.user("centre"), kind=kind, title="测试素材", upload=services.Upload(io.BytesIO(data), name)
    )
    return material


def test_a_poster_png_is_re_encoded_without_its_text_chunks(world: Any) -> None:
    material = _upload(world, "poster", "poster.png", png_with_metadata())
    assert material.content_type == "image/png" and (material.width, material.height) == (120, 80)
    with material.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "PNG"
        assert "Author" not in image.info and "Comment" not in image.info
    with material.file.open("rb") as stored:
        assert b"13900001111" not in stored.read()


def test_a_jpeg_loses_its_gps_position(world: Any) -> None:
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get(0x8825)
    material = _upload(world, "stamp", "stamp.jpg", original)
    with material.file.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert "exif" not in image.info


@pytest.mark.parametrize(
    ("kind", "name", "data", "content_type"),
    [
        ("leaflet", "leaflet.pdf", PDF, "application/pdf"),
        ("audio", "song.wav", wav_bytes(), "audio/x-wav"),
        ("video", "clip.mp4", mp4_bytes(), "video/mp4"),
    ],
)
def test_files_of_the_right_kind_are_kept_as_they_are(
    world: Any, kind: str, name: str, data: bytes, content_type: str
) -> None:
    material = _upload(world, kind, name, data)
    assert material.content_type == content_type
    with material.file.open("rb") as stored:
        assert stored.read() == data


@pytest.mark.parametrize(
    ("kind", "name", "data"),
    [
        ("poster", "poster.png", PDF),  # a PDF named as an image
        ("leaflet", "leaflet.pdf", png_with_metadata()),  # an image named as a PDF
        ("audio", "song.mp3", HTML),  # a web page named as a song
        ("video", "clip.mp4", wav_bytes()),  # audio is not a video
    ],
)
def test_a_file_whose_content_is_not_the_kinds_format_is_refused(world: Any, kind: str, name: str, data: bytes) -> None:
    with pytest.raises(services.MaterialsError) as refused:
        _upload(world, kind, name, data)
    assert refused.value.field == "file" and "格式" in refused.value.message
    assert not Material.objects.exists()


def test_a_file_over_the_kinds_limit_is_refused_naming_the_limit(world: Any) -> None:
    too_big = png_with_metadata() + b"\x00" * (5 * MB)
    with pytest.raises(services.MaterialsError) as refused:
        _upload(world, "stamp", "stamp.png", too_big)
    assert "5 MB" in refused.value.message


def test_a_slogan_is_its_text(world: Any) -> None:
    material, _ = services.material_upload(
        by=world.user("centre"), kind="slogan", title="快递标语", text="陌生来电要警惕，转账汇款先核实"
    )
    assert material.text == "陌生来电要警惕，转账汇款先核实" and not material.file


def test_the_upload_form_states_each_kinds_limit(world: Any, client: Any) -> None:
    client.force_login(world.user("centre"))
    page = client.get("/materials/library/new/").content.decode()
    for limit in ("20 MB", "5 MB", "30 MB", "100 MB"):
        assert limit in page


def test_the_upload_form_shows_why_a_file_was_refused(world: Any, client: Any) -> None:
    client.force_login(world.user("chief_a"))
    response = client.post(
        "/materials/library/new/",
        {
            "kind": "poster",
            "title": "假海报",
            "file": SimpleUploadedFile("poster.jpg", HTML, content_type="image/jpeg"),
            "language": "zh",
            "occasion": "any",
        },
    )
    assert response.status_code == 400
    assert "文件内容不是海报要求的格式" in response.content.decode()

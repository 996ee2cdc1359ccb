from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from fanzha.outreach.images import MAX_UPLOAD_BYTES, PhotoError, reencode_photo
from fanzha.outreach.models import Activity, ActivityPhoto


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (25.0, 2.0, 0.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _post(client, world, hood, *files):
    return client.post(
        "/outreach/activities/new/",
        {
            "kind": "school",
            "date": timezone.localdate().isoformat(),
            "village": world.village_a1.pk,
            "households": [hood.group_1_households[0].pk],
            "photos": list(files),
        },
    )


def test_photo_is_reencoded_without_location(world, hood, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    response = _post(
        login(world.user("assistant_a1")), world, hood, SimpleUploadedFile("a.jpg", original, "image/jpeg")
    )
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    with photo.image.open("rb") as f:
        stored = Image.open(io.BytesIO(f.read()))
        assert stored.format == "JPEG"
        assert not stored.getexif()
    client = login(world.user("assistant_a1"))
    assert client.get(f"/outreach/photos/{photo.pk}/").status_code == 200
    assert login(world.user("officer_b1")).get(f"/outreach/photos/{photo.pk}/").status_code == 404


def test_file_that_is_not_an_image_is_refused(world, hood, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00 this is not a picture", "image/jpeg")
    response = _post(login(world.user("assistant_a1")), world, hood, fake)
    assert response.status_code == 400
    assert "不是图片文件" in response.content.decode()
    assert not Activity.objects.exists()


def test_too_large_photo_is_refused(world, hood, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.jpg", _jpeg_with_gps() + b"\0" * MAX_UPLOAD_BYTES, "image/jpeg")
    response = _post(login(world.user("assistant_a1")), world, hood, big)
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not Activity.objects.exists()


def test_decompression_bomb_is_refused():
    # A 20,000 × 20,000 PNG of one colour: a few hundred kilobytes that would decode to 1.2 GB.
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(out, format="PNG")
    assert len(out.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(PhotoError, match="像素过多"):
        reencode_photo(io.BytesIO(out.getvalue()), name="bomb.png")


def test_more_than_nine_photos_are_refused(world, hood, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = [SimpleUploadedFile(f"{n}.jpg", _jpeg_with_gps(), "image/jpeg") for n in range(10)]
    response = _post(login(world.user("assistant_a1")), world, hood, *files)
    assert response.status_code == 400
    assert "最多 9 张" in response.content.decode()

"""Uploaded photos: checked to be images, size-limited, and re-encoded to JPEG.

Re-encoding copies only the pixels, so EXIF (GPS position, camera serial, time) is gone. A
decompression bomb (a small file that expands to billions of pixels) is refused before it is decoded.
"""

from __future__ import annotations

import io
import warnings
from typing import IO

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel phone photo; more is not a photo of an outreach activity
MAX_SIDE = 2560  # stored photos are scaled down to this: enough to read a banner
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF", "BMP", "MPO"})

Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class PhotoError(ValueError):
    """An upload that is not an acceptable photo; the message names the file and the problem."""


def reencode_photo(upload: IO[bytes], *, name: str = "", size: int | None = None) -> ContentFile[bytes]:
    """The photo as a fresh JPEG without metadata, or PhotoError."""
    label = name or _("照片")
    if size is None:
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
    upload.seek(0)
    if size > MAX_UPLOAD_BYTES:
        raise PhotoError(_("%(name)s：文件过大（上限 8 MB）") % {"name": label})
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError(_("%(name)s：文件过大（上限 8 MB）") % {"name": label})
    bomb = PhotoError(_("%(name)s：图片像素过多，疑似恶意文件") % {"name": label})
    not_image = PhotoError(_("%(name)s：不是图片文件") % {"name": label})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise not_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise bomb
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                image: Image.Image = ImageOps.exif_transpose(opened)  # keep the picture upright once EXIF is gone
                if image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                image.save(out, format="JPEG", quality=85, optimize=True)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_image from None
    return ContentFile(out.getvalue(), name="photo.jpg")

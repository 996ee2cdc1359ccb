"""Uploaded material files: the kind is read from the content (the first bytes), never from the name.

`filetype` (pure Python) reads the signature; a file whose content is not one of the kind's formats is
refused whatever its name says. Images (posters, stamp designs) are then re-encoded with Pillow from
their pixels, so EXIF, XMP, text chunks and anything appended after the image are gone; a PNG stays a
PNG (posters and stamps are drawn, not photographed), everything else becomes a JPEG.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

import filetype
from django.core.files.base import ContentFile
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

from fanzha.materials.models import MaterialKind

MB = 1024 * 1024
MAX_PIXELS = 60_000_000  # an A1 poster at 150 dpi is ~20 megapixels
MAX_SIDE = 8000
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp")


@dataclass(frozen=True)
class KindRule:
    max_bytes: int
    content_types: tuple[str, ...]
    label: str | Promise  # what the form tells the user


RULES: dict[str, KindRule] = {
    MaterialKind.POSTER: KindRule(20 * MB, IMAGE_TYPES, gettext_lazy("图片 JPG/PNG/WebP，不超过 20 MB")),
    MaterialKind.STAMP: KindRule(5 * MB, IMAGE_TYPES, gettext_lazy("图片 PNG/JPG，不超过 5 MB")),
    MaterialKind.LEAFLET: KindRule(20 * MB, ("application/pdf",), gettext_lazy("PDF，不超过 20 MB")),
    MaterialKind.AUDIO: KindRule(
        30 * MB,
        ("audio/mpeg", "audio/mp4", "audio/x-m4a", "audio/ogg", "audio/x-wav", "audio/aac", "audio/x-flac"),
        gettext_lazy("MP3/M4A/OGG/WAV，不超过 30 MB"),
    ),
    MaterialKind.VIDEO: KindRule(
        100 * MB, ("video/mp4", "video/webm", "video/quicktime"), gettext_lazy("MP4/WebM/MOV，不超过 100 MB")
    ),
}
SLOGAN_MAX_CHARS = 200
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/x-m4a": "m4a",
    "audio/ogg": "ogg",
    "audio/x-wav": "wav",
    "audio/aac": "aac",
    "audio/x-flac": "flac",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "video/quicktime": "mov",
}


class MaterialFileError(ValueError):
    """A file that is not acceptable for its kind; the message says why in the officer's words."""


@dataclass(frozen=True)
class Checked:
    content: ContentFile[bytes]
    content_type: str
    width: int | None = None
    height: int | None = None


def limits_text() -> str:
    return "；".join(f"{MaterialKind(kind).label}：{rule.label}" for kind, rule in RULES.items())


def _read_limited(upload: IO[bytes], limit: int, name: str) -> bytes:
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise MaterialFileError(_("%(name)s：文件过大（上限 %(mb)d MB）") % {"name": name, "mb": limit // MB})
    if not data:
        raise MaterialFileError(_("%(name)s：文件是空的") % {"name": name})
    return data


def check_file(kind: str, upload: IO[bytes], *, name: str = "") -> Checked:
    """The file as it will be stored, or MaterialFileError."""
    rule = RULES.get(kind)
    label = name or _("文件")
    if rule is None:
        raise MaterialFileError(_("标语不需要上传文件"))
    data = _read_limited(upload, rule.max_bytes, label)
    guessed = filetype.guess(data[:8192])
    mime = guessed.mime if guessed is not None else ""
    if mime not in rule.content_types:
        raise MaterialFileError(
            _("%(name)s：文件内容不是%(kind)s要求的格式（%(allowed)s）")
            % {"name": label, "kind": MaterialKind(kind).label, "allowed": rule.label}
        )
    if mime.startswith("image/"):
        return _reencode(data, label)
    return Checked(ContentFile(data, name=f"material.{EXTENSIONS[mime]}"), mime)


def _reencode(data: bytes, label: str) -> Checked:
    not_image = MaterialFileError(_("%(name)s：图片无法读取") % {"name": label})
    bomb = MaterialFileError(_("%(name)s：图片像素过多，疑似恶意文件") % {"name": label})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise bomb
                probe.verify()
            with Image.open(io.BytesIO(data)) as opened:
                opened.load()
                keep_png = opened.format == "PNG"
                image: Image.Image = ImageOps.exif_transpose(opened)
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                # Only the pixels are copied: no info dictionary, no EXIF, no ICC or text chunks.
                if keep_png:
                    mode = "RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB"
                    clean = Image.new(mode, image.size)
                    clean.paste(image.convert(mode))
                    out = io.BytesIO()
                    clean.save(out, format="PNG", optimize=True)
                    mime, ext = "image/png", "png"
                else:
                    clean = Image.new("RGB", image.size)
                    clean.paste(image.convert("RGB"))
                    out = io.BytesIO()
                    clean.save(out, format="JPEG", quality=88, optimize=True)
                    mime, ext = "image/jpeg", "jpg"
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except MaterialFileError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise not_image from None
    return Checked(ContentFile(out.getvalue(), name=f"material.{ext}"), mime, clean.width, clean.height)

"""Files made here, byte by byte: images with metadata, a WAV, an MP4 header, a PDF."""

from __future__ import annotations

import io
import struct
import wave

from PIL import Image, PngImagePlugin


def png_with_metadata() -> bytes:
    image = Image.new("RGB", (120, 80), (200, 30, 30))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "某某摄影师 13900001111")
    info.add_text("Comment", "拍摄于东山村")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (100, 60), (20, 90, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (25.0, 1.0, 2.0), 3: "E", 4: (101.0, 32.0, 5.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def wav_bytes() -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(struct.pack("<800h", *([0, 1000] * 400)))
    return out.getvalue()


def mp4_bytes() -> bytes:
    ftyp = b"ftypisom" + b"\x00\x00\x02\x00" + b"isomiso2avc1mp41"
    box = struct.pack(">I", len(ftyp) + 4) + ftyp
    return box + struct.pack(">I", 8) + b"free" + b"\x00" * 64


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HTML = b"<!doctype html><script>alert(1)</script>"

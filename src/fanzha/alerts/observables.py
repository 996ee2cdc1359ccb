"""Suspect traces normalised so that the same number, account, site or app matches across alerts."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from fanzha.core.phones import normalize_phone_or_none

_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_SPACES = re.compile(r"\s+")


def normalize_suspect_phone(raw: str) -> str:
    """E.164 when it is a valid number; otherwise the digits (95xxx service lines, spoofed numbers)."""
    text = unicodedata.normalize("NFKC", raw).strip()
    e164 = normalize_phone_or_none(text)
    if e164:
        return e164
    digits = _NOT_DIGIT.sub("", text)
    return ("+" + digits) if text.startswith("+") and digits else digits


def normalize_account(raw: str) -> str:
    """6222 0212 3456 7890 / 6222-0212-3456-7890 → 6222021234567890 (letters kept for payment ids)."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", raw).upper())


def normalize_url(raw: str) -> str:
    """Host and path, lower-case host, no scheme, no www., no trailing slash or fragment."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if "://" not in text:
        text = "http://" + text
    parts = urlsplit(text)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def normalize_app(raw: str) -> str:
    """ "Zoom App" / "ＺＯＯＭ" / "zoom软件" → "zoom": the name people say, not how it was typed."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", raw)).lower()
    for suffix in ("app", "软件", "应用"):
        if text.endswith(suffix) and len(text) > len(suffix):
            text = text[: -len(suffix)]
    return text


NORMALIZERS = {
    "phone": normalize_suspect_phone,
    "account": normalize_account,
    "url": normalize_url,
    "app": normalize_app,
}

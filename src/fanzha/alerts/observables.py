"""Suspect traces normalised so that the same number, account, site or app matches across alerts."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from fanzha.core.phones import normalize_phone_or_none

_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_SPACES = re.compile(r"\s+")

# A web address as upper-level platforms send it: an optional scheme, a host, an optional numeric port
# (0–65535), then a path, query or fragment. "javascript:alert(1)" or "host:abc" is not one.
URL_PATTERN = (  # spaces and controls spelled out: \s means different things to Python, Rust and browsers
    r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://)?(?:[^\x00-\x20/?#@\[\]]*@)?[^\x00-\x20/?#:@\[\]]+"
    r"(?::(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?"
    r"(?:[/?#][^\x00-\x20]*)?$"
)
_URL = re.compile(URL_PATTERN)


def is_web_address(raw: str) -> bool:
    return bool(_URL.fullmatch(raw.strip()))


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
    try:
        port = parts.port
    except ValueError:  # a full-width colon that NFKC made a colon: keep what follows as written
        port = None
        host = parts.netloc.lower().removeprefix("www.")
    if port:
        host = f"{host}:{port}"
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

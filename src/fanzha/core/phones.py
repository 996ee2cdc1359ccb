"""Phone numbers: +86 / spaces / dashes / full-width digits normalised with `phonenumbers`."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalize_phone(raw: str | None) -> str | None:
    """E.164 (+8613812341234) for a valid number, None for an empty one; ValidationError otherwise."""
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    e164, problem = _e164(text)
    if problem == "phone_parse":
        raise ValidationError(_("无法识别的电话号码"), code="phone_parse")
    if problem == "phone_invalid":
        raise ValidationError(_("无效的电话号码"), code="phone_invalid")
    return e164


# phonenumbers takes tens of microseconds a number; an Excel batch repeats the same residents' numbers.
@lru_cache(maxsize=65536)
def _e164(text: str) -> tuple[str, str]:
    """(E.164, "") or ("", the ValidationError code)."""
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return "", "phone_parse"
    if not phonenumbers.is_valid_number(parsed):
        return "", "phone_invalid"
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), ""


def normalize_phone_or_none(raw: str | None) -> str | None:
    try:
        return normalize_phone(raw)
    except ValidationError:
        return None


def display_phone(e164: str | None) -> str:
    """How an officer writes a number: 138 1234 1234 for a mobile, 0878-1234567 for a landline, the
    international form for a foreign number; text that is no number (kept as sent) comes back as is."""
    if not e164:
        return ""
    return _display(e164)


@lru_cache(maxsize=65536)
def _display(e164: str) -> str:
    try:
        parsed = phonenumbers.parse(e164, "CN")
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(parsed):
        return e164
    if parsed.country_code != 86:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    if phonenumbers.number_type(parsed) == phonenumbers.PhoneNumberType.MOBILE:
        return national  # 138 1234 1234: three groups, read out digit by digit
    area, _sep, rest = national.partition(" ")
    return f"{area}-{rest.replace(' ', '')}" if rest else national


def tel_uri(number: str | None) -> str:
    """tel:13812341234 (tel:+44… abroad) for a link a phone can dial; empty when there is no valid number."""
    e164 = normalize_phone_or_none(number)
    if not e164:
        return ""
    return "tel:" + (_display(e164).replace(" ", "").replace("-", "") if e164.startswith("+86") else e164)


def mask_phone(e164: str | None) -> str:
    """138****1234: the first three and the last four digits stay, so a colleague can tell two apart."""
    if not e164:
        return ""  # no number is not a hidden number: templates show their own "—"
    shown = display_phone(e164)
    digits = shown.replace("-", "").replace(" ", "")
    if len(digits) < 8:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"

"""Phone numbers: +86 / spaces / dashes / full-width digits normalised with `phonenumbers`."""

from __future__ import annotations

import unicodedata

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
    try:
        parsed = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("无法识别的电话号码"), code="phone_parse") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("无效的电话号码"), code="phone_invalid")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalize_phone_or_none(raw: str | None) -> str | None:
    try:
        return normalize_phone(raw)
    except ValidationError:
        return None


def display_phone(e164: str | None) -> str:
    """National form for China (13812341234, 0878-1234567), international otherwise."""
    if not e164:
        return ""
    parsed = phonenumbers.parse(e164, "CN")
    if parsed.country_code == 86:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def mask_phone(e164: str | None) -> str:
    """138****1234: the first three and the last four digits stay, so a colleague can tell two apart."""
    if not e164:
        return ""  # no number is not a hidden number: templates show their own "—"
    shown = display_phone(e164)
    digits = shown.replace("-", "")
    if len(digits) < 8:
        return "****"
    return f"{digits[:3]}****{digits[-4:]}"

"""Resident identity numbers (居民身份证号码, GB 11643-1999): validation and masking."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def normalize_id_number(raw: str) -> str:
    return raw.strip().replace(" ", "").upper().replace("Ｘ", "X")


def validate_id_number(raw: str) -> str:
    """Return the normalised number, or raise ValidationError saying what is wrong."""
    number = normalize_id_number(raw)
    if not _SHAPE.match(number):
        raise ValidationError(_("身份证号应为18位（最后一位可为X）"), code="id_shape")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号中的出生日期无效"), code="id_birth") from None
    if check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号校验位不正确"), code="id_check")
    return number


def birth_date_from_id(number: str) -> date:
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_from_id(number: str) -> str:
    return "M" if int(number[16]) % 2 else "F"


def mask_id_number(number: str | None) -> str:
    if not number:
        return ""
    return f"{number[:3]}***********{number[-4:]}" if len(number) > 7 else "****"

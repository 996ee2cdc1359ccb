"""What every app's API shares: ids, texts, money, days, paging, and the documented error answers.

The schema says what the server enforces, so that a client generated from it sends nothing the server
refuses as malformed and the server accepts nothing the schema forbids: each type below is validated by
exactly the rule its JSON Schema states. What a schema cannot state (a time after now, a return larger
than what was stopped, a place outside the caller's jurisdiction) is a rule of the domain, answered 400
(or 404 for an object that is not there for the caller, 409 for a record whose state forbids it).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import BaseModel, BeforeValidator, Field, StrictBool, WithJsonSchema
from pydantic_core import PydanticUndefined

from fanzha.core.api.pagination import MAX_LIMIT, MAX_OFFSET
from fanzha.core.params import MAX_ID
from fanzha.detection.taxonomy import CODES, FRAUD_CODES


def _json_integer(value: Any) -> Any:
    """What JSON Schema calls an integer: 12 or 12.0, not 12.5, "12" or true."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("an integer is written as a JSON number")
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError("not a whole number")
        return int(value)
    return value


JsonInteger = BeforeValidator(_json_integer)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An object's id in a query filter (query values are text: "12" is read as 12)."""

BodyId = Annotated[int, Field(ge=1, le=MAX_ID), JsonInteger]
"""An object's id in a JSON body: a JSON integer (12 or 12.0), not "12" nor true."""


def integer(*, ge: int, le: int) -> Any:
    """A whole number from `ge` to `le` in a JSON body (bounds given here: pydantic drops bounds given
    beside a validator in an outer Field)."""
    return Annotated[int, Field(ge=ge, le=le), JsonInteger]


Flag = StrictBool
"""true or false in a JSON body, not "yes" nor 1."""

FraudType = Literal[FRAUD_CODES]  # type: ignore[valid-type]
"""A fraud type's code (docs/design.md): order_brushing, investment, …, other_fraud."""
Verdict = Literal[CODES]  # type: ignore[valid-type]
"""A fraud type's code or `normal`, as verdicts and consultations are labelled."""

NO_NUL = r"^[^\x00]*$"
"""Any text but NUL, which PostgreSQL cannot store."""
_BLANK = r"\x00-\x20\x7f-\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
NOT_BLANK = rf"^[^\x00]*[^{_BLANK}][^\x00]*$"
"""Text with at least one character that is not a space of any kind (what str.strip() removes)."""


def text_field(default: Any = PydanticUndefined, *, max_length: int, required: bool = False, **kwargs: Any) -> Any:
    """A text field of a request body: at most `max_length` characters and no NUL; a `required` one
    must hold more than spaces. (Give `default` "" for an optional one.)"""
    return Field(
        default,
        max_length=max_length,
        min_length=1 if required else None,
        pattern=kwargs.pop("pattern", NOT_BLANK if required else NO_NUL),
        **kwargs,
    )


def _written_as(kind: str, pattern: str) -> Any:
    form = re.compile(pattern)

    def check(value: Any) -> Any:
        if not (isinstance(value, str) and form.fullmatch(value)):
            raise ValueError(f"a {kind} as RFC 3339 writes it")
        return value

    return BeforeValidator(check)


Moment = Annotated[
    datetime,
    _written_as(
        "date-time", r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
    ),
]
"""A time in a JSON body, as JSON Schema's date-time: "2025-05-01T10:03:00+08:00" (with its offset),
not a number of seconds nor a time without a zone."""
Day = Annotated[date, _written_as("date", r"[0-9]{4}-[0-9]{2}-[0-9]{2}")]
"""A day in a JSON body or a query: "2025-05-01"."""


def _upto(number: int, *, least: int = 0) -> str:
    """A regular expression for the whole numbers `least` (0 or 1) … `number`, without leading zeros."""
    digits = str(number)
    options = []
    if len(digits) > 1:
        options.append("[1-9]" if least else "[0-9]")
        if len(digits) > 2:
            options.append(f"[1-9][0-9]{{1,{len(digits) - 2}}}")
    for i, ch in enumerate(digits):
        low = 1 if i == 0 and (len(digits) > 1 or least) else 0
        if int(ch) > low:
            rest = len(digits) - i - 1
            options.append(digits[:i] + f"[{low}-{int(ch) - 1}]" + (f"[0-9]{{{rest}}}" if rest else ""))
    if number >= least:
        options.append(digits)
    return "|".join(options)


def money(*, positive: bool, maximum: Decimal, description: str = "") -> Any:
    """An amount in yuan, exact to the fen: a string such as "1234.50" (at most two decimals) or a JSON
    integer. A float is refused: 0.1 cannot be held exactly in one. (`maximum` ends in .00 or .99.)"""
    whole, cents = int(maximum), int((maximum - int(maximum)) * 100)
    if cents not in (0, 99):
        raise ValueError("a maximum ending in .00 or .99")
    alternatives = ["0\\.(?:0[1-9]|[1-9][0-9]?)"] if positive else []
    below = _upto(whole - 1, least=1 if positive else 0) if whole >= 1 else ""
    if below:
        alternatives.append(f"(?:{below})(?:\\.[0-9]{{1,2}})?")
    alternatives.append(f"{whole}(?:\\.[0-9]{{1,2}})?" if cents == 99 else f"{whole}(?:\\.0{{1,2}})?")
    pattern = "^(?:" + "|".join(alternatives) + ")$"
    compiled = re.compile(pattern)
    minimum = 1 if positive else 0

    def check(value: Any) -> Any:
        if isinstance(value, str):
            if not compiled.fullmatch(value):
                raise ValueError(f"an amount in yuan with at most two decimals, at most {maximum}")
            return value
        try:
            number = _json_integer(value)
        except ValueError:
            raise ValueError('an amount is a string such as "1234.50" or a whole number') from None
        if not minimum <= number <= whole:
            raise ValueError(f"an amount from {minimum} to {whole}")
        return number

    schema = {
        "anyOf": [
            {"type": "string", "pattern": pattern},
            {"type": "integer", "minimum": minimum, "maximum": whole},
        ],
        "description": description,
    }
    return Annotated[Decimal, BeforeValidator(check), WithJsonSchema(schema)]


class Plain(BaseModel):
    """A schema only ever filled from JSON or dicts, never from model instances: plain pydantic.
    ninja's `Schema` wraps every object it validates for attribute access (its DjangoGetter), which
    cost a tenth of an intake request's CPU for the alert in and the alert out."""


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class FieldErrorOut(Schema):
    field: str
    message: str
    type: str


class ErrorOut(Schema):
    """Every 4xx body (see fanzha.core.api.errors): `detail` is a sentence or, for some 422s, a field → message map."""

    detail: str | list[str] | dict[str, Any]
    code: str
    errors: list[FieldErrorOut] | None = None


def errors(*statuses: int) -> dict[int, Any]:
    """The error answers an operation documents: always 401 (no or bad token) and 422 (not the schema),
    plus `statuses`."""
    return dict.fromkeys(sorted({401, 422, *statuses}), ErrorOut)

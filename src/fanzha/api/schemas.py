"""What every app's API shares: ids, paging, and the documented error answers."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, Field

from fanzha.api.pagination import MAX_LIMIT, MAX_OFFSET
from fanzha.core.params import MAX_ID

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
"""An object's id as the API accepts it (in a body, a list or a query filter)."""


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
    """Every 4xx body (see fanzha.api.errors): `detail` is a sentence or, for some 422s, a field → message map."""

    detail: str | list[str] | dict[str, Any]
    code: str
    errors: list[FieldErrorOut] | None = None


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error answers an operation documents: always 401 (no or bad token), plus `statuses`."""
    return dict.fromkeys(sorted({401, *statuses}), ErrorOut)

"""What a model says about its fields, for the forms, API schemas and services that check input first."""

from __future__ import annotations

from django.db import models


def verbose_name(model: type[models.Model], name: str) -> str:
    """The field's name as the model shows it to people (for messages naming the field)."""
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name))


def max_length(model: type[models.Model], name: str) -> int:
    """The longest text `model.name` takes, as the model declares it: forms, API schemas and services
    derive their limits from here, so a limit is written once."""
    field = model._meta.get_field(name)
    limit = getattr(field, "max_length", None)
    if not isinstance(limit, int):
        raise ValueError(f"{model._meta.label}.{name} declares no max_length")
    return limit

"""The places and groups a channel can belong to, by name: notify names no place (it sits beside
`places`), so the app that knows them registers a provider in its AppConfig.ready().

A provider returns [(level name, [(owner_key, label), …]), …], e.g.
[("乡镇（街道）", [("township:3", "共和镇"), …]), …]; the channel form offers them as a select grouped by
level, and the channel list shows the label instead of the key.
"""

from __future__ import annotations

from collections.abc import Callable

OwnerChoices = list[tuple[str, list[tuple[str, str]]]]

_PROVIDERS: list[Callable[[], OwnerChoices]] = []


def register_owner_choices(provider: Callable[[], OwnerChoices]) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def owner_choices() -> OwnerChoices:
    return [group for provider in _PROVIDERS for group in provider()]


def owner_labels(keys: set[str]) -> dict[str, str]:
    """{owner_key: label} for the keys given (a key nobody names keeps no label)."""
    if not keys:
        return {}
    return {key: label for _level, options in owner_choices() for key, label in options if key in keys}

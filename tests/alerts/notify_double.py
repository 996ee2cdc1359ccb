"""Until the notify app lands (src/fanzha/notify/services.py, being written by its engineer), a stand-in
with the agreed signature that records what alerts asked to send. Installed only while the real module
is missing; delete this file and its two uses once it exists."""

from __future__ import annotations

import importlib.util
import sys
import types
from dataclasses import dataclass
from typing import Any

SENT: list[dict[str, Any]] = []


@dataclass
class Message:
    subject: str
    body: str
    link: str = ""


def notify(*, event_key: str, message: Message, users: list[Any], owner_keys: list[str] | None = None) -> None:
    SENT.append({"event_key": event_key, "message": message, "users": list(users), "owner_keys": owner_keys or []})


def install() -> bool:
    """True when the stand-in is in use (the real notify app is not there yet)."""
    installed = sys.modules.get("fanzha.notify.services")
    if installed is not None:
        return getattr(installed, "SENT", None) is SENT
    if importlib.util.find_spec("fanzha.notify.services") is not None:
        return False
    module = types.ModuleType("fanzha.notify.services")
    module.Message = Message  # type: ignore[attr-defined]
    module.notify = notify  # type: ignore[attr-defined]
    module.SENT = SENT  # type: ignore[attr-defined]
    sys.modules["fanzha.notify.services"] = module
    return True

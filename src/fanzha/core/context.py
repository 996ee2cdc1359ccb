"""Where the current request comes from, for audit entries written deep inside services."""

from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)

"""Edits carry the version of the record they were made on, and a save made on an older version is
refused: two people editing one case no longer silently undo each other's change.

The version is the record's `updated_at` (Django sets it on every save), to the microsecond. An edit
page renders `{% version_field obj %}` (core_tags); the service that saves locks the row
(select_for_update), calls `check_version(locked, submitted)` and raises `StaleEdit` when the row has
changed since the page was opened. Its message says who changed it and when (from the audit trail), so
the officer knows whom to ask. The page shows the form again with what they typed and the record's new
version: saving once more, after a look at the record, is a deliberate choice. A request without a
version (the API, a script) saves as before.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.core.audit import history
from fanzha.core.models import AuditEntry

FIELD = "version"


class StaleEdit(Exception):
    """The record changed after the page was opened; the message names who changed it and when."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def version_of(obj: Any) -> str:
    return str(int(obj.updated_at.timestamp() * 1_000_000))


def last_change(obj: models.Model) -> AuditEntry | None:
    """The latest audit entry that changed `obj` (reads do not count)."""
    return history(obj).exclude(action__endswith="viewed").first()


def changed_by_whom(obj: models.Model) -> str:
    """ "民警甲 于 12-08 10:03" — or "他人" when the trail does not say."""
    entry = last_change(obj)
    if entry is None:
        return _("他人")
    who = getattr(entry.actor, "display_name", None) or str(entry.actor or _("系统"))
    return _("%(who)s 于 %(when)s") % {"who": who, "when": timezone.localtime(entry.at).strftime("%m-%d %H:%M")}


def stale_message(obj: models.Model) -> str:
    return _(
        "保存未生效：您打开此页后，这条记录已被 %(whom)s 修改。请先查看最新内容；如仍以您填写的为准，请再次保存。"
    ) % {"whom": changed_by_whom(obj)}


def check_version(locked: Any, submitted: str | None) -> None:
    """Refuse a save made on an older version; `locked` is the row as locked in the saving transaction."""
    if submitted is not None and submitted != version_of(locked):
        raise StaleEdit(stale_message(locked))

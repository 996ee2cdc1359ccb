from __future__ import annotations

from typing import Any

from fanzha.core.audit import log_action
from fanzha.people.models import Resident


def resident_record_viewed(*, resident: Resident, by: Any) -> None:
    """Opening the full record (unmasked phone and ID number) is always audited."""
    log_action(resident, "resident.viewed", by=by)

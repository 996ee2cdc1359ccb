"""Every write to alerts. Intake (intake.py), work on an alert (work.py), escalation (escalation.py),
and what they share (common.py); other apps import from here: `from fanzha.alerts.services import …`."""

from fanzha.alerts.services.common import (
    AlertInputError,
    AlertStateError,
    deadlines_for,
    policy_for,
    timeline_add,
)
from fanzha.alerts.services.escalation import alerts_escalate_overdue
from fanzha.alerts.services.grouped import alert_intake_grouped
from fanzha.alerts.services.intake import (
    AlertIntake,
    BatchResult,
    alert_intake,
    alerts_intake_batch,
    intake_errors,
    validate_intake,
)
from fanzha.alerts.services.work import (
    CLOSING_OUTCOMES,
    alert_close,
    alert_dispatch,
    alert_person_opened,
    alert_seen,
    attempt_record,
)

__all__ = [
    "CLOSING_OUTCOMES",
    "AlertInputError",
    "AlertIntake",
    "AlertStateError",
    "BatchResult",
    "alert_close",
    "alert_dispatch",
    "alert_intake",
    "alert_intake_grouped",
    "alert_person_opened",
    "alert_seen",
    "alerts_escalate_overdue",
    "alerts_intake_batch",
    "attempt_record",
    "deadlines_for",
    "intake_errors",
    "policy_for",
    "timeline_add",
    "validate_intake",
]

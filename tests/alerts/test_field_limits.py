"""An alert's text limits are the model's: the entry form, the API and intake (Excel rows too) take
the same lengths and refuse one character more, naming the field."""

from __future__ import annotations

from typing import Any

import pytest
from annotated_types import MaxLen

from fanzha.alerts.api import AlertIn
from fanzha.alerts.forms import AlertEntryForm
from fanzha.alerts.models import DESCRIPTION_MAX_LENGTH, Alert
from fanzha.alerts.services.intake import AlertIntake, intake_errors

TEXT = ("external_id", "source", "victim_name", "victim_phone", "id_number", "address")


def _api_limit(name: str) -> int:
    (found,) = [m.max_length for m in AlertIn.model_fields[name].metadata if isinstance(m, MaxLen)]
    return found


@pytest.mark.parametrize("name", TEXT)
def test_form_and_api_take_the_model_limit(name: str) -> None:
    limit = Alert._meta.get_field(name).max_length
    assert AlertEntryForm().fields[name].max_length == limit  # type: ignore[attr-defined]
    assert _api_limit(name) == limit


def test_the_description_has_one_limit_on_the_form_the_api_and_intake() -> None:
    assert AlertEntryForm().fields["description"].max_length == DESCRIPTION_MAX_LENGTH  # type: ignore[attr-defined]
    assert _api_limit("description") == DESCRIPTION_MAX_LENGTH
    fields: dict[str, Any] = {"external_id": "E-1", "source": "省厅", "level": "high", "fraud_type": "investment"}
    assert intake_errors(AlertIntake(**fields, description="骗" * DESCRIPTION_MAX_LENGTH)) == []
    (error,) = intake_errors(AlertIntake(**fields, description="骗" * (DESCRIPTION_MAX_LENGTH + 1)))
    assert (error.field, error.message) == ("description", f"预警内容不能超过{DESCRIPTION_MAX_LENGTH}个字符")


@pytest.mark.parametrize("name", ["external_id", "source", "victim_name", "victim_phone", "address"])
def test_intake_refuses_one_character_past_the_model_limit(name: str) -> None:
    limit = Alert._meta.get_field(name).max_length
    assert limit is not None
    fields: dict[str, Any] = {"external_id": "E-1", "source": "省厅", "level": "high", "fraud_type": "investment"}
    assert intake_errors(AlertIntake(**{**fields, name: "7" * limit})) == []
    (error,) = intake_errors(AlertIntake(**{**fields, name: "7" * (limit + 1)}))
    assert error.field == name
    assert error.message == f"{Alert._meta.get_field(name).verbose_name}不能超过{limit}个字符"

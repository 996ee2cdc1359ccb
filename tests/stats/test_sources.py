"""Every statistics source names the model and the fields it reads; a renamed field fails here."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldDoesNotExist

from fanzha.alerts.models import Alert
from fanzha.cases.models import Case
from fanzha.stats.indicators import INDICATORS, SOURCES
from fanzha.stats.sources import resolve_source


def test_every_source_resolves_against_the_models() -> None:
    for key, source in SOURCES.items():
        resolved = source.resolve()
        assert resolved.measures["count"].kind == "count", key
        if resolved.date_field:
            assert resolved.model._meta.get_field(resolved.date_field.split("__")[0]), key
    assert {i.source for i in INDICATORS} <= set(SOURCES)


def test_a_lookup_that_names_no_field_fails_loudly() -> None:
    with pytest.raises(FieldDoesNotExist, match="victim_unit_id"):
        resolve_source(Case, "occurred_at", {"organisation": "victim_unit_id"})
    with pytest.raises(FieldDoesNotExist, match="reported_on"):
        resolve_source(Alert, "reported_on", {})


def test_a_lookup_through_a_relation_ends_on_its_field() -> None:
    resolved = resolve_source(Alert, "received_at", {"organisation": "resident__organisation_id"})
    assert resolved.paths == {"organisation": "resident__organisation_id"}
    assert resolved.is_date is False
    with pytest.raises(FieldDoesNotExist):
        resolve_source(Alert, "received_at", {"organisation": "resident__employer_id"})

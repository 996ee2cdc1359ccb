"""The command: idempotent, deterministic, refuses real data, and writes each app's demo records."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError

from fanzha.accounts.models import User
from fanzha.alerts.models import Alert
from fanzha.core.models import AuditEntry
from fanzha.people.models import Household, Resident
from fanzha.places.models import County, TenHouseholdGroup, Village
from tests.demo.conftest import ONE_COUNTY, SMALL, run_demo
from tests.factories import AlertFactory


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Resident.objects.order_by("id").values_list(
            "name", "phone", "id_number", "gender", "birth_date", "household__address", "organisation__name"
        )
    )


def test_running_twice_changes_nothing(demo: str) -> None:
    before = snapshot()
    counts = (Household.objects.count(), TenHouseholdGroup.objects.count(), AuditEntry.objects.count())
    again = run_demo(residents=SMALL, county=ONE_COUNTY)
    assert "未作改动" in again and "officer_001" in again
    assert snapshot() == before
    assert (Household.objects.count(), TenHouseholdGroup.objects.count(), AuditEntry.objects.count()) == counts


def test_reset_rebuilds_the_same_people(demo: str) -> None:
    before = snapshot()
    run_demo(residents=SMALL, county=ONE_COUNTY, reset=True)
    assert County.objects.count() == 1
    assert snapshot() == before


def test_demo_data_writes_one_audit_entry_not_one_per_row(demo: str) -> None:
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["demo.loaded"]


def test_reset_clears_other_apps_records_about_the_demo(demo: str) -> None:
    village = Village.objects.get(name="共丰村")
    alert = AlertFactory(village=village, township=village.township)  # alerts keep their village (PROTECT)
    run_demo(residents=SMALL, county=ONE_COUNTY, reset=True)
    assert not Alert.objects.filter(external_id=alert.external_id).exists()
    assert Village.objects.count() == 89


def test_refuses_to_take_over_an_existing_username(db: Any) -> None:
    User.objects.create_user(username="officer_001", password="another-long-password")
    with pytest.raises(CommandError, match="officer_001"):
        run_demo(residents=SMALL)
    assert not County.objects.exists()


def test_refuses_a_database_with_a_real_county(db: Any) -> None:
    County.objects.create(name="真实县", is_demo=False)
    with pytest.raises(CommandError, match="非演示"):
        run_demo(residents=SMALL)
    with pytest.raises(CommandError, match="非演示"):
        run_demo(residents=SMALL, reset=True)
    assert County.objects.count() == 1


def test_each_app_adds_its_demo_records_and_says_so(db: Any) -> None:
    out = run_demo(residents=SMALL, county=ONE_COUNTY)
    for label in ("alerts", "funds", "cases", "consults", "outreach"):
        assert f"  {label}: " in out
    assert Alert.objects.exists()
    first = list(Alert.objects.order_by("external_id").values_list("external_id", "fraud_type", "level"))
    run_demo(residents=SMALL, county=ONE_COUNTY, reset=True)
    assert list(Alert.objects.order_by("external_id").values_list("external_id", "fraud_type", "level")) == first

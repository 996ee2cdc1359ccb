"""Case fixtures: a valid POST /api/v1/cases body, and a unit with key-group members."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from fanzha.people.models import KeyGroup, Organisation
from fanzha.places.models import County
from tests.factories import OrganisationFactory, ResidentFactory

_numbers = itertools.count(1)


@pytest.fixture
def mouding(world: Any) -> County:
    """The world's county, named as the real one is: letters carry 牟定县公安局."""
    county = world.township_a.county
    county.name = "牟定县"
    county.save()
    return county


@pytest.fixture
def case_body(world: Any) -> Any:
    """case_body(**overrides) → a valid body for 甲一 (东山村, 甲镇) with a fresh case number."""

    def _body(**overrides: Any) -> dict[str, Any]:
        reported = timezone.now() - timedelta(hours=2)
        body: dict[str, Any] = {
            "case_number": f"A53232300000{next(_numbers):06d}",
            "victim_resident_id": world.resident_a1.pk,
            "occurred_at": (reported - timedelta(hours=5)).isoformat(),
            "reported_at": reported.isoformat(),
            "fraud_type": "impersonate_acquaintance",
            "contact_method": "qq",
            "loss_amount": "120000.00",
            "township_id": world.township_a.pk,
            "village_id": world.village_a1.pk,
        }
        body.update(overrides)
        return body

    return _body


def group(code: str) -> KeyGroup:
    return KeyGroup.objects.get(code=code)


@pytest.fixture
def unit(world: Any) -> Organisation:
    """县财政局 in 甲镇 with two accountants and a civil servant; 甲一 is one of the accountants."""
    org = OrganisationFactory(
        name="甲镇财政所",
        township=world.township_a,
        village=world.village_a1,
        kind=Organisation.Kind.GOVERNMENT,
        responsible_person="王所长",
    )
    ra1 = world.resident_a1
    ra1.organisation = org
    ra1.gender = "F"
    ra1.birth_date = timezone.localdate().replace(year=timezone.localdate().year - 45, month=1, day=1)
    ra1.save()
    ra1.key_groups.add(group("accountant"))
    other = ResidentFactory(household__village=world.village_a1, name="财务乙", organisation=org)
    other.key_groups.add(group("accountant"), group("civil_servant"))
    return org

"""The case pages as the village officer sees them: no dead links, no raw fields, no dashes for an
empty choice (issue 15, items 6 and 8)."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.cases.services import CaseInput, case_register
from fanzha.people.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_officer_opens_the_unit_of_a_case_in_her_village(world, login):
    # the unit lies in another village of the township: outside her places, but on her case
    unit = OrganisationFactory(name="甲镇卫生院", township=world.township_a, village=world.village_a2)
    occurred = timezone.now() - timedelta(days=2)
    case_register(
        data=CaseInput(
            case_number="C-UNIT",
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=1),
            fraud_type="shopping",
            contact_method="wechat",
            loss_amount=Decimal("800.00"),
            victim_resident_id=world.resident_a1.pk,
            organisation_id=unit.pk,
        ),
        by=None,
    )
    client = login(world.user("officer_a1"))
    listing = client.get("/cases/").content.decode()
    for href in set(re.findall(r'href="(/cases/[^"?]+)"', listing)):
        assert client.get(href).status_code == 200, href
    history = client.get(f"/cases/organisations/{unit.pk}/history/")
    assert history.status_code == 200 and "C-UNIT" in history.content.decode()
    other = OrganisationFactory(name="乙乡中学", township=world.township_b, kind=Organisation.Kind.SCHOOL)
    assert client.get(f"/cases/organisations/{other.pk}/history/").status_code == 404


def test_the_case_form_shows_no_raw_field_and_no_dashes(world, login):
    page = login(world.user("officer_a1")).get("/cases/new/").content.decode()
    assert "受害居民编号" not in page and "居民编号" not in page
    assert 'type="hidden" name="victim_resident"' in page
    assert "---------" not in page
    assert re.search(r'<select name="township"[^>]*>\s*<option value="" selected>请选择</option>', page)
    assert f'data-township="{world.township_a.pk}"' in page  # the village select follows the township
    assert "<title>录入案件" in page and "<script" not in page.split("<title>")[1].split("</title>")[0]


def test_a_form_without_a_victim_says_how_to_choose_one(world, login):
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = login(world.user("officer_a1")).post(
        "/cases/new/",
        {
            "case_number": "P-2",
            "occurred_at": now,
            "reported_at": now,
            "fraud_type": "loan",
            "contact_method": "app",
            "loss_amount": "10",
            "township": world.township_a.pk,
        },
    )
    text = page.content.decode()
    assert page.status_code == 400 and "请用上方的搜索框选定受害居民，或填写受害人姓名" in text

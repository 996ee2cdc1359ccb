"""The key-group planning pages: who is in each group, reached or not, on the App or not; their units
and letters; always inside the user's jurisdiction, in a bounded number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from fanzha.cases.models import NoticeLetter
from fanzha.outreach.models import Activity, ActivityHousehold
from fanzha.people.models import KeyGroup, Organisation
from tests.cases.conftest import group
from tests.factories import OrganisationFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def reach(household, day: date) -> None:
    activity = Activity.objects.create(
        kind=Activity.Kind.FAMILY, date=day, township=household.village.township, village=household.village
    )
    ActivityHousehold.objects.create(activity=activity, household=household, date=day)


@pytest.fixture
def accountants(world, unit):
    """甲一 (reached twice, registered) and 财务乙 at 甲镇财政所; 乙一 at 乙乡's 乙乡农商行, unregistered."""
    ra1 = world.resident_a1
    ra1.app_registered_on = date(2024, 5, 1)
    ra1.save()
    today = timezone.localdate()
    reach(ra1.household, today - timedelta(days=200))
    reach(ra1.household, today - timedelta(days=20))
    bank = OrganisationFactory(
        name="乙乡农商行", township=world.township_b, village=world.village_b1, kind=Organisation.Kind.ENTERPRISE
    )
    rb1 = world.resident_b1
    rb1.organisation = bank
    rb1.save()
    rb1.key_groups.add(group("accountant"))
    return {"unit": unit, "bank": bank}


def row_of(response, code):
    return next(r for r in response.context["rows"] if r.group.code == code)


def test_the_overview_counts_residents_registrations_reach_and_units_in_scope(world, login, accountants):
    leader = login(world.user("leader")).get("/cases/key-groups/")
    assert leader.status_code == 200
    row = row_of(leader, "accountant")
    assert (row.residents, row.registered, row.reached, row.units) == (3, 1, 1, 2)
    assert row.registered_rate == "33.33"

    chief_b = login(world.user("chief_b")).get("/cases/key-groups/")
    row = row_of(chief_b, "accountant")
    assert (row.residents, row.registered, row.reached, row.units) == (1, 0, 0, 1)


def test_the_overview_filters_by_township(world, login, accountants):
    response = login(world.user("centre")).get(f"/cases/key-groups/?township={world.township_b.pk}")
    assert row_of(response, "accountant").residents == 1


def test_the_residents_list_shows_masked_phones_last_outreach_and_registration(world, login, accountants):
    accountant = KeyGroup.objects.get(code="accountant")
    response = login(world.user("chief_a")).get(f"/cases/key-groups/{accountant.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "甲一" in page and "财务乙" in page
    assert "乙一" not in page  # another station's township
    assert "13900000001" not in page and "139****0001" in page
    recent = (timezone.localdate() - timedelta(days=20)).isoformat()
    assert recent in page
    assert "未覆盖" in page  # 财务乙's household was never reached
    assert "已注册" in page and "未注册" in page


def test_the_units_list_shows_member_counts_and_letters(world, login, accountants):
    unit = accountants["unit"]
    NoticeLetter.objects.create(
        organisation=unit,
        number="测公提〔2025〕1号",
        delivered_on=timezone.localdate() - timedelta(days=3),
        acknowledged_on=timezone.localdate() - timedelta(days=2),
        signed_by="王所长",
    )
    accountant = KeyGroup.objects.get(code="accountant")
    response = login(world.user("centre")).get(f"/cases/key-groups/{accountant.pk}/?show=units")
    rows = {o.name: o for o in response.context["page"]}
    assert set(rows) == {"甲镇财政所", "乙乡农商行"}
    assert rows["甲镇财政所"].group_members == 2
    assert rows["甲镇财政所"].letter_acknowledged_on == timezone.localdate() - timedelta(days=2)
    assert rows["乙乡农商行"].letter_delivered_on is None
    page = response.content.decode()
    assert "已签收" in page and "未发" in page
    assert f"/cases/organisations/{unit.pk}/letter/" in page  # a POST form: issuing numbers a letter


def test_an_officer_of_another_station_sees_none_of_the_other_townships_people_or_units(world, login, accountants):
    accountant = KeyGroup.objects.get(code="accountant")
    client = login(world.user("officer_b1"))
    residents = client.get(f"/cases/key-groups/{accountant.pk}/").content.decode()
    units = client.get(f"/cases/key-groups/{accountant.pk}/?show=units").content.decode()
    assert "乙一" in residents and "甲一" not in residents and "财务乙" not in residents
    assert "乙乡农商行" in units and "甲镇财政所" not in units
    # Asking for the other township by filter shows nothing either.
    filtered = client.get(f"/cases/key-groups/{accountant.pk}/?township={world.township_a.pk}&show=units")
    assert list(filtered.context["page"]) == []


def test_the_pages_need_a_bounded_number_of_queries(world, login, accountants, django_assert_max_num_queries):
    accountant = KeyGroup.objects.get(code="accountant")
    for n in range(30):
        person = ResidentFactory(household__village=world.village_a2, organisation=accountants["unit"])
        person.key_groups.add(accountant)
        reach(person.household, timezone.localdate() - timedelta(days=n + 1))
        other = OrganisationFactory(township=world.township_a)
        ResidentFactory(household__village=world.village_a2, organisation=other).key_groups.add(accountant)
    client = login(world.user("centre"))
    client.get("/cases/key-groups/")  # warm the session and the user
    # 13: the centre's jurisdiction asks its county assignments and how many counties there are
    with django_assert_max_num_queries(13):
        assert client.get("/cases/key-groups/").status_code == 200
    with django_assert_max_num_queries(13):
        response = client.get(f"/cases/key-groups/{accountant.pk}/")
        assert len(response.context["page"]) == 50
    with django_assert_max_num_queries(13):
        response = client.get(f"/cases/key-groups/{accountant.pk}/?show=units")
        assert len(response.context["page"]) == 32


def test_the_cases_list_links_to_the_key_groups(world, login):
    assert "/cases/key-groups/" in login(world.user("centre")).get("/cases/").content.decode()

"""What the pages refuse, the API refuses: the findings of the access review, one test each.

- Grid workers and police assistants are refused stop-payments and cases on the pages; through the API
  a grid worker read a stop-payment with the full account number, a case, its backward check, and the
  consultations.
- The read-only leader closed a live alert through the API, and a GET of a unit's notice letter
  numbered a letter (文号).
- An officer linked a unit of another township to a case through the API, which drafted a 通报 to it.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.cases.models import Case, NoticeLetter, Notification
from fanzha.cases.services import CaseInput, CaseInputError, case_register, case_update
from fanzha.people.models import KeyGroup
from tests.factories import AlertFactory, OrganisationFactory
from tests.scoping.conftest import ScopedWorld

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["grid_a1", "assistant_a1"])
def test_field_workers_cannot_read_a_stop_payment_through_the_api(
    name: str, scoped_world: ScopedWorld, api_client: Any, login: Any
) -> None:
    stop: Any = scoped_world.get("stoppayment", "a1").obj  # in their own village
    assert login(scoped_world.world.user(name)).get(f"/funds/{stop.pk}/").status_code == 403
    api = api_client(scoped_world.world.user(name))
    response = api.get(f"/api/v1/stop-payments/{stop.pk}")
    assert response.status_code == 403
    assert stop.account_number not in response.content.decode()
    assert api.get("/api/v1/stop-payments").status_code == 403


@pytest.mark.parametrize("name", ["grid_a1", "assistant_a1"])
def test_field_workers_cannot_read_a_case_or_its_review_through_the_api(
    name: str, scoped_world: ScopedWorld, api_client: Any, login: Any
) -> None:
    case: Any = scoped_world.get("case", "a1").obj
    assert login(scoped_world.world.user(name)).get(f"/cases/{case.pk}/").status_code == 403
    api = api_client(scoped_world.world.user(name))
    for path in (f"/api/v1/cases/{case.pk}", f"/api/v1/cases/{case.pk}/review", "/api/v1/cases"):
        response = api.get(path)
        assert response.status_code == 403, path
        assert case.case_number not in response.content.decode()


def test_a_grid_worker_cannot_read_consultations_through_the_api(
    scoped_world: ScopedWorld, api_client: Any, login: Any
) -> None:
    grid = scoped_world.world.user("grid_a1")
    assert login(grid).get("/consults/").status_code == 403
    response = api_client(grid).get("/api/v1/consultations")
    assert response.status_code == 403
    assert "ZMK-consultation" not in response.content.decode()


def test_a_police_assistant_reads_consultations_on_both(scoped_world: ScopedWorld, api_client: Any, login: Any) -> None:
    assistant = scoped_world.world.user("assistant_a1")
    inside: Any = scoped_world.get("consultation", "a1").obj
    assert f'href="/consults/{inside.pk}/"' in login(assistant).get("/consults/").content.decode()
    items = api_client(assistant).get("/api/v1/consultations").json()["items"]
    assert [c["village_id"] for c in items] == [scoped_world.world.village_a1.pk]


def test_the_leader_cannot_close_a_live_alert_through_the_api(world: Any, api_client: Any, login: Any) -> None:
    alert = AlertFactory(village=world.village_a1, level="high")
    leader = world.user("leader")
    page = login(leader).post(
        f"/alerts/{alert.pk}/attempts/", {"method": "phone", "reached": "on", "outcome": "not_fraud"}
    )
    assert page.status_code == 403
    response = api_client(leader).post(
        f"/api/v1/alerts/{alert.pk}/attempts", {"method": "phone", "reached": True, "outcome": "not_fraud"}
    )
    assert response.status_code == 403
    alert.refresh_from_db()
    assert alert.is_open and alert.status != Alert.Status.CLOSED and not alert.attempts.exists()


@pytest.fixture
def unit(world: Any) -> Any:
    """A unit of township A with an accountant among its staff: a letter can be made for it."""
    organisation = OrganisationFactory(name="甲镇信用社", township=world.township_a, village=world.village_a1)
    accountant, _ = KeyGroup.objects.get_or_create(code="accountant", defaults={"name": "会计/财务人员"})
    world.resident_a1.organisation = organisation
    world.resident_a1.save()
    world.resident_a1.key_groups.add(accountant)
    return organisation


@pytest.mark.parametrize("name", ["leader", "officer_a1", "centre"])
def test_reading_never_numbers_a_notice_letter(name: str, world: Any, api_client: Any, login: Any, unit: Any) -> None:
    api = api_client(world.user(name))
    assert api.get(f"/api/v1/organisations/{unit.pk}/notice-letter").status_code == 404  # the old GET is gone
    assert api.get(f"/api/v1/organisations/{unit.pk}/notice-letters").status_code == 405
    page = login(world.user(name))
    assert page.get(f"/cases/organisations/{unit.pk}/letter/").status_code == 405
    assert page.get(f"/cases/organisations/{unit.pk}/letter.docx").status_code == 404
    assert not NoticeLetter.objects.exists()


def test_the_leader_may_not_number_a_letter_and_an_officer_may(
    world: Any, api_client: Any, login: Any, unit: Any
) -> None:
    assert (
        api_client(world.user("leader")).post(f"/api/v1/organisations/{unit.pk}/notice-letters", {}).status_code == 403
    )
    assert login(world.user("leader")).post(f"/cases/organisations/{unit.pk}/letter/").status_code == 403
    assert not NoticeLetter.objects.exists()

    issued = api_client(world.user("officer_a1")).post(f"/api/v1/organisations/{unit.pk}/notice-letters", {})
    assert issued.status_code == 201
    letter = NoticeLetter.objects.get()
    assert issued.json()["number"] == letter.number and issued.json()["key_group_counts"] == {"accountant": 1}
    again = api_client(world.user("officer_a1")).post(f"/api/v1/organisations/{unit.pk}/notice-letters", {})
    assert again.status_code == 200 and again.json()["id"] == letter.pk  # the same day: the same letter

    # Reading it, as the leader may, numbers nothing more.
    leader = api_client(world.user("leader"))
    assert leader.get(f"/api/v1/notice-letters/{letter.pk}").json()["number"] == letter.number
    document = leader.get(f"/api/v1/notice-letters/{letter.pk}/document")
    assert document.status_code == 200 and document["Content-Type"].startswith("application/vnd.openxmlformats")
    assert login(world.user("leader")).get(f"/cases/letters/{letter.pk}.docx").status_code == 200
    assert NoticeLetter.objects.count() == 1


def _case_body(world: Any, organisation: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "case_number": "A-L4-1",
        "occurred_at": (now - timedelta(days=1)).isoformat(),
        "reported_at": now.isoformat(),
        "fraud_type": "investment",
        "contact_method": "phone",
        "loss_amount": "3000.00",
        "victim_name": "被害人",
        "township_id": world.township_a.pk,
        "village_id": world.village_a1.pk,
        "organisation_id": organisation.pk,
    }


def test_an_officer_cannot_link_a_unit_of_another_township_to_a_case(world: Any, api_client: Any) -> None:
    elsewhere = OrganisationFactory(name="乙乡供销社", township=world.township_b, village=world.village_b1)
    response = api_client(world.user("officer_a1")).post("/api/v1/cases", _case_body(world, elsewhere))
    # an object the body names outside the jurisdiction answers as a missing one: 404
    assert response.status_code == 404
    assert response.json()["detail"].startswith("not found: organisation_id")
    assert not Case.objects.exists()
    assert not Notification.objects.filter(organisation=elsewhere).exists()


def test_an_officer_links_a_unit_of_their_own_township(world: Any, api_client: Any) -> None:
    mine = OrganisationFactory(name="甲镇中心小学", township=world.township_a, village=world.village_a1)
    response = api_client(world.user("officer_a1")).post("/api/v1/cases", _case_body(world, mine))
    assert response.status_code == 201
    assert Notification.objects.filter(organisation=mine, case_id=response.json()["id"]).exists()


def test_correcting_a_case_keeps_its_unit_but_cannot_switch_to_another_outside(world: Any) -> None:
    """The unit on record stays even when outside the officer's jurisdiction; another such unit is refused."""
    outside = OrganisationFactory(name="乙乡卫生院", township=world.township_b)
    other_outside = OrganisationFactory(name="乙乡中学", township=world.township_b)
    now = timezone.now()
    case, _ = case_register(
        data=CaseInput(
            case_number="A-L4-2",
            occurred_at=now - timedelta(days=2),
            reported_at=now - timedelta(days=1),
            fraud_type="loan",
            contact_method="phone",
            loss_amount=Decimal("100.00"),
            township_id=world.township_a.pk,
            village_id=world.village_a1.pk,
            organisation_id=outside.pk,
            victim_name="被害人",
        ),
        by=world.user("centre"),
    )
    officer = world.user("officer_a1")
    case_update(case=case, by=officer, summary="补充情况", organisation_id=outside.pk)
    case.refresh_from_db()
    assert case.organisation_id == outside.pk and case.summary == "补充情况"
    with pytest.raises(CaseInputError) as refused:
        case_update(case=case, by=officer, organisation_id=other_outside.pk)
    assert refused.value.field == "organisation_id"
    case.refresh_from_db()
    assert case.organisation_id == outside.pk

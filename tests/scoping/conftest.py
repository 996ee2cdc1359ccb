"""A world with one object of every scoped model in village a1 (甲镇), a2 (甲镇) and b1 (乙乡).

Every object carries a marker (e.g. "ZMK-alert-b1") in a field its list pages display, so a page that
leaks an object is caught by its marker as well as by the link to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from fanzha.alerts.models import DissuasionAttempt, Observable
from fanzha.cases import services as case_services
from fanzha.cases.models import FollowUpAction, Interview, NoticeLetter
from fanzha.consults import services as consult_services
from fanzha.funds import services as fund_services
from fanzha.notify.models import Notification
from fanzha.outreach import services as outreach_services
from fanzha.outreach.models import Bulletin, BulletinTarget, HeadVisit
from tests.factories import AlertFactory, GroupFactory, HouseholdFactory, OrganisationFactory, ResidentFactory

VILLAGES = ("a1", "a2", "b1")
TOWNSHIP_OF = {"a1": "A", "a2": "A", "b1": "B"}

# The villages each role of the shared `world` covers (tests/conftest.py): the expectation, written out
# rather than computed by the scoping code under test.
COVERS: dict[str, frozenset[str]] = {
    "admin": frozenset(VILLAGES),
    "centre": frozenset(VILLAGES),
    "leader": frozenset(VILLAGES),
    "chief_a": frozenset({"a1", "a2"}),
    "chief_b": frozenset({"b1"}),
    "officer_a1": frozenset({"a1"}),
    "officer_b1": frozenset({"b1"}),
    "assistant_a1": frozenset({"a1"}),
    "grid_a1": frozenset({"a1"}),
    "unassigned": frozenset(),
}
ROLES = tuple(COVERS)


def forbidden(role: str, place: str) -> bool:
    """True when `role` may not see an object at `place`: a village key, a township "A"/"B" (hidden from a
    role covering none of its villages), or a user's name for what belongs to that user alone."""
    if place in COVERS:
        return role != place
    villages = {v for v in VILLAGES if TOWNSHIP_OF[v] == place} if place in ("A", "B") else {place}
    return not (COVERS[role] & villages)


@dataclass
class Placed:
    kind: str
    place: str  # "a1" / "a2" / "b1", or "A" / "B" for an object tied to a township only
    obj: models.Model
    marker: str

    @property
    def pk(self) -> int:
        return int(self.obj.pk)


@dataclass
class ScopedWorld:
    world: Any
    objects: list[Placed] = field(default_factory=list)

    def add(self, kind: str, place: str, obj: models.Model, marker: str = "") -> Placed:
        placed = Placed(kind, place, obj, marker)
        self.objects.append(placed)
        return placed

    def of(self, kind: str) -> list[Placed]:
        return [p for p in self.objects if p.kind == kind]

    def get(self, kind: str, place: str) -> Placed:
        return next(p for p in self.objects if p.kind == kind and p.place == place)

    def by_pk(self, kind: str) -> dict[int, Placed]:
        return {p.pk: p for p in self.of(kind)}


def _marker(kind: str, place: str) -> str:
    return f"ZMK-{kind}-{place}"


@pytest.fixture
def scoped_world(world: Any) -> ScopedWorld:
    sw = ScopedWorld(world)
    centre = world.user("centre")
    now = timezone.now()
    village = {"a1": world.village_a1, "a2": world.village_a2, "b1": world.village_b1}
    township = {"A": world.township_a, "B": world.township_b}
    sw.add("township", "A", world.township_a)
    sw.add("township", "B", world.township_b)
    for key, v in village.items():
        sw.add("village", key, v)
    for n, key in enumerate(VILLAGES):
        v, t = village[key], township[TOWNSHIP_OF[key]]
        resident = ResidentFactory(household__village=v, name=_marker("resident", key))
        resident.household.address = _marker("household", key)
        resident.household.save()
        sw.add("resident", key, resident, _marker("resident", key))
        sw.add("household", key, resident.household, _marker("household", key))
        org = OrganisationFactory(township=t, village=v, name=_marker("organisation", key), responsible_person="负责人")
        sw.add("organisation", key, org, _marker("organisation", key))
        sw.add("letter", key, NoticeLetter.objects.create(organisation=org, number=f"ZL{n}"))

        alert = AlertFactory(village=v, victim_name=_marker("alert", key), external_id=_marker("alert", key))
        sw.add("alert", key, alert, _marker("alert", key))
        sw.add(
            "attempt",
            key,
            DissuasionAttempt.objects.create(alert=alert, method="phone", reached=False, at=now, by=centre),
        )
        sw.add("observable", key, Observable.objects.create(alert=alert, kind="phone", value=f"+861700000000{n}"))

        stop, _ = fund_services.stoppayment_request(
            by=centre,
            alert=alert,
            bank="中国银行",
            holder_name=_marker("stoppayment", key),
            account_number=f"62220200123456{n:02d}",
            amount=Decimal("1000.00"),
            transaction_at=now - timedelta(minutes=10),
        )
        fund_services.stoppayment_mark_effective(stop=stop, by=centre, at=now)
        sw.add("stoppayment", key, stop, _marker("stoppayment", key))
        freeze, _ = fund_services.freeze_record(by=centre, stop=stop, amount=Decimal("500.00"))
        sw.add("freeze", key, freeze)
        refund, _ = fund_services.return_record(
            by=centre, freeze=freeze, amount=Decimal("100.00"), returned_on=timezone.localdate()
        )
        sw.add("fundreturn", key, refund)

        case, _ = case_services.case_register(
            data=case_services.CaseInput(
                case_number=f"ZMKCASE{n}",
                occurred_at=now - timedelta(days=2),
                reported_at=now - timedelta(days=1),
                fraud_type="investment",
                contact_method="phone",
                loss_amount=Decimal("2000.00"),
                township_id=t.pk,
                village_id=v.pk,
                victim_resident_id=resident.pk,
                summary=_marker("case", key),
            ),
            by=centre,
        )
        sw.add("case", key, case, f"ZMKCASE{n}")
        for notification in case.notifications.all():
            sw.add("casenotification", key, notification)
        interview = Interview.objects.get(case=case)
        sw.add("interview", key, interview)
        sw.add("followup", key, FollowUpAction.objects.create(interview=interview, description="回访家属"))

        activity, _ = outreach_services.activity_create(
            by=centre,
            kind="village",
            day=timezone.localdate() - timedelta(days=1),
            village=v,
            place=_marker("activity", key),
            household_ids=[resident.household_id],
        )
        sw.add("activity", key, activity, _marker("activity", key))
        group = GroupFactory(village=v, name=_marker("group", key), head=resident)
        member = HouseholdFactory(village=v, group=group)
        sw.add("group", key, group, _marker("group", key))
        sw.add("headvisit", key, HeadVisit.objects.create(group=group, household=member, date=date.today()))

        consultation, _ = consult_services.consultation_record(
            data=consult_services.ConsultationIn(
                channel="web", text=f"妈，我今晚加班 {_marker('consultation', key)}", village=v
            ),
            by=None,
        )
        sw.add("consultation", key, consultation, _marker("consultation", key))
    for key, t in township.items():
        bulletin = Bulletin.objects.create(
            title=_marker("bulletin", key), text="新骗术提醒", fraud_type="investment", created_by=centre
        )
        BulletinTarget.objects.create(bulletin=bulletin, level="township", township=t)
        sw.add("bulletin", key, bulletin, _marker("bulletin", key))
    for role in ("officer_a1", "officer_b1"):
        owner = world.user(role)
        note = Notification.objects.create(user=owner, event_key=f"zmk.{role}", subject=_marker("notification", role))
        sw.add("notification", role, note, _marker("notification", role))
    return sw

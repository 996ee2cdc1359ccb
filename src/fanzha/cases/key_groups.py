"""Reads for planning precise outreach to key groups (重点人群精准宣防): per group, who and which units,
reached by outreach or not, on the App or not, and whether each unit has had its notice letter.

Every figure is computed in the database in a fixed number of queries, whatever the county's size.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fanzha.cases.models import NoticeLetter
from fanzha.outreach.models import ActivityHousehold
from fanzha.people.models import KeyGroup, Organisation, Resident
from fanzha.people.selectors import resident_search
from fanzha.places.scoping import scoped

# "Reached" on the overview means reached by an outreach activity within this many days.
REACHED_WITHIN_DAYS = 365


@dataclass
class KeyGroupRow:
    group: KeyGroup
    residents: int = 0
    registered: int = 0
    reached: int = 0
    units: int = 0

    @property
    def registered_rate(self) -> str:
        return f"{self.registered * 100 / self.residents:.2f}" if self.residents else "—"

    @property
    def reached_rate(self) -> str:
        return f"{self.reached * 100 / self.residents:.2f}" if self.residents else "—"


def key_group_overview(*, user: Any, township: int | None = None, village: int | None = None) -> list[KeyGroupRow]:
    """One row per key group with its residents, App registrations, outreach reach and units in the
    user's jurisdiction. Four queries in all."""
    rows = {g.pk: KeyGroupRow(group=g) for g in KeyGroup.objects.all()}
    residents = scoped(Resident.objects.filter(key_groups__isnull=False), user)
    if township:
        residents = residents.filter(village__township_id=township)
    if village:
        residents = residents.filter(village_id=village)
    counts: dict[str, Any] = {
        "residents": Count("pk"),
        "registered": Count("pk", filter=Q(app_registered_on__isnull=False)),
    }
    since = timezone.localdate() - timedelta(days=REACHED_WITHIN_DAYS)
    reached = ActivityHousehold.objects.filter(household_id=OuterRef("household_id"), date__gte=since)
    counts["reached"] = Count("pk", filter=Q(Exists(reached)))
    found: dict[str, Any]
    for found in residents.order_by().values("key_groups").annotate(**counts):  # type: ignore[assignment]
        row = rows.get(found["key_groups"])
        if row is not None:
            row.residents, row.registered = found["residents"], found["registered"]
            row.reached = found["reached"]

    # A unit belongs to a group when it is tagged with it or employs a member of it.
    organisations = _organisations_in(user, township=township, village=village)
    units: dict[int, set[int]] = defaultdict(set)
    tagged = Organisation.key_groups.through.objects.filter(organisation_id__in=organisations.values("pk"))
    for org_id, group_id in tagged.values_list("organisation_id", "keygroup_id"):
        units[group_id].add(org_id)
    employing = (
        Resident.key_groups.through.objects.filter(resident__organisation_id__in=organisations.values("pk"))
        .values_list("resident__organisation_id", "keygroup_id")
        .distinct()
    )
    for org_id, group_id in employing:
        units[group_id].add(org_id)
    for group_id, org_ids in units.items():
        if group_id in rows:
            rows[group_id].units = len(org_ids)
    return list(rows.values())


def _organisations_in(user: Any, *, township: int | None, village: int | None) -> QuerySet[Organisation]:
    qs = scoped(Organisation.objects.all(), user)
    if township:
        qs = qs.filter(township_id=township)
    if village:
        qs = qs.filter(village_id=village)
    return qs


def key_group_residents(
    *, user: Any, group: KeyGroup, township: int | None = None, village: int | None = None
) -> QuerySet[Resident]:
    """The group's residents in the user's jurisdiction, each with the last day outreach reached
    their household (`last_reached`, None when never)."""
    qs = resident_search(user=user, key_group=group.code, township=township, village=village)
    last = ActivityHousehold.objects.filter(household_id=OuterRef("household_id")).order_by("-date").values("date")[:1]
    return qs.annotate(last_reached=Subquery(last))


def _count_of(qs: QuerySet[Any], key: str) -> Any:
    """A correlated COUNT(*) of `qs` per outer row, 0 when none."""
    counted = qs.order_by().values(key).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def key_group_units(
    *, user: Any, group: KeyGroup, township: int | None = None, village: int | None = None
) -> QuerySet[Organisation]:
    """Units of the group (tagged with it or employing members of it) in the user's jurisdiction,
    with their member counts and their latest notice letter's delivery and acknowledgement."""
    tagged = Organisation.key_groups.through.objects.filter(keygroup=group).values("organisation_id")
    employing = Resident.objects.filter(key_groups=group, organisation__isnull=False).values("organisation_id")
    members = Resident.objects.filter(organisation_id=OuterRef("pk"), key_groups=group)
    letters = NoticeLetter.objects.filter(organisation_id=OuterRef("pk"))
    return (
        _organisations_in(user, township=township, village=village)
        .filter(Q(pk__in=tagged) | Q(pk__in=employing))
        .select_related("township", "village")
        .annotate(
            group_members=_count_of(members, "organisation_id"),
            group_registered=_count_of(members.filter(app_registered_on__isnull=False), "organisation_id"),
            letter_delivered_on=Subquery(
                letters.filter(delivered_on__isnull=False).order_by("-delivered_on").values("delivered_on")[:1]
            ),
            letter_acknowledged_on=Subquery(
                letters.filter(acknowledged_on__isnull=False).order_by("-acknowledged_on").values("acknowledged_on")[:1]
            ),
            letters_generated=_count_of(letters, "organisation_id"),
        )
        .order_by("-group_members", "township_id", "name")
    )

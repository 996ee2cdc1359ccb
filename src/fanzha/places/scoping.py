"""Jurisdiction: the one helper every user-facing queryset goes through.

A user's jurisdiction is the set of townships and villages their assignments cover. Roles that reach
a county (centre, leader) see their county: in a deployment of one county, everything, as before; in a
deployment of several, the counties they are assigned to (every township in them, and the records that
belong to the county but to no township yet, such as an alert waiting in the county's queue) — and
nothing while unassigned. The prefecture's roles see every county and the records of none.

A model opts in by declaring `scope_paths`, the lookups from it to a village id and a
township id (e.g. Resident: {"village": "village_id", "township": "village__township_id"}).

Jurisdiction lives in `places` (not `core`) because it is defined by places; every domain app already
depends on `places`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.http import Http404

from fanzha.places.models import Assignment, County, Township, Village

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Jurisdiction:
    everything: bool = False
    county_ids: frozenset[int] = field(default_factory=frozenset)
    township_ids: frozenset[int] = field(default_factory=frozenset)
    village_ids: frozenset[int] = field(default_factory=frozenset)

    def covers_village(self, village_id: int | None) -> bool:
        if self.everything:
            return True
        if village_id is None:
            return False
        return village_id in self.all_village_ids()

    def covers_township(self, township_id: int | None) -> bool:
        return self.everything or (township_id is not None and township_id in self.township_ids)

    def all_village_ids(self) -> frozenset[int]:
        """Villages covered directly or through a township."""
        if not self.township_ids:
            return self.village_ids
        in_townships = Village.objects.filter(township_id__in=self.township_ids).values_list("id", flat=True)
        return self.village_ids | frozenset(in_townships)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.county_ids or self.township_ids or self.village_ids)


def _county_jurisdiction(user: Any) -> Jurisdiction:
    counties = frozenset(Assignment.objects.filter(user=user, county__isnull=False).values_list("county_id", flat=True))
    if not counties:
        # One county: its centre is the only centre. Several: an unassigned county role sees nothing.
        return Jurisdiction(everything=County.objects.count() <= 1)
    townships = Township.objects.filter(county_id__in=counties).values_list("id", flat=True)
    return Jurisdiction(county_ids=counties, township_ids=frozenset(townships))


def jurisdiction_of(user: Any) -> Jurisdiction:
    if user is None or not user.is_authenticated or not user.is_active:
        return Jurisdiction()
    cached = getattr(user, "_fanzha_jurisdiction", None)
    if cached is not None:
        return cached
    if user.prefecture_wide:
        result = Jurisdiction(everything=True)
    elif user.county_wide:
        result = _county_jurisdiction(user)
    else:
        townships: set[int] = set()
        villages: set[int] = set()
        for a in Assignment.objects.filter(user=user).select_related("grid").prefetch_related("station__townships"):
            if a.station_id:
                assert a.station is not None
                townships.update(t.pk for t in a.station.townships.all())
            elif a.township_id:
                townships.add(a.township_id)
            elif a.village_id:
                villages.add(a.village_id)
            elif a.grid_id:
                assert a.grid is not None
                villages.add(a.grid.village_id)
        result = Jurisdiction(township_ids=frozenset(townships), village_ids=frozenset(villages))
    user._fanzha_jurisdiction = result
    return result


def scope_q(model: type[models.Model], jurisdiction: Jurisdiction) -> Q:
    paths: dict[str, str] = model.scope_paths  # type: ignore[attr-defined]
    q = Q(pk__in=[])
    if jurisdiction.county_ids and "county" in paths:
        q |= Q(**{f"{paths['county']}__in": jurisdiction.county_ids})
    if jurisdiction.township_ids and "township" in paths:
        q |= Q(**{f"{paths['township']}__in": jurisdiction.township_ids})
    if jurisdiction.village_ids and "village" in paths:
        q |= Q(**{f"{paths['village']}__in": jurisdiction.village_ids})
    return q


def scoped(queryset: models.QuerySet[M], user: Any) -> models.QuerySet[M]:
    """Only the rows inside `user`'s jurisdiction."""
    jurisdiction = jurisdiction_of(user)
    if jurisdiction.everything:
        return queryset
    if jurisdiction.empty:
        return queryset.none()
    return queryset.filter(scope_q(queryset.model, jurisdiction))


def get_scoped_or_404(queryset: models.QuerySet[M], user: Any, **lookup: Any) -> M:
    """One object inside the user's scope; outside it looks exactly like a missing one (no leak)."""
    found = scoped(queryset, user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found

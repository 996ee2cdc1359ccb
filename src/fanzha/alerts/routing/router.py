"""Who should handle an alert: find the person, then their place, then the officer who covers it.

Person: phone → resident, else ID number → resident, else a village named by the caller, else the
address text through the gazetteer. Officer: the village's community officer, else the township's
station chief, else nobody — the alert waits in the centre's queue, flagged, and is never dropped.

County (a deployment may hold every county of a prefecture): the county of the place found; without a
place, the county whose address code begins the ID number; without that, none — the prefecture
centre's queue. Residents of every county are looked up alike, so an alert entered in one county about
a resident of the next goes to the next, and the explanation says so.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from fanzha.accounts.models import User
from fanzha.alerts.routing.loader import Directory, current_directory
from fanzha.core.fastpath import active, column, fetch, placeholders, table
from fanzha.people.models import Household, Resident
from fanzha.places.models import Township, Village


@dataclass
class Routing:
    method: str  # Alert.RoutingMethod
    resident_id: int | None = None
    village: Village | None = None
    township: Township | None = None
    grid_id: int | None = None
    county_id: int | None = None
    officer: User | None = None
    # Told about the alert with the officer: the village's police assistant and grid worker.
    helpers: list[User] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "；".join(self.notes)

    @property
    def village_id(self) -> int | None:
        return self.village.pk if self.village else None

    @property
    def township_id(self) -> int | None:
        return self.township.pk if self.township else None

    @property
    def village_name(self) -> str:
        return self.village.name if self.village else ""

    @property
    def township_name(self) -> str:
        return self.township.name if self.township else ""


@dataclass(frozen=True)
class Lookup:
    """What routing is given to find a person. `phone` is E.164 and `id_number` valid, or None."""

    phone: str | None = None
    id_number: str | None = None
    address: str = ""
    village_hint: int | None = None


def route_alert(*, phone: str | None, id_number: str | None, address: str, village_hint: int | None = None) -> Routing:
    return route_many([Lookup(phone, id_number, address, village_hint)])[0]


def route_many(lookups: list[Lookup]) -> list[Routing]:
    """Route a batch with one query per kind of look-up (phones, ID numbers, households), not per alert."""
    directory = current_directory()
    # (resident, village, grid of the household) per phone and per ID number
    by_phone: dict[str, list[tuple[int, int, int | None]]] = defaultdict(list)
    phones = {x.phone for x in lookups if x.phone}
    if phones:
        for phone, resident_id, village_id, grid_id in _residents_by("phone", phones):
            by_phone[phone].append((resident_id, village_id, grid_id))
    # An ID number is needed only where the phone did not settle the village.
    wanted_ids = {
        x.id_number for x in lookups if x.id_number and len({r[1] for r in by_phone.get(x.phone or "", [])}) != 1
    }
    by_id: dict[str, tuple[int, int, int | None]] = {}
    if wanted_ids:
        for number, resident_id, village_id, grid_id in _residents_by("id_number", wanted_ids):
            by_id[str(number)] = (resident_id, village_id, grid_id)
    routings = [_find_place(directory, x, by_phone, by_id) for x in lookups]
    for routing, lookup in zip(routings, lookups, strict=True):
        _find_county(directory, routing, lookup)
    _grids_of_households(routings, lookups)
    for routing in routings:
        _find_people(directory, routing)
    return routings


def _residents_by(field_name: str, values: set[str]) -> list[tuple[Any, ...]]:
    """(value, resident, village, grid of the household) of the residents whose `field_name` (phone or
    id_number) is one of `values`: on the intake API's hot path, SQL written once (`core.fastpath`)."""
    if not active("raw_lookups"):
        found = Resident.objects.filter(**{f"{field_name}__in": values})
        return list(found.values_list(field_name, "id", "village_id", "household__grid_id"))
    r, h = Resident, Household
    sql = (
        f"SELECT r.{column(r, field_name)}, r.{column(r, 'id')}, r.{column(r, 'village')}, h.{column(h, 'grid')} "  # noqa: S608 (our own names)
        f"FROM {table(r)} r LEFT OUTER JOIN {table(h)} h ON h.{column(h, 'id')} = r.{column(r, 'household')} "
        f"WHERE r.{column(r, field_name)} IN ({placeholders(values)})"
    )
    return fetch(sql, sorted(values))


def _household_grids(villages: set[int], addresses: set[str]) -> list[tuple[Any, ...]]:
    """(village, address, grid) of the households with a grid at these addresses in these villages."""
    if not active("raw_lookups"):
        found = Household.objects.filter(village_id__in=villages, address__in=addresses, grid__isnull=False)
        return list(found.values_list("village_id", "address", "grid_id"))
    h = Household
    sql = (
        f"SELECT {column(h, 'village')}, {column(h, 'address')}, {column(h, 'grid')} FROM {table(h)} "  # noqa: S608 (our own names)
        f"WHERE {column(h, 'village')} IN ({placeholders(villages)}) AND {column(h, 'address')} IN "
        f"({placeholders(addresses)}) AND {column(h, 'grid')} IS NOT NULL"
    )
    return fetch(sql, [*villages, *addresses])


def route_to_village(village: Village) -> Routing:
    """The people for a village chosen by hand (the centre dispatching an alert)."""
    directory = current_directory()
    routing = _at_village(directory, village.pk, "address", [])
    _find_people(directory, routing)
    return routing


def _at_village(directory: Directory, village_id: int, method: str, notes: list[str]) -> Routing:
    village = directory.villages[village_id]
    return Routing(method, village=village, township=directory.townships[village.township_id], notes=notes)


def _find_place(
    directory: Directory,
    x: Lookup,
    by_phone: dict[str, list[tuple[int, int, int | None]]],
    by_id: dict[str, tuple[int, int, int | None]],
) -> Routing:
    notes: list[str] = []
    if x.phone:
        found = by_phone.get(x.phone, [])
        villages = {village_id for _r, village_id, _g in found}
        if len(found) == 1:
            resident_id, village_id, grid_id = found[0]
            notes.append(_("按手机号找到登记居民"))
            routing = _at_village(directory, village_id, "phone", notes)
            routing.resident_id, routing.grid_id = resident_id, grid_id
            return routing
        if len(villages) == 1:
            # A family sharing one phone: the village is certain, the person is not.
            notes.append(_("该手机号登记在同村多名居民名下，按所在村分派"))
            return _at_village(directory, villages.pop(), "phone", notes)
        notes.append(_("该手机号登记在多个村的居民名下，改按其他信息分派") if found else _("手机号未找到登记居民"))
    if x.id_number:
        row = by_id.get(x.id_number)
        if row is not None:
            notes.append(_("按身份证号找到登记居民"))
            routing = _at_village(directory, row[1], "id_number", notes)
            routing.resident_id, routing.grid_id = row[0], row[2]
            return routing
        notes.append(_("身份证号未找到登记居民"))
    if x.village_hint and x.village_hint in directory.villages:
        notes.append(_("来源系统指明了村（社区）“%(village)s”") % {"village": directory.villages[x.village_hint].name})
        return _at_village(directory, x.village_hint, "address", notes)
    if x.address:
        return _from_address(directory, x.address, notes)
    notes.append(_("没有可用于分派的手机号、身份证号或地址"))
    return Routing("unrouted", notes=notes)


def _find_county(directory: Directory, routing: Routing, x: Lookup) -> None:
    if routing.township is not None:
        routing.county_id = routing.township.county_id
    elif x.id_number and x.id_number[:6] in directory.county_by_code:
        routing.county_id = directory.county_by_code[x.id_number[:6]]
        if directory.several_counties:
            routing.notes.append(
                _("身份证号归属%(county)s，转%(county)s反诈中心")
                % {"county": directory.county_names[routing.county_id]}
            )
    elif directory.several_counties:
        routing.notes.append(_("无法确定所属县，进入州反诈中心队列"))
    if len(directory.county_names) == 1 and routing.county_id is None:
        # One county: everything is its own.
        routing.county_id = next(iter(directory.county_names))


def _from_address(directory: Directory, address: str, notes: list[str]) -> Routing:
    match = directory.gazetteer.match(address)
    notes.append(match.explanation)
    if match.village_id is not None:
        routing = _at_village(directory, match.village_id, "address", notes)
        routing.grid_id = match.grid_id
        return routing
    if match.township_id is not None:
        return Routing("address", township=directory.townships[match.township_id], notes=notes)
    return Routing("unrouted", notes=notes)


def _grids_of_households(routings: list[Routing], lookups: list[Lookup]) -> None:
    """An address routed to a village without a grid: the grid of a registered household at exactly it."""
    pending = [
        (r, x.address.strip())
        for r, x in zip(routings, lookups, strict=True)
        if r.method == "address" and r.village is not None and r.grid_id is None and x.address
    ]
    if not pending:
        return
    # village first: the (village, address) index, not a scan of every household
    villages = {r.village.pk for r, _a in pending if r.village}
    addresses = {a for _r, a in pending}
    grids = {(village_id, address): grid_id for village_id, address, grid_id in _household_grids(villages, addresses)}
    for routing, address in pending:
        assert routing.village is not None
        routing.grid_id = grids.get((routing.village.pk, address))


def _find_people(directory: Directory, routing: Routing) -> None:
    if routing.village is not None:
        staff = directory.staff.get(routing.village.pk)
        officer = staff.officer if staff else None
        if staff is not None:
            grid_worker = next(
                (u for grid_id, u in staff.grid_workers if routing.grid_id and grid_id == routing.grid_id),
                next((u for _g, u in staff.grid_workers), None),
            )
            routing.helpers = [u for u in (staff.assistant, grid_worker) if u is not None and u != officer]
        if officer is not None:
            routing.officer = officer
            routing.notes.append(
                _("派给%(village)s社区民警%(officer)s") % {"village": routing.village_name, "officer": officer}
            )
            return
        routing.notes.append(_("%(village)s没有社区民警") % {"village": routing.village_name})
    if routing.township is not None:
        chiefs = directory.chiefs.get(routing.township.pk, [])
        if chiefs:
            routing.officer = chiefs[0]
            routing.notes.append(
                _("派给%(township)s派出所所长%(chief)s") % {"township": routing.township_name, "chief": chiefs[0]}
            )
            return
        routing.notes.append(_("%(township)s没有派出所所长") % {"township": routing.township_name})
    routing.notes.append(_("转反诈中心人工分派"))


def station_chiefs_for(township_id: int | None) -> list[User]:
    """The chiefs of the stations covering a township (or assigned to it directly), oldest assignment first."""
    if township_id is None:
        return []
    return list(current_directory().chiefs.get(township_id, []))

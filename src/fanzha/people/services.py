from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from fanzha.core.audit import log_action
from fanzha.core.tabular import Progress
from fanzha.people.models import Household, Organisation, Resident
from fanzha.places.models import Village

if TYPE_CHECKING:
    from fanzha.people.importers import ResidentRow


def resident_record_viewed(*, resident: Resident, by: Any) -> None:
    """Opening the full record (unmasked phone and ID number) is always audited."""
    log_action(resident, "resident.viewed", by=by)


# --- import -------------------------------------------------------------------------------------------

BATCH = 2000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    households_created: int = 0
    organisations_created: list[str] = field(default_factory=list)


def _in_chunks(values: list[Any], size: int = 5000) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def people_import_rows(
    *, rows: list[ResidentRow], by: Any, filename: str = "", progress: Progress | None = None
) -> ImportResult:
    """Land checked rows in one transaction: organisations, households, residents, key-group tags.

    Bulk statements only. A resident already on file (same ID number, or same name and phone for one
    without an ID number) is updated; cells left empty in the file keep what the record had. One audit
    entry for the whole import, with the counts.
    """
    result = ImportResult()
    total = len(rows)
    with transaction.atomic():
        organisation_ids = _organisations_for(rows, result)
        household_ids = _households_for(rows, result)
        existing = _existing_residents(rows)
        now = timezone.now()
        new: list[Resident] = []
        changed: list[Resident] = []
        tags: list[tuple[Resident, list[int]]] = []
        for row in rows:
            resident = existing.get(row.number) or Resident(village_id=row.village_id)
            resident.village_id = row.village_id
            resident.name = row.name
            resident.household_id = household_ids.get((row.village_id, row.address), resident.household_id)
            if row.id_number:
                resident.id_number = row.id_number
                resident.birth_date = row.birth_date
            if row.gender:
                resident.gender = row.gender
            if row.phone:
                resident.phone = row.phone
            if row.organisation_name:
                resident.organisation_id = (
                    row.organisation_id or organisation_ids[(row.township_id, row.organisation_name)]
                )
            if row.app_registered_on:
                resident.app_registered_on = row.app_registered_on
            (changed if resident.pk else new).append(resident)
            if row.key_group_ids:
                tags.append((resident, row.key_group_ids))
        _insert_residents(new, now=now, progress=progress, total=total)
        _update_residents(changed, now=now, progress=progress, done=len(new), total=total)
        through = Resident.key_groups.through
        links = [through(resident_id=r.pk, keygroup_id=k) for r, ids in tags for k in ids]
        through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        result.created, result.updated = len(new), len(changed)
        if rows:
            county = Village.objects.select_related("township__county").get(pk=rows[0].village_id).township.county
            log_action(
                county,
                "people.imported",
                by=by,
                data={
                    "file": filename,
                    "rows": total,
                    "created": result.created,
                    "updated": result.updated,
                    "households_created": result.households_created,
                    "organisations_created": len(result.organisations_created),
                },
            )
    return result


# Residents are written with executemany rather than bulk_create/bulk_update: on SQLite Django caps an
# INSERT at 999 parameters and prepares every value in Python, and bulk_update's CASE WHEN grows with
# the square of the batch; a plain parameterised statement per row, sent as one executemany, is several
# times faster on SQLite and PostgreSQL alike.
_FIELDS = (  # the table's column names
    "household_id",
    "village_id",
    "name",
    "gender",
    "birth_date",
    "id_number",
    "phone",
    "organisation_id",
    "app_registered_on",
)


def _values(resident: Resident, ops: Any) -> list[Any]:
    return [
        resident.household_id,
        resident.village_id,
        resident.name,
        resident.gender,
        ops.adapt_datefield_value(resident.birth_date),
        resident.id_number,
        resident.phone,
        resident.organisation_id,
        ops.adapt_datefield_value(resident.app_registered_on),
    ]


def _insert_residents(residents: list[Resident], *, now: Any, progress: Progress | None, total: int) -> None:
    if not residents:
        return
    ops = connection.ops
    table = connection.ops.quote_name(Resident._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in _FIELDS)
    stamp = ops.adapt_datetimefield_value(now)
    sql = f"INSERT INTO {table} ({columns}, created_at, updated_at) VALUES ({', '.join(['%s'] * (len(_FIELDS) + 2))})"  # noqa: S608 (names from the model)
    before = Resident.objects.aggregate(m=Max("pk"))["m"] or 0
    done = 0
    with connection.cursor() as cursor:
        for batch in _in_chunks(residents, BATCH):
            cursor.executemany(sql, [[*_values(r, ops), stamp, stamp] for r in batch])
            done += len(batch)
            if progress:
                progress(done, total)
    # The new primary keys, for the key-group links: by ID number, else by village, name and phone
    # (the checks made both unique among the new rows).
    by_id: dict[str, int] = {}
    by_person: dict[tuple[int, str, str], int] = {}
    for pk, id_number, village_id, name, phone in Resident.objects.filter(pk__gt=before).values_list(
        "pk", "id_number", "village_id", "name", "phone"
    ):
        if id_number:
            by_id[id_number] = pk
        else:
            by_person[(village_id, name, phone)] = pk
    for resident in residents:
        resident.pk = (
            by_id.get(resident.id_number)
            if resident.id_number
            else by_person.get((resident.village_id, resident.name, resident.phone))
        )


def _update_residents(residents: list[Resident], *, now: Any, progress: Progress | None, done: int, total: int) -> None:
    if not residents:
        return
    ops = connection.ops
    table = ops.quote_name(Resident._meta.db_table)
    assignments = ", ".join(f"{ops.quote_name(column)} = %s" for column in _FIELDS)
    sql = f"UPDATE {table} SET {assignments}, updated_at = %s WHERE id = %s"  # noqa: S608 (names from the model)
    stamp = ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        for batch in _in_chunks(residents, BATCH):
            cursor.executemany(sql, [[*_values(r, ops), stamp, r.pk] for r in batch])
            done += len(batch)
            if progress:
                progress(done, total)


def _organisations_for(rows: list[ResidentRow], result: ImportResult) -> dict[tuple[int, str], int]:
    """工作单位 not yet on file are created (kind 其他, in the row's township) and named in the report."""
    wanted = {(r.township_id, r.organisation_name) for r in rows if r.organisation_name and not r.organisation_id}
    if not wanted:
        return {}
    known = {
        (t, n): pk
        for pk, t, n in Organisation.objects.filter(
            township_id__in={t for t, _ in wanted}, name__in={n for _, n in wanted}
        ).values_list("pk", "township_id", "name")
    }
    missing = sorted(wanted - known.keys())
    created = Organisation.objects.bulk_create(
        [Organisation(township_id=t, name=n, kind=Organisation.Kind.OTHER) for t, n in missing], batch_size=BATCH
    )
    known.update({(o.township_id, o.name): o.pk for o in created})
    result.organisations_created = [n for _, n in missing]
    return known


def _households_for(rows: list[ResidentRow], result: ImportResult) -> dict[tuple[int, str], int]:
    """Same 住址 in the same village = one household; existing households are reused and completed."""
    first: dict[tuple[int, str], ResidentRow] = {}
    for row in rows:
        if row.address:
            key = (row.village_id, row.address)
            seen = first.setdefault(key, row)
            if seen is not row and (row.grid_id or row.group_id) and not (seen.grid_id or seen.group_id):
                first[key] = row
    if not first:
        return {}
    found: dict[tuple[int, str], Household] = {}
    villages = sorted({v for v, _ in first})
    for chunk in _in_chunks(villages, 500):
        for household in Household.objects.filter(village_id__in=chunk).only(
            "pk", "village_id", "address", "grid_id", "group_id"
        ):
            found.setdefault((household.village_id, household.address), household)
    changed = []
    for key, household in found.items():
        source = first.get(key)
        if source is None:
            continue
        grid_id = source.grid_id or household.grid_id
        group_id = source.group_id or household.group_id
        if (grid_id, group_id) != (household.grid_id, household.group_id):
            household.grid_id, household.group_id = grid_id, group_id
            changed.append(household)
    Household.objects.bulk_update(changed, ["grid", "group"], batch_size=500)
    new = [
        Household(village_id=v, address=a, grid_id=first[(v, a)].grid_id, group_id=first[(v, a)].group_id)
        for v, a in first
        if (v, a) not in found
    ]
    Household.objects.bulk_create(new, batch_size=BATCH)
    result.households_created = len(new)
    ids = {key: h.pk for key, h in found.items()}
    ids.update({(h.village_id, h.address): h.pk for h in new})
    return ids


def _existing_residents(rows: list[ResidentRow]) -> dict[int, Resident]:
    """Row number → the resident already on file that the row describes."""
    by_id: dict[str, Resident] = {}
    ids = [r.id_number for r in rows if r.id_number]
    for chunk in _in_chunks(ids):
        for resident in Resident.objects.filter(id_number__in=chunk):
            by_id[resident.id_number or ""] = resident
    by_person: dict[tuple[str, str], Resident] = {}
    phones = sorted({r.phone for r in rows if r.phone and not (r.id_number and r.id_number in by_id)})
    for chunk in _in_chunks(phones):
        for resident in Resident.objects.filter(phone__in=chunk, id_number__isnull=True):
            by_person.setdefault((resident.name, resident.phone), resident)
    matched: dict[int, Resident] = {}
    taken: set[int] = set()
    for row in rows:
        known = by_id.get(row.id_number or "") if row.id_number else None
        if known is None and row.phone:
            known = by_person.get((row.name, row.phone))
        if known is not None and known.pk not in taken:
            taken.add(known.pk)
            matched[row.number] = known
    return matched

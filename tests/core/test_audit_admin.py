"""The audit log in the admin is read-only evidence; every change made in the admin, and every read of a
resident's full record there, lands in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.core.audit import log_action
from fanzha.core.models import AuditEntry
from fanzha.places.models import Grid
from tests.factories import GridFactory

pytestmark = pytest.mark.django_db


def test_audit_log_lists_and_filters_by_action_actor_and_date(world, login):
    admin_user, officer = world.user("admin"), world.user("officer_a1")
    viewed = log_action(world.resident_a1, "resident.viewed", by=officer)
    old = log_action(world.village_a1, "village.changed", by=admin_user)
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=400))
    client = login(admin_user)

    def listed(**params: object) -> set[int]:
        page = client.get("/admin/core/auditentry/", params).content.decode()
        return {pk for pk in (viewed.pk, old.pk) if f"/admin/core/auditentry/{pk}/change/" in page}

    assert listed() == {viewed.pk, old.pk}
    assert listed(action="resident.viewed") == {viewed.pk}
    assert listed(actor__id__exact=officer.pk) == {viewed.pk}
    assert listed(at__year=timezone.localdate().year) == {viewed.pk}
    assert listed(q="t_officer_a1") == {viewed.pk}


def test_audit_entries_cannot_be_added_changed_or_deleted_in_the_admin(world, login):
    entry = log_action(world.resident_a1, "resident.viewed", by=world.user("officer_a1"))
    client = login(world.user("admin"))
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    detail = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="action"' not in detail.content.decode()
    client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"action": "nothing.happened"})
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    client.post("/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [str(entry.pk)]})
    entry.refresh_from_db()
    assert entry.action == "resident.viewed"


def test_a_change_made_in_the_admin_is_audited_with_the_changed_fields(world, login):
    village = world.village_a1
    client = login(world.user("admin"))
    response = client.post(
        f"/admin/places/village/{village.pk}/change/",
        {"name": "东山新村", "kind": village.kind, "township": village.township_id, "code": ""},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="village.changed", object_id=str(village.pk))
    assert entry.actor == world.user("admin")
    assert entry.data == {"via": "admin", "fields": ["name"]}


def test_a_deletion_in_the_admin_is_audited(world, login):
    grid = GridFactory(village=world.village_a1)
    client = login(world.user("admin"))
    response = client.post(f"/admin/places/grid/{grid.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Grid.objects.filter(pk=grid.pk).exists()
    assert AuditEntry.objects.filter(action="grid.deleted", object_id=str(grid.pk)).exists()


def test_an_administrator_opening_a_resident_record_is_audited(world, login):
    resident = world.resident_a1
    client = login(world.user("admin"))
    response = client.get(f"/admin/people/resident/{resident.pk}/change/")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="resident.viewed", object_id=str(resident.pk))
    assert entry.actor == world.user("admin")
    assert entry.ip == "127.0.0.1"


def test_the_admins_resident_list_shows_phone_and_id_numbers_masked(world, login):
    resident = world.resident_a1
    resident.id_number = "53232319800101002X"
    resident.save()
    client = login(world.user("admin"))
    page = client.get("/admin/people/resident/").content.decode()
    assert "139****0001" in page
    assert "13900000001" not in page and "+8613900000001" not in page
    assert "532***********002X" in page
    assert "53232319800101002X" not in page
    assert not AuditEntry.objects.filter(action="resident.viewed").exists()


def test_the_audit_page_reads_as_sentences_and_keeps_the_code_at_hand(world, client):
    from fanzha.core.audit import log_action

    log_action(world.resident_a1, "resident.viewed", by=world.user("officer_a1"), data={"reason": "task"})
    client.force_login(world.user("admin"))
    page = client.get("/core/audit/").content.decode()
    assert "查看 居民" in page
    assert 'title="resident.viewed"' in page
    assert "<details>" in page  # the raw data stays folded away

"""Records that only services write are looked up in the admin, never written there; consultations
and notifications may be deleted by an administrator (someone asked to have theirs removed)."""

from __future__ import annotations

import pytest

from fanzha.consults.models import Consultation
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def test_an_alert_can_be_read_but_not_added_changed_or_deleted_in_the_admin(world, login):
    alert = AlertFactory(village=world.village_a1, township=world.township_a)
    client = login(world.user("admin"))
    assert client.get(f"/admin/alerts/alert/{alert.pk}/change/").status_code == 200
    assert client.get("/admin/alerts/alert/add/").status_code == 403
    assert client.get(f"/admin/alerts/alert/{alert.pk}/delete/").status_code == 403
    before = alert.external_id
    client.post(f"/admin/alerts/alert/{alert.pk}/change/", {"external_id": "CHANGED"})
    alert.refresh_from_db()
    assert alert.external_id == before


@pytest.mark.parametrize(
    "url", ["/admin/cases/case/add/", "/admin/funds/stoppayment/add/", "/admin/accounts/apitoken/add/"]
)
def test_services_own_records_cannot_be_added_in_the_admin(world, login, url):
    assert login(world.user("admin")).get(url).status_code == 403


def test_an_administrator_may_delete_a_consultation_but_not_change_it(world, login):
    consultation = Consultation.objects.create(
        channel="web", text="有人让我下载会议软件共享屏幕", fraud_type="impersonate_authority", is_fraud=True, score=0.9
    )
    client = login(world.user("admin"))
    assert client.get(f"/admin/consults/consultation/{consultation.pk}/delete/").status_code == 200
    client.post(f"/admin/consults/consultation/{consultation.pk}/delete/", {"post": "yes"})
    assert not Consultation.objects.filter(pk=consultation.pk).exists()
    assert client.get("/admin/consults/consultation/add/").status_code == 403

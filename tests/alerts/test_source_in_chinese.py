"""来源 on an alert's page is words an officer reads, not the sender's code (issue 15, item 6)."""

from __future__ import annotations

import pytest

from fanzha.alerts.models import TimelineEvent
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("source", "shown"),
    [("province", "省厅预警平台"), ("consultation", "群众咨询（民警登记）"), ("96110转来", "96110转来")],
)
def test_the_alert_page_names_the_source_in_chinese(world, login, source, shown):
    alert = AlertFactory(village=world.village_a1, assignee=world.user("officer_a1"), source=source)
    TimelineEvent.objects.create(alert=alert, kind="received", at=alert.received_at, data={"source": source})
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/").content.decode()
    assert page.count(shown) >= 2  # the header and the timeline
    if shown != source:
        assert f" {source} " not in page and f"：{source}" not in page


def test_the_dispatch_choice_says_what_to_do_instead_of_dashes(world, login):
    alert = AlertFactory(village=None, township=None, status="new")
    page = login(world.user("centre")).get(f"/alerts/{alert.pk}/").content.decode()
    assert "分派到村（社区）" in page and "---------" not in page and ">请选择<" in page

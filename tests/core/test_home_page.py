"""The home page puts first what the role must do first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db


def test_an_officer_sees_their_open_alerts_first(world, login):
    mine = AlertFactory(
        village=world.village_a1, township=world.township_a, assignee=world.user("officer_a1"), status="assigned"
    )
    other = AlertFactory(village=world.village_b1, township=world.township_b, status="assigned")
    page = login(world.user("officer_a1")).get("/").content.decode()
    assert "待我处置的预警" in page
    assert f'data-alert="{mine.pk}"' in page
    assert f'data-alert="{other.pk}"' not in page


def test_the_duty_operator_sees_overdue_counts_and_money_held(world, login):
    AlertFactory(
        village=world.village_a1,
        township=world.township_a,
        status="assigned",
        contact_deadline=timezone.now() - timedelta(minutes=3),
    )
    page = login(world.user("centre")).get("/").content.decode()
    assert "预警处置" in page and "逾期" in page
    assert "紧急止付" in page
    assert "待我处置的预警" not in page


def test_a_chief_counts_only_their_own_townships(world, login):
    AlertFactory(village=world.village_b1, township=world.township_b, status="assigned")
    response = login(world.user("chief_a")).get("/")
    assert response.context["counts"]["open"] == 0

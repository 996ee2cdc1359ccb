from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fanzha.outreach.models import HeadVisit


def test_group_page_shows_head_households_and_records_a_visit(world, hood, login):
    client = login(world.user("assistant_a1"))
    page = client.get(f"/outreach/groups/{hood.group_1.pk}/")
    text = page.content.decode()
    assert "户长甲" in text and "group:" not in text
    household = hood.group_1_households[1]
    response = client.post(
        f"/outreach/groups/{hood.group_1.pk}/visits/",
        {"household": household.pk, "date": timezone.localdate().isoformat(), "note": "讲解刷单诈骗"},
    )
    assert response.status_code == 302
    assert HeadVisit.objects.get().household == household
    assert "讲解刷单诈骗" in client.get(f"/outreach/groups/{hood.group_1.pk}/").content.decode()


def test_visit_to_a_household_of_another_group_or_in_the_future_is_refused(world, hood, login):
    client = login(world.user("assistant_a1"))
    other = client.post(
        f"/outreach/groups/{hood.group_1.pk}/visits/",
        {"household": hood.group_2_households[0].pk, "date": timezone.localdate().isoformat()},
    )
    future = client.post(
        f"/outreach/groups/{hood.group_1.pk}/visits/",
        {"household": hood.group_1_households[0].pk, "date": (timezone.localdate() + timedelta(days=2)).isoformat()},
    )
    assert (other.status_code, future.status_code) == (400, 400)
    assert not HeadVisit.objects.exists()


def test_group_of_another_township_is_not_found(world, hood, login):
    assert login(world.user("officer_b1")).get(f"/outreach/groups/{hood.group_1.pk}/").status_code == 404

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fanzha.outreach.models import Activity, ActivityHousehold


def test_phone_form_logs_a_group_with_todays_date(world, hood, login):
    client = login(world.user("assistant_a1"))
    page = client.get("/outreach/activities/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "进学校" in text and "快递宣传" in text
    assert f'value="{timezone.localdate().isoformat()}"' in text  # the date defaults to today
    assert "一组" in text and "二组" in text  # the only village's groups are offered at once
    ids = [h.pk for h in hood.group_2_households]
    response = client.post(
        "/outreach/activities/new/",
        {
            "kind": "village",
            "date": timezone.localdate().isoformat(),
            "village": world.village_a1.pk,
            "households": ids,
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert set(ActivityHousehold.objects.filter(activity=activity).values_list("household_id", flat=True)) == set(ids)
    assert "覆盖户" in client.get(response["Location"]).content.decode()


def test_form_refuses_a_future_date_and_a_household_it_did_not_offer(world, hood, login):
    client = login(world.user("assistant_a1"))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        "/outreach/activities/new/",
        {"kind": "village", "date": tomorrow, "village": world.village_a1.pk, "households": [hood.outside.pk]},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "日期不能晚于今天" in text
    assert not Activity.objects.exists()


def test_village_outside_scope_cannot_be_chosen(world, hood, login):
    client = login(world.user("assistant_a1"))
    response = client.post(
        "/outreach/activities/new/",
        {"kind": "village", "date": timezone.localdate().isoformat(), "village": world.village_b1.pk},
    )
    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_activity_page_of_another_township_is_not_found(world, hood, login, api_client):
    api_client(world.user("assistant_a1")).post(
        "/api/v1/outreach/activities",
        {"kind": "family", "date": timezone.localdate().isoformat(), "households": [hood.group_1_households[0].pk]},
    )
    activity = Activity.objects.get()
    assert login(world.user("officer_b1")).get(f"/outreach/activities/{activity.pk}/").status_code == 404

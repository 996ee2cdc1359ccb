"""Phones and money read the same way on every page and document (issue 15, item 7)."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template

from fanzha.core.phones import display_phone, mask_phone


def test_a_mobile_is_shown_in_three_groups_and_a_landline_with_its_area_code():
    assert display_phone("+8616697718361") == "166 9771 8361"
    assert display_phone("+868785211234") == "0878-5211234"
    assert mask_phone("+8616697718361") == "166****8361"
    assert display_phone("not a number") == "not a number"  # kept as sent, never an error


def test_money_and_phones_in_templates():
    rendered = Template("{% load core_tags %}{{ a|yuan }}|{{ b|yuan }}|{{ p|phone }}|{{ p|tel }}").render(
        Context({"a": Decimal("50000"), "b": None, "p": "+8616697718361"})
    )
    assert rendered == "¥50,000.00|—|166 9771 8361|tel:16697718361"


def test_the_alert_page_shows_the_amount_at_risk_like_every_other_amount(world, login):
    from tests.factories import AlertFactory

    alert = AlertFactory(village=world.village_a1, assignee=world.user("officer_a1"), amount_at_risk=Decimal("50000"))
    alert.victim_phone = "+8616697718361"
    alert.save()
    client = login(world.user("officer_a1"))
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "¥50,000.00" in page and "¥50000" not in page
    person = client.get(f"/alerts/{alert.pk}/person/", headers={"HX-Request": "true"}).content.decode()
    assert "166 9771 8361" in person and "+8616697718361<" not in person

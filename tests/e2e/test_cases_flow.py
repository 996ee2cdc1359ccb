"""A station chief records a case on a phone, sees accountability start, and a unit's letter is made."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from fanzha.cases.models import Case, NoticeLetter
from fanzha.people.models import KeyGroup
from tests.factories import OrganisationFactory


def test_registering_a_case_starts_accountability(world, new_page, login_as, live_url):
    page = new_page("phone")
    login_as(page, "t_chief_a")
    page.goto(live_url("/cases/new/"))
    now = timezone.localtime()
    page.fill("#id_case_number", "E2E-001")
    page.fill("#id_victim_name", "某外地游客")
    page.fill("#id_occurred_at", (now - timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_reported_at", (now - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_fraud_type", "order_brushing")
    page.select_option("#id_contact_method", "wechat")
    page.select_option("#id_township", str(world.township_a.pk))
    page.fill("#id_loss_amount", "8600.50")
    page.click("#case-form button[type=submit]")
    page.wait_for_url("**/cases/*/")
    assert page.locator("h1").inner_text().endswith("E2E-001")
    assert page.get_by_text("¥8,600.50").count() >= 1
    assert page.locator("#h-review").is_visible() and page.locator("#h-interview").is_visible()
    assert "甲镇党委、政府" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert Case.objects.get().created_by == world.user("chief_a")
    for path in ("/cases/", "/cases/letters/", f"/cases/townships/{world.township_a.pk}/history/"):
        page.goto(live_url(path))
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1, path


def test_a_selection_of_units_becomes_a_zip(world, new_page, login_as, live_url):
    unit = OrganisationFactory(name="甲镇中心学校", township=world.township_a)
    world.resident_a1.organisation = unit
    world.resident_a1.save()
    world.resident_a1.key_groups.add(KeyGroup.objects.get(code="teacher"))
    OrganisationFactory(name="甲镇农机站", township=world.township_a)
    page = new_page("desktop")
    login_as(page, "t_centre")
    page.goto(live_url("/cases/letters/"))
    assert page.get_by_text("无重点人群人员").count() == 1
    page.locator("thead input[type=checkbox]").check()
    page.click("#letter-batch-submit")
    page.wait_for_url("**/core/jobs/*/")
    page.get_by_text("生成提示函 1 份").wait_for()
    assert NoticeLetter.objects.get().organisation == unit

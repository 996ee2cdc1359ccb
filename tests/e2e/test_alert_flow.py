"""The race against time, end to end in a real browser: the duty operator enters an alert, the village
officer sees it on a phone, opens the person, records a visit that dissuaded them, and the centre's
board shows it closed with every step on the timeline."""

from __future__ import annotations

from playwright.sync_api import expect

from fanzha.alerts.models import Alert
from fanzha.notify.models import Notification


def test_operator_enters_officer_dissuades_board_shows_closed(world, new_page, login_as, live_url, tmp_path):
    operator = new_page("desktop")
    login_as(operator, "t_centre")
    operator.goto(live_url("/alerts/new/"))
    operator.check("input[name=level][value=high]")
    operator.select_option("select[name=fraud_type]", "impersonate_authority")
    operator.fill("input[name=victim_phone]", "139 0000 0001")
    operator.fill("input[name=victim_name]", "甲一")
    operator.fill("input[name=amount_at_risk]", "80000")
    operator.fill("textarea[name=description]", "银行来电：客户称“公安”要求转入安全账户")
    operator.fill("textarea[name=suspect_apps]", "屏幕共享助手")
    with operator.expect_navigation():
        operator.click("#alert-entry button[type=submit]")
    expect(operator.locator(".messages")).to_contain_text("预警已录入并分派")
    expect(operator.locator("main")).to_contain_text("民警甲")
    alert = Alert.objects.get()
    assert Notification.objects.filter(
        user__username="t_officer_a1", event_key__startswith=f"alert:{alert.pk}:assigned:"
    ).exists()

    officer = new_page("phone")
    login_as(officer, "t_officer_a1")
    officer.goto(live_url("/alerts/"))
    card = officer.locator(f'[data-alert="{alert.pk}"]')
    expect(card).to_contain_text("冒充公检法")
    expect(card).to_contain_text("派给我")
    expect(card).to_contain_text("还剩")
    card.click()
    expect(officer.locator("#person")).to_contain_text("139****0001")
    expect(officer.locator("#person")).not_to_contain_text("甲一")
    officer.click("[data-action=open-person]")
    expect(officer.locator("#person")).to_contain_text("139 0000 0001")
    expect(officer.locator("#person")).to_contain_text("甲一")
    expect(officer.locator("main")).to_contain_text("处置要点")
    officer.screenshot(path=tmp_path / "alert-task-phone.png", full_page=True)
    with officer.expect_navigation():
        officer.get_by_role("button", name="上门劝阻成功").click()
    expect(officer.locator(".messages")).to_contain_text("预警已办结")
    expect(officer.locator("[data-status]")).to_have_attribute("data-status", "closed")

    operator.goto(live_url("/alerts/board/?status=closed"))
    row = operator.locator(f'tr[data-alert="{alert.pk}"]')
    expect(row).to_contain_text("已办结")
    expect(row).to_contain_text("劝阻成功")
    operator.screenshot(path=tmp_path / "alert-board-desktop.png", full_page=True)
    operator.goto(live_url(f"/alerts/{alert.pk}/"))
    timeline = operator.locator("#timeline")
    for step in ("received", "routed", "notified", "opened", "attempt", "closed"):
        expect(timeline.locator(f'li[data-kind="{step}"]')).to_have_count(1)
    expect(timeline).to_contain_text("上门见面，联系上，劝阻成功")
    expect(timeline).to_contain_text("民警甲")
    operator.screenshot(path=tmp_path / "alert-timeline-desktop.png", full_page=True)

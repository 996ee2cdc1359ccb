"""Money already sent: on a phone, the village officer opens an emergency stop-payment from the alert,
the bank confirms it, and the 48 h countdown shows on the stop and on the list."""

from __future__ import annotations

import re
from decimal import Decimal

from playwright.sync_api import expect

from fanzha.funds.models import StopPayment
from tests.factories import AlertFactory


def test_officer_opens_a_stop_payment_on_a_phone_and_sees_the_countdown(world, new_page, login_as, live_url, tmp_path):
    alert = AlertFactory(village=world.village_a1, amount_at_risk=Decimal("30000.00"))
    officer = new_page("phone")
    login_as(officer, "t_officer_a1")
    officer.goto(live_url(f"/funds/new/?alert={alert.pk}"))
    expect(officer.locator("main")).to_contain_text(alert.external_id)
    officer.fill("input[name=bank]", "中国建设银行")
    officer.fill("input[name=holder_name]", "王某某")
    officer.fill("input[name=account_number]", "6222 0200 1234 5678")
    # Nobody said yet what was sent: the amount at risk (what the warning feared) is not offered.
    expect(officer.locator("input[name=amount]")).to_have_value("")
    officer.fill("input[name=amount]", "30000")
    officer.fill("input[name=transaction_at]", "2024-05-01T09:30")
    with officer.expect_navigation():
        officer.click("#stoppayment-form button[type=submit]")
    expect(officer.locator(".messages")).to_contain_text("48小时倒计时开始")
    countdown = officer.locator("#countdown .countdown [data-left]")
    expect(countdown).to_have_text(re.compile(r"^(47:5\d|48:00)$"))

    with officer.expect_navigation():
        officer.click("[data-action=effective]")
    expect(officer.locator("[data-status]")).to_have_attribute("data-status", "effective")
    expect(countdown).to_have_text(re.compile(r"^(47:5\d|48:00)$"))
    stop = StopPayment.objects.get()
    assert stop.status == StopPayment.Status.EFFECTIVE
    officer.screenshot(path=tmp_path / "funds-stop-phone.png", full_page=True)

    officer.goto(live_url("/funds/"))
    row = officer.locator(f'tr[data-stop="{stop.pk}"]')
    expect(row).to_contain_text("6222********5678")
    expect(row).not_to_contain_text("6222020012345678")
    expect(row.locator("[data-left]")).to_have_text(re.compile(r"^(47:5\d|48:00)$"))
    expect(officer.locator('[data-total="stopped"]')).to_have_text("¥30,000.00")
    # Phone-friendly: nothing wider than the screen.
    assert officer.evaluate("document.documentElement.scrollWidth") <= 390
    officer.screenshot(path=tmp_path / "funds-list-phone.png", full_page=True)

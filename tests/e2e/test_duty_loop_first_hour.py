"""The first hour of the duty loop, as the centre (desktop) and a village officer (390 px phone) live it:
the new high alert is the first row and rings the board; another user's action shows on the open alert
page within 5 s (what the issue asks: it is the user-visible promise, not a timing of code); a
stop-payment is three taps from the alert card; the 倒查 agrees with what was done."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from fanzha.alerts.services import AlertIntake, alert_close, alert_intake, attempt_record
from fanzha.cases.models import Case
from fanzha.funds.models import StopPayment
from tests.factories import AlertFactory

FOLLOWS_WITHIN_MS = 5_000


def intake(external_id: str, **fields):
    data = {"source": "province", "level": "high", "fraud_type": "impersonate_authority"}
    data.update(fields)
    return alert_intake(data=AlertIntake(external_id=external_id, **data), by=None)[0]


def test_the_new_high_alert_arrives_as_the_first_row_marked_new_and_rings(
    world, new_page, login_as, live_url, tmp_path
):
    long_ago = timezone.now() - timedelta(hours=4)
    for n in range(12):
        AlertFactory(village=world.village_a1, level="medium", received_at=long_ago - timedelta(minutes=n))
    centre = new_page("desktop")
    login_as(centre, "t_centre")
    centre.goto(live_url("/alerts/board/"))
    expect(centre.locator("#overdue-alerts tbody tr[data-alert]")).to_have_count(12)
    expect(centre.locator("input[data-alert-sound]")).to_be_checked()

    fresh = intake("E2E-NEW-HIGH", victim_phone="13900000002")
    first_row = centre.locator("#live-alerts tbody tr").first
    expect(first_row).to_have_attribute("data-alert", str(fresh.pk), timeout=FOLLOWS_WITHIN_MS)
    expect(first_row).to_contain_text("新")
    expect(first_row).to_contain_text("还剩")
    expect(centre).to_have_title(re.compile(r"^\(1\) 值班看板"))
    expect(centre.locator("body")).to_have_attribute("data-alert-sound-played", "1")
    centre.screenshot(path=tmp_path / "board-new-alert.png", full_page=True)

    centre.locator(f'#live-alerts tr[data-alert="{fresh.pk}"] a').click()
    centre.go_back()
    expect(centre.locator(f'#live-alerts tr[data-alert="{fresh.pk}"]')).not_to_have_class("unseen")


def test_another_users_action_shows_on_the_open_alert_page_and_the_countdown_stops(world, new_page, login_as, live_url):
    alert = intake("E2E-FOLLOW", victim_phone="13900000001")
    officer = new_page("phone")
    login_as(officer, "t_officer_a1")
    officer.goto(live_url(f"/alerts/{alert.pk}/"))
    expect(officer.locator("#alert-state")).to_contain_text("还剩")

    attempt_record(alert=alert, by=world.user("centre"), method="phone", reached=False)
    expect(officer.locator('#timeline li[data-kind="attempt"]')).to_have_count(1, timeout=FOLLOWS_WITHIN_MS)

    alert_close(alert=alert, by=world.user("chief_a"), outcome="not_fraud", note="核实为正常转账")
    expect(officer.locator("#alert-head [data-status]")).to_have_attribute(
        "data-status", "closed", timeout=FOLLOWS_WITHIN_MS
    )
    expect(officer.locator("#alert-state")).not_to_contain_text("还剩")
    expect(officer.locator("#alert-work")).not_to_contain_text("记录劝阻")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 390


def test_money_sent_to_stop_payment_in_three_taps_and_the_backward_check_agrees(
    world, new_page, login_as, live_url, tmp_path
):
    alert = intake(
        "E2E-MONEY",
        victim_phone="13900000001",
        amount_at_risk=Decimal("50000"),
        suspect_accounts=["6222 0200 1234 5678"],
    )
    officer = new_page("phone")
    login_as(officer, "t_officer_a1")
    officer.goto(live_url("/alerts/"))
    taps = 0

    with officer.expect_navigation():
        officer.locator(f'[data-alert="{alert.pk}"] [data-action="money-sent"]').click()
        taps += 1
    officer.fill("input[name=amount_sent]", "30000")
    with officer.expect_navigation():
        officer.click("#money-sent-form button[type=submit]")
        taps += 1
    expect(officer.locator("input[name=account_number]")).to_have_value("6222020012345678")
    expect(officer.locator("input[name=amount]")).to_have_value("30000.00")
    officer.fill("input[name=bank]", "中国建设银行")
    officer.fill("input[name=holder_name]", "王某某")
    officer.fill("input[name=transaction_at]", timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    with officer.expect_navigation():
        officer.click("#stoppayment-form button[type=submit]")
        taps += 1
    expect(officer.locator(".messages")).to_contain_text("48小时倒计时开始")
    assert taps <= 3
    stop = StopPayment.objects.get()
    assert (stop.account_number, stop.amount, stop.alert_id) == ("6222020012345678", Decimal("30000.00"), alert.pk)
    officer.screenshot(path=tmp_path / "stop-after-three-taps.png", full_page=True)

    # The case, opened from the alert, starts filled; the 倒查 counts the stop filed on it.
    officer.goto(live_url(f"/alerts/{alert.pk}/"))
    with officer.expect_navigation():
        officer.click('[data-action="open-case"]')
    expect(officer.locator("input[name=loss_amount]")).to_have_value("30000.00")
    officer.fill("input[name=case_number]", "E2E-CASE-1")
    officer.select_option("select[name=contact_method]", "phone")
    with officer.expect_navigation():
        officer.click("#case-form button[type=submit]")
    case = Case.objects.get(case_number="E2E-CASE-1")
    assert list(case.alerts.all()) == [alert]
    stop_row = officer.locator("tr", has=officer.locator("td", has_text=re.compile(r"^紧急止付$")))
    expect(stop_row).to_contain_text("到位")
    expect(stop_row).not_to_contain_text("未到位")

    # Unlinked, the stop on the victim's own alert still counts.
    with officer.expect_navigation():
        officer.click(f'#case-alerts [data-alert="{alert.pk}"] [data-action="unlink-alert"]')
    expect(officer.locator("#case-alerts")).not_to_contain_text(alert.external_id)
    expect(stop_row).not_to_contain_text("未到位")
    assert officer.evaluate("document.documentElement.scrollWidth") <= 390

"""A citizen on a phone pastes a message from "the police" asking for a transfer to a 安全账户, picks
their village and leaves a number: the answer names the fraud, highlights the red flags, gives the
officer to call and 96110, and says the police will get in touch."""

from __future__ import annotations

from playwright.sync_api import expect

from fanzha.consults.models import Consultation

SCAM = (
    "【市公安局】你好，我是刑侦支队民警，你的身份证涉嫌一起洗钱案件，已被列入通缉令。"
    "现在需要对你的资金进行资金清查，请把钱转到我们指定的安全账户，不要告诉任何人。"
)


def test_citizen_on_a_phone_sees_the_red_flags_and_96110(world, new_page, live_url):
    officer = world.user("officer_a1")
    officer.phone = "13800001111"
    officer.save()

    page = new_page("phone")
    page.goto(live_url("/consult/"))
    expect(page.locator("h1")).to_contain_text("是不是诈骗")
    page.fill("textarea[name=text]", SCAM)
    page.fill("input[name=phone]", "138 0000 7777")
    page.select_option("select[name=village]", label="东山村")
    with page.expect_navigation():
        page.click("#consult-form button[type=submit]")

    answer = page.locator("#answer")
    expect(answer).to_contain_text("很可能是诈骗")
    expect(answer).to_contain_text("冒充公检法")
    expect(answer).to_contain_text("民警会尽快与您联系")
    marks = page.locator("[data-consult-text] mark")
    expect(marks.filter(has_text="安全账户")).to_have_count(1)
    expect(marks.filter(has_text="资金清查")).to_have_count(1)
    expect(page.locator("[data-police]")).to_contain_text("民警甲")
    expect(page.locator("a[href='tel:13800001111']")).to_be_visible()
    call = page.locator("a[href='tel:96110']")
    expect(call).to_be_visible()
    box = call.bounding_box()
    assert box is not None and box["width"] <= 390  # fits the phone's width
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    consultation = Consultation.objects.get()
    assert consultation.alert is not None and consultation.alert.assignee == officer


def test_citizen_without_javascript_gets_the_same_answer(world, browser, live_url):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    try:
        page = context.new_page()
        page.goto(live_url("/consult/"))
        page.fill("textarea[name=text]", SCAM)
        with page.expect_navigation():
            page.click("#consult-form button[type=submit]")
        expect(page.locator("#answer")).to_contain_text("很可能是诈骗")
        expect(page.locator("[data-consult-text] mark").first).to_be_visible()
        expect(page.locator("a[href='tel:96110']")).to_be_visible()
    finally:
        context.close()


ADVERT = (
    "【城东汽车城】国庆购车节，新车置换补贴最高8000元，到店试驾送保养一次，"
    "地址：城东大道166号，电话0878-6612345，回TD退订"
)


def test_citizen_who_pastes_an_advert_is_told_it_is_marketing_and_no_officer_is_called(world, new_page, live_url):
    page = new_page("phone")
    page.goto(live_url("/consult/"))
    page.fill("textarea[name=text]", ADVERT)
    page.fill("input[name=phone]", "138 0000 7777")
    page.select_option("select[name=village]", label="东山村")
    with page.expect_navigation():
        page.click("#consult-form button[type=submit]")

    answer = page.locator("#answer")
    expect(answer).to_contain_text("这像是营销广告，不是诈骗话术")
    expect(answer).not_to_contain_text("很可能是诈骗")
    expect(answer).not_to_contain_text("民警会尽快与您联系")
    expect(page.locator("ul.advice")).to_contain_text("96110")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    consultation = Consultation.objects.get()
    assert consultation.advert and consultation.alert is None

"""The first hour of each role on a 390 px phone (the centre on a desktop), walking the pages issue 15
found wrong: no English word or internal code where a Chinese user reads, a header that leaves the
phone's screen to the work, the assistant's outreach pages filled in, and a village select that
follows the township."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fanzha.alerts.models import TimelineEvent
from fanzha.cases.services import CaseInput, case_register
from tests.factories import AlertFactory, GroupFactory, HouseholdFactory, OrganisationFactory, ResidentFactory

# Names and formats a Chinese officer reads as they are, and the language switch.
ALLOWED = {"App", "Word", "PDF", "Excel", "English", "QQ", "API", "WeCom", "DingTalk", "Webhook"}
# How internal codes leaked: a key such as village:12, a query such as township=3, Django's empty
# choice, a phone in E.164, a value's code instead of its label.
CODES = re.compile(r"\b[a-z_]+:\d+\b|\b[a-z_]+=\d+\b|-{5,}|\+86\d{6,}")
RECORD_NUMBER = re.compile(r"\b[A-Z]+(?:-[A-Z0-9]+)*-\d+\b")  # 预警编号 TEST-000001, 案件编号 C-1
HEADER_MAX_PX = 100

WORDS_SEEN = """() => [
  document.title,
  document.body.innerText,
  ...Array.from(document.querySelectorAll("option")).map(o => o.textContent),
  ...Array.from(document.querySelectorAll("input[placeholder]")).map(i => i.placeholder),
].join("\\n")"""


def problems_on(page) -> list[str]:
    text = RECORD_NUMBER.sub(" ", page.evaluate(WORDS_SEEN))
    english = sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED})
    codes = sorted(set(CODES.findall(text)))
    return [f"English {english}"] * bool(english) + [f"codes {codes}"] * bool(codes)


def walk(page, live_url, paths: list[str], *, phone: bool) -> None:
    for path in paths:
        response = page.goto(live_url(path))
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        found = problems_on(page)
        assert not found, f"{path}: {'; '.join(found)}"
        if phone:
            header = page.locator("header.top").bounding_box()
            assert header is not None and header["height"] <= HEADER_MAX_PX, f"{path}: header {header}"
            brand = page.locator("header.top .brand").bounding_box()
            switch = page.locator("header.top .lang button").bounding_box()
            assert brand and switch and abs(switch["y"] - brand["y"]) < 20, "the language switch has its own row"


def _world_at_work(world):
    a1 = world.village_a1
    group = GroupFactory(village=a1, name="三组", head=world.resident_a1)
    for name in ("张三丰", "李四海", "王五"):
        ResidentFactory(household=HouseholdFactory(village=a1, group=group, address="幸福路三组12号"), name=name)
    alert = AlertFactory(
        village=a1,
        assignee=world.user("officer_a1"),
        source="consultation",
        amount_at_risk=Decimal("50000"),
        victim_name="甲一",
        victim_phone="+8616697718361",
        resident=world.resident_a1,
    )
    TimelineEvent.objects.create(alert=alert, kind="received", at=alert.received_at, data={"source": "consultation"})
    unit = OrganisationFactory(name="甲镇卫生院", township=world.township_a, village=world.village_a2)
    occurred = timezone.now() - timedelta(days=2)
    case = case_register(
        data=CaseInput(
            case_number="C-1",
            occurred_at=occurred,
            reported_at=occurred + timedelta(hours=1),
            fraud_type="order_brushing",
            contact_method="qq",
            loss_amount=Decimal("30000.00"),
            victim_resident_id=world.resident_a1.pk,
            organisation_id=unit.pk,
        ),
        by=None,
    )[0]
    return group, alert, case, unit


def test_the_assistant_on_a_phone(world, new_page, login_as, live_url):
    group, alert, _case, _unit = _world_at_work(world)
    page = new_page("phone")
    login_as(page, "t_assistant_a1")
    walk(
        page,
        live_url,
        [
            "/",
            "/alerts/",
            f"/alerts/{alert.pk}/",
            "/outreach/",
            "/outreach/coverage/",
            "/outreach/groups/",
            f"/outreach/groups/{group.pk}/",
            "/outreach/activities/new/",
            "/people/residents/",
            "/notify/",
        ],
        phone=True,
    )
    page.goto(live_url("/outreach/coverage/"))
    assert page.locator(f"#coverage-table tr[data-village='{world.village_a1.pk}']").count() == 1
    page.goto(live_url(f"/outreach/groups/{group.pk}/"))
    choices = page.locator("#id_household option").all_inner_texts()
    assert len(choices) == 3 and len(set(choices)) == 3
    assert page.locator("a[href='/notify/channels/']").count() == 0


def test_the_officer_on_a_phone(world, new_page, login_as, live_url):
    group, alert, case, unit = _world_at_work(world)
    page = new_page("phone")
    login_as(page, "t_officer_a1")
    walk(
        page,
        live_url,
        [
            "/",
            "/alerts/",
            f"/alerts/{alert.pk}/",
            "/cases/",
            f"/cases/{case.pk}/",
            "/cases/new/",
            f"/cases/organisations/{unit.pk}/history/",
            "/funds/",
            "/outreach/coverage/",
            f"/outreach/groups/{group.pk}/",
        ],
        phone=True,
    )
    page.goto(live_url(f"/alerts/{alert.pk}/"))
    assert "¥50,000.00" in page.locator("main").inner_text()
    page.locator("[data-action=open-person]").click()
    page.locator("#person a[href^='tel:']").first.wait_for()
    assert "166 9771 8361" in page.locator("#person").inner_text()
    page.goto(live_url("/cases/"))
    page.locator(f"a[href='/cases/organisations/{unit.pk}/history/']").first.click()
    assert page.locator("h1").count() == 1 and "甲镇卫生院" in page.locator("main").inner_text()


def test_the_grid_worker_on_a_phone(world, new_page, login_as, live_url):
    group, _alert, _case, _unit = _world_at_work(world)
    page = new_page("phone")
    login_as(page, "t_grid_a1")
    walk(page, live_url, ["/", "/alerts/", "/outreach/coverage/", f"/outreach/groups/{group.pk}/"], phone=True)


def test_the_station_chief_on_a_phone(world, new_page, login_as, live_url):
    _world_at_work(world)
    page = new_page("phone")
    login_as(page, "t_chief_a")
    walk(page, live_url, ["/", "/alerts/board/", "/cases/", "/stats/", "/outreach/groups/", "/funds/"], phone=True)


def test_the_centre_on_a_desktop_with_a_village_select_that_follows_the_township(world, new_page, login_as, live_url):
    _world_at_work(world)
    page = new_page("desktop")
    login_as(page, "t_centre")
    walk(
        page,
        live_url,
        [
            "/",
            "/stats/?start=2025-13-01",
            "/notify/channels/",
            "/outreach/groups/",
            "/people/residents/",
            "/cases/new/",
        ],
        phone=False,
    )
    for path in ("/people/residents/", "/stats/"):
        page.goto(live_url(path))
        page.select_option("select[name=township]", str(world.township_b.pk))
        offered = page.eval_on_selector(
            "select[name=village]", "s => Array.from(s.options).filter(o => !o.hidden && o.value).map(o => o.value)"
        )
        assert offered == [str(world.village_b1.pk)], path
        page.select_option("select[name=township]", "")
        offered = page.eval_on_selector(
            "select[name=village]", "s => Array.from(s.options).filter(o => !o.hidden && o.value).length"
        )
        assert offered == 3, path

"""Pages run under a strict Content-Security-Policy: scripts and styles only from the site's own files, no
inline script, style or handler. A real Chromium records every violation (the securitypolicyviolation
event; the conftest also fails a test on the console error Chromium writes for one), while the pages'
own behaviour — charts with their tooltips, live refresh, select-all, submit-on-change — still works."""

from __future__ import annotations

from playwright.sync_api import expect

from fanzha.alerts.services import AlertIntake, alert_intake
from fanzha.people.models import KeyGroup
from tests.factories import OrganisationFactory

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});
"""


def test_daily_pages_run_with_no_content_security_policy_violation(world, new_page, login_as, live_url):
    alert, _created = alert_intake(
        data=AlertIntake(
            external_id="CSP-1", source="province", level="high", fraud_type="loan", victim_phone="13900000001"
        ),
        by=world.user("centre"),
    )
    unit = OrganisationFactory(name="甲镇中心学校", township=world.township_a)
    world.resident_a1.organisation = unit
    world.resident_a1.save()
    world.resident_a1.key_groups.add(KeyGroup.objects.get(code="teacher"))
    page = new_page("desktop")
    page.add_init_script(RECORD_VIOLATIONS)
    login_as(page, "t_centre")

    for path in [
        "/",
        "/alerts/board/",
        f"/alerts/{alert.pk}/",
        "/alerts/new/",
        "/cases/letters/",
        "/outreach/coverage/",
        "/people/residents/",
        "/notify/",
        "/stats/?start=2025-01-01&end=2025-12-31",
    ]:
        response = page.goto(live_url(path))
        assert response is not None and response.status == 200, path
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy
        if path.startswith("/stats/"):
            chart = page.locator("#chart-trend canvas").first
            chart.wait_for()
            chart.hover()  # ECharts' tooltip: rich text on the canvas, not HTML with inline styles
        assert page.evaluate("window.__violations") == [], path

    page.goto(live_url("/cases/letters/"))
    page.locator("thead input[type=checkbox]").check()  # select-all, from app.js since no onclick may run
    expect(page.locator("#letter-batch input[name=organisation]").first).to_be_checked()
    page.goto(live_url("/outreach/coverage/"))
    with page.expect_navigation():
        page.select_option("select[name=township]", str(world.township_b.pk))  # submits on change
    assert f"township={world.township_b.pk}" in page.url
    assert page.evaluate("window.__violations") == []

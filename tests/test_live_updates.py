"""Pages follow changes made elsewhere: they poll /live/ with the ETag of the last answer, get 304 while
nothing changed, and new stamps when an alert, a stop-payment or the user's inbox changes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.alerts.services import attempt_record
from fanzha.funds.services import stoppayment_mark_effective, stoppayment_request
from fanzha.notify.models import Notification
from fanzha.views import _inbox, _shared
from tests.factories import AlertFactory

pytestmark = pytest.mark.django_db

TOPICS = {"topics": "alerts,funds,notify"}


@pytest.fixture(autouse=True)
def _fresh_stamps():
    _shared.clear()
    _inbox.clear()  # the twice-a-second read of the shared stamps: each step here must see the database
    yield
    _shared.clear()
    _inbox.clear()


def ask(client, etag=None):
    _shared.clear()
    _inbox.clear()
    headers = {"If-None-Match": etag} if etag else {}
    return client.get("/live/", TOPICS, headers=headers)


def test_nothing_changed_is_a_304_without_a_body(world, login):
    client = login(world.user("officer_a1"))
    first = ask(client)
    assert first.status_code == 200 and set(first.json()) == {"alerts", "funds", "notify"}
    again = ask(client, first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_another_users_action_on_an_alert_changes_the_stamp(world, login):
    alert = AlertFactory(village=world.village_a1)
    client = login(world.user("officer_a1"))
    before = ask(client)
    attempt_record(alert=alert, by=world.user("centre"), method="phone", reached=False)
    after = ask(client, before["ETag"])
    assert after.status_code == 200 and after.json()["alerts"] != before.json()["alerts"]
    assert after.json()["funds"] == before.json()["funds"]


def test_a_stop_payment_taking_effect_changes_the_funds_stamp(world, login):
    alert = AlertFactory(village=world.village_a1)
    stop, _ = stoppayment_request(
        by=world.user("officer_a1"),
        alert=alert,
        bank="中国农业银行",
        holder_name="李某",
        account_number="6228480000000001",
        amount=Decimal("3000"),
        transaction_at=timezone.now(),
    )
    client = login(world.user("chief_a"))
    before = ask(client)
    stoppayment_mark_effective(stop=stop, by=world.user("centre"))
    after = ask(client, before["ETag"])
    assert after.status_code == 200 and after.json()["funds"] != before.json()["funds"]


def test_a_new_notification_changes_only_its_owners_badge_stamp(world, login):
    officer = login(world.user("officer_a1"))
    before = ask(officer)
    Notification.objects.create(user=world.user("officer_b1"), event_key="k1", subject="别人的通知")
    assert ask(officer, before["ETag"]).status_code == 304
    Notification.objects.create(user=world.user("officer_a1"), event_key="k2", subject="新预警")
    assert ask(officer, before["ETag"]).json()["notify"] != before.json()["notify"]


@pytest.mark.parametrize(
    ("user", "path", "regions"),
    [
        ("centre", "/alerts/board/", ['id="board" data-live="alerts"']),
        ("officer_a1", "/alerts/", ['id="task-cards" data-live="alerts"']),
        ("officer_a1", "/funds/", ['id="funds-stops" data-live="funds"', 'id="funds-totals" data-live="funds"']),
        ("officer_a1", "/", ['id="main-nav" data-live="notify"']),
    ],
)
def test_pages_that_show_alert_or_stop_state_mark_their_live_regions(world, login, user, path, regions):
    page = login(world.user(user)).get(path).content.decode()
    assert 'data-live-stamps="/live/"' in page
    for region in regions:
        assert region in page


def test_the_alert_page_follows_its_state_timeline_and_money_from_its_own_address(world, login):
    alert = AlertFactory(village=world.village_a1)
    page = login(world.user("officer_a1")).get(f"/alerts/{alert.pk}/person/").content.decode()
    src = f'data-live-src="/alerts/{alert.pk}/"'
    for region in ('id="alert-head"', 'id="alert-state"', 'id="alert-work"', 'id="alert-funds"', 'id="timeline"'):
        assert f"{region} data-live=" in page
    assert page.count(src) == 5  # never the person page, which is audited at every look


def test_the_stamps_need_a_signed_in_user(client, db):
    response = client.get("/live/", TOPICS)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def _wsgi_get(app, path: str, query: str, cookie: str, etag: str = "") -> tuple[str, dict[str, str], bytes]:
    answered: dict[str, object] = {}

    def start_response(status, headers):
        answered["status"], answered["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_COOKIE": cookie,
        "HTTP_IF_NONE_MATCH": etag,
    }
    body = b"".join(app(environ, start_response))
    return str(answered["status"]), answered["headers"], body  # type: ignore[return-value]


def test_the_signed_pass_is_answered_in_front_of_django_and_only_with_its_own_session(world, client):
    from django.conf import settings

    from fanzha.views import live_stamps_app

    client.force_login(world.user("officer_a1"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = client.get("/").content.decode()
    import re

    live_pass = re.search(r'data-live-pass="([^"]+)"', page).group(1)

    def django_app(environ, start_response):  # what would have run Django's middleware
        start_response("418 Django", [])
        return [b"django"]

    app = live_stamps_app(django_app)
    cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    status, headers, body = _wsgi_get(app, "/live/", f"topics=alerts,notify&pass={live_pass}", cookie)
    assert status.startswith("200") and set(json.loads(body)) == {"alerts", "notify"}
    status, _headers, body = _wsgi_get(app, "/live/", f"topics=alerts,notify&pass={live_pass}", cookie, headers["ETag"])
    assert status.startswith("304") and body == b""
    # Another session, a forged pass, or none: Django answers (through the session, or refuses).
    assert (
        _wsgi_get(app, "/live/", f"topics=alerts&pass={live_pass}", f"{settings.SESSION_COOKIE_NAME}=other")[2]
        == b"django"
    )
    assert _wsgi_get(app, "/live/", f"topics=alerts&pass={live_pass}x", cookie)[2] == b"django"
    assert _wsgi_get(app, "/live/", "topics=alerts", cookie)[2] == b"django"

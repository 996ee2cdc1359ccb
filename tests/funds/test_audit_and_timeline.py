"""Every change is audited and shows on the alert's timeline, with who did it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from fanzha.alerts.models import TimelineEvent
from fanzha.core.models import AuditEntry
from fanzha.funds import services

pytestmark = pytest.mark.django_db


def test_each_step_is_audited_and_on_the_timeline(world, alert_a, clock, request_stop, login):
    officer = world.user("officer_a1")
    stop = request_stop(alert_a, amount=Decimal("30000.00"))
    services.stoppayment_mark_effective(stop=stop, by=officer)
    freeze, _ = services.freeze_record(stop=stop, by=officer, amount=Decimal("30000.00"), frozen_by="县公安局")
    ret, _ = services.return_record(freeze=freeze, by=officer, amount=Decimal("12000.00"), returned_on=date.today())
    second = request_stop(alert_a, account_number="6217000011112222")
    services.stoppayment_mark_failed(stop=second, by=officer, reason="资金已转出")
    third = request_stop(alert_a, account_number="6228480033334444")
    services.stoppayment_mark_effective(stop=third, by=officer)
    clock.move(hours=48, seconds=1)
    services.stoppayments_expire_due()

    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor__username"))
    assert actions == [
        ("stoppayment.requested", "t_officer_a1"),
        ("stoppayment.effective", "t_officer_a1"),
        ("stoppayment.frozen", "t_officer_a1"),
        ("freeze.recorded", "t_officer_a1"),
        ("fundreturn.recorded", "t_officer_a1"),
        ("stoppayment.requested", "t_officer_a1"),
        ("stoppayment.failed", "t_officer_a1"),
        ("stoppayment.requested", "t_officer_a1"),
        ("stoppayment.effective", "t_officer_a1"),
        ("stoppayment.expired", None),
    ]
    assert AuditEntry.objects.get(action="fundreturn.recorded").object_id == str(ret.pk)

    kinds = list(TimelineEvent.objects.filter(alert=alert_a).order_by("at", "id").values_list("kind", flat=True))
    assert kinds == [
        "stoppayment_requested",
        "stoppayment_effective",
        "freeze",
        "fund_return",
        "stoppayment_requested",
        "stoppayment_failed",
        "stoppayment_requested",
        "stoppayment_effective",
        "stoppayment_expired",
    ]
    # The alert's page reads them as sentences, with the account masked.
    page = login(world.user("chief_a")).get(f"/alerts/{alert_a.pk}/").content.decode()
    assert "中国建设银行 6222********5678 ¥30,000.00（第1次止付）" in page
    assert "返还受害人 ¥12,000.00" in page
    assert "止付失败：资金已转出" in page
    assert "48小时止付期满，未冻结" in page
    assert "6222020012345678" not in page


def test_opening_the_full_account_is_audited(world, alert_a, request_stop, login, api_client):
    stop = request_stop(alert_a)
    page = login(world.user("chief_a")).get(f"/funds/{stop.pk}/").content.decode()
    assert "6222020012345678" in page
    api_client(world.user("chief_a")).get(f"/api/v1/stop-payments/{stop.pk}")
    viewed = AuditEntry.objects.filter(action="stoppayment.viewed", object_id=str(stop.pk))
    assert list(viewed.values_list("actor__username", flat=True)) == ["t_chief_a", "t_chief_a"]


def test_a_refused_change_leaves_no_trace(world, alert_a, request_stop):
    stop = request_stop(alert_a)
    before = AuditEntry.objects.count(), TimelineEvent.objects.count()
    with pytest.raises(services.FundsStateError):
        services.freeze_record(stop=stop, by=world.user("officer_a1"), amount=Decimal("1.00"))
    with pytest.raises(services.FundsInputError):
        services.stoppayment_mark_effective(
            stop=stop, by=world.user("officer_a1"), at=stop.requested_at - timedelta(hours=2)
        )
    assert (AuditEntry.objects.count(), TimelineEvent.objects.count()) == before

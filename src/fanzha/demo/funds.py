"""Demo money records for `fanzha demo`: stop-payments, freezes and returns for the demo alerts whose
victims had already sent money.

Written in bulk, not through the services: the history carries past times (a stop requested last
autumn, effective twenty minutes later, frozen the next day), which the services rightly refuse, and
the services would write a timeline entry and an audit entry per row. Amounts and banks come from the
seeded random stream; times follow the alert they belong to. The first stop is the report's ¥10,010.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fanzha.alerts.models import Alert
from fanzha.funds.models import DEFAULT_FREEZE_DAYS, STOP_WINDOW, Freeze, FundReturn, StopPayment
from fanzha.places.models import County

BANKS = [
    ("中国工商银行", "6222"),
    ("中国农业银行", "6228"),
    ("中国建设银行", "6217"),
    ("中国银行", "6216"),
    ("交通银行", "6222"),
    ("中国邮政储蓄银行", "6221"),
    ("招商银行", "6225"),
    ("云南省农村信用社", "6224"),
]
HOLDERS = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高"
GIVEN = ["伟", "芳", "强", "敏", "磊", "洋", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏"]
# What victims had sent when the stop went in: mostly thousands to tens of thousands, a few large.
AMOUNTS = [(3000, 20000, 35), (20000, 80000, 35), (80000, 300000, 22), (300000, 900000, 8)]


def _amount(rng: random.Random) -> Decimal:
    low, high, _w = rng.choices(AMOUNTS, weights=[w for *_, w in AMOUNTS])[0]
    # Victims send round-ish sums plus the odd ten yuan: ¥10,010, ¥46,280.
    return Decimal(rng.randrange(low, high, 10)).quantize(Decimal("0.01"))


def load_demo(*, county: County, rng: random.Random) -> str:
    alerts = list(
        Alert.objects.filter(
            township__county=county, outcome=Alert.Outcome.MONEY_SENT, closed_at__isnull=False
        ).order_by("id")
    )
    if not alerts:
        return "没有已被骗转账的预警，未生成止付记录"
    now = timezone.now()
    county_police = f"{county.name}公安局"
    used_accounts: set[str] = set()

    def account(prefix: str) -> str:
        while True:
            number = prefix + "".join(rng.choice("0123456789") for _ in range(rng.choice([12, 15])))
            if number not in used_accounts:
                used_accounts.add(number)
                return number

    stops: list[StopPayment] = []
    for n, alert in enumerate(alerts):
        if n > 0 and rng.random() < 0.15:
            continue  # reported too late, or the money had already left the account
        assert alert.closed_at is not None
        bank, prefix = rng.choice(BANKS)
        requested = alert.closed_at + timedelta(minutes=rng.randint(3, 40))
        if requested > now - timedelta(minutes=5):
            requested = now - timedelta(minutes=5)
        failed = n > 0 and rng.random() < 0.08
        effective = None if failed else requested + timedelta(minutes=rng.randint(8, 45))
        expires = (effective or requested) + STOP_WINDOW
        if failed:
            status = StopPayment.Status.FAILED
        elif expires > now:
            status = StopPayment.Status.EFFECTIVE
        else:
            status = StopPayment.Status.FROZEN if rng.random() < 0.7 else StopPayment.Status.EXPIRED
        stops.append(
            StopPayment(
                alert=alert,
                township_id=alert.township_id,
                village_id=alert.village_id,
                created_by=alert.assignee,
                bank=bank,
                holder_name=rng.choice(HOLDERS) + "".join(rng.sample(GIVEN, rng.choice([1, 2]))),
                account_number=account(prefix),
                amount=Decimal("10010.00") if n == 0 else _amount(rng),
                transaction_at=alert.closed_at - timedelta(minutes=rng.randint(5, 180)),
                status=status,
                requested_at=requested,
                effective_at=effective,
                expires_at=expires,
                closed_at=expires if status == StopPayment.Status.EXPIRED else None,
                failure_reason="账户已销户，止付未成功" if failed else "",
            )
        )
    stops = StopPayment.objects.bulk_create(stops, batch_size=500)

    freezes: list[Freeze] = []
    for stop in stops:
        if stop.status != StopPayment.Status.FROZEN:
            continue
        assert stop.effective_at is not None
        frozen_at = stop.effective_at + timedelta(hours=rng.randint(6, 40))
        if frozen_at > now:
            frozen_at = now - timedelta(minutes=1)
        stop.closed_at = frozen_at
        freezes.append(
            Freeze(
                alert_id=stop.alert_id,
                township_id=stop.township_id,
                village_id=stop.village_id,
                created_by_id=stop.created_by_id,
                stop_payment=stop,
                bank=stop.bank,
                holder_name=stop.holder_name,
                account_number=stop.account_number,
                # Part of the money has usually moved on before the freeze.
                amount=(stop.amount * Decimal(rng.choice(["1", "1", "0.9", "0.75", "0.6"]))).quantize(Decimal("0.01")),
                frozen_at=frozen_at,
                until=frozen_at + timedelta(days=DEFAULT_FREEZE_DAYS),
                frozen_by=county_police,
            )
        )
    StopPayment.objects.bulk_update([s for s in stops if s.closed_at], ["closed_at"], batch_size=500)
    freezes = Freeze.objects.bulk_create(freezes, batch_size=500)

    returns: list[FundReturn] = []
    victims = {a.pk: a.victim_name for a in alerts}
    today = timezone.localdate()
    for freeze in freezes:
        returned_on = timezone.localdate(freeze.frozen_at) + timedelta(days=rng.randint(20, 75))
        if returned_on > today or rng.random() < 0.3:
            continue  # still frozen, waiting for the bank's procedure
        share = Decimal(rng.choice(["1", "1", "0.8", "0.5"]))
        returns.append(
            FundReturn(
                alert_id=freeze.alert_id,
                township_id=freeze.township_id,
                village_id=freeze.village_id,
                created_by_id=freeze.created_by_id,
                freeze=freeze,
                stop_payment=freeze.stop_payment,
                amount=(freeze.amount * share).quantize(Decimal("0.01")),
                returned_on=returned_on,
                recipient_name=victims.get(freeze.alert_id or 0, ""),
            )
        )
    FundReturn.objects.bulk_create(returns, batch_size=500)
    stopped = sum((s.amount for s in stops if s.status != StopPayment.Status.FAILED), Decimal("0"))
    returned = sum((r.amount for r in returns), Decimal("0"))
    return f"{len(stops)} 笔止付（¥{stopped:,.2f}）、{len(freezes)} 笔冻结、{len(returns)} 笔返还（¥{returned:,.2f}）"

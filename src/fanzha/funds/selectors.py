"""Reads of stop-payments, freezes and returns, always through the user's jurisdiction; totals in the DB."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, IntegerField, Max, Q, QuerySet, Sum, Value, When

from fanzha.accounts.policy import can
from fanzha.alerts.models import Alert
from fanzha.funds.models import Freeze, FundReturn, StopPayment
from fanzha.places.models import Township
from fanzha.places.scoping import scoped

ZERO = Decimal("0.00")
RUNNING = (StopPayment.Status.REQUESTED, StopPayment.Status.EFFECTIVE)

# A stop that took effect holds money; a repeat stop for the same alert holds the same money again.
STOPPED_Q = (
    Q(effective_at__isnull=False)
    & ~Q(status=StopPayment.Status.FAILED)
    & (Q(renewal_of__isnull=True) | Q(renewal_of__effective_at__isnull=True))
)


def stoppayments_for(*, user: Any, status: str = "", township: int | None = None) -> QuerySet[StopPayment]:
    """Stops in the user's scope: those whose 48 h are running first (nearest end first), then newest."""
    qs = scoped(StopPayment.objects.select_related("alert", "township", "village"), user)
    if status:
        qs = qs.filter(status=status)
    if township:
        qs = qs.filter(township_id=township)
    return qs.annotate(
        running=Case(When(status__in=RUNNING, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("running", Case(When(status__in=RUNNING, then="expires_at")), "-requested_at", "-id")


def live_stamp() -> str:
    """Changes to any stop, freeze or return: the newest stop change and the newest freeze and return
    (each an index look-up), for the pages that follow them."""
    stops = StopPayment.objects.aggregate(at=Max("updated_at"))["at"]
    freezes = Freeze.objects.aggregate(last=Max("id"))["last"]
    returns = FundReturn.objects.aggregate(last=Max("id"))["last"]
    return f"{stops.timestamp() if stops else 0}-{freezes or 0}-{returns or 0}"


@dataclass
class Totals:
    stops: int = 0
    running: int = 0
    stopped: Decimal = ZERO
    frozen: Decimal = ZERO
    returned: Decimal = ZERO


def _sum(qs: QuerySet[Any]) -> Decimal:
    return qs.aggregate(total=Sum("amount"))["total"] or ZERO


def totals_for(*, user: Any, township: int | None = None, alert: Alert | None = None) -> Totals:
    """Count of stops, money stopped, frozen and returned: each one aggregate query in the database."""
    narrow: dict[str, Any] = {}
    if township:
        narrow["township_id"] = township
    if alert is not None:
        narrow["alert"] = alert
    stops = scoped(StopPayment.objects.filter(**narrow), user)
    freezes = scoped(Freeze.objects.filter(**narrow), user)
    returns = scoped(FundReturn.objects.filter(**narrow), user)
    figures = stops.aggregate(
        stops=Count("id"),
        running=Count("id", filter=Q(status__in=RUNNING)),
        stopped=Sum("amount", filter=STOPPED_Q),
    )
    return Totals(
        stops=figures["stops"],
        running=figures["running"],
        stopped=figures["stopped"] or ZERO,
        frozen=_sum(freezes),
        returned=_sum(returns),
    )


@dataclass
class TownshipRow:
    township: Township | None
    stops: int = 0
    running: int = 0
    stopped: Decimal = ZERO
    frozen: Decimal = ZERO
    returned: Decimal = ZERO


def township_rollup(*, user: Any) -> list[TownshipRow]:
    """Per township: stops, money stopped, frozen and returned (three grouped queries)."""
    rows: dict[int | None, TownshipRow] = {}
    names = {t.pk: t for t in Township.objects.all()}

    def row(pk: int | None) -> TownshipRow:
        return rows.setdefault(pk, TownshipRow(names.get(pk) if pk is not None else None))

    for r in (
        scoped(StopPayment.objects.all(), user)
        .values("township_id")
        .annotate(
            n=Count("id"), running=Count("id", filter=Q(status__in=RUNNING)), total=Sum("amount", filter=STOPPED_Q)
        )
        .order_by()
    ):
        target = row(r["township_id"])
        target.stops, target.running, target.stopped = r["n"], r["running"], r["total"] or ZERO
    for model, attr in ((Freeze, "frozen"), (FundReturn, "returned")):
        grouped = scoped(model.objects.all(), user).values("township_id").annotate(total=Sum("amount")).order_by()
        for g in grouped:
            setattr(row(g["township_id"]), attr, g["total"] or ZERO)
    return sorted(rows.values(), key=lambda r: (r.township is None, r.township.pk if r.township else 0))


@dataclass
class AlertFunds:
    """What the alert's task page shows of the money: its stops, freezes, returns and totals."""

    alert: Alert
    stops: list[StopPayment] = field(default_factory=list)
    freezes: list[Freeze] = field(default_factory=list)
    returns: list[FundReturn] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    may_act: bool = False


def funds_for_alert(alert: Alert, user: Any) -> AlertFunds:
    """The money side of one alert, as far as `user` may see it (the alert itself is checked by the caller)."""
    return AlertFunds(
        alert=alert,
        stops=list(scoped(StopPayment.objects.filter(alert=alert), user).order_by("requested_at", "id")),
        freezes=list(scoped(Freeze.objects.filter(alert=alert), user).order_by("frozen_at", "id")),
        returns=list(scoped(FundReturn.objects.filter(alert=alert), user).order_by("returned_on", "id")),
        totals=totals_for(user=user, alert=alert),
        may_act=can(user, "stop_payment.write"),
    )

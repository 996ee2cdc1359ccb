"""Money is Decimal with two places (yuan, to the fen), never float."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")


def to_money(value: object) -> Decimal:
    """Parse '1,234.5', '¥1234.50', 1234 → Decimal('1234.50'); ValueError on anything else."""
    text = str(value).strip().replace(",", "").replace("，", "").replace("¥", "").replace("￥", "")
    text = text.removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not an amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def format_yuan(amount: Decimal | None) -> str:
    if amount is None:
        return "—"
    return f"¥{amount:,.2f}"

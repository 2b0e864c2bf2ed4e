"""Money in GBP: Decimal with pence, never float."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

PENNY = Decimal("0.01")
MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2


def to_money(value: object) -> Decimal:
    """Parse a user- or spreadsheet-supplied amount ("£1,250.5", 1250.5, Decimal) to pence precision."""
    if isinstance(value, Decimal):
        amount = value
    elif isinstance(value, int):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = str(value).strip().replace("£", "").replace(",", "").replace(" ", "")
        try:
            amount = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"“{value}” is not an amount of money") from exc
    if not amount.is_finite():
        raise ValueError(f"“{value}” is not an amount of money")
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def format_gbp(amount: Decimal | None, *, pence: bool = True) -> str:
    """£1,234.50 (or £1,235 with pence=False); negative as −£1,234.50."""
    if amount is None:
        return ""
    amount = Decimal(amount)
    sign = "−" if amount < 0 else ""
    if pence:
        return f"{sign}£{abs(amount).quantize(PENNY, rounding=ROUND_HALF_UP):,.2f}"
    return f"{sign}£{abs(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP):,.0f}"

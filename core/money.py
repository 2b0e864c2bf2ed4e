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


class MoneyFormatError(ValueError):
    """Why a typed or spreadsheet amount is not pounds and pence: kind is "invalid" or "pence"."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


_FLOAT_NOISE = Decimal("0.000001")


def parse_pounds(value: object) -> Decimal:
    """Exactly pounds and pence from "£1,250.50", "1250.5", 1250.5 (a spreadsheet's float) or a
    Decimal. Unlike to_money it never rounds: a fraction of a penny is an error."""
    if isinstance(value, bool):
        raise MoneyFormatError("invalid")
    if isinstance(value, float):
        amount = Decimal(repr(value))
        if abs(amount - amount.quantize(PENNY)) < _FLOAT_NOISE:
            amount = amount.quantize(PENNY)  # binary noise such as 0.30000000000000004
    elif isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        text = str(value).strip().replace("£", "").replace(",", "").replace(" ", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise MoneyFormatError("invalid") from None
    if not amount.is_finite():
        raise MoneyFormatError("invalid")
    if amount != amount.quantize(PENNY):
        raise MoneyFormatError("pence")
    return amount.quantize(PENNY)

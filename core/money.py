"""Money in GBP: Decimal with pence, never float. The one parser of typed and spreadsheet amounts
(parse_pounds) and the one formatter (format_gbp)."""

import re
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2
# The largest amount a money column (max_digits=14, decimal_places=2) holds, plus a penny.
MONEY_LIMIT = Decimal(10) ** (MONEY_MAX_DIGITS - MONEY_DECIMAL_PLACES)

AMOUNT_FORMAT = "Enter an amount in pounds and pence, like 1,250.50"
AMOUNT_PENCE = "Enter the amount in pounds and pence, with no more than 2 decimal places"
AMOUNT_TOO_LARGE = "Enter an amount less than £1 trillion"

_MESSAGES = {"invalid": AMOUNT_FORMAT, "pence": AMOUNT_PENCE, "too_large": AMOUNT_TOO_LARGE}

# Plain ASCII digits only: "1250", "1,250.50" (thousands grouped in threes), "£1250.5", "-5".
# Refused: "1,25", "1,2,3", "1_000", "1e40", full-width or other non-ASCII digits, "1 250".
_AMOUNT = re.compile(r"-?£?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", re.ASCII)


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
    """Why a typed or spreadsheet amount is not pounds and pence: kind is "invalid", "pence" or
    "too_large"; `message` says so in the users' words."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind

    @property
    def message(self) -> str:
        return _MESSAGES[self.kind]


_FLOAT_NOISE = Decimal("0.000001")


def parse_pounds(value: object) -> Decimal:
    """Exactly pounds and pence from "£1,250.50", "1250.5", 1250.5 (a spreadsheet's float) or a
    Decimal. It never rounds (a fraction of a penny is an error), accepts only ASCII digits with
    correctly grouped thousands, and refuses what a money column cannot hold."""
    if isinstance(value, bool):
        raise MoneyFormatError("invalid")
    if isinstance(value, float):
        amount = Decimal(repr(value))
        if amount.is_finite() and abs(amount) < MONEY_LIMIT:
            rounded = amount.quantize(PENNY, rounding=ROUND_HALF_UP)
            if abs(amount - rounded) < _FLOAT_NOISE:
                amount = rounded  # binary noise such as 0.30000000000000004
    elif isinstance(value, Decimal | int):
        amount = Decimal(value)
    else:
        text = str(value).strip()
        if text.startswith("£-"):
            text = "-£" + text[2:]
        if not _AMOUNT.fullmatch(text):
            raise MoneyFormatError("invalid")
        amount = Decimal(text.replace("£", "").replace(",", ""))
    if not amount.is_finite():
        raise MoneyFormatError("invalid")
    if abs(amount) >= MONEY_LIMIT:
        raise MoneyFormatError("too_large")
    if amount != amount.quantize(PENNY, rounding=ROUND_HALF_UP):
        raise MoneyFormatError("pence")
    return amount.quantize(PENNY)

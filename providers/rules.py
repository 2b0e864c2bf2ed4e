"""Format rules for provider identifiers: charity numbers, company numbers, UK postcodes (pure functions)."""

import re
import unicodedata

from core.text import fold_lookalikes, invisible

# Charity Commission (England and Wales): 6 or 7 digits, optionally "-N" for a linked charity.
# OSCR (Scotland): SC followed by 6 digits. Charity Commission for Northern Ireland: NIC + 6 digits.
_CHARITY = re.compile(r"^(\d{6,7}(-\d{1,2})?|SC\d{6}|NIC\d{6})$")
# Companies House: 8 characters, all digits (England and Wales) or a 2-letter prefix + 6 digits
# (SC Scotland, NI Northern Ireland, OC/SO/NC LLPs, RC/SZ/ZC and others).
_COMPANY = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
_POSTCODE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$")

CHARITY_FORMAT_MESSAGE = (
    "Enter a charity number in the right format, like 1123456, 1123456-1, SC012345 or NIC100001"
)
COMPANY_FORMAT_MESSAGE = (
    "Enter a company number in the right format: 8 digits like 01234567, or 2 letters and "
    "6 digits like SC123456"
)
POSTCODE_FORMAT_MESSAGE = "Enter a real UK postcode, like CB1 1AA"


def normalise_charity_number(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def is_valid_charity_number(value: str) -> bool:
    return bool(_CHARITY.match(normalise_charity_number(value)))


def normalise_company_number(value: str) -> str:
    text = re.sub(r"\s+", "", value or "").upper()
    if text.isdigit() and len(text) < 8:
        text = text.zfill(8)  # Companies House numbers drop leading zeros in casual use
    return text


def is_valid_company_number(value: str) -> bool:
    return bool(_COMPANY.match(normalise_company_number(value)))


def normalise_postcode(value: str) -> str:
    text = re.sub(r"\s+", "", value or "").upper()
    if len(text) > 3:
        text = f"{text[:-3]} {text[-3:]}"
    return text


def is_valid_postcode(value: str) -> bool:
    return bool(_POSTCODE.match(normalise_postcode(value)))


AREA_NEEDS_DISTRICTS_MESSAGE = "Select at least one district served, or choose the whole county"
AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE = (
    "Leave the districts blank for an organisation that serves the whole county"
)


def normalise_name(value: str) -> str:
    """A name as stored: Unicode NFKC, no invisible characters (zero-width spaces, direction
    marks), no stray spaces: "Mind\u200b  in Cambs " is "Mind in Cambs"."""
    text = unicodedata.normalize("NFKC", value or "")
    text = "".join(char for char in text if not invisible(char))
    return " ".join(text.split())


def name_key(value: str) -> str:
    """Two names are the same organisation when they match ignoring case, spacing, invisible
    characters and look-alike letters from other scripts ("Мind" with a Cyrillic М is "Mind")."""
    return fold_lookalikes(value)


def area_served_error(*, countywide: bool, district_count: int) -> str | None:
    """An organisation serves either the whole county or at least one named district, not both."""
    if countywide and district_count:
        return AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE
    if not countywide and not district_count:
        return AREA_NEEDS_DISTRICTS_MESSAGE
    return None

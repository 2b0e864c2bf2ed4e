"""Decision notice rules, pure functions: the number's format and the calendar year it is counted in.

Source: the office numbers its decision notices like `CPCC 2016-013` (Commissioning and Grants
Strategy; the 2018 Communities decision notice): a prefix, the calendar year of signing and a
sequence that restarts at 001 each year. The year is the one on the London calendar when the notice
is signed, so a notice signed at 00:30 on 1 January 2027 London time is 2027's even though UTC still
says 31 December 2026 (there is no such gap in winter, when London is on GMT, but there is in summer).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

# The calendar that decides a notice's year: the office's, not the server's or UTC's.
NUMBERING_TIME_ZONE = ZoneInfo("Europe/London")
# The office's prefix; a deployment for another office may set DECISION_NOTICE_PREFIX.
DEFAULT_PREFIX = "CPCC"
# At least three digits (001); the 1,000th notice in a year simply gets four.
SEQUENCE_DIGITS = 3

_SLUG = re.compile(r"^(?P<prefix>[A-Z]+)-(?P<year>\d{4})-(?P<sequence>\d{3,})$")


def number_prefix() -> str:
    return getattr(settings, "DECISION_NOTICE_PREFIX", DEFAULT_PREFIX)


def signing_year(moment: datetime) -> int:
    """The calendar year a notice signed at `moment` (an aware datetime) is numbered in."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("The signing time must be timezone-aware")
    return moment.astimezone(NUMBERING_TIME_ZONE).year


def format_notice_number(year: int, sequence: int, *, prefix: str | None = None) -> str:
    """`CPCC 2026-001`: prefix, space, year, hyphen, sequence padded to three digits."""
    if sequence < 1:
        raise ValueError("A decision notice's sequence starts at 1")
    if not 1000 <= year <= 9999:
        raise ValueError("A decision notice's year has four digits")
    return f"{prefix or number_prefix()} {year}-{sequence:0{SEQUENCE_DIGITS}d}"


def notice_slug(number: str) -> str:
    """The number as it appears in web addresses and file names: `CPCC-2026-001`."""
    return number.replace(" ", "-")


def number_from_slug(slug: str) -> str | None:
    """`CPCC-2026-001` -> `CPCC 2026-001`; None when `slug` is not a notice number."""
    match = _SLUG.match(slug or "")
    if not match:
        return None
    return f"{match['prefix']} {match['year']}-{match['sequence']}"


def normalise_number_search(text: str) -> str:
    """What a user types to find a notice ("cpcc-2026-001", "2026 001") as it is stored."""
    cleaned = " ".join((text or "").split()).upper()
    match = re.fullmatch(r"(?:([A-Z]+)[\s-]*)?(\d{4})[\s/-]+(\d{1,})", cleaned)
    if not match:
        return cleaned
    prefix, year, sequence = match.groups()
    number = f"{int(year)}-{int(sequence):0{SEQUENCE_DIGITS}d}"
    return f"{prefix} {number}" if prefix else number

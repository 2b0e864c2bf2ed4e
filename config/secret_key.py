"""Whether a SECRET_KEY is random enough for production: one pure check the settings call.

A key signs sessions, password-reset links and CSRF tokens, so a guessable one hands out sign-ins.
Only a machine-generated key passes: long, varied, with no repeats, runs or words people type.
"""

import math
from collections import Counter

MIN_LENGTH = 50
# Shannon estimate over the characters used; Django's own 50-character keys never score under ~210.
MIN_BITS = 180
REPEAT_LENGTH = 8  # the same 8 characters twice: a pattern, not chance
RUN_LENGTH = 8  # abcdefgh, 12345678, hgfedcba
PLACEHOLDERS = (
    "django-insecure",
    "local-only",
    "insecure",
    "secret",
    "password",
    "passw0rd",
    "changeme",
    "change-me",
    "change_me",
    "example",
    "qwerty",
)


def estimated_bits(key: str) -> float:
    """Bits of entropy estimated from how often each character occurs (0 for one repeated)."""
    counts = Counter(key)
    size = len(key)
    return -sum(n * math.log2(n / size) for n in counts.values())


def _has_repeat(key: str) -> bool:
    seen = set()
    for start in range(len(key) - REPEAT_LENGTH + 1):
        chunk = key[start : start + REPEAT_LENGTH]
        if chunk in seen:
            return True
        seen.add(chunk)
    return False


def _has_run(key: str) -> bool:
    run, previous = 1, None
    for a, b in zip(key, key[1:], strict=False):
        step = ord(b) - ord(a)
        run = (run + 1 if step == previous else 2) if step in (1, -1) else 1
        previous = step
        if run >= RUN_LENGTH:
            return True
    return False


def secret_key_weakness(key: str) -> str | None:
    """Why this key is not fit for production, or None when it looks machine-generated."""
    if len(key) < MIN_LENGTH:
        return f"it is shorter than {MIN_LENGTH} characters"
    lowered = key.lower()
    word = next((w for w in PLACEHOLDERS if w in lowered), None)
    if word:
        return f"it contains {word!r}"
    if estimated_bits(key) < MIN_BITS:
        return "it uses too few different characters"
    if _has_repeat(key):
        return f"it repeats a sequence of {REPEAT_LENGTH} characters"
    if _has_run(key):
        return f"it contains a run of {RUN_LENGTH} consecutive characters"
    return None

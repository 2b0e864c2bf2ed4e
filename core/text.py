"""Text people type: control characters no text field may hold (NUL breaks PostgreSQL), and the
look-alike folding that makes "Mind", "Мind" (Cyrillic М) and "Mi\u200bnd" one name."""

from __future__ import annotations

import unicodedata

from django.db import models

CONTROL_MESSAGE = "{label} must not contain invisible control characters"
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}

# Letters from other scripts that look like Latin ones (from Unicode's confusables list, the
# Cyrillic and Greek letters people meet in names); folded to Latin for duplicate checks only.
_CONFUSABLES = str.maketrans(
    {
        **dict(zip("АВЕКМНОРСТХУЅІЈԁаеорсхуѕіјһԛԝ", "ABEKMHOPCTXYSIJdaeopcxysijhqw", strict=True)),
        **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοκνρτυχι", "ABEZHIKMNOPTYXaoknptuxi", strict=True)),
        "ı": "i",
        "ℓ": "l",
    }
)


def has_control_characters(text: object) -> bool:
    """True when `text` holds NUL or another control character (tab and newlines are fine)."""
    if not isinstance(text, str):
        return False
    return any(
        unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS for char in text
    )


def control_character_errors(instance: models.Model) -> dict[str, list[str]]:
    """{field: [message]} for each text field of `instance` holding a control character.

    Services call it before full_clean(): Django's model fields let NUL through, and PostgreSQL
    then refuses the whole statement (a 500 instead of a message).
    """
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and has_control_characters(
            getattr(instance, field.attname, None)
        ):
            label = str(field.verbose_name)
            errors[field.name] = [CONTROL_MESSAGE.format(label=label[:1].upper() + label[1:])]
    return errors


def invisible(char: str) -> bool:
    """A character that shows nothing: format characters (zero-width space and joiners, soft
    hyphen, direction marks) and control characters other than whitespace."""
    category = unicodedata.category(char)
    return category == "Cf" or (category == "Cc" and not char.isspace())


def fold_lookalikes(text: str) -> str:
    """The comparison key of a name: Unicode NFKC (full-width and ligatures become plain),
    invisible characters removed (zero-width spaces, joiners, soft hyphens, direction marks),
    look-alike Cyrillic and Greek letters folded to Latin, case folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text or "")
    text = "".join(
        char for char in text if not invisible(char) and unicodedata.category(char) != "Mn"
    )
    text = text.translate(_CONFUSABLES).casefold()
    return " ".join(text.split())

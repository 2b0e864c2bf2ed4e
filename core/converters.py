"""URL path converters: `<id:pk>` is a database id, at most what an integer column holds.

Django's `<int:…>` takes any run of digits, and a 30-digit id overflows SQLite's integers (a
500); `<id:…>` answers 404 instead. Each urls.py that uses it imports this module.
"""

from django.urls import register_converter

ID_MAX = 2_147_483_647  # the largest value of a 32-bit integer column (PostgreSQL `integer`)


def parse_id(value: object) -> int | None:
    """A database id from a query-string value, or None when it is not one (blank, text, NUL,
    30 digits): list filters ignore such a value instead of failing."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(ID_MAX)):
        return None
    number = int(text)
    return number if 0 < number <= ID_MAX else None


class IdConverter:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # no match: 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")

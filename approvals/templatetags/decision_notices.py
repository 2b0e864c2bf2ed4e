"""Template helpers for decision notice pages (`{% load decision_notices %}`)."""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

_BLANK_LINES = re.compile(r"\n\s*\n")


@register.filter
def paragraphs(text: str, css: str = "govuk-body") -> SafeString:
    """Plain text typed into a textarea as GOV.UK paragraphs (blank lines split them)."""
    parts = [p.strip() for p in _BLANK_LINES.split(str(text or "").replace("\r\n", "\n"))]
    rows = [(css, escape(p).replace("\n", "<br>")) for p in parts if p]
    if not rows:
        return format_html("")
    return format_html_join("\n", '<p class="{}">{}</p>', ((c, SafeString(h)) for c, h in rows))

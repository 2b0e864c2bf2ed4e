"""`{% contract_panels contract %}`: the sections other apps add to a contract's page (hooks.py)."""

from django import template
from django.utils.safestring import mark_safe

from ..hooks import contract_panels as _panels

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_panels(context, contract) -> str:
    # Each panel is rendered (and escaped) by its own template before it gets here.
    return mark_safe("".join(_panels(request=context["request"], contract=contract)))  # noqa: S308

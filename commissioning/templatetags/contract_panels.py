"""`{% contract_panels contract %}` and `{% project_panels project %}`: the sections other apps add
to a contract's or a commissioning project's page (hooks.py)."""

from django import template
from django.utils.safestring import mark_safe

from ..hooks import contract_panels as _panels
from ..hooks import project_panels as _project_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def contract_panels(context, contract) -> str:
    # Each panel is rendered (and escaped) by its own template before it gets here.
    return mark_safe("".join(_panels(request=context["request"], contract=contract)))  # noqa: S308


@register.simple_tag(takes_context=True)
def project_panels(context, project) -> str:
    # Each panel is rendered (and escaped) by its own template before it gets here.
    return mark_safe("".join(_project_panels(request=context["request"], project=project)))  # noqa: S308

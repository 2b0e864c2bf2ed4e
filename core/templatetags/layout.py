"""{% link %} and {% asset %}: the layout's fixed addresses, worked out once per process (core.links).

    {% load layout %}<a href="{% link 'notifications:list' %}">…</a>
    <link rel="stylesheet" href="{% asset 'build/app.css' %}">

Only for URL names without arguments and for static files; {% url %} and {% static %} do the rest.
"""

from django import template

from core import links

register = template.Library()


@register.simple_tag
def link(url_name: str) -> str:
    return links.link(url_name)


@register.simple_tag
def asset(path: str) -> str:
    return links.asset(path)

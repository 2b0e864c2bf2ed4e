"""The layout's fixed addresses (core.links, {% link %} and {% asset %}) are worked out once per
process and stay right: per script prefix, and after a test changes the settings they follow."""

import pytest
from django.template import Context, Template
from django.templatetags.static import static
from django.test import override_settings
from django.urls import clear_script_prefix, reverse, set_script_prefix

from core import links


@pytest.mark.parametrize(
    "url_name", ["dashboards:home", "notifications:list", "accounts:logout", "transparency"]
)
def test_link_is_reverse(url_name):
    assert links.link(url_name) == reverse(url_name)


def test_link_follows_the_script_prefix():
    plain = links.link("notifications:list")
    set_script_prefix("/opcc/")
    try:
        assert links.link("notifications:list") == "/opcc" + plain
    finally:
        clear_script_prefix()
    assert links.link("notifications:list") == plain


def test_asset_is_static_and_follows_a_change_of_settings():
    assert links.asset("build/app.css") == static("build/app.css")
    with override_settings(STATIC_URL="/elsewhere/"):
        assert links.asset("build/app.css") == "/elsewhere/build/app.css"
    assert links.asset("build/app.css") == static("build/app.css")


def test_the_tags_write_the_addresses():
    html = Template("{% load layout %}{% link 'privacy' %} {% asset 'css/app.css' %}").render(
        Context()
    )
    assert html == f"{reverse('privacy')} {static('css/app.css')}"

"""Addresses every page repeats (the header's links, the navigation, the stylesheets and scripts),
worked out once per process instead of on each request.

`reverse` of a name without arguments and the hashed name of a static file never change while the
process runs, but each costs a resolver walk or a manifest look-up; the layout asks for about
twenty of them on every page. Both memos are emptied when a test changes the settings they
depend on (Django's `setting_changed`), and `link` keys on the script prefix, which a deployment
under a sub-path sets per request.
"""

from __future__ import annotations

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse


def link(url_name: str) -> str:
    """reverse(url_name), for a name that takes no arguments."""
    return _reverse(url_name, get_script_prefix())


@cache
def _reverse(url_name: str, prefix: str) -> str:
    return reverse(url_name)


@cache
def asset(path: str) -> str:
    """The address of a static file (its hashed name where the storage has a manifest)."""
    return static(path)


@receiver(setting_changed, dispatch_uid="core.links.forget")
def forget(setting: str, **kwargs) -> None:
    if setting in {
        "ROOT_URLCONF",
        "STATIC_URL",
        "STORAGES",
        "STATICFILES_STORAGE",
        "INSTALLED_APPS",
    }:
        _reverse.cache_clear()
        asset.cache_clear()

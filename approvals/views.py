"""Approvals pages: decision notices and the public transparency page."""

from django.shortcuts import render


def transparency(request):
    """Public, no login: signed decision notices and funded awards."""
    return render(request, "approvals/transparency.html", {})

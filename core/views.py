"""Site-wide views with no domain: design-system asset paths, error pages, health check, and the
public footer pages (accessibility statement, privacy notice)."""

from django.contrib.staticfiles import finders
from django.db import connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static

# The precompiled GOV.UK and MOJ stylesheets refer to fonts and images under /assets/.
_ASSET_PACKAGES = ("govuk", "moj")


def design_system_asset(request, path: str):
    for package in _ASSET_PACKAGES:
        candidate = f"{package}/assets/{path}"
        if finders.find(candidate):
            return HttpResponsePermanentRedirect(static(candidate))
    raise Http404("No such design-system asset")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them our own icon."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


def health(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def accessibility_statement(request):
    return render(request, "pages/accessibility_statement.html")


def privacy_notice(request):
    return render(request, "pages/privacy_notice.html")


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def server_error(request):
    return render(request, "500.html", status=500)

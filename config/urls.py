"""Root URLs."""

from django.contrib import admin
from django.urls import include, path, re_path

from core import views as core_views
from dashboards import views as dashboards_views

admin.site.site_header = "Commissioning and grants administration"
admin.site.site_title = "OPCC administration"
# The admin lists its apps on its index page and in its breadcrumbs; the sidebar would render the
# same long list again on every admin page.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", include("dashboards.urls")),
    path("accounts/", include("accounts.urls")),
    path("providers/", include("providers.urls")),
    path("funding/", include("grants.urls")),
    path("decisions/", include("approvals.urls")),
    path("notifications/", include("notifications.urls")),
    path("approvals/", include("approvals.engine.urls")),
    path("commissioning/", include("commissioning.urls")),
    path("documents/", include("documents.urls")),
    path("returns/", include("returns.urls")),
    path("transparency/", dashboards_views.transparency, name="transparency"),
    path(
        "transparency/grants.csv",
        dashboards_views.transparency_grants_csv,
        name="transparency_grants_csv",
    ),
    path("accessibility/", core_views.accessibility_statement, name="accessibility"),
    path("privacy/", core_views.privacy_notice, name="privacy"),
    path("admin/", admin.site.urls),
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    re_path(r"^assets/(?P<path>.+)$", core_views.design_system_asset, name="design_system_asset"),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

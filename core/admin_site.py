"""The admin site: Django's, except that each request builds its list of apps and models once.

Django builds that list for every admin page's context (`each_context`, for the navigation) and
the index builds it again; each build reverses two addresses per model the user may see. Kept on
the request, the second build costs nothing. Installed through `OfficeAdminConfig` in
INSTALLED_APPS, so `django.contrib.admin.site` is this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class OfficeAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        built = request.__dict__.setdefault("_admin_app_lists", {})
        if app_label not in built:
            built[app_label] = super().get_app_list(request, app_label)
        return built[app_label]


class OfficeAdminConfig(AdminConfig):
    default_site = "core.admin_site.OfficeAdminSite"

"""The admin site builds its list of apps and models once a request (core.admin_site)."""

from django.contrib import admin

from core.admin_site import OfficeAdminSite


def test_the_admin_is_the_office_site_and_builds_its_app_list_once(
    client_for, administrator, monkeypatch
):
    assert isinstance(admin.site, OfficeAdminSite)
    builds = []
    build = OfficeAdminSite._build_app_dict

    def counted(self, request, label=None):
        builds.append(label)
        return build(self, request, label)

    monkeypatch.setattr(OfficeAdminSite, "_build_app_dict", counted)
    client = client_for(administrator)
    page = client.get("/admin/").content.decode()
    assert builds == [None]
    assert "Funding streams" in page  # the index still lists the models the role may change
    client.get("/admin/")
    assert builds == [None, None]  # kept per request, never between requests

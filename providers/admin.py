"""Admin for the providers directory (reference for administrators); spreadsheet export of organisations.

Importing organisations is a page in the service (providers.import_views), not an admin screen.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from accounts.roles import Role, group_name

from . import rules
from .models import Contact, District, Organisation, ProviderUser, organisation_fields
from .resources import OrganisationResource

SPREADSHEET_FORMATS = [CSV, XLSX]


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = organisation_fields()

    def clean(self):
        data = super().clean()
        if "countywide" in data and "districts" in data:
            problem = rules.area_served_error(
                countywide=data["countywide"], district_count=len(data["districts"])
            )
            if problem:
                self.add_error("districts", problem)
        return data


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ("name", "job_title", "email", "phone", "is_primary")


@admin.register(Organisation)
class OrganisationAdmin(ExportMixin, admin.ModelAdmin):
    """Export only: the import is the service's page (upload, dry run, confirm)."""

    form = OrganisationAdminForm
    resource_classes = [OrganisationResource]
    export_formats = SPREADSHEET_FORMATS
    list_display = ("name", "kind", "town", "postcode", "countywide", "third_sector", "local")
    list_filter = ("kind", "countywide", "districts", "third_sector", "local", "is_active")
    search_fields = ("name", "town", "postcode", "charity_number", "company_number")
    filter_horizontal = ("districts",)
    inlines = [ContactInline]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("name", "organisation_count")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(organisation_count=Count("organisations"))

    @admin.display(description="Organisations naming it", ordering="organisation_count")
    def organisation_count(self, district):
        return district.organisation_count


@admin.register(ProviderUser)
class ProviderUserAdmin(admin.ModelAdmin):
    """Links a provider-role user to the one organisation they act for (checked by the model)."""

    list_display = ("user", "organisation")
    list_select_related = ("user", "organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    list_filter = ("organisation",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            from django.contrib.auth import get_user_model

            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(groups__name=group_name(Role.PROVIDER))
                .order_by("last_name", "first_name", "username")
            )
            kwargs["help_text"] = "Only users with the provider user role are listed"
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

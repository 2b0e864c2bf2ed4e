"""Admin for the providers directory: spreadsheet import/export of organisations (CSV, XLSX)."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.urls import reverse
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX

from accounts.roles import Role, group_name
from core.imports import row_errors

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
class OrganisationAdmin(ImportExportModelAdmin):
    """Import previews every row (dry run) and imports only when every row is valid."""

    form = OrganisationAdminForm
    resource_classes = [OrganisationResource]
    import_formats = SPREADSHEET_FORMATS
    export_formats = SPREADSHEET_FORMATS
    import_template_name = "providers/admin/import.html"
    list_display = ("name", "kind", "town", "postcode", "countywide", "third_sector", "local")
    list_filter = ("kind", "countywide", "districts", "third_sector", "local", "is_active")
    search_fields = ("name", "town", "postcode", "charity_number", "company_number")
    filter_horizontal = ("districts",)
    inlines = [ContactInline]

    def process_result(self, result, request):
        """The confirm step re-runs the import: if anything failed now, nothing was saved."""
        if result.has_errors() or result.has_validation_errors():
            problems = "; ".join(
                f"row {p.row}{' ' + p.field if p.field else ''}: {p.message}"
                for p in row_errors(result)[:10]
            )
            messages.error(request, f"Nothing was imported. {problems}")
            return HttpResponseRedirect(reverse("admin:providers_organisation_import"))
        return super().process_result(result, request)


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

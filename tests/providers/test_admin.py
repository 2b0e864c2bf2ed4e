"""The admin: export only (the import is a page in the service), safe export, links."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.roles import Role
from providers import rules
from providers.models import NOT_A_PROVIDER_MESSAGE, District, Organisation, ProviderUser
from providers.resources import OrganisationResource
from tests.factories import OrganisationFactory

EXPORT_URL = reverse("admin:providers_organisation_export")
CSV_INDEX = "0"  # OrganisationAdmin.export_formats: CSV first, then XLSX


@pytest.fixture
def districts(db):
    return {
        n: District.objects.create(name=n) for n in ("Fenland", "Huntingdonshire", "Peterborough")
    }


def test_the_admin_has_no_import_any_more(client_for, administrator):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse("admin:providers_organisation_import")
    page = client_for(administrator).get(reverse("admin:providers_organisation_changelist"))
    assert page.status_code == 200
    assert "/import/" not in page.content.decode()


def test_only_csv_and_xlsx_are_offered(client_for, officer):
    response = client_for(officer).get(EXPORT_URL)
    choices = [label for value, label in response.context["form"].fields["format"].choices if value]
    assert choices == ["csv", "xlsx"]


def test_the_admin_export_neutralises_formula_cells(client_for, officer, db):
    OrganisationFactory(
        name="Risky Org", address_line_1="=cmd", address_line_2="+1", town="-2", phone="@x"
    )
    OrganisationFactory(name="Tab Org", address_line_1="\tcmd", address_line_2="\rcmd")
    fields = {
        f"organisationresource_{name}": "on" for name in OrganisationResource().get_export_order()
    }

    response = client_for(officer).post(
        EXPORT_URL, {"format": CSV_INDEX, "resource": "0", **fields}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = {r["name"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    risky, tab = rows["Risky Org"], rows["Tab Org"]
    assert (risky["address_line_1"], risky["address_line_2"], risky["town"], risky["phone"]) == (
        "'=cmd",
        "'+1",
        "'-2",
        "'@x",
    )
    assert (tab["address_line_1"], tab["address_line_2"]) == ("'\tcmd", "'\rcmd")


def test_provider_users_cannot_use_the_admin(client_for, provider_user):
    response = client_for(provider_user).get(EXPORT_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_only_provider_role_users_can_be_linked(make_user, organisation):
    link = ProviderUser(user=make_user("staff_person", Role.OFFICER), organisation=organisation)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert error.value.message_dict == {"user": [NOT_A_PROVIDER_MESSAGE]}


def test_provider_user_admin_refuses_a_second_organisation(
    client_for, administrator, make_user, organisation, other_organisation
):
    user = make_user("linked", Role.PROVIDER)
    ProviderUser.objects.create(user=user, organisation=other_organisation)

    response = client_for(administrator).post(
        reverse("admin:providers_provideruser_add"),
        {"user": user.pk, "organisation": organisation.pk},
    )

    assert response.status_code == 200
    assert "This user already acts for Another Provider Trust" in response.content.decode()
    assert ProviderUser.objects.get(user=user).organisation == other_organisation


def test_provider_user_admin_links_a_provider(client_for, administrator, make_user, organisation):
    user = make_user("new_provider", Role.PROVIDER)
    response = client_for(administrator).post(
        reverse("admin:providers_provideruser_add"),
        {"user": user.pk, "organisation": organisation.pk},
    )
    assert response.status_code == 302
    assert ProviderUser.objects.get(user=user).organisation == organisation


def test_provider_user_admin_lists_only_provider_role_users(client_for, administrator, make_user):
    provider = make_user("p_one", Role.PROVIDER)
    make_user("o_one", Role.OFFICER)
    response = client_for(administrator).get(reverse("admin:providers_provideruser_add"))
    queryset = response.context["adminform"].form.fields["user"].queryset
    assert list(queryset) == [provider]


def test_admin_organisation_form_checks_area_served(client_for, administrator, districts):
    response = client_for(administrator).post(
        reverse("admin:providers_organisation_add"),
        {
            "name": "Admin Made",
            "kind": "other",
            "countywide": "",  # unticked: named districts, but none chosen
            "local": "on",
            "is_active": "on",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert rules.AREA_NEEDS_DISTRICTS_MESSAGE in response.content.decode()
    assert Organisation.objects.count() == 0

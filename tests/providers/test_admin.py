"""The admin: spreadsheet import (dry run, then confirm; all or nothing), safe export, links."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from providers import rules
from providers.models import NOT_A_PROVIDER_MESSAGE, District, Organisation, ProviderUser
from providers.resources import OrganisationResource
from tests.factories import OrganisationFactory
from tests.providers.test_resources import BAD_CHARITY_ROW, FIXED_CHARITY_ROW, GOOD_ROWS, HEADER

IMPORT_URL = reverse("admin:providers_organisation_import")
CONFIRM_URL = reverse("admin:providers_organisation_process_import")
EXPORT_URL = reverse("admin:providers_organisation_export")
CSV_INDEX = "0"  # OrganisationAdmin.import_formats / export_formats: CSV first, then XLSX


@pytest.fixture
def districts(db):
    return {
        n: District.objects.create(name=n) for n in ("Fenland", "Huntingdonshire", "Peterborough")
    }


def _upload(*rows: str, name: str = "providers.csv"):
    content = "\n".join([HEADER, *rows]) + "\n"
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


def _dry_run(client, *rows):
    return client.post(
        IMPORT_URL, {"format": CSV_INDEX, "resource": "0", "import_file": _upload(*rows)}
    )


def test_dry_run_shows_every_bad_row_and_creates_nothing(client_for, officer, districts):
    client = client_for(officer)
    rows = [
        GOOD_ROWS[0],
        BAD_CHARITY_ROW,
        GOOD_ROWS[1],
        GOOD_ROWS[2].replace("Peterborough; Fenland", "Atlantis"),
    ]

    response = _dry_run(client, *rows)

    assert response.status_code == 200
    result = response.context["result"]
    assert result.has_validation_errors()
    assert "confirm_form" not in response.context
    html = response.content.decode()
    assert "Row 3" in html and "charity_number" in html
    assert rules.CHARITY_FORMAT_MESSAGE in html
    assert "Row 5" in html and "districts" in html and "Atlantis" in html
    assert "Nothing has been imported" in html
    assert Organisation.objects.count() == 0


def test_good_file_previews_then_confirm_imports_every_row(client_for, officer, districts):
    client = client_for(officer)
    rows = [*GOOD_ROWS, FIXED_CHARITY_ROW]

    preview = _dry_run(client, *rows)

    assert preview.status_code == 200
    assert Organisation.objects.count() == 0  # a preview only
    confirm_form = preview.context["confirm_form"]
    assert [r.import_type for r in preview.context["result"].valid_rows()] == ["new"] * 4

    confirmed = client.post(CONFIRM_URL, confirm_form.initial)

    assert confirmed.status_code == 302
    assert Organisation.objects.count() == 4
    assert sorted(
        d.name for d in Organisation.objects.get(name="Peterborough City Council").districts.all()
    ) == ["Fenland", "Peterborough"]


def test_confirm_that_fails_now_imports_nothing_and_says_so(client_for, officer, districts):
    client = client_for(officer)
    preview = _dry_run(client, GOOD_ROWS[0], GOOD_ROWS[1])
    districts["Huntingdonshire"].delete()  # the world changed between preview and confirm

    confirmed = client.post(CONFIRM_URL, preview.context["confirm_form"].initial, follow=True)

    assert Organisation.objects.count() == 0
    messages = [str(m) for m in confirmed.context["messages"]]
    assert any(m.startswith("Nothing was imported") and "row 3 districts" in m for m in messages)


def test_only_csv_and_xlsx_are_offered(client_for, officer):
    response = client_for(officer).get(IMPORT_URL)
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
    response = client_for(provider_user).get(IMPORT_URL)
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


def test_a_file_with_an_unknown_column_is_refused_without_a_traceback(client_for, officer):
    upload = SimpleUploadedFile(
        "providers.csv",
        b"name,kind,favourite_colour\nA Trust,Other,blue\n",
        content_type="text/csv",
    )
    response = client_for(officer).post(
        IMPORT_URL, {"format": CSV_INDEX, "resource": "0", "import_file": upload}
    )
    html = response.content.decode()
    assert "Unknown column(s): favourite_colour" in html
    assert "Traceback" not in html
    assert "confirm_form" not in response.context
    assert Organisation.objects.count() == 0

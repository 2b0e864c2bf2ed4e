"""Directory forms: creating and editing an organisation (bad input, duplicates, double submits,
stale edits) and its contacts, and the cached directory following each change at once."""

from auditlog.models import LogEntry
from django.urls import reverse

from providers import rules
from providers.models import Contact, District, Organisation
from tests.factories import ContactFactory, OrganisationFactory

# ----- create and edit -----


def _form_data(**overrides):
    data = {
        "name": "New Hope Trust",
        "kind": "charity",
        "charity_number": "1187654",
        "company_number": "",
        "address_line_1": "1 Market Hill",
        "address_line_2": "",
        "town": "Cambridge",
        "postcode": "cb2 3qj",
        "countywide": "True",
        "third_sector": "on",
        "local": "on",
        "website": "",
        "email": "",
        "phone": "",
        "is_active": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_create_with_bad_input_shows_field_errors_and_creates_nothing(client_for, officer):
    District.objects.create(name="Fenland")
    response = client_for(officer).post(
        reverse("providers:create"),
        _form_data(charity_number="12AB", postcode="nowhere", countywide="False", name=""),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Enter the organisation's name"]
    assert form.errors["charity_number"] == [rules.CHARITY_FORMAT_MESSAGE]
    assert form.errors["postcode"] == [rules.POSTCODE_FORMAT_MESSAGE]
    assert form.errors["districts"] == [rules.AREA_NEEDS_DISTRICTS_MESSAGE]
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_charity_number"' in html
    assert 'id="id_districts"' in html  # the summary's link target exists
    assert 'value="nowhere"' in html  # nothing typed is lost
    assert Organisation.objects.count() == 0


def test_create_for_a_charity_needs_a_charity_number(client_for, officer):
    response = client_for(officer).post(reverse("providers:create"), _form_data(charity_number=""))
    assert response.context["form"].errors["charity_number"] == [
        "Enter the charity number of a registered charity"
    ]
    assert Organisation.objects.count() == 0


def test_create_refuses_a_name_already_in_the_directory(client_for, officer, organisation):
    response = client_for(officer).post(
        reverse("providers:create"), _form_data(name="  our provider   TRUST")
    )
    assert response.context["form"].errors["name"] == [
        "An organisation with this name is already in the directory"
    ]
    assert Organisation.objects.count() == 1


def test_create_then_the_organisation_page(client_for, officer):
    fenland = District.objects.create(name="Fenland")
    response = client_for(officer).post(
        reverse("providers:create"), _form_data(countywide="False", districts=[fenland.pk])
    )

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()
    assert organisation.postcode == "CB2 3QJ"
    assert organisation.countywide is False
    assert list(organisation.districts.all()) == [fenland]
    created = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.CREATE)
    assert created.get().actor == officer


def test_the_whole_county_and_named_districts_together_is_an_error(client_for, officer):
    fenland = District.objects.create(name="Fenland")
    response = client_for(officer).post(
        reverse("providers:create"), _form_data(countywide="True", districts=[fenland.pk])
    )
    assert response.context["form"].errors["districts"] == [
        rules.AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE
    ]
    assert Organisation.objects.count() == 0


def test_double_submitted_create_makes_one_organisation(client_for, officer):
    client = client_for(officer)
    first = client.post(reverse("providers:create"), _form_data())
    second = client.post(reverse("providers:create"), _form_data())
    assert first.status_code == 302
    assert second.status_code == 200
    assert Organisation.objects.count() == 1


def test_edit_changes_the_organisation(client_for, administrator, organisation):
    client = client_for(administrator)
    form = client.get(reverse("providers:edit", args=[organisation.pk])).context["form"]
    response = client.post(
        reverse("providers:edit", args=[organisation.pk]),
        _form_data(name="Our Provider Trust", town="Ely", version=form["version"].value()),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.town == "Ely"


def test_edit_refuses_to_overwrite_someone_elses_change(client_for, officer, organisation):
    client = client_for(officer)
    version = (
        client.get(reverse("providers:edit", args=[organisation.pk]))
        .context["form"]["version"]
        .value()
    )
    Organisation.objects.filter(pk=organisation.pk).update(town="Changed Meanwhile")
    organisation.refresh_from_db()
    organisation.save()  # a colleague's save moves the version on

    response = client.post(
        reverse("providers:edit", args=[organisation.pk]),
        _form_data(name="Our Provider Trust", town="Mine", version=version),
    )

    assert response.status_code == 200
    assert "Someone else changed this organisation" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.town == "Changed Meanwhile"
    resubmit = response.context["form"]["version"].value()
    assert resubmit != version
    again = client.post(
        reverse("providers:edit", args=[organisation.pk]),
        _form_data(name="Our Provider Trust", town="Mine", version=resubmit),
    )
    assert again.status_code == 302
    organisation.refresh_from_db()
    assert organisation.town == "Mine"


def test_provider_user_cannot_edit_another_organisation_either(
    client_for, provider_user, other_organisation
):
    response = client_for(provider_user).get(
        reverse("providers:edit", args=[other_organisation.pk])
    )
    assert response.status_code == 403


# ----- contacts -----


def test_add_contact_as_main_contact_moves_the_role(client_for, officer, organisation):
    old = ContactFactory(organisation=organisation, name="Old Main", is_primary=True)
    response = client_for(officer).post(
        reverse("providers:contact_add", args=[organisation.pk]),
        {"name": "New Main", "job_title": "Director", "email": "", "phone": "", "is_primary": "on"},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.is_primary is False
    assert Contact.objects.get(name="New Main").is_primary is True


def test_add_contact_with_bad_input_keeps_what_was_typed(client_for, officer, organisation):
    response = client_for(officer).post(
        reverse("providers:contact_add", args=[organisation.pk]),
        {"name": "", "job_title": "Director", "email": "not-an-email", "phone": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["name"] == ["Enter the contact's name"]
    assert form.errors["email"] == ["Enter an email address, like name@example.org"]
    assert 'value="Director"' in response.content.decode()
    assert Contact.objects.count() == 0


def test_edit_contact_of_another_organisation_is_404(
    client_for, officer, organisation, other_organisation
):
    contact = ContactFactory(organisation=other_organisation)
    response = client_for(officer).get(
        reverse("providers:contact_edit", args=[organisation.pk, contact.pk])
    )
    assert response.status_code == 404


def test_edit_contact(client_for, officer, organisation):
    contact = ContactFactory(organisation=organisation, name="Sam", job_title="Worker")
    response = client_for(officer).post(
        reverse("providers:contact_edit", args=[organisation.pk, contact.pk]),
        {"name": "Sam Hughes", "job_title": "Manager", "email": "", "phone": ""},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.job_title) == ("Sam Hughes", "Manager")


def test_cached_directory_shows_an_edit_a_new_organisation_and_districts_at_once(
    client_for, officer
):
    """The panel and results are cached per version of the directory: each change shows on the
    next request."""
    org = OrganisationFactory(name="Before Renaming Trust", countywide=False)
    client = client_for(officer)
    url = reverse("providers:list")
    assert "Before Renaming Trust" in client.get(url).content.decode()
    org.name = "After Renaming Trust"
    org.save()
    page = client.get(url).content.decode()
    assert "After Renaming Trust" in page and "Before Renaming Trust" not in page
    OrganisationFactory(name="Newly Added Charity")
    assert "Newly Added Charity" in client.get(url).content.decode()
    district = District.objects.create(name="Brand New District")
    page = client.get(url).content.decode()
    assert f'<option value="{district.pk}">Brand New District</option>' in page  # the filter
    org.districts.set([district])
    assert "Brand New District</td>" in client.get(url).content.decode()  # area served


def test_detail_shows_details_contacts_provider_users_and_history(
    client_for, officer, organisation, provider_user
):
    fenland = District.objects.create(name="Fenland")
    client = client_for(officer)
    client.post(
        reverse("providers:edit", args=[organisation.pk]),
        _form_data(name="Our Provider Trust", countywide="False", districts=[fenland.pk],
                   town="Wisbech"),
    )  # fmt: skip
    ContactFactory(organisation=organisation, name="Dana Walsh", is_primary=True)

    response = client.get(organisation.get_absolute_url())

    html = response.content.decode()
    assert "Our Provider Trust" in html
    assert "Fenland" in html
    assert "Dana Walsh" in html and "Main contact" in html
    assert provider_user.email in html
    assert 'id="history"' in html
    assert "Districts changed" in html
    assert "Wisbech" in html

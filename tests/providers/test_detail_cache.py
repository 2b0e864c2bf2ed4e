"""An organisation's page is cached under its page version (providers.selectors.
organisation_page_version) and what the reader may do: any change to what it shows is there on the
very next request, and no reader is shown what their role does not give them."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from providers import services
from providers.models import Contact, District, Organisation
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def page(client, organisation) -> str:
    return client.get(reverse("providers:detail", args=[organisation.pk])).text


def test_a_contact_added_through_the_service_shows_next(client_for, officer, organisation):
    client = client_for(officer)
    assert "No contacts recorded yet" in page(client, organisation)
    services.add_contact(
        organisation=organisation,
        added_by=officer,
        details={"name": "Ada Lovelace", "job_title": "Director", "is_primary": True},
    )
    assert "Ada Lovelace" in page(client, organisation)


def test_a_contact_changed_in_the_admin_shows_next(client_for, provider_user, organisation):
    contact = ContactFactory(organisation=organisation, name="Grace Hopper", job_title="Chair")
    client = client_for(provider_user)
    assert "Chair" in page(client, organisation)
    contact.job_title = "Treasurer"
    contact.save()  # as the admin does: only the audit trail knows
    assert "Treasurer" in page(client, organisation)


def test_a_contact_removed_shows_next(client_for, officer, organisation):
    contact = ContactFactory(organisation=organisation, name="Short Stay")
    client = client_for(officer)
    assert "Short Stay" in page(client, organisation)
    Contact.objects.filter(pk=contact.pk).delete()  # no audit entry: the count changes
    assert "Short Stay" not in page(client, organisation)


def test_an_organisation_edit_shows_next(client_for, officer, organisation):
    client = client_for(officer)
    assert "Cambridge" in page(client, organisation)
    services.update_organisation(
        organisation=organisation,
        updated_by=officer,
        details={"name": "Renamed Trust", "town": "Ely"},
        districts=[],
        expected_version=services.version_of(organisation),
    )
    after = page(client, organisation)
    assert "<title>Renamed Trust" in after and "Ely<br>" in after


def test_districts_linked_show_next(client_for, officer, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(countywide=False)
    client = client_for(officer)
    assert "Not stated" in page(client, organisation)
    organisation.districts.add(District.objects.create(name="Fenland"))
    assert "Fenland" in page(client, organisation)


def test_a_provider_users_account_renamed_shows_next(client_for, officer, provider_user):
    organisation = provider_user.provider_membership.organisation
    client = client_for(officer)
    assert "t_provider" in page(client, organisation)
    provider_user.first_name, provider_user.last_name = "Mary", "Seacole"
    provider_user.save()
    assert "Mary Seacole" in page(client, organisation)


def test_each_reader_gets_the_page_of_their_role(
    client_for, officer, provider_user, other_provider_user, organisation
):
    ContactFactory(organisation=organisation, name="Shared Contact")
    office = page(client_for(officer), organisation)
    assert "Providers directory" in office and "History" in office
    provider = page(client_for(provider_user), organisation)
    assert "Shared Contact" in provider
    assert "Providers directory" not in provider and 'id="history"' not in provider
    assert "Your organisation's grants" in provider
    other = client_for(other_provider_user).get(reverse("providers:detail", args=[organisation.pk]))
    assert other.status_code == 404


def test_a_role_given_shows_next(client_for, make_user, organisation):
    reader = make_user("t_finance_reader", Role.FINANCE)
    client = client_for(reader)
    assert "Change<span" not in page(client, organisation)
    reader.add_role(Role.OFFICER)
    assert "Change<span" in page(client, organisation)


def test_a_page_read_again_costs_one_query_beyond_the_user(
    client_for, provider_user, organisation, django_assert_num_queries
):
    ContactFactory(organisation=organisation)
    client = client_for(provider_user)
    page(client, organisation)
    with django_assert_num_queries(3):  # the session, the user, the page's version
        page(client, organisation)

"""The provider's home page names their organisation from the figures read with the request's user
(providers.selectors.organisation_figures): no query of its own, and a rename shows at once."""

import pytest
from django.urls import reverse

from providers.models import Organisation, ProviderUser

pytestmark = pytest.mark.django_db


def test_provider_home_names_the_organisation_with_no_query_of_its_own(
    client_for, provider_user, organisation, django_assert_num_queries
):
    client = client_for(provider_user)
    with django_assert_num_queries(2):  # the session, the user with their roles and figures
        response = client.get(reverse("dashboards:home"))
    assert "Our Provider Trust" in response.text
    Organisation.objects.filter(pk=organisation.pk).update(name="Renamed Provider Trust")
    assert "Renamed Provider Trust" in client.get(reverse("dashboards:home")).text


def test_each_provider_sees_their_own_organisation(client_for, provider_user, other_provider_user):
    assert "Our Provider Trust" in client_for(provider_user).get("/").text
    other = client_for(other_provider_user).get("/").text
    assert "Another Provider Trust" in other and "Our Provider Trust" not in other


def test_a_provider_user_not_yet_linked_is_told_so(client_for, provider_user):
    ProviderUser.objects.filter(user=provider_user).delete()
    response = client_for(provider_user).get(reverse("dashboards:home"))
    assert "not linked to an organisation yet" in response.text

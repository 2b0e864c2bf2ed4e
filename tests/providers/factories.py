"""Factories for the providers directory (organisations and contacts live in tests/factories.py)."""

import factory

from providers.models import District, ProviderUser
from tests.factories import ContactFactory, OrganisationFactory

__all__ = ["ContactFactory", "DistrictFactory", "OrganisationFactory", "ProviderUserFactory"]


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n:03d}")


class ProviderUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderUser

    organisation = factory.SubFactory(OrganisationFactory)

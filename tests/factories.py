"""factory-boy factories shared by the test suite."""

import factory

from providers.models import Contact, Organisation, OrganisationKind


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Provider {n:04d}")
    kind = OrganisationKind.CHARITY
    charity_number = factory.Sequence(lambda n: f"{1100000 + n}")
    town = "Cambridge"
    postcode = "CB1 1AA"
    countywide = True
    third_sector = True
    local = True

    class Params:
        company = factory.Trait(
            kind=OrganisationKind.COMPANY,
            charity_number="",
            company_number=factory.Sequence(lambda n: f"{10000000 + n}"),
            third_sector=False,
        )
        public_body = factory.Trait(kind=OrganisationKind.PUBLIC_BODY, charity_number="")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name", locale="en_GB")
    email = factory.Faker("email")

"""factory-boy factories for decision notices, following their lifecycle: draft -> signed."""

from decimal import Decimal

import factory

from accounts.models import User
from accounts.roles import Role
from approvals.models import DecisionNotice
from approvals.services import sign_decision_notice
from tests.conftest import PASSWORD


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:04d}")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=[Role.X, ...])."""
        _give_roles(self, extracted or ())


def _give_roles(user, roles) -> None:
    user.save()
    for role in roles:
        user.add_role(role)


class OfficerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"officer{n:04d}")
    job_title = "Commissioning officer"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, extracted or (Role.OFFICER,))


class CommissionerFactory(UserFactory):
    username = factory.Sequence(lambda n: f"commissioner{n:04d}")
    job_title = "Police and Crime Commissioner"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, extracted or (Role.COMMISSIONER,))


class DecisionNoticeFactory(factory.django.DjangoModelFactory):
    """A draft, as an officer writes it."""

    class Meta:
        model = DecisionNotice

    title = factory.Sequence(lambda n: f"Youth Fund grant release {n}")
    decision_text = factory.LazyAttribute(
        lambda o: f"The Commissioner approves the release of {o.amount} for {o.title}."
    )
    reasons = "The project engages young people in the county and meets the fund's criteria."
    amount = Decimal("2000.00")
    funding_summary = "Youth Fund £2,000 for 2025/26"
    drafted_by = factory.SubFactory(OfficerFactory)


class SignedDecisionNoticeFactory(DecisionNoticeFactory):
    """A draft signed through the real service (so it takes a real number)."""

    signed_by = factory.SubFactory(CommissionerFactory)

    @classmethod
    def _create(cls, model_class, *args, signed_by=None, **kwargs):
        notice = super()._create(model_class, *args, **kwargs)
        return sign_decision_notice(notice=notice, signed_by=signed_by)


class FinanceFactory(UserFactory):
    username = factory.Sequence(lambda n: f"finance{n:04d}")
    job_title = "Chief Finance Officer"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, extracted or (Role.FINANCE,))


class ChiefExecutiveFactory(UserFactory):
    username = factory.Sequence(lambda n: f"chiefexec{n:04d}")
    job_title = "OPCC Chief Executive"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        _give_roles(self, extracted or (Role.CHIEF_EXECUTIVE,))


def client_of(request, who: str):
    """A test client for the fixture named `who` ("anonymous": not signed in)."""
    if who == "anonymous":
        return request.getfixturevalue("client")
    return request.getfixturevalue("client_for")(request.getfixturevalue(who))

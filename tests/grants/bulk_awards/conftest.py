"""Fixtures for the bulk award tests: the Youth Fund with a budget, and three clubs."""

import pytest

from grants.models import FundingStream
from tests.factories import OrganisationFactory
from tests.grants.factories import budget


@pytest.fixture
def youth_fund():
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "40000.00", "30000.00")
    return stream


@pytest.fixture
def clubs(db):
    return [
        OrganisationFactory(name="Cambridge Youth Club"),
        OrganisationFactory(name="Fenland Boxing Academy"),
        OrganisationFactory(name="Peterborough Arts Trust"),
    ]

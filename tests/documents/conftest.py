"""Documents attach to a provider Organisation in these tests only, with the providers' own rule."""

import pytest

from documents.permissions import owner_rule
from providers.models import Organisation
from providers.permissions import can_view_organisation


@pytest.fixture
def organisation_documents():
    """Let users who may see an organisation download its documents (for the test's duration)."""
    with owner_rule(Organisation, can_view=lambda user, org: can_view_organisation(user, org)[0]):
        yield

"""The audit trail's entry point: nested actors and readable history."""

import pytest
from auditlog.models import LogEntry

from audit.events import acting_as
from audit.selectors import history_for
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_nested_acting_as_keeps_the_outer_actor(officer, finance_approver):
    with acting_as(officer):
        with acting_as(finance_approver):
            inner = OrganisationFactory(name="Inner org")
        outer = OrganisationFactory(name="Outer org")
    after = OrganisationFactory(name="After org")
    actor = {o.name: LogEntry.objects.get_for_object(o).get().actor for o in (inner, outer, after)}
    assert actor == {"Inner org": finance_approver, "Outer org": officer, "After org": None}


def test_history_names_foreign_keys_and_hides_bookkeeping(officer):
    from providers.models import Contact

    org = OrganisationFactory(name="History org")
    with acting_as(officer):
        contact = Contact.objects.create(organisation=org, name="Ann Example")
    [entry] = history_for(contact)
    labels = {label: after for label, _before, after in entry.changes}
    assert labels["organisation"] == "History org"
    assert "ID" not in labels and "id" not in labels
    assert entry.actor == officer

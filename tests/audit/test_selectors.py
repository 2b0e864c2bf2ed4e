"""History in people's words: money, times, Yes/No, names, no blank rows, one style of titles."""

from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.template.loader import render_to_string

from approvals.models import DecisionNotice
from audit.events import acting_as, record_event
from audit.selectors import _readable, history_for
from grants.models import Award
from providers.models import Contact, Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize(
    "model, name, logged, shown",
    [
        (Award, "total", "35000.00", "£35,000.00"),
        (Award, "total", "0.5", "£0.50"),
        (Award, "total", "-12.00", "−£12.00"),
        (Award, "total", "not money", "not money"),
        (Award, "kind", "grant", "Grant"),
        (Award, "start_date", "2026-04-01", "1 April 2026"),
        (Award, "start_date", "None", ""),
        (Organisation, "third_sector", "True", "Yes"),
        (Organisation, "third_sector", "False", "No"),
        (Organisation, "name", "", ""),
        (Organisation, "name", None, ""),
        (DecisionNotice, "signed_at", "2026-12-02 01:56:00", "2 December 2026 at 1:56am"),
        (DecisionNotice, "signed_at", "2026-07-01 00:56:00.123456", "1 July 2026 at 1:56am"),
        (DecisionNotice, "amount", "2000.00", "£2,000.00"),
    ],
)
def test_logged_values_read_as_people_say_them(model, name, logged, shown):
    assert _readable(_field(model, name), logged, {}) == shown


def _award(organisation, total="35000.00"):
    return Award.objects.create(
        recipient=organisation,
        total=Decimal(total),
        start_date=date(2026, 4, 1),
        end_date=date(2027, 3, 31),
    )


def test_a_change_shows_money_and_the_record_by_name(officer):
    first = OrganisationFactory(name="Safer Streets CIC")
    second = OrganisationFactory(name="Hope Trust")
    with acting_as(officer):
        award = _award(first)
        award.total = Decimal("36000.50")
        award.recipient = second
        award.save()
    changed, created = history_for(award)
    assert (changed.title, created.title) == ("Award changed", "Award created")
    assert ("Total amount", "£35,000.00", "£36,000.50") in changed.changes
    assert ("recipient", "Safer Streets CIC", "Hope Trust") in changed.changes
    created_rows = {label: after for label, _before, after in created.changes}
    assert created_rows["Total amount"] == "£35,000.00"
    assert created_rows["start date"] == "1 April 2026"
    assert all(after for _label, _before, after in created.changes)  # no empty rows


def test_a_record_that_no_longer_exists_is_named_as_such(officer):
    gone = OrganisationFactory(name="Gone Ltd")
    stays = OrganisationFactory(name="Stays Ltd")
    with acting_as(officer):
        award = _award(gone)
        award.recipient = stays
        award.save()
    Award.objects.filter(recipient=gone).delete()
    LogEntry.objects.filter(object_repr="Gone Ltd").delete()
    Organisation.objects.filter(pk=gone.pk).delete()
    changed = history_for(award)[0]
    assert ("recipient", "a deleted organisation", "Stays Ltd") in changed.changes


def test_events_and_changes_share_one_style_and_times_are_in_words(officer):
    org = OrganisationFactory(name="Timeline Trust")
    with acting_as(officer):
        contact = Contact.objects.create(organisation=org, name="Ann Example")
    record_event("grant_approved", actor=officer, target=contact, message="Approved.")
    LogEntry.objects.filter(object_pk=str(contact.pk)).update(timestamp="2026-12-02T01:56:00+00:00")
    event, created = history_for(contact)
    assert event.title == "Grant approved"
    assert created.title == "Contact created"
    assert event.when == "2 December 2026 at 1:56am"


def test_the_timeline_shows_no_blank_rows_and_yes_no(officer):
    with acting_as(officer):
        org = OrganisationFactory(name="Blank Rows Ltd", charity_number="")
        org.third_sector = False
        org.charity_number = "1234567"
        org.save()
        org.charity_number = ""
        org.save()
    html = render_to_string("audit/history.html", {"entries": history_for(org)})
    assert "(blank)" not in html
    assert "None" not in html
    assert "Yes → No" in html
    assert "1234567 (was not set)" in html
    assert "removed (was 1234567)" in html
    assert "Organisation created" in html and "Organisation changed" in html

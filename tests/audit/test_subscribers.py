"""Events reach their subscribers after the transaction commits, and never when it rolls back."""

import logging

import pytest
from django.db import transaction

from audit.events import event_entry, record_event, record_events, record_transition
from audit.subscribers import Event, subscribe, subscribed
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    def __init__(self):
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    @property
    def names(self):
        return [e.name for e in self.events]


def test_subscriber_receives_the_event_after_commit_and_not_before(officer):
    inbox = Inbox()
    org = OrganisationFactory(name="Events org")
    with subscribed(inbox):
        with transaction.atomic():
            record_event("grant_approved", actor=officer, target=org, message="Approved")
            assert inbox.events == []  # not yet: the transaction is still open
        assert inbox.names == ["grant_approved"]
    [event] = inbox.events
    assert event.target_type == "providers.organisation"
    assert event.target_pk == str(org.pk)
    assert event.target_repr == "Events org"
    assert event.actor_id == officer.pk
    assert event.message == "Approved"
    assert event.entry_id is not None


def test_nothing_reaches_the_subscriber_when_the_transaction_rolls_back(officer):
    inbox = Inbox()
    org = OrganisationFactory()
    with subscribed(inbox), pytest.raises(RuntimeError), transaction.atomic():
        record_event("grant_approved", actor=officer, target=org)
        raise RuntimeError("a later write failed")
    assert inbox.events == []


def test_a_rolled_back_savepoint_drops_only_its_own_events(officer):
    inbox = Inbox()
    org = OrganisationFactory()
    with subscribed(inbox), transaction.atomic():
        record_event("kept", actor=officer, target=org)
        try:
            with transaction.atomic():
                record_event("dropped", actor=officer, target=org)
                raise ValueError
        except ValueError:
            pass
    assert inbox.names == ["kept"]


def test_subscribers_get_only_the_events_they_asked_for(officer):
    approvals, everything = Inbox(), Inbox()
    org = OrganisationFactory()
    with (
        subscribed(approvals, events=["grant_approved"]),
        subscribed(everything),
        transaction.atomic(),
    ):
        record_event("grant_approved", actor=officer, target=org)
        record_event("contact_added", actor=officer, target=org)
    assert approvals.names == ["grant_approved"]
    assert everything.names == ["grant_approved", "contact_added"]


def test_bulk_and_transition_events_reach_subscribers_too(officer):
    inbox = Inbox()
    org = OrganisationFactory()
    with subscribed(inbox), transaction.atomic():
        record_events([event_entry(f"row_{i}", actor=officer, target=org) for i in range(3)])
        record_transition(
            "moved", actor=officer, target=org, field="name", source="Old", message="Renamed"
        )
    assert inbox.names == ["row_0", "row_1", "row_2", "moved"]
    assert inbox.events[-1].changes == {"name": ["Old", org.name]}
    assert inbox.events[-1].data == {"transition": True}


def test_a_failing_subscriber_is_logged_and_never_breaks_the_caller_or_the_others(officer, caplog):
    def broken(event):
        raise RuntimeError("mail server down")

    inbox = Inbox()
    org = OrganisationFactory()
    with (
        subscribed(broken),
        subscribed(inbox),
        caplog.at_level(logging.ERROR),
        transaction.atomic(),
    ):
        record_event("grant_approved", actor=officer, target=org)
    assert inbox.names == ["grant_approved"]
    assert "mail server down" in caplog.text
    assert "grant_approved" in caplog.text


def test_without_a_transaction_the_event_is_delivered_at_once(officer):
    inbox = Inbox()
    org = OrganisationFactory()
    with subscribed(inbox):
        record_event("grant_approved", actor=officer, target=org)
    assert inbox.names == ["grant_approved"]


def test_subscribe_refuses_what_cannot_be_called():
    with pytest.raises(TypeError):
        subscribe("notifications.on_event")

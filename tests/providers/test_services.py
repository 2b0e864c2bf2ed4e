"""Directory writes: validation, audit, atomicity, duplicates and concurrent editors."""

import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection

from core.text import CONTROL_MESSAGE
from providers import rules, services
from providers.events import ProviderEvent
from providers.models import (
    DUPLICATE_CHARITY_MESSAGE,
    DUPLICATE_COMPANY_MESSAGE,
    DUPLICATE_CONTACT_MESSAGE,
    DUPLICATE_NAME_MESSAGE,
    Contact,
    District,
    Organisation,
    OrganisationKind,
)
from tests.factories import ContactFactory, OrganisationFactory

DETAILS = {
    "name": "New Hope Trust",
    "kind": OrganisationKind.CHARITY,
    "charity_number": "1187654",
    "town": "Cambridge",
    "postcode": "cb2 3qj",
    "countywide": True,
}


def _events(organisation):
    return [
        e.additional_data["event"]
        for e in LogEntry.objects.get_for_object(organisation).order_by("pk")
        if e.additional_data and "event" in e.additional_data
    ]


def test_create_organisation_saves_normalised_details_and_audits(officer):
    organisation = services.create_organisation(created_by=officer, details=DETAILS)

    assert organisation.pk and organisation.postcode == "CB2 3QJ"
    entry = LogEntry.objects.get_for_object(organisation).get(action=LogEntry.Action.CREATE)
    assert entry.actor == officer


def test_create_organisation_with_districts_records_them(officer):
    fenland = District.objects.create(name="Fenland")
    organisation = services.create_organisation(
        created_by=officer, details={**DETAILS, "countywide": False}, districts=[fenland]
    )
    assert list(organisation.districts.all()) == [fenland]
    assert _events(organisation) == [ProviderEvent.DISTRICTS_CHANGED]


@pytest.mark.parametrize(
    ("overrides", "districts", "errors"),
    [
        ({"charity_number": "12"}, 0, {"charity_number": [rules.CHARITY_FORMAT_MESSAGE]}),
        ({"postcode": "XX"}, 0, {"postcode": [rules.POSTCODE_FORMAT_MESSAGE]}),
        ({"countywide": False}, 0, {"districts": [rules.AREA_NEEDS_DISTRICTS_MESSAGE]}),
        ({}, 1, {"districts": [rules.AREA_COUNTYWIDE_WITH_DISTRICTS_MESSAGE]}),
        ({"name": "  new HOPE trust "}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        # look-alikes: a Cyrillic е, a zero-width space, full-width letters, a soft hyphen
        ({"name": "N\u0435w Hope Trust"}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        ({"name": "New Ho\u200bpe Trust"}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        ({"name": "ＮＥＷ Hope Trust"}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        ({"name": "New Hope Tr\u00adust"}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        ({"name": "New Hope Trust\u202e"}, 0, {"name": [DUPLICATE_NAME_MESSAGE]}),
        ({"charity_number": "1187654"}, 0, {"charity_number": [DUPLICATE_CHARITY_MESSAGE]}),
        (
            {"kind": OrganisationKind.COMPANY, "company_number": "1234567", "charity_number": ""},
            0,
            {"company_number": [DUPLICATE_COMPANY_MESSAGE]},
        ),
        ({"name": "Nul\x00 Trust"}, 0, {"name": [CONTROL_MESSAGE.format(label="Name")]}),
        ({"town": "Ely\x00"}, 0, {"town": [CONTROL_MESSAGE.format(label="Town or city")]}),
    ],
)
def test_create_organisation_refuses_bad_details(officer, overrides, districts, errors):
    services.create_organisation(
        created_by=officer, details={**DETAILS, "company_number": "01234567"}
    )
    chosen = [District.objects.create(name="Fenland")][:districts]
    with pytest.raises(services.ProviderDirectoryError) as error:
        services.create_organisation(
            created_by=officer,
            details={**DETAILS, "name": "Another Trust", "charity_number": "1187655", **overrides},
            districts=chosen,
        )
    assert error.value.message_dict == errors
    assert Organisation.objects.count() == 1


def test_create_organisation_refuses_unknown_details(officer):
    with pytest.raises(services.ProviderDirectoryError):
        services.create_organisation(created_by=officer, details={**DETAILS, "pk": 5})


def test_create_organisation_is_atomic(officer, monkeypatch):
    fenland = District.objects.create(name="Fenland")

    def fail(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "record_event", fail)
    with pytest.raises(RuntimeError):
        services.create_organisation(
            created_by=officer, details={**DETAILS, "countywide": False}, districts=[fenland]
        )
    assert Organisation.objects.count() == 0
    assert not fenland.organisations.exists()


def test_a_lost_race_on_the_name_is_a_name_error(officer, monkeypatch):
    """Two editors pass validation at once; the database's unique name refuses the second."""
    OrganisationFactory(name="New Hope Trust")
    monkeypatch.setattr(services, "_validate_organisation", lambda organisation, districts: None)

    with pytest.raises(services.ProviderDirectoryError) as error:
        services.create_organisation(created_by=officer, details=DETAILS)

    assert error.value.message_dict == {"name": [DUPLICATE_NAME_MESSAGE]}
    assert Organisation.objects.count() == 1


def test_update_organisation_records_district_changes(officer):
    fenland = District.objects.create(name="Fenland")
    cambridge = District.objects.create(name="Cambridge")
    organisation = OrganisationFactory(countywide=False)
    organisation.districts.set([fenland])

    services.update_organisation(
        organisation=organisation,
        updated_by=officer,
        details={"town": "Ely"},
        districts=[fenland, cambridge],
    )

    organisation.refresh_from_db()
    assert organisation.town == "Ely"
    event = LogEntry.objects.get_for_object(organisation).filter(
        additional_data__event=ProviderEvent.DISTRICTS_CHANGED
    )
    assert event.get().changes_dict["districts"] == ["Fenland", "Cambridge; Fenland"]


def test_update_organisation_refuses_a_stale_version(officer):
    organisation = OrganisationFactory()
    stale = services.version_of(organisation)
    organisation.town = "Somewhere else"
    organisation.save()

    with pytest.raises(services.ProviderDirectoryError) as error:
        services.update_organisation(
            organisation=organisation,
            updated_by=officer,
            details={"town": "Mine"},
            districts=[],
            expected_version=stale,
        )
    assert error.value.message_dict == {"__all__": [services.EDIT_CONFLICT_MESSAGE]}
    organisation.refresh_from_db()
    assert organisation.town == "Somewhere else"


def test_a_repeated_update_is_harmless(officer):
    organisation = OrganisationFactory()
    version = services.version_of(organisation)
    for _ in range(2):  # a double click sends the same form twice
        services.update_organisation(
            organisation=organisation,
            updated_by=officer,
            details={"town": "Ely"},
            districts=[],
            expected_version=version,
        )
    organisation.refresh_from_db()
    assert organisation.town == "Ely"
    updates = LogEntry.objects.get_for_object(organisation).filter(action=LogEntry.Action.UPDATE)
    assert updates.count() == 1


def test_add_contact_as_main_contact_moves_the_role_and_records_it(officer):
    organisation = OrganisationFactory()
    old = ContactFactory(organisation=organisation, is_primary=True)

    new = services.add_contact(
        organisation=organisation,
        added_by=officer,
        details={"name": "Dana Walsh", "is_primary": True},
    )

    old.refresh_from_db()
    assert (old.is_primary, new.is_primary) == (False, True)
    assert _events(organisation) == [
        ProviderEvent.CONTACT_ADDED,
        ProviderEvent.MAIN_CONTACT_CHANGED,
    ]


def test_add_contact_twice_is_refused(officer):
    organisation = OrganisationFactory()
    services.add_contact(organisation=organisation, added_by=officer, details={"name": "Sam"})
    with pytest.raises(services.ProviderDirectoryError) as error:
        services.add_contact(organisation=organisation, added_by=officer, details={"name": " sam "})
    assert error.value.message_dict == {"name": [DUPLICATE_CONTACT_MESSAGE]}
    assert Contact.objects.count() == 1


def test_update_contact_records_what_changed(officer):
    contact = ContactFactory(name="Sam", job_title="Worker")
    services.update_contact(
        contact=contact, updated_by=officer, details={"name": "Sam", "job_title": "Manager"}
    )
    entry = LogEntry.objects.get_for_object(contact.organisation).get(
        additional_data__event=ProviderEvent.CONTACT_CHANGED
    )
    assert entry.changes_dict == {"job_title": ["Worker", "Manager"]}
    assert entry.actor == officer


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_of_one_organisation_make_one(postgres, officer):
    outcomes = []
    barrier = threading.Barrier(2)

    def create():
        try:
            barrier.wait()
            services.create_organisation(created_by=officer, details=DETAILS)
            outcomes.append("created")
        except services.ProviderDirectoryError as error:
            outcomes.append(error.message_dict)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # the same organisation twice: the loser hears its name (and charity number) are taken
    assert sorted(map(str, outcomes)) == sorted(
        [
            "created",
            str({"name": [DUPLICATE_NAME_MESSAGE], "charity_number": [DUPLICATE_CHARITY_MESSAGE]}),
        ]
    )
    assert Organisation.objects.count() == 1


def test_the_create_entry_lists_the_organisations_own_fields_only(officer):
    organisation = services.create_organisation(created_by=officer, details=DETAILS)
    entry = LogEntry.objects.get_for_object(organisation).get(action=LogEntry.Action.CREATE)
    fields = set(entry.changes_dict)
    assert {"name", "kind", "charity_number", "postcode"} <= fields
    assert not fields & {"id", "created_at", "updated_at", "contacts", "provider_users"}


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("officer", True),
        ("own_provider", True),  # a provider user keeps their own organisation's contacts
        ("other_provider", False),
        ("finance", False),
        ("superuser_without_roles", False),
    ],
)
def test_contact_services_check_the_actor_themselves(
    who, allowed, officer, organisation, other_organisation, make_user
):
    """A service validates its own actor: the views' 403 is not the only gate."""
    from accounts.roles import Role
    from providers.models import ProviderUser

    actors = {
        "officer": officer,
        "finance": make_user("t_fin", Role.FINANCE),
        "superuser_without_roles": make_user("t_root", is_superuser=True),
    }
    for name, org in (("own_provider", organisation), ("other_provider", other_organisation)):
        actors[name] = make_user(f"t_{name}", Role.PROVIDER)
        ProviderUser.objects.create(user=actors[name], organisation=org)
    actor = actors[who]
    existing = ContactFactory(organisation=organisation, name="Sam", job_title="Worker")
    calls = [
        lambda: services.add_contact(
            organisation=organisation, added_by=actor, details={"name": "Dana Walsh"}
        ),
        lambda: services.update_contact(
            contact=existing, updated_by=actor, details={"name": "Sam", "job_title": "Manager"}
        ),
    ]
    for call in calls:
        if allowed:
            call()
            continue
        with pytest.raises(services.ProviderDirectoryError) as error:
            call()
        assert "contact" in str(error.value) or "Only" in str(error.value)
    existing.refresh_from_db()
    assert Contact.objects.filter(name="Dana Walsh").exists() is allowed
    assert (existing.job_title == "Manager") is allowed

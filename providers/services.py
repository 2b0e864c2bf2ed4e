"""Writes to the providers directory, one use case each: organisations and their contacts."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from audit.events import acting_as, record_event
from core.text import control_character_errors

from . import permissions, rules
from .events import ProviderEvent
from .models import (
    DUPLICATE_CONTACT_MESSAGE,
    DUPLICATE_NAME_MESSAGE,
    Contact,
    District,
    Organisation,
    organisation_fields,
)

ORGANISATION_FIELDS = organisation_fields(districts=False)
CONTACT_FIELDS = ("name", "job_title", "email", "phone", "is_primary")

EDIT_CONFLICT_MESSAGE = (
    "Someone else changed this organisation while you were editing it. "
    "Check the details below and save again"
)


class ProviderDirectoryError(ValidationError):
    """A directory change was refused; carries field errors as a form would show them."""


def _require(verdict: tuple[bool, str]) -> None:
    """The actor's right, checked by the service itself (views check it too, for the 403)."""
    allowed, reason = verdict
    if not allowed:
        raise ProviderDirectoryError({NON_FIELD_ERRORS: [reason]})


def _details(details: Mapping[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(details) - set(allowed)
    if unknown:
        raise ProviderDirectoryError(
            {NON_FIELD_ERRORS: [f"Unknown details: {', '.join(sorted(unknown))}"]}
        )
    return dict(details)


def _validate_organisation(organisation: Organisation, districts: list[District]) -> None:
    """Model rules (formats, unique name) plus the area-served rule, which needs the districts."""
    errors: dict[str, list] = control_character_errors(organisation)
    if errors:
        raise ProviderDirectoryError(errors)
    try:
        organisation.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    problem = rules.area_served_error(
        countywide=organisation.countywide, district_count=len(districts)
    )
    if problem:
        errors.setdefault("districts", []).append(ValidationError(problem, code="area_served"))
    if errors:
        raise ProviderDirectoryError(errors)


def _save_organisation(organisation: Organisation) -> None:
    try:
        with (
            transaction.atomic()
        ):  # a savepoint, so a lost race leaves the outer transaction usable
            organisation.save()
    except IntegrityError as exc:
        # two people adding the same organisation at once: the database's unique keys decide
        try:
            organisation.validate_constraints()
        except ValidationError as error:
            raise ProviderDirectoryError(error.update_error_dict({})) from exc
        raise ProviderDirectoryError({"name": [DUPLICATE_NAME_MESSAGE]}) from exc


def _district_names(districts: Iterable[District]) -> str:
    return "; ".join(sorted(d.name for d in districts))


def create_organisation(
    *,
    created_by,
    details: Mapping[str, Any],
    districts: Iterable[District] = (),
) -> Organisation:
    """Add an organisation to the directory (officers and administrators)."""
    districts = list(districts)
    with transaction.atomic(), acting_as(created_by):
        organisation = Organisation(**_details(details, ORGANISATION_FIELDS))
        _validate_organisation(organisation, districts)
        _save_organisation(organisation)
        if districts:
            organisation.districts.set(districts)
            record_event(
                ProviderEvent.DISTRICTS_CHANGED,
                actor=created_by,
                target=organisation,
                changes={"districts": ["", _district_names(districts)]},
            )
    return organisation


def update_organisation(
    *,
    organisation: Organisation,
    updated_by,
    details: Mapping[str, Any],
    districts: Iterable[District],
    expected_version: str = "",
) -> Organisation:
    """Change an organisation's details and area served.

    `expected_version` is the `version` the editor's form was built from: when someone else has
    saved a different change since, the edit is refused rather than silently overwriting theirs.
    """
    details = _details(details, ORGANISATION_FIELDS)
    districts = list(districts)
    with transaction.atomic(), acting_as(updated_by):
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        before = {name: getattr(locked, name) for name in details}
        old_names = _district_names(locked.districts.all())
        for name, value in details.items():
            setattr(locked, name, value)
        _validate_organisation(locked, districts)
        new_names = _district_names(districts)
        changed = any(getattr(locked, name) != before[name] for name in details)
        if not changed and old_names == new_names:
            return locked  # a repeated submit of what is already saved
        if expected_version and version_of(locked) != expected_version:
            raise ProviderDirectoryError({NON_FIELD_ERRORS: [EDIT_CONFLICT_MESSAGE]})
        if changed:
            _save_organisation(locked)
        if old_names != new_names:
            locked.districts.set(districts)
            record_event(
                ProviderEvent.DISTRICTS_CHANGED,
                actor=updated_by,
                target=locked,
                changes={"districts": [old_names, new_names]},
            )
    return locked


def version_of(organisation: Organisation) -> str:
    """A token that changes whenever the organisation is saved (its last-saved time)."""
    stamp = organisation.updated_at
    return stamp.isoformat() if stamp else ""


def _demote_main_contact(organisation: Organisation, keep: Contact | None = None) -> None:
    """One main contact per organisation: whoever had the role loses it (each save audited)."""
    others = Contact.objects.filter(organisation=organisation, is_primary=True)
    if keep is not None and keep.pk:
        others = others.exclude(pk=keep.pk)
    for other in others:
        other.is_primary = False
        other.save(update_fields=["is_primary"])


def _save_contact(contact: Contact) -> None:
    if errors := control_character_errors(contact):
        raise ProviderDirectoryError(errors)
    try:
        contact.full_clean()
    except ValidationError as error:
        raise ProviderDirectoryError(error.update_error_dict({})) from error
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError as exc:
        raise ProviderDirectoryError({"name": [DUPLICATE_CONTACT_MESSAGE]}) from exc


def add_contact(*, organisation: Organisation, added_by, details: Mapping[str, Any]) -> Contact:
    """Add a named contact; making them the main contact moves that role from whoever had it.
    Only someone who may manage this organisation's contacts (permissions.can_manage_contacts)."""
    details = _details(details, CONTACT_FIELDS)
    with transaction.atomic(), acting_as(added_by):
        # lock the organisation so two people changing its main contact take turns
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        _require(permissions.can_manage_contacts(added_by, locked))
        contact = Contact(organisation=locked, **details)
        if contact.is_primary:
            _demote_main_contact(locked)
        _save_contact(contact)
        record_event(
            ProviderEvent.CONTACT_ADDED,
            actor=added_by,
            target=locked,
            message=_contact_line(contact),
        )
        if contact.is_primary:
            record_event(
                ProviderEvent.MAIN_CONTACT_CHANGED,
                actor=added_by,
                target=locked,
                message=f"{contact.name} is now the main contact",
            )
    return contact


def update_contact(*, contact: Contact, updated_by, details: Mapping[str, Any]) -> Contact:
    """Change a contact's details (and perhaps make them the main contact), by someone who may
    manage this organisation's contacts."""
    details = _details(details, CONTACT_FIELDS)
    with transaction.atomic(), acting_as(updated_by):
        locked_org = Organisation.objects.select_for_update().get(pk=contact.organisation_id)
        _require(permissions.can_manage_contacts(updated_by, locked_org))
        locked = Contact.objects.get(pk=contact.pk)
        was_primary = locked.is_primary
        before = {name: getattr(locked, name) for name in details}
        for name, value in details.items():
            setattr(locked, name, value)
        if not any(getattr(locked, name) != before[name] for name in details):
            return locked
        if locked.is_primary and not was_primary:
            _demote_main_contact(locked_org, locked)
        _save_contact(locked)
        record_event(
            ProviderEvent.CONTACT_CHANGED,
            actor=updated_by,
            target=locked_org,
            message=_contact_line(locked),
            changes={
                name: [before[name], getattr(locked, name)]
                for name in details
                if getattr(locked, name) != before[name]
            },
        )
        if locked.is_primary and not was_primary:
            record_event(
                ProviderEvent.MAIN_CONTACT_CHANGED,
                actor=updated_by,
                target=locked_org,
                message=f"{locked.name} is now the main contact",
            )
    return locked


def _contact_line(contact: Contact) -> str:
    return f"{contact.name}, {contact.job_title}" if contact.job_title else contact.name

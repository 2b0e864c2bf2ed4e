"""The providers directory's domain events, written to an organisation's history."""

from django.db import models


class ProviderEvent(models.TextChoices):
    DISTRICTS_CHANGED = "districts_changed", "Districts served changed"
    CONTACT_ADDED = "contact_added", "Contact added"
    CONTACT_CHANGED = "contact_changed", "Contact changed"
    MAIN_CONTACT_CHANGED = "main_contact_changed", "Main contact changed"
    IMPORTED = "organisation_imported", "Imported from a spreadsheet"

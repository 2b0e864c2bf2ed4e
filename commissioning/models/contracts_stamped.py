"""When a contract or an extension option last changed: the `updated_at` stamp the contract list's
data version reads (commissioning/contract_selectors.contracts_version)."""

from __future__ import annotations

from django.db import models


class Stamped(models.Model):
    """`updated_at` set on every save, a save naming `update_fields` included (Django writes an
    auto_now field only when it is named). Bulk writes set it themselves (QuerySet.update callers
    pass updated_at; audit.transitions.perform_transitions adds it)."""

    updated_at = models.DateTimeField(auto_now=True, db_index=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)

"""A log of changes to outcome returns, one row per change: `returns.versioning` reads the newest
rows as the returns' data version, under which pages keep what they show in the cache."""

from __future__ import annotations

from django.db import models


class ReturnsChange(models.Model):
    """One change to a return, its outputs, readings or versions (insert-only; old rows pruned).

    Rows are only ever added, so writers never wait on each other, unlike a counter row."""

    id = models.BigAutoField(primary_key=True)

    class Meta:
        verbose_name = "returns data change"

    def __str__(self) -> str:
        return f"Change {self.pk}"

"""The per-year decision notice number sequence: its row lock serialises signing within a year."""

from __future__ import annotations

from django.db import models


class DecisionNoticeSequence(models.Model):
    """The last number used in each calendar year; its row lock serialises signing in that year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "decision notice number sequence"

    def __str__(self) -> str:
        return f"{self.year}: last number {self.last_number:03d}"

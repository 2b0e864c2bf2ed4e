"""Grants: funding streams, financial-year budgets, commitments, co-funding and grants."""

from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = "Funding streams and grants"

"""Core: pure helpers every app shares (money, financial years, spreadsheets, design-system tags)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core"

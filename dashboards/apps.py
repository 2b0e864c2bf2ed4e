"""Dashboards: each role's home page, navigation, reports and charts (reads every app's selectors)."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = "Dashboards"

"""Approvals: approval bands, approval requests and decisions, segregation of duties, decision notices."""

from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    name = "approvals"
    verbose_name = "Approvals and decision notices"

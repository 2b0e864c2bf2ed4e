"""Audit: the one entry point that records domain events and an object's history (django-auditlog)."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

"""Audit: the one entry point that records domain events and an object's history (django-auditlog)."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from auditlog.models import LogEntry
        from django.db.models.signals import pre_save

        from .events import fill_actor
        from .middleware import stamp_request_details

        pre_save.connect(fill_actor, sender=LogEntry, dispatch_uid="audit.fill_actor")
        pre_save.connect(
            stamp_request_details, sender=LogEntry, dispatch_uid="audit.stamp_request_details"
        )

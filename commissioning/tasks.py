"""Commissioning's Celery tasks: the sweep (hourly, by beat) that ends contracts whose term has run out."""

from celery import shared_task

from .contract_services import end_expired_contracts


@shared_task(name="commissioning.tasks.end_expired_contracts")
def end_expired_contracts_task() -> int:
    """Beat runs it hourly; the service is idempotent, so a repeated delivery changes nothing."""
    return end_expired_contracts()

"""Commissioning: commissioning projects, procurement routes, tenders, bids, evaluation, Single
Tender Actions, contracts and meetings.

Nothing is built here yet: the app holds its place in the layers (it may import grants, approvals
and providers; they never import it). Contracts will reuse grants.Award for their money.
"""

from django.apps import AppConfig


class CommissioningConfig(AppConfig):
    name = "commissioning"
    verbose_name = "Commissioning and contracts"

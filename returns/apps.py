"""Returns: six-monthly outcome return schedules, the returns themselves, evidence, officer review and
the provider portal pages. It sits above grants and commissioning (a return belongs to a grant or a
contract) and below dashboards.
"""

from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "returns"
    verbose_name = "Outcome returns"

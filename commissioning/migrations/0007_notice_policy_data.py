"""Seed the notice periods: Procurement Act 2023 (in force 24 February 2025) standstill of 8
working days, contract details notice within 30 days of signing (120 for light-touch services),
below-threshold contract details notice from £30,000 including VAT; the preliminary market
engagement lead of 20 working days is a reasonable default (no source sets it)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = (
    "Procurement Act 2023 ss. 51, 53, 87 (standstill 8 working days; details 30 days, 120 "
    "light-touch; below threshold from £30,000 incl. VAT); market engagement lead 20 working "
    "days is a reasonable default"
)


def load(apps, schema_editor):
    Policy = apps.get_model("commissioning", "NoticePolicy")
    Policy.objects.get_or_create(
        effective_from=date(2025, 2, 24),
        defaults={
            "market_engagement_lead_working_days": 20,
            "standstill_working_days": 8,
            "contract_details_days": 30,
            "light_touch_contract_details_days": 120,
            "below_threshold_notice_from": Decimal("30000.00"),
            "source": SOURCE,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0006_commissioning_projects_and_notices")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""Seed the contract-term policy: decide extension options 6 months before the current end (the
issue's default, no source document), and 3 months' break notice for contracts drafted from STAs."""

from datetime import date

from django.db import migrations

SOURCE = "Contracts issue 17: decision lead time default 6 months (reasonable default)"


def load(apps, schema_editor):
    Policy = apps.get_model("commissioning", "ContractPolicy")
    Policy.objects.get_or_create(
        effective_from=date(2016, 4, 1),
        defaults={"decision_lead_months": 6, "default_notice_months": 3, "source": SOURCE},
    )


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0003_contracts")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

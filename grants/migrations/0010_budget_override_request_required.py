"""Every budget override now has its approval request (0009 made one for each earlier override)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("grants", "0009_budget_overrides_become_requests")]

    operations = [
        migrations.AlterField(
            model_name="budgetoverride",
            name="approval_request",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="approvals.approvalrequest",
            ),
        ),
    ]

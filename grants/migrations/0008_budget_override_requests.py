"""Budget overrides point at an approvals-engine request (kind "budget override"); who approved
and when are filled in when the request is approved, so both may be blank while it waits."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grants", "0007_contract_let_at"),
        ("approvals", "0005_merge_notice_facts_and_engine"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(name="budgetoverride", options={"ordering": ["-pk"]}),
        migrations.AddField(
            model_name="budgetoverride",
            name="approval_request",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="approvals.approvalrequest",
            ),
        ),
        migrations.AlterField(
            model_name="budgetoverride",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="budgetoverride",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="budgetoverride",
            constraint=models.CheckConstraint(
                condition=models.Q(("approved_at__isnull", True), ("approved_by__isnull", True))
                | models.Q(("approved_at__isnull", False), ("approved_by__isnull", False)),
                name="override_approved_by_iff_at",
            ),
        ),
    ]

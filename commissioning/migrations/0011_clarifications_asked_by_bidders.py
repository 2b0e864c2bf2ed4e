"""Providers ask clarification questions through the service: a clarification records who asked
(the bidder's organisation) and when, and waits unanswered until an officer answers it. Existing
clarifications were recorded with their answers, so each was asked when it was answered."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def asked_when_answered(apps, schema_editor):
    Clarification = apps.get_model("commissioning", "Clarification")
    Clarification.objects.update(asked_at=models.F("answered_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("commissioning", "0010_merge_0006_sta_list_index_0009_score_descriptors"),
        ("providers", "0004_merge_name_key_and_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="clarification",
            options={"ordering": ["tender", "asked_at", "pk"]},
        ),
        migrations.AddField(
            model_name="clarification",
            name="asked_at",
            field=models.DateTimeField(default=django.utils.timezone.now),
        ),
        migrations.AddField(
            model_name="clarification",
            name="asked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="clarification",
            name="asked_by_organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="The bidder who asked through the service (blank when an officer recorded it)",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="providers.organisation",
            ),
        ),
        migrations.RunPython(asked_when_answered, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clarification",
            name="answer",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="clarification",
            name="answered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="clarification",
            name="answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="clarification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(
                        ("answer", ""), ("answered_by__isnull", True), ("answered_at__isnull", True)
                    ),
                    models.Q(
                        models.Q(("answer", ""), _negated=True),
                        ("answered_by__isnull", False),
                        ("answered_at__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="clarification_answered_in_full",
            ),
        ),
        migrations.AddConstraint(
            model_name="clarification",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("asked_by_organisation__isnull", True),
                    ("asked_by__isnull", False),
                    _connector="OR",
                ),
                name="clarification_asker_named",
            ),
        ),
    ]

"""The five-point scale's descriptors as data (the brief's "Evaluation": 0 unacceptable … 4
excellent); administrators may reword them."""

from django.db import migrations

DESCRIPTORS = [
    (0, "Unacceptable", "No answer, or an answer that does not address the question at all."),
    (1, "Poor", "Addresses the question only in part, with significant gaps or little evidence."),
    (2, "Acceptable", "Meets the requirement with some evidence; minor gaps or weaknesses."),
    (3, "Good", "Meets the requirement fully, with clear evidence of how it will be delivered."),
    (4, "Excellent", "Exceeds the requirement, with strong evidence and added value."),
]


def seed(apps, schema_editor):
    ScoreDescriptor = apps.get_model("commissioning", "ScoreDescriptor")
    for score, label, text in DESCRIPTORS:
        ScoreDescriptor.objects.update_or_create(
            score=score, defaults={"label": label, "descriptor": text}
        )


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0008_tenders")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]


load = seed  # tests/conftest.py puts the rows back after a transactional test's flush

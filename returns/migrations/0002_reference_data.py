"""Reference data: the outcome-return settings in force and the Justice Star's outcome areas."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SETTINGS = {
    "effective_from": date(2016, 4, 1),
    "period_months": 6,
    "due_after_days": 30,
    "light_return_up_to": Decimal("2000.00"),
    "source": (
        "Commissioning and Grants Strategy: an outcome reporting form every six months, burden "
        "proportionate to size. 30 days to report and the £2,000 light-return limit (the Youth "
        "Fund's largest award) are reasonable defaults."
    ),
    "is_default": True,
}

# The Justice Star's ten areas (Triangle Consulting); an administrator adds other versions.
STARS = {
    "Justice Star": [
        "Accommodation",
        "Living skills and self-care",
        "Mental health and well-being",
        "Friends and community",
        "Relationships and family",
        "Parenting and caring",
        "Drugs and alcohol",
        "Positive use of time",
        "Managing strong feelings",
        "A crime-free life",
    ],
}


def load(apps, schema_editor):
    """Idempotent: tests that flush the database call it again (tests/conftest.py)."""
    ReturnSettings = apps.get_model("returns", "ReturnSettings")
    StarVersion = apps.get_model("returns", "StarVersion")
    StarArea = apps.get_model("returns", "StarArea")
    ReturnSettings.objects.get_or_create(
        effective_from=SETTINGS["effective_from"],
        defaults={k: v for k, v in SETTINGS.items() if k != "effective_from"},
    )
    for name, areas in STARS.items():
        version, _ = StarVersion.objects.get_or_create(name=name)
        for position, area in enumerate(areas):
            StarArea.objects.get_or_create(
                version=version, name=area, defaults={"position": position}
            )


class Migration(migrations.Migration):
    dependencies = [("returns", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

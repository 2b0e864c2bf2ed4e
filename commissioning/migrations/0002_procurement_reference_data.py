"""Seed the procurement route bands, statutory thresholds and direct-award grounds, with sources
(domain brief, "Rules in force today")."""

from datetime import date
from decimal import Decimal

from django.db import migrations

CSO = "7 Force Commercial Services Contract Standing Orders"
ROUTES = [
    (date(2023, 4, 1), "0", "One written quote", f"{CSO}, 2023/24 bands"),
    (date(2023, 4, 1), "5000", "Three written quotes", f"{CSO}, 2023/24 bands"),
    (date(2023, 4, 1), "50000", "Competitive tender", f"{CSO}, 2023/24 bands"),
    (
        date(2024, 4, 1),
        "0",
        "One written quote",
        f"{CSO} (Bedfordshire PCC decision PCC/D/129, 2024/25)",
    ),
    (
        date(2024, 4, 1),
        "6000",
        "Three written quotes",
        f"{CSO} (Bedfordshire PCC decision PCC/D/129, 2024/25)",
    ),
    (
        date(2024, 4, 1),
        "60000",
        "Competitive tender",
        f"{CSO} (Bedfordshire PCC decision PCC/D/129, 2024/25)",
    ),
]
ROUTE_NOTES = {
    "60000": "Awards over £1m also need the collaboration's governance board and the PCC's seal"
}

ACT = "Procurement Act 2023 thresholds (sub-central authority, VAT included)"
THRESHOLDS = [
    (date(2024, 1, 1), "goods_services", "214904"),
    (date(2024, 1, 1), "works", "5372609"),
    (date(2024, 1, 1), "light_touch", "663540"),
    (date(2026, 1, 1), "goods_services", "207720"),
    (date(2026, 1, 1), "works", "5193000"),
    (date(2026, 1, 1), "light_touch", "663540"),
]

STRATEGY = "Commissioning and Grants Strategy 2016-20, Single Tender Action"
SCHEDULE_5 = "Procurement Act 2023, Schedule 5 (direct award justifications)"
CONTINUITY_REFUSAL = (
    "The Procurement Act 2023 has no general “continuity of supply” ground for a direct award."
)
GROUNDS = [
    (
        "Only one supplier can do it, for technical reasons (e.g. access to live personal data)",
        "below_threshold",
        "",
        STRATEGY,
        1,
    ),
    (
        "Continuity of supply: a justifiable case to keep the existing supplier",
        "below_threshold",
        CONTINUITY_REFUSAL,
        STRATEGY,
        2,
    ),
    (
        "Single supplier: only one supplier can supply, for technical reasons",
        "schedule_5",
        "",
        SCHEDULE_5,
        1,
    ),
    ("Intellectual property or other exclusive rights", "schedule_5", "", SCHEDULE_5, 2),
    ("Additional or repeat supply from the existing supplier", "schedule_5", "", SCHEDULE_5, 3),
    ("Extreme and unavoidable urgency", "schedule_5", "", SCHEDULE_5, 4),
    ("No suitable tenders or applications were received", "schedule_5", "", SCHEDULE_5, 5),
]


def load(apps, schema_editor):
    Route = apps.get_model("commissioning", "ProcurementRouteBand")
    Threshold = apps.get_model("commissioning", "StatutoryThreshold")
    Ground = apps.get_model("commissioning", "DirectAwardGround")
    for effective_from, value, route, source in ROUTES:
        Route.objects.get_or_create(
            effective_from=effective_from,
            from_value=Decimal(value),
            defaults={"route": route, "source": source, "notes": ROUTE_NOTES.get(value, "")},
        )
    for effective_from, category, amount in THRESHOLDS:
        Threshold.objects.get_or_create(
            effective_from=effective_from,
            category=category,
            defaults={"amount": Decimal(amount), "source": ACT},
        )
    for label, regime, refusal, source, order in GROUNDS:
        Ground.objects.get_or_create(
            label=label,
            defaults={
                "regime": regime,
                "refusal_above_threshold": refusal,
                "source": source,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

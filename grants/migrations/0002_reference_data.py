"""The brief's four funding streams, the Police and Crime Plan's four themes, the subsidy allowance."""

from datetime import date
from decimal import Decimal

from django.db import migrations

STREAMS = [
    {
        "name": "Ministry of Justice Victims' Services Grant",
        "short_name": "MoJ Victims",
        "source_of_money": "Ministry of Justice, paid yearly",
        "description": "Funds victim and witness support services, commissioned around an "
        "integrated Victim and Witness Hub.",
        "max_single_award": None,
    },
    {
        "name": "Crime and Disorder Reduction Grants",
        "short_name": "Crime and Disorder",
        "source_of_money": "Set aside from the main police grant",
        "description": "Grants to any person for securing crime and disorder reduction; may carry "
        "conditions.",
        "max_single_award": None,
    },
    {
        "name": "Youth Fund",
        "short_name": "Youth Fund",
        "source_of_money": "Police Property Act monies, part match-funded by a national fund",
        "description": "Small projects to engage young people in positive community activities, "
        "administered by the community foundation.",
        "max_single_award": Decimal("2000.00"),
    },
    {
        "name": "Casualty Reduction and Support Fund",
        "short_name": "Casualty Reduction",
        "source_of_money": "Surplus from driver offender course cost recovery",
        "description": "Road casualty reduction and support for those affected. Currently under "
        "review.",
        "max_single_award": None,
    },
]

# "Plan on a Page", Police and Crime Plan 2017-20 (seed 002).
THEMES = [
    (
        "Victims",
        "Victims and witnesses are placed at the heart of the criminal justice system "
        "and have access to clear pathways of support",
        "Deliver a victim first approach",
    ),
    (
        "Offenders",
        "Offenders are brought to justice and are less likely to re-offend",
        "Reduce re-offending",
    ),
    (
        "Communities",
        "Communities have confidence in how we respond to their needs",
        "Support safer and stronger communities",
    ),
    (
        "Transformation",
        "We deliver improved outcomes and savings through innovation and collaboration",
        "Ensure value for money for taxpayers now and in the future",
    ),
]


def load(apps, schema_editor):
    FundingStream = apps.get_model("grants", "FundingStream")
    PlanTheme = apps.get_model("grants", "PlanTheme")
    SubsidyAllowance = apps.get_model("grants", "SubsidyAllowance")
    for stream in STREAMS:
        FundingStream.objects.get_or_create(name=stream["name"], defaults=stream)
    for order, (name, outcome, aim) in enumerate(THEMES, start=1):
        PlanTheme.objects.get_or_create(
            name=name, defaults={"shared_outcome": outcome, "aim": aim, "order": order}
        )
    SubsidyAllowance.objects.get_or_create(
        effective_from=date(2023, 1, 4),
        defaults={
            "amount": Decimal("315000.00"),
            "period_years": 3,
            "source": "Subsidy Control Act 2022, minimal financial assistance",
        },
    )


def unload(apps, schema_editor):
    apps.get_model("grants", "PlanTheme").objects.filter(name__in=[t[0] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("grants", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

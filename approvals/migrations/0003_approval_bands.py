"""Seed approval bands from the domain brief ("Approval bands"), each row with its source."""

from datetime import date
from decimal import Decimal

from django.db import migrations

STRATEGY = "Commissioning and Grants Strategy 2016-20, Single Tender Action"
DEFAULT = "Domain brief, Approval bands (reasonable default)"
GRANTS = (
    "Commissioning and Grants Strategy 2016-20: grants are released by a signed decision notice"
)
FROM = date(2016, 4, 1)

# kind, above, up to (None: no limit), first role, second role, needs notice, source, is default
CONTRACT_BANDS = [
    (Decimal("0"), Decimal("150000"), "finance_approver", "", False, STRATEGY, False),
    (
        Decimal("150000"),
        Decimal("500000"),
        "chief_executive",
        "finance_approver",
        False,
        DEFAULT,
        True,
    ),
    (Decimal("500000"), None, "commissioner", "", True, DEFAULT, True),
]
BANDS = [
    *[("sta", *band) for band in CONTRACT_BANDS],
    *[("contract_award", *band) for band in CONTRACT_BANDS],
    *[("contract_extension", *band) for band in CONTRACT_BANDS],
    ("budget_override", Decimal("0"), None, "finance_approver", "", False, DEFAULT, True),
    ("grant", Decimal("0"), None, "commissioner", "", True, GRANTS, False),
]


def load(apps, schema_editor):
    ApprovalBand = apps.get_model("approvals", "ApprovalBand")
    for kind, above, up_to, first, second, notice, source, default in BANDS:
        ApprovalBand.objects.get_or_create(
            kind=kind,
            effective_from=FROM,
            above_value=above,
            defaults={
                "up_to_value": up_to,
                "first_role": first,
                "second_role": second,
                "needs_decision_notice": notice,
                "source": source,
                "is_default": default,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("approvals", "0002_approval_engine")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

"""The reminder rules in force from the start: lead times from issue 21 (review-cycle reminders)
and the Commissioning and Grants Strategy (six-monthly returns, three-monthly meetings)."""

from datetime import date

from django.db import migrations

START = date(2016, 4, 1)
ISSUE = "Review-cycle reminders (issue 21)"
RULES = [
    ("returns.due_soon", "Remind the provider before a return is due", "14, 3", "days_before"),
    ("returns.overdue", "Tell the provider a return is overdue", "1", "days_after"),
    (
        "returns.escalate_officer",
        "Escalate an overdue return to the responsible officer",
        "14",
        "days_after",
    ),
    (
        "returns.escalate_manager",
        "Escalate an overdue return to the officer's line manager",
        "30",
        "days_after",
    ),
    (
        "contracts.option_deadline",
        "Remind the officer before an extension option's decision deadline",
        "6, 3",
        "months_before",
    ),
    (
        "contracts.option_lapsed",
        "Tell the officer an extension option's deadline passed undecided",
        "1",
        "days_after",
    ),
    (
        "contracts.recommission",
        "Alert re-commissioning: contract ending with no options left",
        "9",
        "months_before",
    ),
    ("contracts.meeting_due", "Remind the officer of a three-monthly meeting", "14", "days_before"),
    (
        "contracts.meeting_action_overdue",
        "Tell the officer a meeting action is overdue",
        "1",
        "days_after",
    ),
    (
        "projects.notice_overdue",
        "Tell the officer a procurement notice is overdue",
        "1",
        "days_after",
    ),
    ("approvals.chase", "Chase approvers of what has waited", "5", "working_days"),
    ("approvals.escalate", "Escalate what has waited for approval", "10", "working_days"),
    ("funding.committed", "Tell finance a funding stream is nearly committed", "90", "percent"),
]


def load(apps, schema_editor):
    ReminderRule = apps.get_model("notifications", "ReminderRule")
    for key, label, offsets, unit in RULES:
        ReminderRule.objects.get_or_create(
            key=key,
            effective_from=START,
            defaults={"label": label, "offsets": offsets, "unit": unit, "source": ISSUE},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0002_reminder_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

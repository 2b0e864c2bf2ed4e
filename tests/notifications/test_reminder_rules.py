"""Reminder rules as effective-dated data read by one module, and the sweep helpers' day edges."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from notifications import sweeps
from notifications.models import ReminderRule
from notifications.reminder_rules import Rule, parse_offsets, rule_in_force, rules_in_force

RULE = Rule("x", "x", (14, 3), "days_before", True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14, 3", (14, 3)), ("3,14,14", (14, 3)), (" 90 ", (90,)), ("0", (0,))],
)
def test_offsets_parse(text, expected):
    assert parse_offsets(text) == expected


@pytest.mark.parametrize(
    "text", ["", "1e40", "-3", "１４", "14;3", "1001", "3\x00", ",".join("1" * 11)]
)
def test_hostile_offsets_are_refused(text):
    with pytest.raises(ValueError):
        parse_offsets(text)


@pytest.mark.django_db
def test_model_validation_speaks_plainly():
    rule = ReminderRule(
        key="k", label="k", effective_from=date(2026, 1, 1), offsets="soon", unit="days_before"
    )
    with pytest.raises(ValidationError) as caught:
        rule.full_clean()
    assert "not a whole number" in caught.value.message_dict["offsets"][0]


@pytest.mark.django_db
def test_latest_version_on_or_before_the_day_applies_and_a_switch_turns_it_off():
    seeded = rule_in_force("returns.due_soon", on=date(2026, 6, 1))
    assert seeded.offsets == (14, 3)
    ReminderRule.objects.create(
        key="returns.due_soon",
        label="Longer notice",
        effective_from=date(2026, 7, 1),
        offsets="21, 7",
        unit="days_before",
        source="test",
    )
    ReminderRule.objects.create(
        key="returns.due_soon",
        label="Off",
        effective_from=date(2026, 8, 1),
        offsets="21, 7",
        unit="days_before",
        enabled=False,
        source="test",
    )
    assert rule_in_force("returns.due_soon", on=date(2026, 6, 30)).offsets == (14, 3)
    assert rule_in_force("returns.due_soon", on=date(2026, 7, 1)).offsets == (21, 7)
    assert rule_in_force("returns.due_soon", on=date(2026, 8, 1)) is None
    assert set(rules_in_force(["returns.overdue", "nope"], on=date(2026, 8, 1))) == {
        "returns.overdue"
    }


@pytest.mark.parametrize(
    ("days_left", "stage"), [(15, None), (14, 14), (13, 14), (4, 14), (3, 3), (0, 3), (-1, None)]
)
def test_stage_before(days_left, stage):
    target = date(2026, 10, 30)
    day = date.fromordinal(target.toordinal() - days_left)
    assert sweeps.stage_before(day, target, RULE) == stage


@pytest.mark.parametrize(
    ("day", "stage"),
    [
        (date(2026, 2, 27), None),
        (date(2026, 2, 28), 6),  # 31 August less 6 months: the last day of February
        (date(2026, 5, 30), 6),
        (date(2026, 5, 31), 3),
        (date(2026, 8, 31), 3),
        (date(2026, 9, 1), None),
    ],
)
def test_months_stage_before_uses_calendar_months(day, stage):
    rule = Rule("x", "x", (6, 3), "months_before", True)
    assert sweeps.months_stage_before(day, date(2026, 8, 31), rule) == stage


def test_the_sweep_day_is_londons(monkeypatch):
    from django.utils import timezone

    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST).
    instant = datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC"))
    monkeypatch.setattr(timezone, "now", lambda: instant)
    assert sweeps.sweep_day() == date(2026, 4, 1)
    assert sweeps.sweep_day("2026-03-31") == date(2026, 3, 31)


def test_keys_name_rule_record_date_and_recipient():
    assert (
        sweeps.key("returns.due_soon", "return", 7, date(2026, 10, 30), 3, 14)
        == "returns.due_soon:return7:2026-10-30:u3:14"
    )

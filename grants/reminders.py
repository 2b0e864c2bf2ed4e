"""Funding alerts, read set-based for one day: each funding stream more than the rule's per cent
committed for the financial year containing the day is reported to finance, once per stream and
year. Sums come from grants.funding_sums (the same ones the stream pages show); the threshold is
`ReminderRule` data (notifications)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from accounts.recipients import users_by_role
from accounts.roles import Role
from core.financial_years import FinancialYear
from notifications.reminder_rules import Rule
from notifications.services import NotificationInput
from notifications.sweeps import key

from .funding_sums import stream_year_sums
from .models import FundingStream

COMMITTED = "funding.committed"
KIND = "funding_alert"


def over_committed(day: date, rules: dict[str, Rule]) -> tuple[int, list[NotificationInput]]:
    percent = Decimal(rules[COMMITTED].first)
    year = FinancialYear.containing(day)
    streams = dict(FundingStream.objects.order_by("pk").values_list("pk", "name"))
    sums = stream_year_sums(stream_ids=list(streams), years=[year.start_year])
    finance = users_by_role([Role.FINANCE])[Role.FINANCE.value]
    items = []
    for stream_id, name in streams.items():
        budget, _has_budget, committed, _pending, _spent = sums.get(
            (stream_id, year.start_year), [0, False, 0, 0, 0]
        )
        if budget <= 0 or committed * 100 <= budget * percent:
            continue
        share = (committed * 100 / budget).quantize(Decimal("1"))
        items.extend(
            NotificationInput(
                recipient_id=user_id,
                kind=KIND,
                subject=f"{name} is {share}% committed for {year.label}",
                key=key(COMMITTED, "stream", stream_id, year.first_day, user_id, percent),
                link=reverse("grants:stream_detail", args=[stream_id]),
                about_date=year.first_day,
            )
            for user_id in finance
        )
    return len(streams), items

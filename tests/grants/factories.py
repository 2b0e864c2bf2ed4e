"""Factories for streams, budgets and grants, following the grant lifecycle."""

from datetime import date
from decimal import Decimal

import factory

from core.financial_years import FinancialYear
from grants.models import FundingStream, IncomeLine, PlanTheme, StreamBudget
from grants.services import GrantDetails, ShareInput, create_grant
from tests.factories import OrganisationFactory


class FundingStreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingStream
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test stream {n}")
    short_name = factory.Sequence(lambda n: f"Stream {n}")
    source_of_money = "Test money"


def budget(stream, year: int, *amounts: str) -> StreamBudget:
    """A stream's budget for the year starting 1 April `year`, from income line amounts."""
    sb, _ = StreamBudget.objects.get_or_create(stream=stream, financial_year=year)
    for i, amount in enumerate(amounts):
        IncomeLine.objects.create(
            budget=sb, description=f"Line {i}", source="Test", amount=Decimal(amount)
        )
    return sb


def theme(name: str = "Victims") -> PlanTheme:
    return PlanTheme.objects.get(name=name)


def details(
    *,
    stream=None,
    total="1000.00",
    recipient=None,
    start=date(2025, 4, 1),
    end=date(2026, 3, 31),
    shares=None,
    themes=None,
    title="Support for victims",
) -> GrantDetails:
    total = Decimal(total)
    if shares is None:
        shares = (ShareInput(amount=total, stream=stream),)
    return GrantDetails(
        title=title,
        recipient=recipient or OrganisationFactory(),
        purpose="To provide support.",
        start_date=start,
        end_date=end,
        total=total,
        shares=tuple(shares),
        themes=tuple(themes if themes is not None else [theme()]),
        conditions=("Report every six months",),
        activities=(("Run weekly drop-in sessions", 40),),
    )


def make_grant(officer, **kwargs):
    return create_grant(details=details(**kwargs), created_by=officer)


def year(start: int) -> FinancialYear:
    return FinancialYear(start)


def agree_override(
    grant, *, stream, start_year: int, amount: str, approved_by, requested_by=None, reason="Agreed"
):
    """The override journey: an officer asks (the grant's author unless told), a finance approver
    approves it through the approvals engine. Returns the override as stored."""
    from approvals.engine.services import decide_approval_request
    from grants.services import request_budget_override

    override = request_budget_override(
        grant=grant,
        stream=stream,
        year=year(start_year),
        amount=Decimal(amount),
        reason=reason,
        requested_by=requested_by or grant.created_by,
    )
    decide_approval_request(
        request=override.approval_request, decided_by=approved_by, outcome="approved"
    )
    override.refresh_from_db()
    return override

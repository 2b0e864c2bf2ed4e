"""What the bulk award checks read from the database: fetched once per file, one query each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models.functions import Lower

from providers.models import Organisation
from providers.rules import name_key

from .. import selectors
from ..models import FundingStream, Grant, PlanTheme
from .rows import AwardRow


@dataclass
class Lookups:
    organisations: dict[str, Organisation]  # name_key -> organisation
    themes: dict[str, PlanTheme]  # casefolded name -> theme
    imported: dict[str, str]  # import_key -> grant reference
    available: dict[int, Decimal]  # financial year's start year -> budget less committed


def fetch_lookups(*, stream: FundingStream, rows: list[AwardRow]) -> Lookups:
    """The organisations, themes, earlier imports and budgets the rows name."""
    # The database's lower() is the one its unique constraint on Lower("name") uses.
    names = sorted({r.organisation_name.lower() for r in rows if r.organisation_name})
    organisations = (
        {
            name_key(o.name): o
            for o in Organisation.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=names
            )
        }
        if names
        else {}
    )
    themes = {t.name.casefold(): t for t in PlanTheme.objects.all()}
    keys = sorted({r.import_key for r in rows if r.import_key})
    imported = (
        dict(Grant.objects.filter(import_key__in=keys).values_list("import_key", "reference"))
        if keys
        else {}
    )
    years = sorted({y.start_year for r in rows for y in r.years})
    available: dict[int, Decimal] = {}
    if years:
        budgets = selectors.budget_totals(stream_ids=[stream.pk], years=years)
        committed = selectors.committed_by_stream_year(stream_ids=[stream.pk], years=years)
        zero = Decimal("0.00")
        for year in years:
            key = (stream.pk, year)
            available[year] = budgets.get(key, zero) - committed.get(key, zero)
    return Lookups(organisations, themes, imported, available)

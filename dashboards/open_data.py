"""Open data: published grants as a 360Giving-style spreadsheet (formula-safe CSV), streamed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from itertools import islice

from django.db.models import QuerySet
from django.utils import timezone

from core.spreadsheets import csv_lines, neutralise_cell  # noqa: F401 (the view streams with it)
from grants.models import FundingShare, FundingStream

FUNDER_ID = "GB-OPCC-DEMO"  # an org-id.guide style identifier for the office (set per deployment)
FUNDER_NAME = "Office of the Police and Crime Commissioner"

HEADERS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Recipient Org:Postal Code",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Decision Notice",
]


CHUNK = 2000  # rows fetched per query: memory stays flat however many grants are published


def recipient_identifier(pk: int, charity_number: str, company_number: str) -> str:
    if charity_number:
        return f"GB-CHC-{charity_number}"
    if company_number:
        return f"GB-COH-{company_number}"
    return f"{FUNDER_ID}-ORG-{pk}"


_FIELDS = (
    "reference",
    "title",
    "purpose",
    "award_id",
    "award__total",
    "decision_notice__signed_at",
    "award__start_date",
    "award__end_date",
    "award__recipient_id",
    "award__recipient__name",
    "award__recipient__charity_number",
    "award__recipient__company_number",
    "award__recipient__postcode",
    "decision_notice__number",
)


def grant_rows(grants: QuerySet) -> Iterator[list[list]]:
    """The header, then the published grants (grants.selectors.published_awards) CHUNK rows at a
    time, read as plain values: no model objects and no whole-file copy in memory. Text that
    people typed is neutralised against formulas; the other cells are written by us."""
    yield [HEADERS]
    stream_names = dict(FundingStream.objects.values_list("pk", "name"))
    zone = timezone.get_current_timezone()
    safe = neutralise_cell
    rows = grants.order_by("reference").values_list(*_FIELDS).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        programmes: dict[int, list[str]] = defaultdict(list)
        shares = FundingShare.objects.filter(
            award_id__in=[row[3] for row in chunk], stream__isnull=False
        ).values_list("award_id", "stream_id")
        for award_id, stream_id in shares:
            programmes[award_id].append(stream_names[stream_id])
        yield [
            [
                f"{FUNDER_ID}-{reference}",
                safe(title),
                safe(purpose),
                "GBP",
                f"{total:.2f}",
                signed_at.astimezone(zone).date().isoformat() if signed_at else "",
                start.isoformat(),
                end.isoformat(),
                recipient_identifier(org_id, charity, company),
                safe(org_name),
                safe(charity),
                safe(company),
                safe(postcode),
                FUNDER_ID,
                FUNDER_NAME,
                safe("; ".join(sorted(programmes[award_id]))),
                number or "",
            ]
            for (
                reference, title, purpose, award_id, total, signed_at, start, end,
                org_id, org_name, charity, company, postcode, number,
            ) in chunk
        ]  # fmt: skip

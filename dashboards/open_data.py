"""Open data: published grants as a 360Giving-style spreadsheet (formula-safe CSV)."""

from __future__ import annotations

import tablib

from core.spreadsheets import neutralise_dataset

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


def recipient_identifier(org) -> str:
    if org.charity_number:
        return f"GB-CHC-{org.charity_number}"
    if org.company_number:
        return f"GB-COH-{org.company_number}"
    return f"{FUNDER_ID}-ORG-{org.pk}"


def grants_dataset(grants) -> tablib.Dataset:
    """One row per published grant (grants from grants.selectors.published_awards)."""
    data = tablib.Dataset(headers=HEADERS, title="Grants")
    for grant in grants:
        award, org, notice = grant.award, grant.award.recipient, grant.decision_notice
        programmes = "; ".join(s.stream.name for s in award.shares.all() if s.stream_id)
        data.append(
            [
                f"{FUNDER_ID}-{grant.reference}",
                grant.title,
                grant.purpose,
                "GBP",
                f"{award.total:.2f}",
                notice.signed_at.date().isoformat() if notice and notice.signed_at else "",
                award.start_date.isoformat(),
                award.end_date.isoformat(),
                recipient_identifier(org),
                org.name,
                org.charity_number,
                org.company_number,
                org.postcode,
                FUNDER_ID,
                FUNDER_NAME,
                programmes,
                notice.number if notice else "",
            ]
        )
    return neutralise_dataset(data)

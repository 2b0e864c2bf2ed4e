"""Files and shortcuts the bulk award tests share."""

import uuid

from django.urls import reverse

from approvals.models import DecisionNotice
from grants import bulk_awards
from grants.bulk_awards.columns import COLUMNS
from grants.models import Award, Commitment, Grant
from tests import spreadsheet_files

THEMES = "Victims, Offenders, Communities, Transformation"
EXPECTED_COLUMNS = ", ".join(COLUMNS)

MAX = "£2,000.00"


def good_rows() -> list[list[str]]:
    return [
        [
            "Cambridge Youth Club",
            "Summer football",
            "Weekly football sessions for 11 to 16 year olds",
            "£1,250.50",
            "01/05/2025",
            "31/08/2025",
            "Communities",
        ],
        [
            "fenland boxing academy",  # any capitals
            "Boxing after school",
            "Coached boxing and mentoring",
            "2000",
            "2025-06-01",
            "2026-03-31",
            "Offenders; communities",
        ],
        [
            "  Peterborough   Arts Trust ",  # stray spaces
            "Street art",
            "Mural project with young people",
            "£750.00",
            "01/09/2025",
            "30/11/2025",
            "Communities",
        ],
    ]


def csv_file(rows, headers=COLUMNS, encoding="utf-8") -> bytes:
    return spreadsheet_files.csv_file(rows, headers, encoding=encoding)


def xlsx_file(rows, headers=COLUMNS) -> bytes:
    return spreadsheet_files.xlsx_file(rows, headers)


def check(stream, content: bytes, filename: str = "awards.csv"):
    award_file = bulk_awards.read_award_file(
        content=content, filename=filename, stream_id=stream.pk
    )
    return bulk_awards.check_bulk_awards(stream=stream, award_file=award_file)


def run_import(stream, content: bytes, user, *, key=None, filename="awards.csv"):
    award_file = bulk_awards.read_award_file(
        content=content, filename=filename, stream_id=stream.pk
    )
    return bulk_awards.import_bulk_awards(
        stream=stream, award_file=award_file, imported_by=user, batch_key=key or uuid.uuid4()
    )


def counts() -> dict[str, int]:
    return {
        "grants": Grant.objects.count(),
        "awards": Award.objects.count(),
        "commitments": Commitment.objects.count(),
        "notices": DecisionNotice.objects.count(),
    }


NOTHING = {"grants": 0, "awards": 0, "commitments": 0, "notices": 0}


def many_rows(n: int, organisations) -> list[list[str]]:
    return [
        [
            organisations[i % len(organisations)].name,
            f"Project {i}",
            "Activities",
            "£100.00",
            "01/05/2025",
            "31/07/2025",
            "Communities; Victims",
        ]
        for i in range(n)
    ]


def upload(client, stream, content: bytes, name: str = "awards.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("grants:import_awards", args=[stream.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def confirm(client, stream, token):
    return client.post(reverse("grants:confirm_import", args=[stream.pk]), {"upload": token})


def token_of(response) -> str:
    return response["Location"].split("upload=")[1]

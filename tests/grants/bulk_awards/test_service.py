"""grants.bulk_awards.service: every row a grant under one notice, or none."""

import threading
import uuid
from decimal import Decimal as D

import pytest
from auditlog.models import LogEntry
from django.db import connection

from approvals.models import DecisionNotice
from core.imports import RowError
from grants import bulk_awards, services
from grants.bulk_awards import BulkAwardError, checks, service
from grants.bulk_awards.checks import (
    ALREADY_IMPORTED_MESSAGE,
    AMOUNT_OVER_MAXIMUM_MESSAGE,
    ORGANISATION_UNKNOWN_MESSAGE,
    THEME_UNKNOWN_MESSAGE,
)
from grants.bulk_awards.columns import (
    AMOUNT,
    END_DATE,
    ORGANISATION,
    THEME,
)
from grants.bulk_awards.rows import (
    DATE_MISSING_MESSAGE,
)
from grants.models import FundingStream, Grant, GrantState
from tests.factories import OrganisationFactory
from tests.grants.bulk_awards.helpers import (
    MAX,
    NOTHING,
    THEMES,
    check,
    counts,
    csv_file,
    good_rows,
    many_rows,
    run_import,
)
from tests.grants.factories import budget

pytestmark = pytest.mark.django_db

# ----- the done criterion: a bad row shows every error and commits nothing -----


def test_three_good_rows_and_a_bad_one_import_nothing(youth_fund, clubs, officer):
    rows = good_rows()
    bad = ["Nobody Trust", "Youth cafe", "Drop-in cafe", "£2,000.01", "01/05/2025", "", "Dragons"]
    content = csv_file([rows[0], rows[1], bad, rows[2]])
    expected = [
        RowError(4, ORGANISATION, ORGANISATION_UNKNOWN_MESSAGE.format(name="Nobody Trust")),
        RowError(
            4,
            AMOUNT,
            AMOUNT_OVER_MAXIMUM_MESSAGE.format(
                stream="Youth Fund", maximum=MAX, amount="£2,000.01"
            ),
        ),
        RowError(4, END_DATE, DATE_MISSING_MESSAGE.format(column_lower="end date")),
        RowError(4, THEME, THEME_UNKNOWN_MESSAGE.format(names="“Dragons”", themes=THEMES)),
    ]
    result = check(youth_fund, content)
    assert result.errors == expected
    with pytest.raises(BulkAwardError) as refused:
        run_import(youth_fund, content, officer)
    assert refused.value.errors == expected
    assert counts() == NOTHING


def test_the_corrected_file_imports_every_row_under_one_notice(youth_fund, clubs, officer):
    done = run_import(youth_fund, csv_file(good_rows()), officer)
    assert not done.repeated
    assert done.message == "3 grants imported and sent for decision"
    assert counts() == {"grants": 3, "awards": 3, "commitments": 3, "notices": 1}
    notice = done.notice
    assert notice.title == "Youth Fund awards: 3 small grants, £4,000.50"
    assert notice.amount == D("4000.50")
    assert notice.drafted_by == officer
    assert notice.state == "draft"
    for grant in done.grants:
        grant.refresh_from_db()
        assert grant.state == GrantState.AWAITING_DECISION
        assert grant.decision_notice == notice
        assert grant.award.counts_against_budget
        assert grant.import_key and len(grant.import_key) == 64
        assert grant.reference in notice.decision_text
        assert grant.created_by == officer
    boxing = Grant.objects.get(title="Boxing after school")
    assert boxing.award.recipient == clubs[1]
    assert boxing.award.total == D("2000.00")
    assert [t.name for t in boxing.themes.all()] == ["Offenders", "Communities"]
    assert notice.funding_summary == "Youth Fund £4,000.50 for 2025/26"
    # the same audit trail as the one-by-one page
    events = set(
        LogEntry.objects.filter(object_pk=str(boxing.pk)).values_list(
            "additional_data__event", flat=True
        )
    )
    assert {"grant_drafted", "decision_notice_drafted", "grant_submitted_for_decision"} <= events


def test_reuploading_the_same_file_reports_every_row_already_imported(youth_fund, clubs, officer):
    content = csv_file(good_rows())
    done = run_import(youth_fund, content, officer)
    before = counts()
    result = check(youth_fund, content)
    references = [g.reference for g in done.grants]
    assert result.errors == [
        RowError(number, "", ALREADY_IMPORTED_MESSAGE.format(reference=reference))
        for number, reference in zip([2, 3, 4], references, strict=True)
    ]
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, content, officer)
    assert counts() == before


def test_confirming_the_same_upload_twice_imports_it_once(youth_fund, clubs, officer):
    content = csv_file(good_rows())
    key = uuid.uuid4()
    first = run_import(youth_fund, content, officer, key=key)
    again = run_import(youth_fund, content, officer, key=key)
    assert again.repeated and again.notice == first.notice
    assert again.message == service.ALREADY_CONFIRMED_MESSAGE
    assert counts() == {"grants": 3, "awards": 3, "commitments": 3, "notices": 1}


def test_a_row_imported_by_someone_else_meanwhile_stops_the_whole_file(
    youth_fund, clubs, officer, officer2, monkeypatch
):
    """Two officers at once: the unique import key refuses the second even if its check missed it."""
    content = csv_file(good_rows())
    run_import(youth_fund, content, officer2)
    before = counts()
    original = checks.fetch_lookups

    def blind_to_earlier_imports(**kwargs):
        lookups = original(**kwargs)
        lookups.imported.clear()  # as if the other import committed after our check
        return lookups

    monkeypatch.setattr(checks, "fetch_lookups", blind_to_earlier_imports)
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, content, officer)
    assert counts() == before


def test_a_failure_after_some_grants_are_made_leaves_nothing(
    youth_fund, clubs, officer, monkeypatch
):
    """Atomicity: the last write failing (after every grant is made and submitted) undoes all."""
    real_submit = services.submit_grants_for_decision

    def submit_then_fail(**kwargs):
        real_submit(**kwargs)
        raise services.GrantError("Simulated failure", index=2)

    monkeypatch.setattr(services, "submit_grants_for_decision", submit_then_fail)
    with pytest.raises(BulkAwardError) as refused:
        run_import(youth_fund, csv_file(good_rows()), officer)
    assert refused.value.errors == [RowError(4, "", "Simulated failure")]
    assert counts() == NOTHING


def test_only_officers_can_import(youth_fund, clubs, finance_approver):
    with pytest.raises(BulkAwardError):
        run_import(youth_fund, csv_file(good_rows()), finance_approver)
    assert counts() == NOTHING


# decision by grants.services.create_grants / submit_grants_for_decision in bulk statements.
IMPORT_QUERIES = 86  # + binding the notice to the exact facts of its grants (issue 12)


@pytest.mark.parametrize("size", [10, 100])
def test_importing_takes_the_same_queries_for_any_size(
    youth_fund, clubs, officer, size, django_assert_max_num_queries
):
    award_file = bulk_awards.read_award_file(
        content=csv_file(many_rows(size, clubs)), filename="a.csv", stream_id=youth_fund.pk
    )
    with django_assert_max_num_queries(IMPORT_QUERIES):
        done = bulk_awards.import_bulk_awards(
            stream=youth_fund, award_file=award_file, imported_by=officer, batch_key=uuid.uuid4()
        )
    assert len(done.grants) == size


# ----- two officers at once, for real (PostgreSQL only) -----


@pytest.mark.django_db(transaction=True)
def test_two_officers_importing_the_same_file_at_once(postgres, officer, officer2):
    stream = FundingStream.objects.get(short_name="Youth Fund")
    budget(stream, 2025, "70000.00")
    for name in ("Cambridge Youth Club", "Fenland Boxing Academy", "Peterborough Arts Trust"):
        OrganisationFactory(name=name)
    content = csv_file(good_rows())
    outcomes: list[object] = []
    barrier = threading.Barrier(2)

    def attempt(user):
        try:
            barrier.wait()
            outcomes.append(run_import(stream, content, user))
        except BulkAwardError as exc:
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (officer, officer2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(o).__name__ for o in outcomes) == ["BulkAwardError", "BulkAwardImport"]
    assert Grant.objects.count() == 3 and DecisionNotice.objects.count() == 1

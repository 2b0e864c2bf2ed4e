"""An officer adds, changes and removes a contract's outcome measures (returns read them)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.contract_services import (
    MeasureInput,
    measures_fingerprint,
    save_outcome_measures,
)
from commissioning.errors import CommissioningError
from commissioning.models import OutcomeMeasure

from .contract_factories import active_contract

pytestmark = pytest.mark.django_db


def _rows(contract, *rows: dict) -> dict:
    """A post of the measures page opened now (with the measures as they stand)."""
    data = {
        "opened_at": measures_fingerprint(contract.measures.all()),
        "measures-TOTAL_FORMS": str(len(rows)),
        "measures-INITIAL_FORMS": "0",
        "measures-MIN_NUM_FORMS": "1",
        "measures-MAX_NUM_FORMS": "20",
    }
    for n, row in enumerate(rows):
        data.update({f"measures-{n}-{k}": v for k, v in row.items()})
    return data


def test_an_officer_adds_changes_and_removes_measures(officer, client_for):
    contract = active_contract(officer)
    client = client_for(officer)
    url = reverse("commissioning:contract_measures", args=[contract.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        _rows(
            contract,
            {"metric": "Victims supported", "unit": "people", "target": "120",
             "direction": "at_least"},
            {"metric": "Days to first contact", "unit": "days", "target": "2.5",
             "direction": "at_most"},
        ),
    )  # fmt: skip
    assert response.status_code == 302
    kept, dropped = contract.measures.order_by("pk")
    assert (kept.metric, kept.target, kept.direction) == ("Victims supported", 120, "at_least")
    response = client.post(
        url,
        _rows(
            contract,
            {"id": str(kept.pk), "metric": "Victims supported", "unit": "people",
             "target": "150", "direction": "at_least"},
            {"id": str(dropped.pk), "metric": "", "target": ""},
            {"metric": "Repeat referrals", "target": "10", "direction": "at_most"},
        ),
    )  # fmt: skip
    assert response.status_code == 302
    assert [(m.pk, m.metric, m.target) for m in contract.measures.order_by("pk")][0] == (
        kept.pk,
        "Victims supported",
        Decimal("150.00"),
    )
    assert not OutcomeMeasure.objects.filter(pk=dropped.pk).exists()
    assert "Repeat referrals" in client.get(contract.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"metric": "Victims supported", "target": ""}, "Enter the target for this measure"),
        ({"metric": "", "target": "5"}, "Name the measure this target is for"),
        ({"metric": "X", "target": "1e40"}, "Enter a target under 1,000,000,000,000"),
        ({"metric": "X", "target": "-1"}, "Enter a target of 0 or more"),
        ({"metric": "X", "target": "1.005"}, "at most 2 decimal places"),
        ({"metric": "X", "target": "NaN"}, "Enter the target as a number"),
    ],
)
def test_bad_rows_are_refused_in_plain_words(officer, client_for, row, message):
    contract = active_contract(officer)
    response = client_for(officer).post(
        reverse("commissioning:contract_measures", args=[contract.pk]), _rows(contract, row)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not contract.measures.exists()


def test_add_another_without_javascript_shows_one_more_row_and_saves_nothing(officer, client_for):
    contract = active_contract(officer)
    response = client_for(officer).post(
        reverse("commissioning:contract_measures", args=[contract.pk]),
        {**_rows(contract, {"metric": "Typed", "target": "3"}), "add_row": "measures"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'name="measures-1-metric"' in body and 'value="Typed"' in body
    assert not contract.measures.exists()


def test_the_service_refuses_duplicates_and_other_contracts_measures(officer):
    one = active_contract(officer)
    two = active_contract(officer, reference="C-0002")
    (theirs,) = save_outcome_measures(
        contract=two, measures=[MeasureInput("Sessions", Decimal("4"))], edited_by=officer
    )
    with pytest.raises(CommissioningError, match="twice"):
        save_outcome_measures(
            contract=one,
            measures=[
                MeasureInput("Sessions", Decimal("4")),
                MeasureInput("sessions", Decimal("1")),
            ],
            edited_by=officer,
        )
    with pytest.raises(CommissioningError, match="out of date"):
        save_outcome_measures(
            contract=one,
            measures=[MeasureInput("Sessions", Decimal("4"), pk=theirs.pk)],
            edited_by=officer,
        )
    assert not one.measures.exists() and two.measures.get().metric == "Sessions"


def test_two_measures_can_swap_names(officer):
    contract = active_contract(officer)
    a, b = save_outcome_measures(
        contract=contract,
        measures=[MeasureInput("A", Decimal("1")), MeasureInput("B", Decimal("2"))],
        edited_by=officer,
    )
    save_outcome_measures(
        contract=contract,
        measures=[
            MeasureInput("B", Decimal("1"), pk=a.pk),
            MeasureInput("A", Decimal("2"), pk=b.pk),
        ],
        edited_by=officer,
    )
    assert dict(contract.measures.values_list("pk", "metric")) == {a.pk: "B", b.pk: "A"}


def test_providers_and_finance_cannot_change_measures(
    officer, client_for, provider_user, finance_approver, other_provider_user
):
    contract = active_contract(officer)
    url = reverse("commissioning:contract_measures", args=[contract.pk])
    assert client_for(finance_approver).get(url).status_code == 403
    assert client_for(other_provider_user).get(url).status_code == 404
    with pytest.raises(CommissioningError):
        save_outcome_measures(
            contract=contract, measures=[MeasureInput("A", Decimal("1"))], edited_by=provider_user
        )


def test_a_page_opened_before_someone_elses_change_saves_nothing(officer, officer2, client_for):
    contract = active_contract(officer)
    stale = _rows(contract, {"metric": "Mine", "target": "1"})
    save_outcome_measures(
        contract=contract, measures=[MeasureInput("Theirs", Decimal("2"))], edited_by=officer2
    )
    response = client_for(officer).post(
        reverse("commissioning:contract_measures", args=[contract.pk]), stale
    )
    assert response.status_code == 400
    assert "Someone changed these measures after you opened the page" in response.content.decode()
    assert list(contract.measures.values_list("metric", flat=True)) == ["Theirs"]
    no_key = {k: v for k, v in stale.items() if k != "opened_at"}
    response = client_for(officer).post(
        reverse("commissioning:contract_measures", args=[contract.pk]), no_key
    )
    assert response.status_code == 400

"""A whole tender in the browser: the officer (its lead officer) approves and publishes a
colleague's draft and records two bids; the deadline passes; two evaluators from partner agencies
declare and score blind; the officer moderates, sees the ranked result and awards; a contract
exists afterwards."""

import pytest

from accounts.roles import Role
from commissioning.models import Contract, Tender, TenderState
from tests.commissioning.tender_factories import draft_tender, pass_deadline
from tests.factories import OrganisationFactory

SCORES = {"Safe Haven Trust": (4, 3), "Budget Support Ltd": (2, 2)}


def _click(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()


def _sign_out(page):
    _click(page, "button", "Sign out")


def _record_bid(page, axe, tender, bidder: str, price: str, check: bool):
    _click(page, "button", "Record a bid")
    if check:
        axe("record a bid")
    page.get_by_label("Bidder").select_option(label=bidder)
    page.get_by_label("Whole-life price (£)").fill(price)
    page.get_by_label("Price per year (£)").fill(str(int(price) // 2))
    for q in tender.question_rows():
        page.locator(f"textarea[name='answer_{q.pk}']").fill(f"{bidder} method for Q{q.number}")
    _click(page, "button", "Save")


def _evaluate(page, live_server, axe, login, evaluator, tender, *, check: bool):
    login(evaluator)
    _click(page, "link", "My evaluations")
    if check:
        axe("my evaluations")
    _click(page, "link", f"{tender.reference} {tender.title}")
    _click(page, "button", "Make your declaration")
    if check:
        axe("declaration")
    page.get_by_label("I will keep the bids").check()
    _click(page, "button", "Sign the declaration")
    for bidder, scores in SCORES.items():
        _click(page, "link", f"Score the bid from {bidder}")
        if check:
            axe("score form")
        assert "Only you see your scores" in page.locator("main").inner_text()
        for q, score in zip(tender.question_rows(), scores, strict=True):
            page.locator(f"input[name='score_{q.pk}'][value='{score}']").check()
            page.locator(f"textarea[name='reason_{q.pk}']").fill(f"Evidence for {score}")
        _click(page, "button", "Save my scores")
        assert f"Your scores for {bidder} are saved" in page.locator("main").inner_text()
    _sign_out(page)


@pytest.mark.django_db(transaction=True)
def test_a_whole_tender(officer, officer2, evaluator, make_user, login, page, live_server, axe):
    second = make_user("t_evaluator2", Role.EVALUATOR, first_name="Nia")
    OrganisationFactory(name="Safe Haven Trust")
    OrganisationFactory(name="Budget Support Ltd")
    tender = draft_tender(officer2, reference="T-BROWSER", lead_officer=officer)
    url = f"{live_server.url}/commissioning/tenders/{tender.pk}/"

    login(officer)
    _click(page, "link", "Tenders")
    axe("tender list")
    page.goto(url)
    axe("draft tender")
    _click(page, "button", "Approve for publication")
    _click(page, "button", "Publish")
    axe("publish form")
    page.get_by_label("External publication reference").fill("BLUELIGHT-2026-77")
    _click(page, "button", "Save")
    assert "Published" in page.locator("main").inner_text()
    _record_bid(page, axe, tender, "Safe Haven Trust", "240000", check=True)
    _record_bid(page, axe, tender, "Budget Support Ltd", "180000", check=False)
    axe("published tender with bids")
    for person, agency in ((evaluator, "County council"), (second, "NHS trust")):
        _click(page, "button", "Add an evaluator")
        page.get_by_label("Evaluator").select_option(value=str(person.pk))
        page.get_by_label("Agency they represent").fill(agency)
        _click(page, "button", "Save")

    pass_deadline(tender)  # the submission deadline passes
    page.goto(url)
    _click(page, "button", "Close for bids")
    _click(page, "button", "Start evaluation")
    assert "In evaluation" in page.locator("main").inner_text()
    _sign_out(page)

    _evaluate(page, live_server, axe, login, evaluator, tender, check=True)
    _evaluate(page, live_server, axe, login, second, tender, check=False)

    login(officer)
    page.goto(url)
    _click(page, "button", "Start moderation")
    _click(page, "button", "Moderation matrix")
    axe("moderation matrix")
    for bidder, scores in SCORES.items():
        _click(page, "link", f"Moderate the bid from {bidder}")
        for q, score in zip(tender.question_rows(), scores, strict=True):
            page.locator(f"input[name='score_{q.pk}'][value='{score}']").check()
            page.locator(f"textarea[name='reason_{q.pk}']").fill("Panel consensus")
        _click(page, "button", "Save moderated scores")
    _click(page, "link", "See the ranked result")
    axe("ranked result")
    # Safe Haven: 40 + 22.5 + 180000/240000 × 30 = 85.00; Budget: 20 + 15 + 30 = 65.00
    result = page.locator("table").inner_text()
    assert "85.00" in result and "65.00" in result
    _click(page, "button", "Award the contract")
    axe("award form")
    page.get_by_label("I understand the award creates the contract").check()
    _click(page, "button", "Confirm")
    assert "Award recorded" in page.locator("main").inner_text()

    tender.refresh_from_db()
    assert tender.state == TenderState.AWARDED
    contract = Contract.objects.get()
    assert contract.provider.name == "Safe Haven Trust" and tender.contract == contract
    assert Tender.objects.get(pk=tender.pk).awarded_bid.bidder.name == "Safe Haven Trust"

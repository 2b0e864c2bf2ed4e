"""A bidder in the browser: a provider user finds a published tender under "Tender opportunities",
reads it and asks a clarification question; the officer answers it from the tender page; another
bidder reads the question and the answer, without the asker's name. Every page passes axe."""

import pytest

from tests.commissioning.tender_factories import published_tender


def _click(page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()


@pytest.mark.django_db(transaction=True)
def test_a_bidder_asks_and_every_bidder_reads_the_answer(
    officer, officer2, provider_user, other_provider_user, organisation, login, page, axe
):
    tender = published_tender(officer, officer2, reference="T-BIDDERS")

    login(provider_user)
    _click(page, "link", "Tender opportunities")
    axe("tender opportunities")
    _click(page, "link", "T-BIDDERS")
    axe("published tender, as a bidder")
    main = page.locator("main").inner_text()
    assert "BLUELIGHT-123" in main and "Quality 70%, price 30%" in main
    _click(page, "button", "Ask a clarification question")
    _click(page, "button", "Send the question")  # empty: an error in words
    axe("clarification question with an error")
    assert "Write your question" in page.locator("main").inner_text()
    page.get_by_label("Your question").fill("Can we bid as a consortium?")
    _click(page, "button", "Send the question")
    assert "Your question has been sent" in page.locator("main").inner_text()
    _click(page, "button", "Sign out")

    login(officer)
    page.goto(page.url.split("/accounts/")[0] + tender.get_absolute_url())
    _click(page, "link", "Answer the question")
    axe("answer a bidder's question")
    assert organisation.name in page.locator("main").inner_text()
    page.get_by_label("Our answer").fill("Yes, with one organisation leading.")
    _click(page, "button", "Save")
    assert "every bidder sees the question and the answer" in page.locator("main").inner_text()
    _click(page, "button", "Sign out")

    login(other_provider_user)
    _click(page, "link", "Tender opportunities")
    _click(page, "link", "T-BIDDERS")
    main = page.locator("main").inner_text()
    assert "Can we bid as a consortium?" in main
    assert "Yes, with one organisation leading." in main
    assert organisation.name not in main

"""Outcome returns in the browser: the provider fills a return (outputs, Outcomes Star, a PDF),
saves a draft and submits; the officer asks for a change; the provider resubmits; the officer
accepts and the return is locked. axe-core checks every page."""

import pytest

from returns import services
from returns.models import OutcomeReturn, ReturnState
from tests.documents import samples
from tests.returns.factories import active_grant

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _click(page, name):
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()


def _submit(page, axe):
    _click(page, "Save and check before submitting")
    axe("check before submitting")
    page.get_by_label("I confirm that this return is complete and correct").check()
    _click(page, "Submit return")


def test_return_from_draft_to_accepted(
    page, live_server, login, axe, officer, provider_user, organisation
):
    grant = active_grant(officer, recipient=organisation)
    r = services.generate_schedule(grant=grant)[0]
    edit = f"{live_server.url}/returns/{r.pk}/edit/"

    login(provider_user)
    page.goto(f"{live_server.url}/returns/")
    axe("portal home")
    page.goto(edit)
    axe("return form")
    page.get_by_label("Activity: the service you provided this period").fill("Weekly drop-ins")
    page.get_by_label("Run weekly drop-in sessions").fill("38")
    page.get_by_label("Outcomes Star version").select_option(label="Justice Star")
    page.get_by_label("Accommodation: People").fill("12")
    page.get_by_label("Accommodation: First").fill("3.5")
    page.get_by_label("Accommodation: Latest").fill("6")
    page.get_by_label("Attach evidence (optional)").set_input_files(
        files=[{"name": "Case study.pdf", "mimeType": "application/pdf", "buffer": samples.PDF}]
    )
    _click(page, "Save draft")
    assert page.get_by_text("Your draft has been saved").is_visible()
    assert page.get_by_role("link", name="Case study.pdf").is_visible()
    axe("return form saved")
    _submit(page, axe)
    axe("return submitted")
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.SUBMITTED
    _sign_out(page)

    login(officer)
    page.goto(f"{live_server.url}/returns/review/")
    axe("review queue")
    page.get_by_role("link", name=f"{grant.reference} return 1").click()
    page.wait_for_load_state()
    axe("review page")
    page.get_by_label("Comments for the provider").fill("Add how many people you supported.")
    _click(page, "Request changes")
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.CHANGES_REQUESTED
    _sign_out(page)

    login(provider_user)
    page.goto(edit)
    assert page.get_by_text("Add how many people you supported.").is_visible()
    page.get_by_label("Run weekly drop-in sessions").fill("41")
    _submit(page, axe)
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.RESUBMITTED
    _sign_out(page)

    login(officer)
    page.goto(f"{live_server.url}/returns/{r.pk}/")
    _click(page, "Accept return")
    axe("accepted return")
    assert page.get_by_text("is locked").is_visible()
    r = OutcomeReturn.objects.get(pk=r.pk)
    assert (r.state, r.submissions.count()) == (ReturnState.ACCEPTED, 2)
    assert r.star_readings.get().distance_travelled == 2.5
    _sign_out(page)
    login(provider_user)
    page.goto(edit)
    assert page.url.endswith(f"/returns/{r.pk}/")  # the form is closed: back to the return


def test_the_draft_saves_itself_as_the_provider_types(
    page, live_server, login, axe, officer, provider_user, organisation
):
    grant = active_grant(officer, recipient=organisation)
    r = services.generate_schedule(grant=grant)[0]
    edit = f"{live_server.url}/returns/{r.pk}/edit/"
    login(provider_user)
    page.goto(edit)
    page.get_by_label("Activity: the service you provided this period").fill("Typed, not saved")
    page.get_by_text("Draft saved at").wait_for(timeout=10_000)
    axe("return form autosaved")
    saved = OutcomeReturn.objects.get(pk=r.pk)
    assert (saved.state, saved.activity) == (ReturnState.DRAFT, "Typed, not saved")
    # The form now carries the autosave's version: typing more and saving is not refused.
    page.get_by_label("Run weekly drop-in sessions").fill("17")
    _click(page, "Save draft")
    assert page.get_by_text("Your draft has been saved").is_visible()
    saved = OutcomeReturn.objects.get(pk=r.pk)
    assert saved.outputs.get().value == 17 and saved.activity == "Typed, not saved"


def test_contract_returns_on_the_contract_page_queue_and_compliance(
    page, live_server, login, axe, officer, provider_user, organisation
):
    from tests.returns.factories import contract_scheduled, submitted

    r = submitted(contract_scheduled(officer, provider=organisation)[0], provider_user)
    login(provider_user)
    page.goto(f"{live_server.url}/returns/contracts/{r.contract_id}/")
    axe("a contract's returns, as the provider sees them")
    _sign_out(page)

    login(officer)
    page.goto(f"{live_server.url}{r.contract.get_absolute_url()}")
    assert page.get_by_role("heading", name="Outcome returns", exact=True).is_visible()
    assert page.get_by_role("link", name="C-0001 return 1").is_visible()
    axe("contract page with its returns")
    page.goto(f"{live_server.url}/returns/review/?officer={officer.pk}")
    assert page.get_by_role("link", name="C-0001 return 1").is_visible()
    axe("review queue filtered by officer")
    page.goto(f"{live_server.url}/returns/compliance/")
    axe("compliance by stream")

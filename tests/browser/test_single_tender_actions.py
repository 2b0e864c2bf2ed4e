"""STAs in the browser: £120,000 approved by finance from the queue; £250,000 refused on
"continuity of supply", then needing finance and the Chief Executive; £600,000 approved by the
Commissioner signing its decision notice."""

import pytest

from accounts.roles import Role
from commissioning.models import SingleTenderAction, StaState


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def _draft(page, live_server, axe, *, service, value, ground, transparency=False, check=True):
    page.goto(f"{live_server.url}/commissioning/stas/")
    page.get_by_role("button", name="Draft a single tender action").click()
    page.wait_for_load_state()
    if check:
        axe("STA form")
    page.get_by_label("Supplier", exact=True).select_option(label="Language Line Ltd")
    page.get_by_label("Service or goods").fill(service)
    page.get_by_label("Procurement category").select_option("goods_services")
    page.get_by_label("Whole-life value").fill(value)
    fill_date(page, "Contract start date", "1", "4", "2027")
    fill_date(page, "Contract end date", "31", "3", "2029")
    fill_date(page, "Procurement start date", "2", "11", "2026")
    page.get_by_label("Written case").fill("The only supplier connected to the live case system.")
    page.get_by_label(ground).check()
    page.get_by_label("Justification", exact=True).fill("No other supplier can connect in time.")
    if transparency:
        page.get_by_label("Transparency notice reference").fill("FTS-2026-000123")
        fill_date(page, "Transparency notice published on", "20", "11", "2026")
    page.locator("#id_shares-0-funder").select_option(
        label="Ministry of Justice Victims' Services Grant"
    )
    page.locator("#id_shares-0-amount").fill(value)
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()


def _submit(page, axe):
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_load_state()
    axe("STA submitted")


def _decide(page, live_server, axe, title_part, *, context):
    page.goto(f"{live_server.url}/approvals/")
    axe(f"queue ({context})")
    page.get_by_role("link", name=title_part).first.click()
    page.wait_for_load_state()
    axe(f"request detail ({context})")
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record my decision").click()
    page.wait_for_load_state()


TECHNICAL = "Only one supplier can do it, for technical reasons"
CONTINUITY = "Continuity of supply"
SCHEDULE_5 = "Single supplier: only one supplier can supply"


@pytest.mark.django_db(transaction=True)
def test_sta_journeys(
    officer, finance_approver, commissioner, make_user, login, page, live_server, axe
):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Language Line Ltd")
    chief = make_user("t_chiefexec", Role.CHIEF_EXECUTIVE, first_name="Cara")

    # £120,000: the officer drafts and submits; finance approves from the queue.
    login(officer)
    _draft(page, live_server, axe, service="Interpreting 120k", value="120000", ground=TECHNICAL)
    assert "must be approved by the Finance approver" in page.locator("main").inner_text()
    axe("STA draft detail")
    _submit(page, axe)

    # £250,000 services: continuity of supply is refused with the reason, Schedule 5 accepted.
    _draft(
        page,
        live_server,
        axe,
        service="Case system 250k",
        value="250000",
        ground=CONTINUITY,
        check=False,
    )
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "no general “continuity of supply” ground" in summary
    axe("STA form refusing continuity of supply")
    page.get_by_label(SCHEDULE_5).check()
    page.get_by_label("Transparency notice reference").fill("FTS-2026-000123")
    fill_date(page, "Transparency notice published on", "20", "11", "2026")
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_load_state()
    assert "both the Chief Executive and the Finance approver" in page.locator("main").inner_text()
    _submit(page, axe)

    # £600,000: goes to a decision notice.
    _draft(
        page,
        live_server,
        axe,
        service="Hub support 600k",
        value="600000",
        ground=SCHEDULE_5,
        transparency=True,
        check=False,
    )
    assert "by signing a decision notice" in page.locator("main").inner_text()
    _submit(page, axe)
    _sign_out(page)

    login(finance_approver)
    _decide(page, live_server, axe, "Interpreting 120k", context="finance")
    _decide(page, live_server, axe, "Case system 250k", context="finance, two-role")
    assert "It now needs the Chief Executive" in page.locator("main").inner_text()
    _sign_out(page)
    states = dict(SingleTenderAction.objects.values_list("service", "state"))
    assert states["Interpreting 120k"] == StaState.APPROVED
    assert states["Case system 250k"] == StaState.SUBMITTED

    login(chief)
    _decide(page, live_server, axe, "Case system 250k", context="chief executive")
    _sign_out(page)
    assert SingleTenderAction.objects.get(service="Case system 250k").state == StaState.APPROVED

    login(commissioner)
    page.goto(f"{live_server.url}/approvals/")
    page.get_by_role("link", name="Hub support 600k").click()
    page.wait_for_load_state()
    assert "signing its decision notice" in page.locator("main").inner_text()
    page.get_by_role("link", name="Draft decision notice").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Sign this decision notice").click()
    page.wait_for_load_state()
    page.get_by_label("I have read this decision notice and I approve it").check()
    page.get_by_role("button", name="Sign decision notice").click()
    page.wait_for_load_state()
    assert SingleTenderAction.objects.get(service="Hub support 600k").state == StaState.APPROVED


def fill_date(page, legend: str, day: str, month: str, year: str) -> None:
    """Type a date into a GOV.UK date input (Day, Month, Year boxes under its legend)."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)

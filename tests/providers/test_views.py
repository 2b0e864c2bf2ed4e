"""Directory pages: who may see and change what, search/filter/sort and downloads (the forms are
in test_directory_forms.py)."""

import csv
import io

import pytest
from django.urls import reverse

from providers.models import District, OrganisationKind
from tests.factories import ContactFactory, OrganisationFactory

ANONYMOUS = "anonymous"
ROLES = [
    "officer",
    "administrator",
    "finance_approver",
    "commissioner",
    "evaluator",
    "provider_user",
    ANONYMOUS,
]

# page -> expected status per role (provider_user belongs to `organisation`)
EXPECTED = {
    "list": {"officer": 200, "administrator": 200, "finance_approver": 200, "commissioner": 200,
             "evaluator": 403, "provider_user": 403},
    "export": {"officer": 200, "administrator": 200, "finance_approver": 200, "commissioner": 200,
               "evaluator": 403, "provider_user": 403},
    "detail": {"officer": 200, "administrator": 200, "finance_approver": 200, "commissioner": 200,
               "evaluator": 403, "provider_user": 200},
    "other_detail": {"officer": 200, "administrator": 200, "finance_approver": 200,
                     "commissioner": 200, "evaluator": 403, "provider_user": 404},
    "create": {"officer": 200, "administrator": 200, "finance_approver": 403, "commissioner": 403,
               "evaluator": 403, "provider_user": 403},
    "edit": {"officer": 200, "administrator": 200, "finance_approver": 403, "commissioner": 403,
             "evaluator": 403, "provider_user": 403},
    # a provider user keeps their own organisation's contact details up to date (issue 12 item 9)
    "contact_add": {"officer": 200, "administrator": 200, "finance_approver": 403,
                    "commissioner": 403, "evaluator": 403, "provider_user": 200},
    "contact_edit": {"officer": 200, "administrator": 200, "finance_approver": 403,
                     "commissioner": 403, "evaluator": 403, "provider_user": 200},
}  # fmt: skip


def _url(page, organisation, other_organisation, contact):
    return {
        "list": reverse("providers:list"),
        "export": reverse("providers:export") + "?format=csv",
        "detail": reverse("providers:detail", args=[organisation.pk]),
        "other_detail": reverse("providers:detail", args=[other_organisation.pk]),
        "create": reverse("providers:create"),
        "edit": reverse("providers:edit", args=[organisation.pk]),
        "contact_add": reverse("providers:contact_add", args=[organisation.pk]),
        "contact_edit": reverse("providers:contact_edit", args=[organisation.pk, contact.pk]),
    }[page]


@pytest.mark.parametrize("page", list(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_status_for_every_role(
    request, client, client_for, role, page, organisation, other_organisation
):
    contact = ContactFactory(organisation=organisation)
    url = _url(page, organisation, other_organisation, contact)
    if role == ANONYMOUS:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
        return
    user = request.getfixturevalue(role)
    response = client_for(user).get(url)
    assert response.status_code == EXPECTED[page][role]


def test_provider_user_reaches_their_own_organisation_through_mine(
    client_for, provider_user, organisation
):
    response = client_for(provider_user).get(reverse("providers:mine"))
    assert response.status_code == 302
    assert response.url == organisation.get_absolute_url()


def test_provider_user_sees_no_edit_links_or_history(client_for, provider_user, organisation):
    ContactFactory(organisation=organisation, name="Sam Hughes")
    response = client_for(provider_user).get(organisation.get_absolute_url())
    html = response.content.decode()
    assert "Sam Hughes" in html
    assert reverse("providers:edit", args=[organisation.pk]) not in html
    # ...but may keep their own contact details up to date (issue 12 item 9)
    assert reverse("providers:contact_add", args=[organisation.pk]) in html
    assert 'id="history"' not in html


@pytest.mark.parametrize("role", ["finance_approver", "commissioner", "provider_user"])
def test_posting_an_edit_without_the_role_changes_nothing(request, client_for, role, organisation):
    user = request.getfixturevalue(role)
    response = client_for(user).post(
        reverse("providers:edit", args=[organisation.pk]),
        {"name": "Hijacked", "kind": "other", "countywide": "True"},
    )
    assert response.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name == "Our Provider Trust"


# ----- list: search, filter, sort, paginate -----


@pytest.fixture
def directory(db):
    fenland = District.objects.create(name="Fenland")
    cambridge = District.objects.create(name="Cambridge")
    orgs = {
        "alpha": OrganisationFactory(
            name="Alpha Victim Care", town="March", postcode="PE15 8AA", charity_number="1123456"
        ),
        "bravo": OrganisationFactory(
            name="Bravo Roads Ltd",
            company=True,
            company_number="01234567",
            town="Ely",
            postcode="CB7 4DL",
            local=False,
        ),
        "charlie": OrganisationFactory(
            name="Charlie Council",
            public_body=True,
            town="Cambridge",
            postcode="CB1 1AA",
            countywide=False,
            third_sector=False,
        ),
        "delta": OrganisationFactory(
            name="Delta Youth Club",
            kind=OrganisationKind.OTHER,
            charity_number="",
            town="Wisbech",
            postcode="PE13 1DG",
            countywide=False,
            is_active=False,
        ),
    }
    orgs["charlie"].districts.set([cambridge])
    orgs["delta"].districts.set([fenland])
    return orgs, {"fenland": fenland, "cambridge": cambridge}


def _names(response):
    return [o.name for o in response.context["organisations"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Alpha Victim Care", "Bravo Roads Ltd", "Charlie Council", "Delta Youth Club"]),
        ("victim", ["Alpha Victim Care"]),
        ("WISBECH", ["Delta Youth Club"]),
        ("cb74dl", ["Bravo Roads Ltd"]),
        ("CB7 4DL", ["Bravo Roads Ltd"]),
        ("1123456", ["Alpha Victim Care"]),
        ("1234567", ["Bravo Roads Ltd"]),  # company number without its leading zero
        ("01234567", ["Bravo Roads Ltd"]),
        ("nothing like this", []),
    ],
)
def test_search(client_for, officer, directory, query, expected):
    response = client_for(officer).get(reverse("providers:list"), {"q": query})
    assert _names(response) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": ["charity"]}, ["Alpha Victim Care"]),
        ({"kind": ["company", "public_body"]}, ["Bravo Roads Ltd", "Charlie Council"]),
        ({"area": "countywide"}, ["Alpha Victim Care", "Bravo Roads Ltd"]),
        ({"area": "DISTRICT:fenland"}, ["Alpha Victim Care", "Bravo Roads Ltd", "Delta Youth Club"]),
        ({"third_sector": "no"}, ["Bravo Roads Ltd", "Charlie Council"]),
        ({"third_sector": "yes"}, ["Alpha Victim Care", "Delta Youth Club"]),
        ({"local": "no"}, ["Bravo Roads Ltd"]),
        ({"active": "no"}, ["Delta Youth Club"]),
        ({"active": "yes", "area": "DISTRICT:fenland"}, ["Alpha Victim Care", "Bravo Roads Ltd"]),
        ({"kind": ["not-a-kind"]}, ["Alpha Victim Care", "Bravo Roads Ltd", "Charlie Council",
                                    "Delta Youth Club"]),
    ],
)  # fmt: skip
def test_filters(client_for, officer, directory, params, expected):
    _orgs, districts = directory
    if str(params.get("area", "")).startswith("DISTRICT:"):
        params = {**params, "area": districts[params["area"].split(":")[1]].pk}
    response = client_for(officer).get(reverse("providers:list"), params)
    assert response.status_code == 200
    assert _names(response) == expected


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha Victim Care", "Bravo Roads Ltd", "Charlie Council", "Delta Youth Club"]),
        ("-name", ["Delta Youth Club", "Charlie Council", "Bravo Roads Ltd", "Alpha Victim Care"]),
        ("kind", ["Alpha Victim Care", "Bravo Roads Ltd", "Delta Youth Club", "Charlie Council"]),
        ("town", ["Charlie Council", "Bravo Roads Ltd", "Alpha Victim Care", "Delta Youth Club"]),
        ("-town", ["Delta Youth Club", "Alpha Victim Care", "Bravo Roads Ltd", "Charlie Council"]),
        ("nonsense", ["Alpha Victim Care", "Bravo Roads Ltd", "Charlie Council",
                      "Delta Youth Club"]),
    ],
)  # fmt: skip
def test_sort(client_for, officer, directory, sort, expected):
    response = client_for(officer).get(reverse("providers:list"), {"sort": sort})
    assert _names(response) == expected


def test_selected_filters_link_to_their_removal(client_for, officer, directory):
    response = client_for(officer).get(
        reverse("providers:list"), {"kind": ["charity", "company"], "local": "no"}
    )
    applied = {a["label"]: a["href"] for a in response.context["applied"]}
    assert set(applied) == {
        "Kind of organisation: Charity",
        "Kind of organisation: Company",
        "Based in the county: Outside the county",
    }
    assert applied["Kind of organisation: Charity"] == "?kind=company&local=no"


def test_pagination(client_for, officer, settings, db):
    settings.PAGE_SIZE = 5
    for n in range(12):
        OrganisationFactory(name=f"Org {n:02d}")
    client = client_for(officer)
    first = client.get(reverse("providers:list"))
    last = client.get(reverse("providers:list"), {"page": 3})
    assert _names(first) == [f"Org {n:02d}" for n in range(5)]
    assert _names(last) == ["Org 10", "Org 11"]
    assert "Showing 11 to 12 of 12" in last.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "There are no organisations in the directory yet."),
        ({"q": "zzz"}, "No organisations match your search or filters."),
    ],
)
def test_empty_states(client_for, officer, params, message):
    response = client_for(officer).get(reverse("providers:list"), params)
    assert message in response.content.decode()


@pytest.mark.parametrize("size", [10, 60])
def test_list_query_count_does_not_grow_with_rows(
    client_for, officer, settings, django_assert_max_num_queries, size
):
    settings.PAGE_SIZE = 100
    districts = [District.objects.create(name=f"District {n}") for n in range(3)]
    for n in range(size):
        org = OrganisationFactory(countywide=n % 2 == 0)
        if n % 2:
            org.districts.set(districts[: 1 + n % 3])
    client = client_for(officer)
    # session, user, roles, district choices, count, page, districts prefetch (+1 spare)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("providers:list"), {"kind": ["charity"], "sort": "town"})
    assert len(response.context["organisations"]) == size


# ----- download -----


def test_download_is_the_filtered_list_with_formulas_neutralised(client_for, officer, directory):
    orgs, _ = directory
    orgs["alpha"].phone = '=HYPERLINK("http://evil")'
    orgs["alpha"].address_line_2 = "@SUM(A1)"
    orgs["alpha"].save()

    response = client_for(officer).get(
        reverse("providers:export"), {"format": "csv", "third_sector": "yes"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    assert response.streaming  # written as it is read, never held whole in memory
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["name"] for r in rows] == ["Alpha Victim Care", "Delta Youth Club"]
    assert rows[0]["phone"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["address_line_2"] == "'@SUM(A1)"
    assert rows[0]["kind"] == "Charity"
    assert rows[1]["districts"] == "Fenland"


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_xlsx_download_neutralises_every_trigger(client_for, officer, db, trigger):
    import openpyxl

    OrganisationFactory(name="Risky", address_line_2=f"{trigger}cmd")
    response = client_for(officer).get(reverse("providers:export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    value = sheet.cell(row=2, column=header.index("address_line_2") + 1).value
    assert value == f"'{trigger}cmd"


def test_download_of_an_unknown_format_is_404(client_for, officer):
    response = client_for(officer).get(reverse("providers:export"), {"format": "pdf"})
    assert response.status_code == 404

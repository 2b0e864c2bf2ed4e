"""Return pages: access for every URL, the portal, the form (drafts, uploads), submit, review, queue."""

from datetime import date, timedelta

import pytest
from django.urls import URLPattern, get_resolver, reverse

from returns import services
from returns.models import OutcomeReturn, ReturnState
from tests.documents import samples
from tests.returns.factories import active_grant, contract_scheduled, fill, scheduled, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def one(officer, organisation, provider_user):
    """A submitted return (with a version and evidence) of the first provider."""
    r = scheduled(officer, recipient=organisation)[0]
    services.attach_evidence(
        outcome_return=r, file=samples.upload(samples.PDF, "Report.pdf"), uploaded_by=provider_user
    )
    return submitted(r, provider_user)


@pytest.fixture
def one_contract(officer, organisation, provider_user):
    """A submitted contract return (with a version and evidence) of the first provider."""
    r = contract_scheduled(officer, provider=organisation)[0]
    services.attach_evidence(
        outcome_return=r, file=samples.upload(samples.PDF, "Plan.pdf"), uploaded_by=provider_user
    )
    return submitted(r, provider_user)


@pytest.fixture
def both(one, one_contract):
    return [one, one_contract]


def returns_urls(*returns):
    """Every URL of the returns app, built for each return that fits it (a grant's or a
    contract's), and every evidence download: new URLs are covered automatically."""
    from documents.selectors import documents_for

    assert get_resolver()  # the root urlconf includes the app
    urls = []
    for pattern in get_resolver("returns.urls").url_patterns:
        assert isinstance(pattern, URLPattern)
        params = pattern.pattern.regex.groupindex
        built = set()
        for r in returns:
            kwargs = {"pk": r.pk, "number": 1, "grant_pk": r.grant_id, "contract_pk": r.contract_id}
            if all(kwargs[k] is not None for k in params):
                built.add(reverse(f"returns:{pattern.name}", kwargs={k: kwargs[k] for k in params}))
        assert built, f"No return fits the URL {pattern.name}: add one to the walk"
        urls += sorted(built)
    for r in returns:
        urls += [
            reverse("documents:download", args=[d.public_id])
            for d in documents_for(r, purpose=services.EVIDENCE)
        ]
    return urls


def methods(client, url):
    """Returns pages answer GET and POST; a document download is GET only."""
    return (client.get,) if url.startswith("/documents/") else (client.get, client.post)


def test_another_provider_gets_404_on_every_return_url(client_for, both, other_provider_user):
    client = client_for(other_provider_user)
    urls = returns_urls(*both)
    assert len(urls) >= 19  # 12 URLs, 7 of them per return, and 2 downloads
    for url in urls:
        if url == reverse("returns:portal"):
            response = client.get(url)
            assert response.status_code == 200
            page = response.content.decode()
            assert all(r.award_reference not in page for r in both)
            continue
        for method in methods(client, url):
            assert method(url).status_code == 404, url


def test_anonymous_people_are_sent_to_sign_in_from_every_url(client, both):
    for url in returns_urls(*both):
        for method in methods(client, url):
            response = method(url)
            assert response.status_code == 302, url
            assert reverse("accounts:login") in response["Location"]


def test_the_provider_and_officers_reach_their_pages(client_for, one, provider_user, officer):
    provider = client_for(provider_user)
    assert provider.get(reverse("returns:return_detail", args=[one.pk])).status_code == 200
    assert provider.get(reverse("returns:version_detail", args=[one.pk, 1])).status_code == 200
    page = provider.get(reverse("returns:award_returns", args=[one.grant_id])).content.decode()
    assert "Outputs over time" in page and "<svg" in page
    assert provider.get(reverse("returns:queue")).status_code == 404
    staff = client_for(officer)
    assert staff.get(reverse("returns:portal")).status_code == 302
    page = staff.get(reverse("returns:queue")).content.decode()
    assert one.grant.reference in page


def test_portal_shows_due_overdue_and_reviewed(
    client_for, officer, organisation, provider_user, monkeypatch
):
    scheduled(officer, recipient=organisation)
    monkeypatch.setattr("returns.views._today", lambda: date(2025, 10, 15))
    page = client_for(provider_user).get(reverse("returns:portal")).content.decode()
    assert "15 days left" in page  # due 30 October 2025
    assert "Late" not in page
    monkeypatch.setattr("returns.views._today", lambda: date(2025, 10, 30))
    page = client_for(provider_user).get(reverse("returns:portal")).content.decode()
    assert "Due today" in page and "Late" not in page  # not late on the due date
    monkeypatch.setattr("returns.views._today", lambda: date(2025, 11, 2))
    page = client_for(provider_user).get(reverse("returns:portal")).content.decode()
    assert "3 days overdue" in page and "Late" in page


def _form_data(r, **extra):
    data = {"version": r.version, "activity": "Weekly sessions", "impact": "", "star_version": ""}
    data.update({f"output_{o.pk}": "" for o in r.outputs.all()})
    data.update(extra)
    return data


def test_form_saves_a_draft_and_shows_bad_numbers_in_words(
    client_for, officer, organisation, provider_user
):
    r = scheduled(officer, recipient=organisation)[0]
    output = r.outputs.get()
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    response = client.post(url, _form_data(r, **{f"output_{output.pk}": "-5"}))
    assert response.status_code == 200
    assert "Enter a number of 0 or more" in response.content.decode()
    assert "-5" in response.content.decode()  # what was typed is still there
    response = client.post(url, _form_data(r, **{f"output_{output.pk}": "7"}))
    assert response.status_code == 302
    r = OutcomeReturn.objects.get(pk=r.pk)
    assert (r.state, r.activity, r.outputs.get().value) == (ReturnState.DRAFT, "Weekly sessions", 7)


def test_stale_form_is_refused(client_for, officer, organisation, provider_user):
    r = scheduled(officer, recipient=organisation)[0]
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    stale = _form_data(r)
    assert client.post(url, stale).status_code == 302
    response = client.post(url, stale | {"activity": "Other tab"})
    assert "changed since you opened it" in response.content.decode()
    assert OutcomeReturn.objects.get(pk=r.pk).activity == "Weekly sessions"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: samples.upload(samples.EXE, "report.pdf"), "The selected file must be a"),
        (
            lambda: samples.upload(samples.PDF + b"0" * (11 * samples.MB), "big.pdf"),
            "The file must be smaller than 10 MB",
        ),
    ],
)
def test_refused_upload_keeps_the_draft(
    client_for, officer, organisation, provider_user, upload, message
):
    r = scheduled(officer, recipient=organisation)[0]
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    response = client.post(url, _form_data(r, activity="Typed before upload", evidence=upload()))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Typed before upload" in page
    r = OutcomeReturn.objects.get(pk=r.pk)
    assert r.activity == "Typed before upload"
    from documents.models import Document

    assert not Document.objects.exists()


def test_good_upload_is_kept_with_the_draft(client_for, officer, organisation, provider_user):
    r = scheduled(officer, recipient=organisation)[0]
    client = client_for(provider_user)
    url = reverse("returns:return_edit", args=[r.pk])
    evidence = samples.upload(samples.PDF, "Case study.pdf")
    assert client.post(url, _form_data(r, evidence=evidence)).status_code == 302
    page = client.get(url).content.decode()
    assert "Case study.pdf" in page


def test_submit_asks_for_confirmation(client_for, officer, organisation, provider_user):
    r = fill(scheduled(officer, recipient=organisation)[0], provider_user)
    client = client_for(provider_user)
    url = reverse("returns:return_submit", args=[r.pk])
    response = client.post(url, {"version": r.version})
    assert "Confirm that the return is complete" in response.content.decode()
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.DRAFT
    response = client.post(url, {"version": r.version, "confirm": "on"})
    assert response.status_code == 302
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.SUBMITTED


def test_officer_requests_changes_then_accepts(client_for, one, officer, provider_user):
    staff = client_for(officer)
    page = staff.get(reverse("returns:return_detail", args=[one.pk])).content.decode()
    assert "Accept return" in page and "Request changes" in page
    staff.post(reverse("returns:request_changes", args=[one.pk]), {"comment": ""})
    assert OutcomeReturn.objects.get(pk=one.pk).state == ReturnState.SUBMITTED
    staff.post(reverse("returns:request_changes", args=[one.pk]), {"comment": "Add a case study"})
    assert OutcomeReturn.objects.get(pk=one.pk).state == ReturnState.CHANGES_REQUESTED
    provider = client_for(provider_user)
    page = provider.get(reverse("returns:return_edit", args=[one.pk])).content.decode()
    assert "Add a case study" in page


def _many(officer, organisation, provider_user, count):
    """`count` returns in every state, half for a grant and half for a contract, written in bulk
    (500 through the services would take minutes)."""
    from django.utils import timezone

    from tests.returns.factories import let_contract

    grant = active_grant(officer, recipient=organisation, start=date(2020, 4, 1))
    contract = let_contract(officer, provider=organisation)
    states = [
        ReturnState.NOT_STARTED,
        ReturnState.DRAFT,
        ReturnState.SUBMITTED,
        ReturnState.RESUBMITTED,
        ReturnState.ACCEPTED,
        ReturnState.CHANGES_REQUESTED,
    ]
    today = date.today()
    OutcomeReturn.objects.bulk_create(
        OutcomeReturn(
            **({"grant": grant} if n % 2 else {"contract": contract}),
            provider=organisation,
            period_number=n,
            period_start=today - timedelta(days=200 - n % 300),
            period_end=today - timedelta(days=100 - n % 300),
            due_date=today - timedelta(days=70 - n % 300),
            state=states[n % len(states)],
            submitted_at=timezone.now() if n % len(states) in (2, 3, 4) else None,
            reviewed_at=timezone.now() if n % len(states) in (4, 5) else None,
        )
        for n in range(1, count + 1)
    )


@pytest.mark.parametrize("count", [5, 500])
def test_queue_and_portal_queries_do_not_grow(
    client_for, officer, organisation, provider_user, django_assert_max_num_queries, count
):
    _many(officer, organisation, provider_user, count)
    staff = client_for(officer)
    with django_assert_max_num_queries(16):
        page = staff.get(reverse("returns:queue"))
    assert page.status_code == 200
    assert ("govuk-pagination" in page.content.decode()) is (count == 500)
    provider = client_for(provider_user)
    with django_assert_max_num_queries(16):
        assert provider.get(reverse("returns:portal")).status_code == 200
    staff = client_for(officer)  # the same test client, signed in again
    filtered = f"?late=yes&provider={organisation.pk}&officer={officer.pk}&stream=1"
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("returns:queue") + filtered).status_code == 200
    with django_assert_max_num_queries(16):
        assert staff.get(reverse("returns:compliance")).status_code == 200


def test_late_filter_in_the_queue(client_for, officer, organisation, provider_user):
    late = submitted(scheduled(officer, recipient=organisation)[0], provider_user)  # due 2025
    future = date.today() + timedelta(days=30)
    on_time = scheduled(
        officer, recipient=organisation, start=future, end=future + timedelta(days=400)
    )[0]
    on_time = submitted(on_time, provider_user)
    staff = client_for(officer)
    page = staff.get(reverse("returns:queue") + "?late=yes").content.decode()
    assert late.grant.reference in page and on_time.grant.reference not in page
    assert "Late" in page
    page = staff.get(reverse("returns:queue") + "?late=no").content.decode()
    assert on_time.grant.reference in page and late.grant.reference not in page


def test_compliance_counts_per_stream(client_for, officer, organisation, provider_user):
    late = submitted(scheduled(officer, recipient=organisation)[0], provider_user)
    services.accept_return(outcome_return=late, reviewed_by=officer)
    stream = late.grant.award.shares.get().stream
    page = client_for(officer).get(reverse("returns:compliance")).content.decode()
    assert stream.name in page
    from returns.selectors import compliance_by_stream

    [row] = [
        r for r in compliance_by_stream(user=officer, today=date.today()) if r.stream == stream.name
    ]
    # two returns: the first accepted (submitted late), the second overdue and not submitted
    assert (row.total, row.due, row.submitted, row.late, row.accepted) == (2, 1, 0, 2, 1)


@pytest.mark.parametrize("value", ["9" * 10_000, "1e40", "12\x00"])
def test_hostile_output_values_get_a_clear_message(
    client_for, officer, organisation, provider_user, value
):
    r = scheduled(officer, recipient=organisation)[0]
    output = r.outputs.get()
    response = client_for(provider_user).post(
        reverse("returns:return_edit", args=[r.pk]),
        _form_data(r, **{f"output_{output.pk}": value}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a number" in page
    assert OutcomeReturn.objects.get(pk=r.pk).state == ReturnState.NOT_STARTED


def test_compliance_is_cached_but_follows_each_submission_and_review(
    officer, organisation, provider_user
):
    from returns.selectors import compliance_by_stream

    first = scheduled(officer, recipient=organisation)[0]
    stream = first.grant.award.shares.get().stream.name

    def counts():
        [row] = [
            r for r in compliance_by_stream(user=officer, today=date.today()) if r.stream == stream
        ]
        return row.submitted, row.accepted

    assert counts() == (0, 0)
    first = submitted(first, provider_user)
    assert counts() == (1, 0)  # a submission is seen at once, not after the cache expires
    services.accept_return(outcome_return=first, reviewed_by=officer)
    assert counts() == (0, 1)


def test_queue_filters_by_part_of_the_provider_name_not_a_list_of_every_organisation(
    client_for, officer, organisation, provider_user
):
    mine = submitted(scheduled(officer, recipient=organisation)[0], provider_user)
    staff = client_for(officer)
    page = staff.get(reverse("returns:queue")).content.decode()
    assert f">{organisation.name}</option>" not in page  # no select of organisations
    words = organisation.name.split()[0].upper()
    page = staff.get(reverse("returns:queue"), {"provider_name": f"  {words} "}).content.decode()
    assert mine.grant.reference in page
    page = staff.get(reverse("returns:queue"), {"provider_name": "No such name"}).content.decode()
    assert mine.grant.reference not in page
    page = staff.get(reverse("returns:queue"), {"provider_name": "a\x00b"}).content.decode()
    assert mine.grant.reference in page  # a control character drops the filter

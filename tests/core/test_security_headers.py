"""core.middleware.SecurityHeadersMiddleware: CSP with a per-request nonce, Permissions-Policy, and
Cache-Control: no-store on everything a signed-in person is sent (pages and private downloads)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from dashboards.navigation import items_for
from tests.approvals.factories import SignedDecisionNoticeFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
ROLES = [
    "officer",
    "evaluator",
    "finance_approver",
    "commissioner",
    "administrator",
    "provider_user",
]
NONCE = re.compile(r"'nonce-([\w-]+)'")


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def assert_secure(response, *, signed_in: bool) -> None:
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == "'none'" and csp["frame-ancestors"] == "'none'"
    assert "camera=()" in response.headers["Permissions-Policy"]
    if signed_in:
        cache = response.headers.get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, cache
    if response["Content-Type"].startswith("text/html"):
        nonce = NONCE.search(csp["script-src"]).group(1)
        html = response.content.decode()
        inline = re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", html)
        if "govuk-template__body" in html:  # ours, not the Django admin's
            assert inline, "base.html has inline scripts; the check below must see them"
        assert all(f'nonce="{nonce}"' in attributes for attributes in inline), inline


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_page_in_each_roles_navigation_is_sent_securely(request, client_for, role):
    user = request.getfixturevalue(role)
    client = client_for(user)
    pages = [item["href"] for item in items_for(user, "/")]
    assert pages
    for url in pages:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert_secure(response, signed_in=True)


@pytest.mark.django_db
def test_private_downloads_are_not_stored(client_for, officer, commissioner):
    notice = SignedDecisionNoticeFactory(drafted_by=officer, signed_by=commissioner)
    client = client_for(commissioner)
    pdf = client.get(reverse("approvals:notice_pdf", args=[notice.pk]))
    assert pdf.status_code == 200
    assert_secure(pdf, signed_in=True)
    export = client_for(officer).get(reverse("providers:export"))
    assert export.status_code == 200
    assert_secure(export, signed_in=True)


@pytest.mark.django_db
def test_error_pages_for_signed_in_users_are_not_stored_either(client_for, provider_user):
    # A provider user asking for another organisation's grant gets the 404 page.
    response = client_for(provider_user).get(reverse("grants:grant_detail", args=[999999]))
    assert response.status_code in (403, 404)
    assert "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["accounts:login", "transparency"])
def test_public_pages_carry_the_policy_too(client, name):
    assert_secure(client.get(reverse(name)), signed_in=False)


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(client):
    first, second = (
        NONCE.search(client.get(reverse("accounts:login"))["Content-Security-Policy"]).group(1)
        for _ in range(2)
    )
    assert first != second and len(first) >= 22


def _served_templates():
    for path in TEMPLATES.rglob("*.html"):
        if path.name != "notice_pdf.html":  # xhtml2pdf's input, never sent to a browser
            yield path


def test_no_template_has_an_inline_script_or_style_without_the_nonce():
    offenders = []
    for path in _served_templates():
        text = path.read_text()
        name = path.relative_to(TEMPLATES)
        for tag, attributes in re.findall(r"<(script|style)\b([^>]*)>", text):
            if 'nonce="{{ request.csp_nonce }}"' not in attributes and " src=" not in attributes:
                offenders.append(f"{name}: <{tag}{attributes}>")
        offenders += [f"{name}: {m}" for m in re.findall(r"\son[a-z]+\s*=\s*[\"']", text)]
        offenders += [f"{name}: {m}" for m in re.findall(r"javascript:", text, flags=re.I)]
    assert offenders == []


@pytest.mark.django_db
def test_debug_error_pages_stay_readable_locally_but_never_in_production(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/no-such-page/").headers
    assert "Content-Security-Policy" in client.get(reverse("accounts:login")).headers
    settings.DEBUG = False
    assert "Content-Security-Policy" in client.get("/no-such-page/").headers

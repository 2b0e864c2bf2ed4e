"""Issue 12 item 10: a forgotten password is reset by e-mail; the reply never says whether the
address has an account; the link works once and expires."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


NONCE = re.compile(r'nonce="[^"]*"')


def test_the_reply_is_the_same_for_known_and_unknown_addresses(client, provider_user):
    url = reverse("accounts:password_reset")
    assert "Forgotten your password?" in client.get(reverse("accounts:login")).content.decode()
    known = client.post(url, {"email": provider_user.email}, follow=True)
    unknown = client.post(url, {"email": "nobody@example.test"}, follow=True)
    # Identical apart from the per-response CSP nonce.
    assert NONCE.sub("", known.content.decode()) == NONCE.sub("", unknown.content.decode())
    assert "If an account uses that address" in known.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [provider_user.email]


def test_a_blank_address_gets_a_clear_message(client):
    page = client.post(reverse("accounts:password_reset"), {"email": ""}).content.decode()
    assert "Enter your email address" in page and "This field is required" not in page


def test_the_link_sets_a_new_password_once(client, provider_user):
    client.post(reverse("accounts:password_reset"), {"email": provider_user.email})
    link = _link(mail.outbox[0])
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new = {
        "new_password1": "a-much-longer-passphrase-42",
        "new_password2": "a-much-longer-passphrase-42",
    }
    done = client.post(form.redirect_chain[-1][0], new, follow=True)
    assert "Your password has been changed" in done.content.decode()
    provider_user.refresh_from_db()
    assert provider_user.check_password("a-much-longer-passphrase-42")
    again = client.get(link, follow=True).content.decode()
    assert "This link has expired" in again


def test_the_link_expires(client, provider_user, settings, monkeypatch):
    client.post(reverse("accounts:password_reset"), {"email": provider_user.email})
    link = _link(mail.outbox[0])
    from django.contrib.auth.tokens import default_token_generator

    later = default_token_generator._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert "This link has expired" in client.get(link, follow=True).content.decode()

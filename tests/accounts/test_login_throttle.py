"""Sign-in throttling (accounts.lockout, settings.LOGIN_THROTTLE) behind a trusted proxy.

The policy (docs/deploy.md, "Sign-in throttling"): 5 failures lock one account from one address,
20 lock one address for every account, 30 lock one account from everywhere; each for 15 minutes.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.conftest import PASSWORD

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
USER_ADDRESS = "198.51.100.20"
LOCKED = 429


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def sign_in(client, username: str, password: str, *, via: str):
    """A sign-in that reached the app through the proxy, for a client at address `via`."""
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=via,
    )


def limits(settings) -> dict[tuple[str, ...], int]:
    return dict(settings.LOGIN_THROTTLE)


def test_the_documented_limits_are_the_configured_ones(settings):
    assert limits(settings) == {
        ("username", "ip_address"): 5,
        ("ip_address",): 20,
        ("username",): 30,
    }


def test_an_attacker_cannot_lock_a_named_account_from_their_address(client, officer):
    for _ in range(10):
        sign_in(client, officer.username, "wrong", via=ATTACKER)
    # The attacker is locked out of this account, even with the right password...
    assert sign_in(client, officer.username, PASSWORD, via=ATTACKER).status_code == LOCKED
    # ...but the officer, elsewhere, signs in as usual.
    assert sign_in(client, officer.username, PASSWORD, via=USER_ADDRESS).status_code == 302


def test_refused_attempts_during_a_lockout_are_not_counted(client, officer):
    for _ in range(25):
        sign_in(client, officer.username, "wrong", via=ATTACKER)
    # Only the five that got through were counted, so the account is nowhere near its own limit.
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 5


def test_spraying_one_password_across_many_usernames_is_slowed(client, officer, settings):
    limit = limits(settings)[("ip_address",)]
    for n in range(limit - 1):
        response = sign_in(client, f"guess{n}", "Summer2026!", via=ATTACKER)
        assert response.status_code == 200  # wrong, not yet locked
    # The failure that reaches the limit is answered with the lockout page.
    assert sign_in(client, f"guess{limit}", "Summer2026!", via=ATTACKER).status_code == LOCKED
    # The address is now locked for every account, including a real one with its real password.
    assert sign_in(client, officer.username, PASSWORD, via=ATTACKER).status_code == LOCKED
    assert sign_in(client, "guess-next", "Summer2026!", via=ATTACKER).status_code == LOCKED
    # Other people behind the same proxy are not affected.
    assert sign_in(client, officer.username, PASSWORD, via=USER_ADDRESS).status_code == 302


def test_forging_x_forwarded_for_does_not_dodge_the_address_limit(client, officer, settings):
    """Without the proxy in between, the header is ignored: every guess counts against the sender."""
    for n in range(limits(settings)[("ip_address",)]):
        client.post(
            reverse("accounts:login"),
            {"username": f"guess{n}", "password": "Summer2026!"},
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": PASSWORD},
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR="192.0.2.250",
    )
    assert response.status_code == LOCKED
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_signing_in_to_their_own_account_does_not_reset_an_attackers_count(
    client, officer, make_user, settings
):
    accomplice = make_user("t_accomplice")
    limit = limits(settings)[("ip_address",)]
    for n in range(limit - 1):
        sign_in(client, f"guess{n}", "Summer2026!", via=ATTACKER)
    assert sign_in(client, accomplice.username, PASSWORD, via=ATTACKER).status_code == 302
    client.logout()
    sign_in(client, "guess-last", "Summer2026!", via=ATTACKER)
    assert sign_in(client, officer.username, PASSWORD, via=ATTACKER).status_code == LOCKED


def test_a_users_own_success_clears_their_typos(client, officer):
    for _ in range(4):
        sign_in(client, officer.username, "wrong", via=USER_ADDRESS)
    assert sign_in(client, officer.username, PASSWORD, via=USER_ADDRESS).status_code == 302
    client.logout()
    for _ in range(4):
        sign_in(client, officer.username, "wrong", via=USER_ADDRESS)
    assert sign_in(client, officer.username, PASSWORD, via=USER_ADDRESS).status_code == 302


def test_a_distributed_guess_at_one_account_locks_it_everywhere(client, officer, settings):
    """The residual risk, stated in docs/deploy.md: it takes six or more addresses."""
    per_pair = limits(settings)[("username", "ip_address")]
    per_account = limits(settings)[("username",)]
    addresses = [f"192.0.2.{n}" for n in range(per_account // per_pair)]
    assert len(addresses) >= 6
    for address in addresses:
        for _ in range(per_pair):
            sign_in(client, officer.username, "wrong", via=address)
    assert sign_in(client, officer.username, PASSWORD, via=USER_ADDRESS).status_code == LOCKED

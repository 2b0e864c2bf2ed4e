"""config.secret_key: only machine-generated keys pass the production check."""

import random
import secrets
import string

import pytest
from django.core.management.utils import get_random_secret_key

from config.secret_key import secret_key_weakness

# Fixed, so every pytest-xdist worker collects the same test ids.
RANDOM = "".join(random.Random(13).choices(string.ascii_letters + string.digits + "-_", k=67))


def test_the_fixed_random_part_passes():
    assert secret_key_weakness(RANDOM) is None


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("x" * 49, "it is shorter than 50 characters"),
        ("a" * 60, "it uses too few different characters"),
        ("ab" * 30, "it uses too few different characters"),
        ("0123456789" * 6, "it repeats a sequence of 8 characters"),
        ("abcdefghijklmnopqrstuvwxyz" * 2, "it repeats a sequence of 8 characters"),
        ("Kq7" + "abcdefgh" + RANDOM[:45], "it contains a run of 8 consecutive characters"),
        ("Kq7" + "98765432" + RANDOM[:45], "it contains a run of 8 consecutive characters"),
        ("MyCompanySecretKeyForTheOPCCCommissioningApp2024!!", "it contains 'secret'"),
        ("django-insecure-" + RANDOM, "it contains 'django-insecure'"),
        ("local-only-insecure-key-not-for-production" + RANDOM, "it contains 'local-only'"),
        ("ChangeMe" + RANDOM, "it contains 'changeme'"),
        ("Passw0rd" + RANDOM, "it contains 'passw0rd'"),
    ],
)
def test_weak_keys_are_refused_with_the_reason(key, reason):
    assert secret_key_weakness(key) == reason


@pytest.mark.parametrize(
    "make",
    [
        lambda: secrets.token_urlsafe(50),
        lambda: secrets.token_hex(32),
        get_random_secret_key,
    ],
    ids=["token_urlsafe", "token_hex", "django"],
)
def test_generated_keys_pass(make):
    # Many draws: a check that refuses real random keys now and then would break deployments.
    refused = [key for key in (make() for _ in range(2000)) if secret_key_weakness(key)]
    assert refused == []

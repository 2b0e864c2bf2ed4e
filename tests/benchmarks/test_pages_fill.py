"""benchmarks/pages.py: a page address whose {key} cannot be filled is a clear error naming the key
(never a page quietly left out), and --only picks pages by label or address."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import pages  # noqa: E402


@pytest.mark.django_db
def test_an_unknown_or_unseeded_key_is_an_error_naming_it():
    with pytest.raises(pages.MissingFill) as raised:
        pages.fill_addresses(
            [
                ("Nonsense", "officer", "/nonsense/{nonsense}/"),
                ("Contract", "officer", "/commissioning/contracts/{contract}/"),
            ]
        )
    message = str(raised.value)
    assert "{nonsense} (in 'Nonsense') is not a key benchmarks/pages.py knows" in message
    assert "{contract} (in 'Contract') found no record" in message  # an empty database


def test_addresses_without_keys_pass_through():
    entries = [("Login", "", "/accounts/login/")]
    assert pages.fill_addresses(entries) == entries


@pytest.mark.parametrize(
    "only, label, path, picked",
    [
        ("", "Grants", "/funding/grants/", True),
        ("contract", "Contract", "/commissioning/contracts/{contract}/", True),
        ("RETURNS", "Returns to review", "/returns/review/", True),
        ("tender", "Grants", "/funding/grants/", False),
    ],
)
def test_only_picks_by_label_or_address(only, label, path, picked):
    assert pages.chosen(only, label, path) is picked

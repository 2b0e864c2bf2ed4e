"""The status tag: each state's colour, so a notice sent back stands out from a draft."""

import pytest

from core.templatetags.govuk import status_tag


@pytest.mark.parametrize(
    ("state", "colour"),
    [
        ("draft", "grey"),
        ("returned", "orange"),
        ("signed", "green"),
        ("awaiting_decision", "yellow"),
        ("rejected", "red"),
        ("something_new", "grey"),
    ],
)
def test_each_state_has_its_colour(state, colour):
    assert f"govuk-tag--{colour}" in status_tag(state, "Label")


def test_the_label_is_escaped():
    assert "&lt;b&gt;" in status_tag("draft", "<b>")

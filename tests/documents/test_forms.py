"""DocumentField: the service's checks shown inline on the form, in the uploader's words."""

import pytest
from django import forms

from documents import filetypes as ft
from documents.forms import DocumentField
from tests.documents import samples


class EvidenceForm(forms.Form):
    evidence = DocumentField(allowed_types=[ft.PDF, ft.JPEG], max_size=2 * samples.MB)


def errors(upload):
    form = EvidenceForm(data={}, files={"evidence": upload} if upload else {})
    form.is_valid()
    return form.errors.get("evidence")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (None, "Select a file"),
        (samples.upload(b"", name="empty.pdf"), "The selected file is empty"),
        (samples.upload(samples.EXE, name="setup.pdf"), "The selected file must be a PDF or JPEG"),
        (samples.upload(samples.CSV, name="a.pdf"), "The selected file must be a PDF or JPEG"),
        (
            samples.upload(samples.PDF + b"\x00" * (3 * samples.MB)),
            "The file must be smaller than 2 MB",
        ),
    ],
)
def test_refusals_are_in_the_uploaders_words(upload, message):
    assert errors(upload) == [message]


def test_an_accepted_file_comes_back_ready_for_the_service():
    form = EvidenceForm(data={}, files={"evidence": samples.upload(samples.image("JPEG"), "p.jpg")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["evidence"].read(3) == b"\xff\xd8\xff"


def test_the_field_hints_its_types_and_limit():
    field = EvidenceForm().fields["evidence"]
    assert field.help_text == "PDF or JPEG, smaller than 2 MB"
    assert 'accept=".jpeg,.jpg,.pdf"' in str(EvidenceForm()["evidence"])

"""Documents are stored privately: outside every served folder locally, an S3 bucket one setting away."""

import json

import pytest

from documents.storage import PrivateFileSystemStorage
from tests.config.test_settings import run

PRINT_STORAGE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["documents"]
print(json.dumps({
    "class": f"{type(storage).__module__}.{type(storage).__name__}",
    "location": str(getattr(storage, "location", "")),
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "acl": getattr(storage, "default_acl", None),
    "served": [str(settings.STATIC_ROOT), str(settings.MEDIA_ROOT)]
        + [str(d[1] if isinstance(d, tuple) else d) for d in settings.STATICFILES_DIRS],
}))
"""


def storage_of(settings_module, **env):
    result = run(settings_module, ["-c", PRINT_STORAGE], **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_locally_documents_live_under_var_outside_every_served_folder(tmp_path):
    found = storage_of("config.settings.local", VAR_DIR=str(tmp_path))
    assert found["class"] == "documents.storage.PrivateFileSystemStorage"
    assert found["location"] == str(tmp_path / "documents")
    for served in found["served"]:
        assert not found["location"].startswith(served.rstrip("/") + "/")
        assert found["location"] != served


def test_an_s3_compatible_bucket_is_one_setting_away(tmp_path):
    found = storage_of(
        "config.settings.local",
        VAR_DIR=str(tmp_path),
        DOCUMENTS_STORAGE="s3",
        DOCUMENTS_BUCKET="opcc-documents",
        DOCUMENTS_ENDPOINT_URL="http://127.0.0.1:9000",
    )
    assert found["class"] == "storages.backends.s3.S3Storage"
    assert (found["bucket"], found["endpoint"], found["acl"]) == (
        "opcc-documents",
        "http://127.0.0.1:9000",
        "private",
    )


def test_s3_without_a_bucket_refuses_to_start(tmp_path):
    result = run("config.settings.local", ["-c", PRINT_STORAGE], DOCUMENTS_STORAGE="s3")
    assert result.returncode != 0
    assert "DOCUMENTS_BUCKET" in result.stderr


def test_the_private_folder_has_no_public_address(tmp_path):
    with pytest.raises(NotImplementedError, match="documents:download"):
        PrivateFileSystemStorage(location=tmp_path).url("2026/12/x.pdf")

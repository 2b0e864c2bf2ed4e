"""core.middleware.DatabaseBusyMiddleware: the loser of a lock race gets a plain page, not a 500."""

import pytest
from django.test import Client

from core.middleware import BUSY_MESSAGE

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.busy_urls")]


@pytest.mark.parametrize("url", ["/sqlite-locked/", "/serialization/", "/deadlock/"])
def test_lock_contention_says_nothing_was_saved(client_for, officer, url):
    response = client_for(officer).post(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    html = response.content.decode()
    assert "Nothing was saved: try again" in html
    assert BUSY_MESSAGE.split(",")[0] in html
    assert "no-store" in response.headers["Cache-Control"]


def test_other_database_faults_are_still_errors():
    response = Client(raise_request_exception=False).post("/disk-full/")
    assert response.status_code == 500

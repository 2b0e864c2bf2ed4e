"""The public footer pages and the service's own brand (not a GOV.UK service)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


@pytest.mark.parametrize(
    "name, heading, must_say",
    [
        ("accessibility", "Accessibility statement", ["not tagged", "Reporting a problem"]),
        ("privacy", "Privacy notice", ["data controller", "Information Commissioner"]),
    ],
)
def test_footer_pages_are_public(client, name, heading, must_say):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    for words in must_say:
        assert words in html
    assert settings.OFFICE_EMAIL in html


def test_every_page_footer_links_both_pages(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accessibility")}"' in html
    assert f'href="{reverse("privacy")}"' in html


def test_header_names_the_office_and_area_from_settings(client, settings):
    settings.OFFICE_NAME = "Office of the Police, Fire and Crime Commissioner"
    settings.OFFICE_AREA = "Northshire"
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Office of the Police, Fire and Crime Commissioner" in html
    assert "for Northshire" in html


def test_pages_use_our_stylesheet_and_favicon_not_gov_uk_brand(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "build/app.css" in html
    assert "images/favicon.svg" in html
    assert "govuk-frontend.min.css" not in html
    assert "govuk-header__logotype" not in html  # the crown
    assert "favicon.ico" not in html


def test_our_own_css_uses_no_gds_transport():
    assert "GDS Transport" not in (ROOT / "static" / "css" / "app.css").read_text()
    source = (ROOT / "assets" / "scss" / "app.scss").read_text()
    assert "$moj-font-family: $app-font-family" in source


def test_compiled_stylesheet_has_no_gds_transport_font():
    built = ROOT / "static" / "build" / "app.css"
    if not built.exists():
        pytest.fail("static/build/app.css is missing: run `make install` (npm run build:css)")
    css = built.read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "system-ui" in css


def test_favicon_ico_is_our_own_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("images/favicon.svg")
    assert (ROOT / "static" / "images" / "favicon.svg").exists()

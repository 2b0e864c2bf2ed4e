"""Every list's filter panel is the same one (core/templatetags/filter_panel.py)."""

import re

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

LISTS = [
    ("grants:grant_list", "Filter grants", "q=zzz"),
    ("providers:list", "Filter organisations", "q=zzz"),
    ("approvals:notice_list", "Filter decision notices", "q=zzz"),
]


@pytest.mark.parametrize("url_name, label, query", LISTS)
def test_each_list_has_the_one_filter_panel(client_for, officer, url_name, label, query):
    url = reverse(url_name)
    client = client_for(officer)
    plain = client.get(url).content.decode()
    assert plain.count('class="moj-filter app-filter"') == 1
    assert f'aria-label="{label}"' in plain
    assert '<h2 class="govuk-heading-m">Filter</h2>' in plain
    assert re.search(
        r'<button type="submit" class="govuk-button"[^>]*>Apply filters</button>', plain
    )
    assert "Clear filters" not in plain

    filtered = client.get(f"{url}?{query}&sort=-title").content.decode()
    assert f'<a class="govuk-link govuk-link--no-visited-state" href="{url}">Clear filters</a>' in (
        filtered
    )
    assert '<input type="hidden" name="sort" value="-title">' in filtered


def _render(source: str, **context) -> str:
    request = RequestFactory().get("/things/?sort=name")
    return Template("{% load filter_panel %}" + source).render(
        Context({"request": request, **context})
    )


def test_panel_lists_chosen_filters_as_removable_tags():
    html = _render(
        '{% filter_panel "Filter things" "/things/" applied=applied %}<p>fields</p>'
        "{% endfilter_panel %}",
        applied=[{"label": "Charity", "href": "/things/?kind=charity"}],
    )
    assert "Selected filters" in html
    assert '<a class="moj-filter__tag" href="/things/?kind=charity">' in html
    assert "Clear filters" in html
    assert "<p>fields</p>" in html
    assert "hx-get" not in html


def test_a_live_panel_refreshes_the_results_in_place():
    html = _render(
        '{% filter_panel "Filter things" "/things/" live="#results" %}{% endfilter_panel %}'
    )
    assert 'hx-get="/things/" hx-target="#results" hx-push-url="true"' in html
    assert 'hx-trigger="change, submit"' in html


def test_panel_refuses_unknown_options():
    with pytest.raises(TemplateSyntaxError):
        _render('{% filter_panel "Filter" "/" colour="red" %}{% endfilter_panel %}')

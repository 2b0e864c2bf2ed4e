"""Browser harness: Playwright driving Debian's Chromium against live_server, axe-core on every page."""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, skip_or_fail

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE_JS.read_text() if AXE_JS.exists() else ""
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        skip_or_fail(f"No Chromium at {CHROMIUM}: apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def axe(page):
    """axe(page) -> runs axe-core on the current page and fails on any WCAG 2.2 AA violation."""
    if not AXE_JS.exists():
        skip_or_fail("axe-core is not installed: run npm ci")

    def check(context: str = "") -> None:
        # Evaluated through the DevTools protocol, not injected as a <script>: the pages' CSP
        # refuses inline scripts without its nonce, and must stay on while axe runs.
        page.evaluate(AXE_SOURCE)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        problems = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in result["violations"]
        ]
        assert not problems, f"Accessibility violations on {context or page.url}:\n" + "\n".join(
            problems
        )

    return check


@pytest.fixture
def login(page, live_server, axe):
    """login(user) signs in through the real form and returns the page on the home dashboard."""

    def sign_in(user, password: str = PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        axe("login page")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        return page

    return sign_in


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """Every browser test fails if the page broke its own Content-Security-Policy (an inline script
    or style without the nonce, an eval): the CSP would be silently disabling part of the page."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield
    assert violations == [], "\n".join(violations)

"""Browser harness: Playwright driving Debian's Chromium against live_server; axe-core and a
320px reflow check on every page a test visits (each axe() call, then any page reached without one)."""

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
APP_CSS = Path(__file__).resolve().parents[2] / "static" / "build" / "app.css"
REFLOW_WIDTH = 320  # CSS pixels: WCAG 1.4.10 Reflow (the same as 1280px at 400% zoom)

# Elements reaching past the viewport (outermost first, ignoring content clipped by a scrolling
# container) for the failure message.
_OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth + 1;
  const clipped = el => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const beyond = el => el.getBoundingClientRect().right > limit;
  const all = [...document.body.querySelectorAll('*')].filter(beyond);
  const outermost = all.filter(el => !clipped(el) && !beyond(el.parentElement));
  // An absolutely positioned element escapes a scrolling box that is not its containing block.
  return (outermost.length ? outermost : all.filter(el => getComputedStyle(el).position === 'absolute'))
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (typeof el.className === 'string' && el.className.trim()
         ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
      + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)');
}"""


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


def check_reflow(page, context: str = "") -> None:
    """Fail if the current page scrolls sideways at 320 CSS pixels wide (WCAG 1.4.10).

    Content that may scroll inside its own box (wide tables in a focusable region) passes: only the
    page itself is measured. The viewport is put back afterwards.
    """
    original = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        culprits = page.evaluate(_OVERFLOWING) if widths[0] > widths[1] else []
    finally:
        if original:
            page.set_viewport_size(original)
    assert widths[0] <= widths[1], (
        f"{context or page.url} scrolls sideways at {REFLOW_WIDTH}px: content is {widths[0]}px "
        f"wide in a {widths[1]}px page. Too wide: {'; '.join(culprits)}"
    )


@pytest.fixture
def axe(page):
    """axe(context) runs axe-core on the current page and fails on any WCAG 2.2 AA violation, then
    checks the page reflows at 320 CSS pixels without scrolling sideways. After the test, every
    other page it loaded (GET, 200) is loaded again and checked the same way."""
    if not AXE_JS.exists():
        skip_or_fail("axe-core is not installed: run npm ci")
    if not APP_CSS.exists():
        skip_or_fail("static/build/app.css is not built: run make install (npm run build:css)")

    checked: set[str] = set()
    visited: list[str] = []

    def on_response(response) -> None:
        request = response.request
        if (
            request.resource_type == "document"
            and request.method == "GET"
            and response.status == 200
            and request.frame == page.main_frame
            and response.url not in visited
        ):
            visited.append(response.url)

    page.on("response", on_response)

    def check(context: str = "") -> None:
        checked.add(page.url)
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
        check_reflow(page, context)

    yield check
    # Pages the test reached without calling axe() (a link followed, a redirect after a form) are
    # fetched again and checked too, so every page a browser test visits reflows at 320px.
    page.remove_listener("response", on_response)
    # Django's own admin screens are outside the service's design (the accessibility statement
    # says so).
    for url in [u for u in visited if u not in checked and "/admin/" not in u]:
        response = page.goto(url)
        if response is not None and response.ok:
            check(f"{url} (visited without a check, checked again afterwards)")


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

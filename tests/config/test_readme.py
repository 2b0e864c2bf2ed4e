"""The README's promises stay true: two set-up commands, every demo login, the docs it links to."""

import re
from pathlib import Path

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def test_quick_start_is_exactly_make_run_and_make_test():
    block = re.search(r"```sh\n(.*?)```", section("Quick start"), flags=re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_every_demo_login_is_in_the_table():
    logins = section("Demo logins")
    assert f"`{DEMO_PASSWORD}`" in logins
    for username, *_, role in DEMO_USERS:
        assert re.search(rf"^\| `{username}` \| {re.escape(str(role.label))}", logins, flags=re.M)


def test_required_sections_exist():
    for title in (
        "Roles",
        "Running against PostgreSQL and Redis",
        "Docker compose",
        "Deploying",
        "Architecture",
    ):
        assert section(title).strip()


def test_local_links_resolve():
    for target in re.findall(r"\]\((?!https?://)([^)#]+)", README):
        assert (ROOT / target).exists(), f"README links to a missing {target}"
    docs_index = (ROOT / "docs" / "README.md").read_text()
    for target in re.findall(r"\]\((?!https?://)([^)#]+)", docs_index):
        assert (ROOT / "docs" / target).exists(), f"docs/README.md links to a missing {target}"

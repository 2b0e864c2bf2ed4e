"""`make run`'s process manager: serves the login page, and Ctrl-C leaves no web, worker or beat behind."""

import contextlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from accounts.demo import DEMO_PASSWORD, DEMO_USERS

ROOT = Path(__file__).resolve().parents[2]
DEVSTACK = ROOT / "scripts" / "devstack.py"
START_TIMEOUT = 60
STOP_TIMEOUT = 30

pytestmark = pytest.mark.celery_worker


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_groups() -> dict[int, list[int]]:
    """pgid -> pids of every live (non-zombie) process, read from /proc."""
    groups: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the parenthesised command: state, ppid, pgrp, ...
        state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if state != "Z":
            groups.setdefault(int(pgrp), []).append(int(entry.name))
    return groups


def read(log: Path) -> str:
    return log.read_text(errors="replace") if log.exists() else ""


def login_page_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and b"Sign in" in response.read()
    except OSError:
        return False


@pytest.fixture
def stack_env(tmp_path):
    """A throwaway migrated SQLite database and var folder; no Redis, local settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_DIR", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        VAR_DIR=str(tmp_path / "var"),
        PORT=str(free_port()),
        DEBUG="true",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    return env


def test_ctrl_c_stops_web_worker_and_beat(stack_env, tmp_path):
    log = tmp_path / "devstack.log"
    url = f"http://127.0.0.1:{stack_env['PORT']}/accounts/login/"
    with log.open("wb") as out:
        # Its own session, like a terminal's foreground job: Ctrl-C goes to the whole group.
        proc = subprocess.Popen(
            [sys.executable, str(DEVSTACK)],
            cwd=ROOT,
            env=stack_env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    children: dict[str, int] = {}
    try:
        deadline = time.monotonic() + START_TIMEOUT
        banner = f"running at http://127.0.0.1:{stack_env['PORT']}/"
        while not (
            login_page_answers(url)
            and " ready." in read(log)
            and "beat: Starting" in read(log)
            and banner in read(log)  # printed once the children answer: wait, never race it
        ):
            assert proc.poll() is None, f"devstack exited early:\n{read(log)}"
            assert time.monotonic() < deadline, f"Not up in {START_TIMEOUT}s:\n{read(log)}"
            time.sleep(0.5)
        started = re.search(
            r"Started web \(pid (\d+)\), worker \(pid (\d+)\), beat \(pid (\d+)\)", read(log)
        )
        assert started, read(log)
        children = dict(zip(("web", "worker", "beat"), map(int, started.groups()), strict=True))
        live = process_groups()
        assert all(pid in live for pid in children.values()), "a child is not running"
        output = read(log)
        assert banner in output
        assert all(username in output for username, *_ in DEMO_USERS)

        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        assert proc.wait(timeout=STOP_TIMEOUT) == 0, read(log)

        time.sleep(0.2)
        left = {name: process_groups().get(pid) for name, pid in children.items()}
        assert not any(left.values()), f"still running after Ctrl-C: {left}\n{read(log)}"
        assert "Stopped web, worker and beat." in read(log)
        assert not (Path(stack_env["VAR_DIR"]) / "celerybeat.pid").exists()
    finally:
        # Whatever happened, leave nothing running (pids from the log if we never parsed them).
        pids = children.values() or map(int, re.findall(r"\(pid (\d+)\)", read(log)))
        for pgid in [proc.pid, *pids]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
        proc.wait(timeout=10)


def test_banner_lists_every_demo_login():
    """devstack.py prints the logins without importing Django; keep it in step with the seed."""
    spec = importlib.util.spec_from_file_location("devstack", DEVSTACK)
    devstack = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(devstack)
    printed_password, printed_logins = devstack.DEMO_PASSWORD, devstack.DEMO_LOGINS
    assert printed_password == DEMO_PASSWORD
    assert printed_logins == [(username, role.label) for username, *_, role in DEMO_USERS]

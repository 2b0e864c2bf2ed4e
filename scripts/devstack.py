"""Run the local stack for `make run`: web server, Celery worker and Celery beat, stopped together.

Ctrl-C (or SIGTERM) stops all three; anything still running after a grace period is killed, so no
worker or beat is left behind. PORT picks the port (default 8000); VAR_DIR the folder for the
filesystem broker and beat's schedule (default var/ in the project).
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GRACE_SECONDS = 10
READY_TIMEOUT = 60

# Kept in step with accounts.demo.DEMO_USERS (tests/core/test_devstack.py checks it); this script
# starts before Django is configured, so it does not import the app.
DEMO_PASSWORD = "opcc-demo"
DEMO_LOGINS = [
    ("officer", "Commissioning officer"),
    ("evaluator", "Evaluator"),
    ("provider", "Provider user"),
    ("provider2", "Provider user"),
    ("finance", "Finance approver"),
    ("commissioner", "Commissioner"),
    ("chiefexec", "Chief Executive"),
    ("admin", "Administrator"),
]


def commands(port: str, var: Path) -> dict[str, list[str]]:
    celery = [PY, "-m", "celery", "-A", "config"]
    return {
        "web": [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            *celery,
            "worker",
            "--pool=threads",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            *celery,
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
            "--pidfile",
            str(var / "celerybeat.pid"),
        ],
    }


def port_open(port: str) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", int(port))) == 0


def banner(port: str) -> str:
    logins = "\n".join(f"    {username:<13} {role}" for username, role in DEMO_LOGINS)
    return (
        f"\n  Commissioning and grants is running at http://127.0.0.1:{port}/\n"
        f"  Demo logins (password '{DEMO_PASSWORD}' for all):\n{logins}\n"
        "  Press Ctrl-C to stop the web server, the Celery worker and beat.\n"
    )


def stop_all(procs: dict[str, subprocess.Popen]) -> None:
    """SIGTERM each process group, wait, then SIGKILL whatever is left (grandchildren too)."""
    for proc in procs.values():
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for name, proc in procs.items():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            print(f"{name} did not stop within {GRACE_SECONDS}s; killing it.", flush=True)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    for proc in procs.values():
        # Each group's leader is gone; anything still in the group is an orphaned grandchild.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def main() -> int:
    port = os.environ.get("PORT", "8000")
    var = Path(os.environ.get("VAR_DIR", ROOT / "var"))
    var.mkdir(parents=True, exist_ok=True)
    if port_open(port):
        print(f"Something is already listening on 127.0.0.1:{port}; set PORT=… to use another.")
        return 1
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "VAR_DIR": str(var)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    # Handlers first: a Ctrl-C while the children start still stops them all.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    procs: dict[str, subprocess.Popen] = {}
    for name, cmd in commands(port, var).items():
        # Each in its own session: the terminal's Ctrl-C reaches only us, and we stop them in
        # order; a group per child also lets us kill any grandchildren.
        procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)
    print(
        "Started " + ", ".join(f"{name} (pid {proc.pid})" for name, proc in procs.items()),
        flush=True,
    )

    exit_code = 0
    ready = False
    started = time.monotonic()
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"{name} exited with code {proc.returncode}; stopping the rest.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
                break
        if not stopping and not ready:
            if port_open(port):
                ready = True
                print(banner(port), flush=True)
            elif time.monotonic() - started > READY_TIMEOUT:
                print(f"The web server did not open port {port} within {READY_TIMEOUT}s.")
                exit_code = 1
                break
        time.sleep(0.3)

    print("Stopping web, worker and beat…", flush=True)
    stop_all(procs)
    (var / "celerybeat.pid").unlink(missing_ok=True)
    print("Stopped web, worker and beat.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())

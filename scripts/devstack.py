"""Run the local stack for `make run`: web server, Celery worker and Celery beat, stopped together.

Ctrl-C (or SIGTERM) stops all three; anything still running after a grace period is killed, so no
worker or beat is left behind.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GRACE_SECONDS = 10


def main() -> int:
    port = os.environ.get("PORT", "8000")
    var = ROOT / "var"
    var.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    commands = {
        "web": [PY, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            PY,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=threads",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [
            PY,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(var / "celerybeat-schedule"),
            "--pidfile",
            str(var / "celerybeat.pid"),
        ],
    }
    procs: dict[str, subprocess.Popen] = {}
    for name, cmd in commands.items():
        # Own process group each: we decide when they stop, and can kill any grandchildren.
        procs[name] = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)

    stopping = False

    def stop(*_args) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)

    print()
    print(f"  Commissioning and grants is running at http://127.0.0.1:{port}/")
    print("  Demo logins (password 'opcc-demo'): officer, evaluator, provider, provider2,")
    print("  finance, commissioner, admin.   Press Ctrl-C to stop web, worker and beat.")
    print(flush=True)

    exit_code = 0
    while not stopping:
        for name, proc in procs.items():
            if proc.poll() is not None:
                print(f"{name} exited with code {proc.returncode}; stopping the rest.", flush=True)
                exit_code = proc.returncode or 1
                stopping = True
                break
        time.sleep(0.5)

    for proc in procs.values():
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for proc in procs.values():
        remaining = max(0.1, deadline - time.monotonic())
        try:
            proc.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    for proc in procs.values():
        # Grandchildren left in a group (the worker's pool exits with it; make sure).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    (var / "celerybeat.pid").unlink(missing_ok=True)
    print("Stopped web, worker and beat.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())

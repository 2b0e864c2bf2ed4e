"""The load side of the page benchmark: gunicorn with production settings in the background, and
Debian's wrk (installed with apt-get when missing) driving it. benchmarks/pages.py decides what to
measure and writes the report."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
TRIVIAL = "/healthz"


LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout + summary.errors.status
  io.write(string.format("BENCH %.3f %.3f %.3f %d %d\\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests, errors))
end
"""

# (label, username or "" for the public, path) beyond the navigation; a path may hold {stream},
# {notice} (a signed notice's public slug) or {grant}.


def run(cmd: list[str], env: dict, **kwargs) -> None:
    subprocess.run(cmd, env=env, cwd=ROOT, check=True, **kwargs)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing wrk with apt-get…", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        if shutil.which("wrk") is None:
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
        return shutil.which("wrk")
    sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")


class Gunicorn:
    def __init__(self, env: dict, port: int, workers: int, threads: int, log: str):
        self.port = port
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:  # never measure somebody else's server
                sys.exit(f"Port {port} is already in use: stop what listens there or pass --port")
        self.proc = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi:application",
                "--config",
                "config/gunicorn.conf.py",  # production's server settings, then the run's own
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--error-logfile",
                log,
                "--timeout",
                "120",
            ],  # fmt: skip
            env=env,
            cwd=ROOT,
        )
        for _ in range(600):
            if self.proc.poll() is not None:
                break  # gunicorn exited (a bad setting, a port taken meanwhile): see the log
            try:
                urllib.request.urlopen(self.url(TRIVIAL), timeout=2).read()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        sys.exit(f"gunicorn did not answer {TRIVIAL}; see {log}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def workers(self) -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.proc.pid:
                found.append(int(stat.parent.name))
        return found

    def settle(self) -> None:
        """Wait until requests queued by the last run are served (wrk stops sending, gunicorn
        keeps working through its backlog), so one page's slowness never lands on the next."""
        for _ in range(300):
            started = time.monotonic()
            try:
                urllib.request.urlopen(self.url(TRIVIAL), timeout=120).read()
            except OSError:
                continue  # still busy
            if time.monotonic() - started < 0.2:
                return
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=30)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(
    binary: str, lua: str, url: str, cookie: str, args, seconds: int | None = None
) -> tuple[float, float, float, int]:
    cmd = [binary, "-t", str(args.threads_wrk), "-c", str(args.connections)]
    cmd += ["-d", f"{seconds or args.duration}s", "--timeout", "30s", "-s", lua]
    if cookie:
        cmd += ["-H", f"Cookie: sessionid={cookie}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("BENCH "))
    rps, p50, p95, _count, errors = line.split()[1:]
    return float(rps), float(p50), float(p95), int(errors)

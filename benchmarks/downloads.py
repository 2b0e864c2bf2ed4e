"""The benchmark's downloads: each timed one after another, and two transparency CSV downloads at
once while /healthz is polled and every gunicorn worker's memory is sampled."""

from __future__ import annotations

import contextlib
import statistics
import threading
import time
import urllib.request

from load import TRIVIAL, Gunicorn, rss_mb

CSV_URL = "/transparency/grants.csv"


def time_download(server: Gunicorn, page, cookies: dict, runs: int = 2):
    """Downloads one after another: (downloads per second, median ms, slowest ms)."""
    times = []
    for _ in range(runs):
        request = urllib.request.Request(server.url(page.path))
        if cookies[page.username]:
            request.add_header("Cookie", f"sessionid={cookies[page.username]}")
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=600) as response:
            while response.read(65536):
                pass
        times.append(time.monotonic() - started)
    return 1 / statistics.mean(times), statistics.median(times) * 1000, max(times) * 1000


def measure_downloads(server: Gunicorn, count: int = 2) -> dict:
    """Two transparency CSV downloads at once, while /healthz is asked in a loop and every
    worker's resident memory is sampled: time, size, rows, memory growth, other requests served."""
    workers = server.workers()
    baseline = {pid: rss_mb(pid) for pid in workers}
    peak = dict(baseline)
    done = threading.Event()
    results: list[tuple[float, int, int]] = []
    health: list[float] = []

    def download():
        started = time.monotonic()
        size = rows = 0
        with urllib.request.urlopen(server.url(CSV_URL), timeout=300) as response:
            while chunk := response.read(65536):
                size += len(chunk)
                rows += chunk.count(b"\n")
        results.append((time.monotonic() - started, size, rows - 1))

    def sample():
        while not done.is_set():
            for pid in workers:
                with contextlib.suppress(OSError):
                    peak[pid] = max(peak[pid], rss_mb(pid))
            time.sleep(0.02)

    def poll():
        while not done.is_set():
            started = time.monotonic()
            with contextlib.suppress(OSError):
                urllib.request.urlopen(server.url(TRIVIAL), timeout=60).read()
                health.append(time.monotonic() - started)
            time.sleep(0.05)

    helpers = [threading.Thread(target=sample), threading.Thread(target=poll)]
    downloads = [threading.Thread(target=download) for _ in range(count)]
    for thread in helpers + downloads:
        thread.start()
    for thread in downloads:
        thread.join()
    done.set()
    for thread in helpers:
        thread.join()
    return {
        "downloads": results,
        "growth_mb": max(peak[pid] - baseline[pid] for pid in workers),
        "baseline_mb": max(baseline.values()),
        "health_served": len(health),
        "health_p95_ms": (statistics.quantiles(health, n=20)[-1] * 1000)
        if len(health) >= 2
        else (health[0] * 1000 if health else 0.0),
        "health_max_ms": max(health, default=0.0) * 1000,
    }

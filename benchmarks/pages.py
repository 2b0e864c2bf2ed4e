"""Page benchmark at national scale: every page in each role's navigation, the public pages and the
downloads, served by gunicorn with production settings from a PostgreSQL database loaded by
`manage.py seed_scale`, each measured with wrk beside a trivial view (/healthz, through the same
middleware) timed at the start and at the end of the same run.

    .venv/bin/python benchmarks/pages.py            # seeds opcc_bench once, then measures
    .venv/bin/python benchmarks/pages.py --reseed --write   # fresh data; table to docs/PERFORMANCE.md

Load generator: wrk (Debian package `wrk`; installed with apt-get when missing and run as root).
A Lua hook prints requests per second and the 50th and 95th percentile latency. Queries per request
are counted separately in this process (Django test client + CaptureQueriesContext). The transparency
CSV is also downloaded twice at once while /healthz is polled, with the workers' memory sampled.

Later features add their pages to EXTRA_PAGES (and their records to seed_scale).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from load import LUA, PY, ROOT, TRIVIAL, Gunicorn, ensure_wrk, rss_mb, run, wrk  # noqa: E402
from report import download_summary, report_table, write_report  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/opcc_bench"
TARGET_SHARE = 1 / 20  # every page at least this share of the trivial view's req/s
CSV_URL = "/transparency/grants.csv"

EXTRA_PAGES = [
    ("Grants, sorted by amount", "officer", "/funding/grants/?sort=-amount"),
    ("Grants, stream and state filter", "officer", "/funding/grants/?stream={stream}&state=active"),
    ("Grants, page 50", "officer", "/funding/grants/?page=50"),
    ("Grants, recipient search", "officer", "/funding/grants/?recipient_name=Ely"),
    ("Grant", "officer", "/funding/grants/{grant}/"),
    ("Funding stream", "officer", "/funding/streams/{stream}/"),
    ("Transparency", "", "/transparency/"),
    ("Transparency, page 400", "", "/transparency/?awards_page=400"),
    ("Public decision notice", "", "/decisions/public/{notice}/"),
    ("Login", "", "/accounts/login/"),
    ("Tenders, by deadline", "officer", "/commissioning/tenders/?sort=deadline"),
    ("Tenders, in evaluation", "officer", "/commissioning/tenders/?state=evaluation"),
    ("Tender", "officer", "/commissioning/tenders/{tender}/"),
    ("Tender moderation matrix", "officer", "/commissioning/tenders/{tender}/moderation/"),
    ("Tender ranked result", "officer", "/commissioning/tenders/{tender}/result/"),
    (
        "Commissioning projects in Do, by title",
        "officer",
        "/commissioning/projects/?stage=do&sort=title",
    ),
    ("Commissioning project", "officer", "/commissioning/projects/{project}/"),
    ("Returns portal (provider home)", "provider", "/returns/"),
    ("Returns to review", "officer", "/returns/review/"),
    (
        "Returns to review, stream, officer and late filters",
        "officer",
        "/returns/review/?stream={stream}&officer={officer_id}&late=yes",
    ),
    ("Returns compliance by stream", "officer", "/returns/compliance/"),
    ("Outcome return", "officer", "/returns/{outcome_return}/"),
    ("A contract's outcome returns", "officer", "/returns/contracts/{returns_contract}/"),
    ("Single tender actions, submitted", "officer", "/commissioning/stas/?state=submitted"),
    ("Single tender actions, page 20", "officer", "/commissioning/stas/?page=20"),
    ("Single tender action", "officer", "/commissioning/stas/{sta}/"),
    ("Approvals waiting for finance", "finance", "/approvals/"),
    ("Approvals waiting, STAs by value", "finance", "/approvals/?kind=sta&sort=-value"),
    ("Approvals waiting for the Chief Executive", "chiefexec", "/approvals/"),
    ("Approvals decided by finance", "finance", "/approvals/decided/"),
    ("Approval request", "finance", "/approvals/{approval}/"),
    (
        "Contracts, decisions due, by end",
        "officer",
        "/commissioning/contracts/?decisions_due=on&sort=end",
    ),
    (
        "Contracts, stream and status filter",
        "officer",
        "/commissioning/contracts/?stream={stream}&state=active",
    ),
    ("Contracts, page 20", "officer", "/commissioning/contracts/?page=20&sort=-provider"),
    ("Contract", "officer", "/commissioning/contracts/{contract}/"),
    ("Notification centre", "officer", "/notifications/"),
    ("Notification centre, page 10", "provider", "/notifications/?page=10"),
]
DOWNLOADS = [
    ("Transparency CSV (all published grants)", "", CSV_URL),
    ("Public decision notice PDF", "", "/decisions/public/{notice}/pdf/"),
    ("Providers spreadsheet (CSV)", "officer", "/providers/download/"),
    ("Contracts CSV (active)", "officer", "/commissioning/contracts/?state=active&format=csv"),
]


@dataclass
class Page:
    label: str
    username: str
    path: str
    download: bool = False
    queries: int | None = None
    status: int | None = None
    rps: float = 0.0
    p50: float = 0.0
    p95: float = 0.0
    errors: int = 0


def prepare_database(url: str, *, reseed: bool, sizes: list[str]) -> None:
    """Create, migrate and seed the benchmark database when asked or when it is not seeded."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reseed:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    seeded = False
    with psycopg.connect(url) as conn:
        table = conn.execute("SELECT to_regclass('providers_organisation')").fetchone()[0]
        if table:
            seeded = bool(
                conn.execute(
                    "SELECT 1 FROM providers_organisation WHERE email LIKE '%%@provider.example' "
                    "LIMIT 1"
                ).fetchone()
            )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url}
    env["DEBUG"] = "false"
    run([PY, "manage.py", "migrate", "--noinput", "-v0"], env)
    if not seeded:
        print("Seeding the national-scale dataset (seed_scale)…", flush=True)
        started = time.monotonic()
        run([PY, "manage.py", "seed_scale", *sizes], env)
        print(f"Seeded in {time.monotonic() - started:.0f} s", flush=True)


def production_env(url: str, var_dir: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "60",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
        "VAR_DIR": var_dir,
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", ""),
    }


def pages_and_sessions(*, sample_queries: bool) -> tuple[list[Page], dict[str, str]]:
    """Every navigation page of each demo user plus the extra pages and downloads, each checked
    with the test client (final address after redirects, status, queries per request)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.demo import DEMO_USERS
    from accounts.models import User
    from approvals.engine.models import ApprovalRequest
    from approvals.models import DecisionNotice
    from commissioning.models import CommissioningProject, Contract, SingleTenderAction, Tender
    from dashboards.navigation import items_for
    from grants.models import FundingStream, Grant
    from returns.models import OutcomeReturn

    setup_test_environment()
    fill = {
        "stream": FundingStream.objects.get(short_name="Crime and Disorder").pk,
        "notice": DecisionNotice.objects.filter(state="signed").order_by("-pk").first().slug,
        "grant": Grant.objects.filter(state="active").order_by("pk").first().pk,
        "tender": Tender.objects.filter(state="awarded").order_by("pk").first().pk,
        "project": CommissioningProject.objects.filter(stage="do")
        .order_by("-regulated", "pk")
        .first()
        .pk,
        "officer_id": User.objects.get(username="officer").pk,
        "outcome_return": OutcomeReturn.objects.filter(state="submitted").order_by("pk").first().pk,
        "returns_contract": OutcomeReturn.objects.filter(contract__isnull=False)
        .order_by("pk")
        .first()
        .contract_id,
        "sta": SingleTenderAction.objects.filter(state="submitted").order_by("pk").first().pk,
        "approval": ApprovalRequest.objects.filter(state="pending").order_by("pk").first().pk,
        "contract": Contract.objects.filter(state="active").order_by("pk").first().pk,
    }
    clients: dict[str, Client] = {"": Client()}
    cookies: dict[str, str] = {"": ""}
    pages: list[Page] = []
    seen: set[str] = set()
    for username, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[username] = client
        cookies[username] = client.cookies["sessionid"].value
        for item in items_for(user, "/"):
            if item["href"] in seen and item["href"] != "/":
                continue  # the same list for another staff role
            seen.add(item["href"])
            pages.append(Page(f"{item['label']}", username, item["href"]))
    for label, username, path in EXTRA_PAGES:
        pages.append(Page(label, username, path.format(**fill)))
    for label, username, path in DOWNLOADS:
        pages.append(Page(label, username, path.format(**fill), download=True))
    for page in pages:
        client = clients[page.username]
        response = client.get(page.path, follow=True)
        if response.redirect_chain:
            page.path = response.redirect_chain[-1][0]  # wrk does not follow redirects
        if sample_queries:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page.path)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
            page.queries = len(queries)
        page.status = response.status_code
    return pages, cookies


def time_download(server: Gunicorn, page: Page, cookies: dict, runs: int = 2):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--reseed", action="store_true", help="drop, migrate and seed again")
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads-wrk", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--write", action="store_true", help="write docs/PERFORMANCE.md")
    parser.add_argument("--only", default="", help="measure only pages whose path contains this")
    args, sizes = parser.parse_known_args()  # the rest (--grants N …) goes to seed_scale

    binary = ensure_wrk()
    prepare_database(args.database, reseed=args.reseed, sizes=sizes)
    var_dir = tempfile.mkdtemp(prefix="opcc-bench-")
    env = production_env(args.database, var_dir)
    print("Collecting static files (production storage needs the manifest)…", flush=True)
    run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], env)

    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    pages, cookies = pages_and_sessions(sample_queries=True)
    connection.close()
    bad = [p for p in pages if p.status != 200]
    for page in bad:
        print(f"NOT 200: {page.username or 'public'} {page.path} -> {page.status}")
    if args.only:
        pages = [p for p in pages if args.only in p.path]

    lua = Path(var_dir) / "report.lua"
    lua.write_text(LUA)
    server = Gunicorn(env, args.port, args.workers, args.threads, f"{var_dir}/gunicorn.log")
    try:
        wrk(binary, str(lua), server.url(TRIVIAL), "", args)  # warm up
        start = wrk(binary, str(lua), server.url(TRIVIAL), "", args)
        print(f"\ntrivial view at the start: {start[0]:.0f} req/s, p95 {start[2]:.1f} ms\n")
        header = f"{'who':<13} {'page':<40} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'queries':>7}"
        print(header, flush=True)
        for page in pages:
            server.settle()
            if page.download:  # one at a time: wrk would pile up minute-long requests
                page.rps, page.p50, page.p95 = time_download(server, page, cookies)
            else:
                page.rps, page.p50, page.p95, page.errors = wrk(
                    binary, str(lua), server.url(page.path), cookies[page.username], args
                )
            print(
                f"{page.username or 'public':<13} {page.label[:40]:<40} {page.rps:>7.1f} "
                f"{page.p50:>8.1f} {page.p95:>8.1f} {page.queries!s:>7}"
                + (f"  {page.errors} errors" if page.errors else ""),
                flush=True,
            )
        server.settle()
        end = wrk(binary, str(lua), server.url(TRIVIAL), "", args)
        print(f"\ntrivial view at the end: {end[0]:.0f} req/s, p95 {end[2]:.1f} ms")
        server.settle()
        downloads = measure_downloads(server)
    finally:
        server.stop()

    trivial = max(start[0], end[0])
    failures = [p for p in pages if not p.download and p.rps < trivial * TARGET_SHARE]
    table = report_table(pages, start, end)
    print("\n" + table)
    summary = download_summary(downloads)
    print(summary)
    for page in failures:
        print(f"BELOW 1/20: {page.label} {page.path}")
    if args.write:
        write_report(table, summary, args, start, end)
    return 1 if failures or bad or downloads["growth_mb"] >= 50 else 0


if __name__ == "__main__":
    sys.exit(main())

"""Cost of one page in-process, beside the trivial view, for working on a page between full runs of
pages.py: production settings on the benchmark database (seeded by pages.py), the Django test
client, warm caches. Prints milliseconds per request for /healthz and for the page, timed in
alternating rounds so that a busy machine slows both alike, and their ratio; --profile N adds the
N costliest calls (cProfile, cumulative).

    .venv/bin/python benchmarks/profile_page.py officer /commissioning/contracts/
    .venv/bin/python benchmarks/profile_page.py officer /commissioning/contracts/ --profile 40

The test client adds a few milliseconds to both, so the ratio here understates a page's cost under
wrk; the page's extra milliseconds over /healthz predict it better. Seen on 2026-12-03: about 4 ms
extra served 1/7-1/8 of the trivial view's req/s under wrk, 8 ms 1/10-1/12 and 10 ms 1/25-1/29, so
a page aiming at the pages.py target (1/20, aiming at 1/12) wants about 5 ms extra or less here.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/opcc_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("username", help="a demo user ('' for anonymous)")
    parser.add_argument("path")
    parser.add_argument("-n", type=int, default=20, help="requests per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--profile", type=int, default=0, metavar="N")
    parser.add_argument(
        "--queries", action="store_true", help="each query of one request, with its planning time"
    )
    args = parser.parse_args()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "DATABASE_URL": args.database,
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "VAR_DIR": tempfile.mkdtemp(prefix="opcc-profile-"),
            "REDIS_URL": "",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        print("Collecting static files (production storage needs the manifest)…", flush=True)
        call_command("collectstatic", interactive=False, verbosity=0)

    client = Client(secure=True)
    if args.username:
        client.force_login(
            User.objects.get(username=args.username), backend="accounts.backends.RequestUserBackend"
        )
    for path in ("/healthz", args.path):
        status = client.get(path).status_code
        if status != 200:
            sys.exit(f"{path} answered {status}")

    def timed(path: str) -> float:
        started = time.perf_counter()
        for _ in range(args.n):
            client.get(path)
        return (time.perf_counter() - started) / args.n * 1000

    for _ in range(3):
        client.get(args.path)
    trivial = min(timed("/healthz") for _ in range(args.rounds))
    page = min(timed(args.path) for _ in range(args.rounds))
    print(
        f"/healthz {trivial:.1f} ms   {args.path} {page:.1f} ms   ratio {page / trivial:.1f}   "
        f"extra {page - trivial:.1f} ms"
    )
    if args.queries:
        print_queries(client, args.path)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.n):
            client.get(args.path)
        profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
    return 0


def print_queries(client, path: str) -> None:
    """One request's queries, each with PostgreSQL's planning and execution times (EXPLAIN
    ANALYZE of the same statement, run after the request)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rounds, spent = 20, {}

    def timer(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            index = len(spent_now)
            spent_now.append(time.perf_counter() - started)
            spent[index] = spent.get(index, 0.0) + spent_now[-1]

    for _ in range(rounds):
        spent_now: list[float] = []
        with connection.execute_wrapper(timer):
            client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    for number, query in enumerate(captured.captured_queries, 1):
        sql = query["sql"]
        times = ""
        if sql.lstrip().upper().startswith("SELECT") and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            times = f"planning {plan['Planning Time']:.2f} ms, execution {plan['Execution Time']:.2f} ms"
        average = spent.get(number - 1, 0.0) / rounds * 1000
        print(f"\n{number}. {average:.2f} ms in the request; {times}\n{sql[:600]}")


if __name__ == "__main__":
    sys.exit(main())

"""`make bench`: time every page in each demo user's navigation, with its query count.

Runs in-process against a throwaway SQLite database loaded with the demo data (or the database in
BENCH_DATABASE_URL), so it never touches db.sqlite3. Prints one line per page: median time over
--repeat requests after a warm-up, queries per request, status. Exits 1 if a page is not 200.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def configure(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DEBUG"] = "false"  # DEBUG's query log would slow every request down
    os.environ.pop("REDIS_URL", None)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)  # no collectstatic here
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed requests per page")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="opcc-bench-") as tmp:
        os.environ["VAR_DIR"] = tmp
        configure(os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"))

        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, setup_test_environment

        from accounts.demo import DEMO_USERS
        from accounts.models import User
        from dashboards.navigation import items_for

        setup_test_environment()  # allows the test client's host, keeps mail in memory
        print("Migrating and loading demo data…", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115

        failures = 0
        print(f"\n{'user':<13} {'page':<32} {'status':>6} {'median ms':>10} {'queries':>8}")
        for username, *_ in DEMO_USERS:
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user, backend="accounts.backends.RequestUserBackend")
            for item in items_for(user, "/"):
                url = item["href"]
                client.get(url, follow=True)  # warm caches and imports
                timings = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(url, follow=True)  # "My organisation" redirects
                        timings.append((time.perf_counter() - started) * 1000)
                failures += response.status_code != 200
                print(
                    f"{username:<13} {url:<32} {response.status_code:>6} "
                    f"{statistics.median(timings):>10.1f} {len(queries):>8}",
                    flush=True,
                )
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Sweep benchmark: every daily review-cycle sweep over 100,000 outcome returns and 10,000
contracts on PostgreSQL, each run twice (the second, a doubled beat, must create nothing).

    .venv/bin/python benchmarks/sweep.py             # seeds opcc_sweep_bench once, then measures
    .venv/bin/python benchmarks/sweep.py --reseed --write   # fresh data; "Sweeps" in PERFORMANCE.md

The data comes from `manage.py seed_scale` (each app's own scale seeder) with more returns and
contracts than its defaults, in a database of its own. For each sweep it prints the rows it
scanned, the notifications it created, seconds and queries, for the first run and the rerun. A
sweep reads with a few set-based queries whatever the rows; `notify_many` adds a few queries per
thousand notifications it creates, so only the first run's count moves, with what it sends.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from load import ROOT  # noqa: E402
from pages import prepare_database  # noqa: E402
from report import machine  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/opcc_sweep_bench"
SIZES = ["--returns", "100000", "--contracts", "10000", "--grants", "60000", "--notices", "2000"]
HEADING = "## Sweeps"


def measure() -> list[dict]:
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils.module_loading import import_string

    from commissioning.models import Contract
    from notifications.models import Notification, SweepRun
    from returns.models import OutcomeReturn

    # Each measurement starts from the seeded data: earlier runs' reminders go, so the first run
    # sends what a day's sweep would (seed_scale's own notifications stay).
    Notification.objects.exclude(idempotency_key__startswith="scale:").delete()
    counts = f"{OutcomeReturn.objects.count():,} returns, {Contract.objects.count():,} contracts"
    print(counts, flush=True)
    rows: list[dict] = [{"counts": counts}]
    for task in settings.DAILY_SWEEPS:
        sweep = import_string(task)
        for attempt in ("first run", "rerun"):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                created = sweep()
                seconds = time.perf_counter() - started
            run = SweepRun.objects.order_by("-pk").first()
            rows.append(
                {
                    "sweep": task.rsplit(".", 1)[1],
                    "run": attempt,
                    "scanned": run.scanned,
                    "created": created,
                    "seconds": seconds,
                    "queries": len(ctx.captured_queries),
                }
            )
            r = rows[-1]
            print(
                f"{r['sweep']:<40} {attempt:<9} scanned {r['scanned']:>7,}  created "
                f"{r['created']:>6,}  {seconds:7.2f} s  {r['queries']:>4} queries",
                flush=True,
            )
    return rows


def table(rows: list[dict]) -> str:
    lines = [
        "| sweep | run | rows scanned | notifications created | seconds | queries |",
        "|---|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['sweep']} | {r['run']} | {r['scanned']:,} | {r['created']:,} | "
        f"{r['seconds']:.2f} | {r['queries']} |"
        for r in rows
        if "sweep" in r
    ]
    return "\n".join(lines)


def write_section(rows: list[dict]) -> None:
    """Replace (or add) the "Sweeps" section of docs/PERFORMANCE.md (report.write_section; the
    page benchmark keeps it when it rewrites the rest)."""
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.write_section(
        HEADING,
        f"""Written by `benchmarks/sweep.py --write`; do not edit by hand, run it again.

- **Date:** {when}
- **Machine:** {machine()}
- **Data:** `manage.py seed_scale {" ".join(SIZES)}` on PostgreSQL (its own database):
  {rows[0]["counts"]}
- **What:** every daily sweep in `settings.DAILY_SWEEPS` for today, in-process, twice: the rerun
  (a doubled or late beat) must create nothing. Queries counted with CaptureQueriesContext; each
  sweep reads with a few set-based queries whatever the rows, and notification creation adds a
  few per thousand created (so only a first run that sends many grows).
- **Reading it:** "rows scanned" is what the sweep read: for returns, those due in the rule's
  window for the day (one query filters the other 100,000 out in the database); for contracts,
  every active contract (their deadlines are worked out from each term). Reminders to providers
  go to provider users, and seed_scale's organisations have none (only the demo ones do), so the
  return reminder sweeps scan but send little here; escalations to officers do send.

{table(rows)}
""",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("SWEEP_BENCH_DATABASE", DEFAULT_DB))
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--write", action="store_true", help="write the Sweeps section")
    args = parser.parse_args()
    prepare_database(args.database, reseed=args.reseed, sizes=SIZES)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = args.database
    os.environ["DEBUG"] = "false"
    # Delivery hand-overs go to a throwaway broker folder, never the project's var/.
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix="opcc-sweep-bench-")
    os.environ.pop("REDIS_URL", None)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    rows = measure()
    if args.write:
        write_section(rows)


if __name__ == "__main__":
    main()

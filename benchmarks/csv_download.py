"""The transparency CSV at 50,000 rows: two downloads at once from gunicorn with production
settings, while /healthz is polled and every worker's memory is sampled (downloads.py).

    .venv/bin/python benchmarks/csv_download.py           # seeds opcc_csv_bench once, measures
    .venv/bin/python benchmarks/csv_download.py --write   # and its section in PERFORMANCE.md

The page benchmark downloads the CSV at the default scale, where 42,710 of the 50,000 grants are
published; this one seeds more grants (its own database) so that the file holds at least
--rows rows, and fails when it does not, when a worker grows by 50 MB or more, or when /healthz
stops being answered during the downloads.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import report  # noqa: E402
from downloads import measure_downloads  # noqa: E402
from load import Gunicorn  # noqa: E402
from pages import prepare_database, production_env  # noqa: E402

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/opcc_csv_bench"
SIZES = ["--grants", "62000", "--notices", "2000"]  # about 53,000 of them published
HEADING = report.KEPT_HEADINGS[1]
GROWTH_LIMIT_MB = 50


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("CSV_BENCH_DATABASE", DEFAULT_DB))
    parser.add_argument("--reseed", action="store_true", help="drop and seed the database again")
    parser.add_argument("--rows", type=int, default=50_000, help="the fewest rows to measure")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--write", action="store_true", help=f"write the {HEADING!r} section")
    args = parser.parse_args()
    prepare_database(args.database, reseed=args.reseed, sizes=SIZES)
    env = production_env(args.database, tempfile.mkdtemp(prefix="opcc-csv-bench-"))
    server = Gunicorn(env, args.port, 2, 4, f"{env['VAR_DIR']}/gunicorn.log")
    try:
        measure_downloads(server, count=1)  # the first download warms PostgreSQL's cache
        found = measure_downloads(server)
    finally:
        server.stop()
    summary = report.download_summary(found)
    print(summary)
    rows = min(r for _, _, r in found["downloads"])
    failures = [
        *([f"the file holds {rows:,} rows, fewer than {args.rows:,}"] if rows < args.rows else []),
        *(
            [f"a worker grew by {found['growth_mb']:.0f} MB"]
            if found["growth_mb"] >= GROWTH_LIMIT_MB
            else []
        ),
        *(["/healthz was not answered during the downloads"] if not found["health_served"] else []),
    ]
    for failure in failures:
        print(f"FAILED: {failure}")
    if args.write:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        report.write_section(
            HEADING,
            f"""Written by `benchmarks/csv_download.py --write`; do not edit by hand, run it again.

- **Date:** {when}
- **Machine:** {report.machine()}
- **Data:** `manage.py seed_scale {" ".join(SIZES)}` on PostgreSQL (its own database)
- **Server:** gunicorn, production settings, 2 workers × 4 threads (gthread)
- **What:** two downloads of `/transparency/grants.csv` at once, after one to warm PostgreSQL's
  cache, while `/healthz` is asked in a loop and every worker's resident memory is sampled every
  20 ms. Target: at least {args.rows:,} rows streamed with no worker growing by
  {GROWTH_LIMIT_MB} MB, and `/healthz` answered throughout.
- **Result:** {"met" if not failures else "NOT met: " + "; ".join(failures)}

{summary}
""",
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

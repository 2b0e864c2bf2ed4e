"""The page benchmark's report: shares of the trivial view, the machine, the table and
docs/PERFORMANCE.md."""

from __future__ import annotations

import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from load import ROOT, TRIVIAL


def share(rps: float, trivial: float) -> str:
    return f"1/{trivial / rps:.0f}" if rps else "–"


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // 1024 // 1024
    return f"{os.cpu_count()} cores ({cpu}), {memory} GB RAM, {platform.platform()}"


def report_table(pages: list, start, end) -> str:
    rows = [
        "| who | page | req/s | p50 ms | p95 ms | share of trivial (start / end) | queries |",
        "|---|---|---:|---:|---:|---|---:|",
        f"| anyone | trivial view `{TRIVIAL}` (start) | {start[0]:.0f} | {start[1]:.1f} | "
        f"{start[2]:.1f} | 1/1 | 1 |",
    ]
    for p in pages:
        kind = " (download)" if p.download else ""
        rows.append(
            f"| {p.username or 'public'} | {p.label}{kind} `{p.path}` | {p.rps:.1f} | "
            f"{p.p50:.1f} | {p.p95:.1f} | {share(p.rps, start[0])} / {share(p.rps, end[0])} | "
            f"{p.queries} |"
        )
    rows.append(
        f"| anyone | trivial view `{TRIVIAL}` (end) | {end[0]:.0f} | {end[1]:.1f} | "
        f"{end[2]:.1f} | 1/1 | 1 |"
    )
    return "\n".join(rows)


def download_summary(d: dict) -> str:
    lines = [
        "Two transparency CSV downloads at once: "
        + "; ".join(
            f"{s:.1f} s, {size / 1e6:.1f} MB, {rows:,} rows" for s, size, rows in d["downloads"]
        ),
        f"Largest worker memory growth during them: {d['growth_mb']:.1f} MB "
        f"(from {d['baseline_mb']:.0f} MB resident).",
        f"Meanwhile /healthz answered {d['health_served']} times (p95 {d['health_p95_ms']:.0f} ms, "
        f"slowest {d['health_max_ms']:.0f} ms).",
    ]
    return "\n".join(lines)


def write_report(
    table: str,
    summary: str,
    args,
    start,
    end,
    *,
    sizes: dict,
    loads: tuple,
    below: list,
    twice: list = (),
) -> None:
    path = ROOT / "docs" / "PERFORMANCE.md"
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    kept = kept_sections(path)
    path.write_text(
        f"""# Performance at national scale

Written by `benchmarks/pages.py --write` (`make bench`); do not edit by hand, run it again.

- **Date:** {when}
- **Machine:** {machine()}
- **Data:** `manage.py seed_scale` on PostgreSQL: {", ".join(f"{n:,} {k}" for k, n in sizes.items())}
- **Machine load:** load average {loads[0]:.1f} when the measuring began, {loads[1]:.1f} when it ended
- **Server:** gunicorn, production settings, {args.workers} workers × {args.threads} threads (gthread)
- **Load:** wrk, {args.connections} connections, {args.duration} s per page after {args.warmup} s of
  warm-up (each worker's caches filled, as in service); queries per request
  counted separately with the Django test client
- **Target:** every page at least 1/20 of the trivial view's requests per second in the same run,
  aiming at 1/12 so that noise does not sink a page (downloads, timed one at a time with p95 = the
  slowest, are judged by time and memory instead). Absolute numbers move with whatever else runs
  on the machine; the share of the trivial view is what counts. Noise only slows a run down (this
  host stalls for a second at a time, and for longer now and then: the trivial view alone has
  measured 2,000 req/s and 700 within a minute), so the trivial view counts at the better of its
  start and end figures, and a page under 1/12 of it is timed once more and keeps its better one.

{table}

{summary}

**Pages under 1/12 of the trivial view (the better of its start and end figures):**
{chr(10).join(f"- {line}" for line in below) or "none"}

**Pages timed twice (under 1/12 the first time), req/s each time; the table keeps the better:**
{chr(10).join(f"- {line}" for line in twice) or "none"}
{kept}"""
    )
    print(f"\nWrote {path.relative_to(ROOT)}")


# Sections other benchmarks write at the end of the file (benchmarks/sweep.py, csv_download.py):
# kept as they are when the page benchmark rewrites the rest, in this order.
KEPT_HEADINGS = ("## Sweeps", "## Transparency CSV at 50,000 rows")


def _kept(text: str) -> tuple[str, dict[str, str]]:
    """The file's text before the first kept section, and each kept section's text by heading."""
    found = sorted((text.find(f"\n{h}\n"), h) for h in KEPT_HEADINGS if f"\n{h}\n" in text)
    head = text[: found[0][0]] if found else text
    sections = {
        heading: text[at : (found[i + 1][0] if i + 1 < len(found) else len(text))]
        for i, (at, heading) in enumerate(found)
    }
    return head, sections


def kept_sections(path) -> str:
    """The file's tail from the first kept section's heading on ("" when there is none)."""
    _head, sections = _kept(path.read_text() if path.exists() else "")
    return "".join(sections[h] for h in KEPT_HEADINGS if h in sections)


def write_section(heading: str, body: str) -> None:
    """Replace (or add) one kept section of docs/PERFORMANCE.md, keeping the others."""
    path = ROOT / "docs" / "PERFORMANCE.md"
    head, sections = _kept(path.read_text() if path.exists() else "")
    sections[heading] = f"\n{heading}\n\n{body.strip()}\n"
    path.write_text(
        head.rstrip("\n") + "\n" + "".join(sections[h] for h in KEPT_HEADINGS if h in sections)
    )
    print(f"\nWrote {path.relative_to(ROOT)} ({heading})")

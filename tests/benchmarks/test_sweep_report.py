"""The sweep benchmark's "Sweeps" section survives the page benchmark rewriting PERFORMANCE.md,
and a new sweep run replaces it rather than adding a second."""

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import report  # noqa: E402
import sweep  # noqa: E402

ROWS = [{"counts": "100 returns, 10 contracts"}] + [
    {"sweep": "remind_returns_due", "run": r, "scanned": 1200, "created": c, "seconds": 0.5,
     "queries": q}
    for r, c, q in (("first run", 40, 9), ("rerun", 0, 6))
]  # fmt: skip


@pytest.fixture
def root(tmp_path, monkeypatch):
    (tmp_path / "docs").mkdir()
    monkeypatch.setattr(report, "ROOT", tmp_path)
    monkeypatch.setattr(sweep, "ROOT", tmp_path)
    return tmp_path


def test_page_report_keeps_the_sweeps_section_and_sweeps_replace_their_own(root):
    args = SimpleNamespace(workers=2, threads=4, connections=8, duration=5, warmup=1)
    report.write_report(
        "PAGE TABLE 1", "summary", args, None, None, sizes={}, loads=(0.5, 0.7), below=[]
    )
    sweep.write_section(ROWS)
    sweep.write_section(ROWS)  # a second run replaces the section
    report.write_report(
        "PAGE TABLE 2", "summary", args, None, None, sizes={}, loads=(0.5, 0.7), below=[]
    )
    text = (root / "docs" / "PERFORMANCE.md").read_text()
    assert "PAGE TABLE 2" in text and "PAGE TABLE 1" not in text
    assert text.count("## Sweeps") == 1
    assert "| remind_returns_due | rerun | 1,200 | 0 | 0.50 | 6 |" in text
    assert text.index("PAGE TABLE 2") < text.index("## Sweeps")


def test_each_kept_section_replaces_only_itself_in_a_fixed_order(root):
    args = SimpleNamespace(workers=2, threads=4, connections=8, duration=5, warmup=1)
    csv_heading = report.KEPT_HEADINGS[1]
    report.write_section(csv_heading, "CSV FIRST")  # written before the sweeps: still after them
    sweep.write_section(ROWS)
    report.write_section(csv_heading, "CSV SECOND")
    report.write_report(
        "PAGE TABLE", "summary", args, None, None, sizes={}, loads=(0.5, 0.7), below=[]
    )
    text = (root / "docs" / "PERFORMANCE.md").read_text()
    assert "CSV FIRST" not in text and text.count(csv_heading) == 1
    assert text.count("## Sweeps") == 1 and "| remind_returns_due | rerun |" in text
    assert text.index("PAGE TABLE") < text.index("## Sweeps") < text.index("CSV SECOND")


def test_the_report_names_the_pages_timed_twice_with_both_figures(root):
    args = SimpleNamespace(workers=2, threads=4, connections=8, duration=5, warmup=1)
    twice = ["officer Grant `/funding/grants/1/`: 118.8 (1/16) then 263.9 (1/7)"]
    report.write_report(
        "TABLE", "summary", args, None, None, sizes={}, loads=(0.5, 0.7), below=[], twice=twice
    )
    text = (root / "docs" / "PERFORMANCE.md").read_text()
    assert "- officer Grant `/funding/grants/1/`: 118.8 (1/16) then 263.9 (1/7)" in text
    report.write_report("TABLE", "summary", args, None, None, sizes={}, loads=(0, 0), below=[])
    timed_twice = (root / "docs" / "PERFORMANCE.md").read_text().split("timed twice")[1]
    assert timed_twice.split("\n\n")[0].strip().endswith("none")

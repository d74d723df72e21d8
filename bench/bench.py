"""Every speed and memory figure in one run (``make bench``): one JSON report and one table against the targets.

    python bench/bench.py [--docs N] [--shared DIR] [--pdfs DIR] [--repeat N] [--out PATH]

Runs the scale benchmark (bench_scale.py: 1 and 2 workers on N generated documents, the cache re-runs, peak
RSS at 500, 1000 and N documents, bare tokenization of the same texts) and the PDF benchmark (bench_pdf.py,
without the pdfplumber quality comparison: pages/s of the PDF path next to the raw PDFium text layer), writes
every figure to --out (default build/bench/report.json) and prints the figures next to their targets.
Timings are only comparable on an otherwise idle machine: the load average before and after is reported.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pdf  # noqa: E402
import bench_scale  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "build" / "bench" / "report.json"
#: (figure, target, how it compares, the goal when it is more ambitious than the target)
TARGETS = (
    ("extraction / tokenization", 3.0, "<=", 2.0),
    ("docs/s on one core", 150.0, ">=", None),
    ("2 workers / 1 worker", 1.8, ">=", None),
    ("PDF end to end pages/s", 100.0, ">=", None),
    ("unchanged CLI re-run s", 2.0, "<", None),
)


def summary(scale: dict, pdf: dict) -> dict[str, float]:
    """The figures the targets name."""
    one, two = scale["one_worker"], scale["two_workers"]
    return {
        "extraction / tokenization": scale["ratio"],
        "docs/s on one core": one["documents"] / one["seconds"],
        "2 workers / 1 worker": scale["speedup_two_workers"],
        "PDF end to end pages/s": pdf["pdf_end_to_end_pages_per_s"],
        "unchanged CLI re-run s": scale["rerun_cli_seconds"],
        "docs/s/core, 2 workers": two["documents"] / two["seconds"] / 2,
        "MB/s, 1 worker": scale["megabytes"] / one["seconds"],
        "MB/s, 2 workers": scale["megabytes"] / two["seconds"],
        "raw PDFium pages/s": pdf["raw_pdfium_pages_per_s"],
        "read_pdf pages/s (with tables)": pdf["read_pdf_pages_per_s"],
    }


def _met(value: float, target: float, how: str) -> bool:
    return value <= target if how == "<=" else value >= target if how == ">=" else value < target


def print_table(figures: dict[str, float], scale: dict) -> None:
    print(f"\n{'figure':34} {'value':>9}  target")
    for name, value in figures.items():
        target = next((t for t in TARGETS if t[0] == name), None)
        if target is None:
            print(f"{name:34} {value:9.2f}")
            continue
        _, limit, how, goal = target
        verdict = "met" if _met(value, limit, how) else "SHORT"
        print(f"{name:34} {value:9.2f}  {how} {limit:g}{f' (goal {goal:g})' if goal else ''}  {verdict}")
    print("peak RSS (MB) at N documents: 1 worker | 2 workers: parent, largest worker")
    for m in scale["marks"]:
        a, b = scale["one_worker"]["rss_mb_at"][str(m)], scale["two_workers"]["rss_mb_at"][str(m)]
        print(f"  {m:6d}  {a[0]:6d} | {b[0]:6d}, {b[1]:6d}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="documents in the generated corpus (default: 2000)")
    parser.add_argument("--shared", type=Path, default=bench_scale.DEFAULT_SHARED, help="the shared folder")
    parser.add_argument("--pdfs", type=Path, default=None, help="PDFs to time (default: SHARED/pdfs)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the PDFs (default: 3)")
    parser.add_argument("--profile-docs", type=int, default=300, help="documents profiled when over the goal")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the JSON report (default: build/bench/report.json)")
    args = parser.parse_args(argv)
    pdfs = sorted((args.pdfs or args.shared / "pdfs").glob("*.pdf"))
    if not args.shared.is_dir() or not pdfs:
        print(f"error: {args.shared} (seeds, datasets) or its PDFs not found", file=sys.stderr)
        return 2
    load_before = os.getloadavg()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        scale = bench_scale.measure(work, args.docs, args.shared, args.profile_docs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    bench_scale.print_figures(scale)
    pdf = bench_pdf.measure(pdfs, args.repeat, with_quality=False)
    print(f"\nPDF: {pdf['files']} files, {pdf['pages']} pages; raw PDFium {pdf['raw_pdfium_pages_per_s']} pages/s, "
          f"read_pdf {pdf['read_pdf_pages_per_s']} pages/s, end to end {pdf['pdf_end_to_end_pages_per_s']} pages/s "
          "(one core)")
    figures = summary(scale, pdf)
    load = {"before": load_before, "after": os.getloadavg(), "cpus": os.cpu_count()}
    print(f"\nload average before {load_before[0]:.2f}, after {load['after'][0]:.2f} ({os.cpu_count()} CPUs); "
          f"{time.perf_counter() - started:.0f} s in all")
    print_table(figures, scale)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"figures": figures, "targets": [dict(zip(("figure", "target", "how", "goal"), t)) for t in TARGETS],
              "load": load, "scale": scale, "pdf": pdf}
    args.out.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    print(f"report: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the PDF path and the text path: speed, memory, and PDF text quality against pdfplumber.

    python bench/bench_pdf.py [--pdfs DIR] [--repeat N] [--no-quality] [--json]

Speed: pages/s and documents/s of ``read_pdf`` (tables included) next to the raw
PDFium text layer (``get_textpage().get_text_range()``) in the same run; peak
RSS of the process and the peak of Python allocations during ``read_pdf``.
End to end (read + spaCy + extractors + attribution, one core): pages/s of the
PDF path and documents/s, MB/s of the text path (seeds and demo texts).
Quality, per PDF: the share of PDFium's raw text-layer tokens found in ours, of
pdfplumber's tokens found in ours and the reverse (multiset overlap; pdfplumber's
default word spacing glues some words, which lowers both), and the broken
hyphenations ("progres- sion") left in each text.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.readers.limits import ReadLimits  # noqa: E402
from pipeline.readers.pdf import read_pdf  # noqa: E402
from pipeline.run import process_file  # noqa: E402

DEFAULT_PDFS = Path(__file__).resolve().parents[1] / ".." / "shared" / "pdfs"
DEFAULT_TEXTS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seeds",
                 Path(__file__).resolve().parents[1] / "corpus" / "demo")
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?")
#: A word split by a hyphen and a space or line break: "progres- sion".
_BROKEN_HYPHEN = re.compile(r"[a-z]{2,}-\s+[a-z]{2,}")


def raw_text_speed(files: list[Path], repeat: int) -> tuple[float, int]:
    """(seconds, pages) for PDFium's plain text layer."""
    pages = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for path in files:
            pdf = pdfium.PdfDocument(path.read_bytes())
            for i in range(len(pdf)):
                page = pdf[i]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
            pdf.close()
    return time.perf_counter() - start, pages


def reader_speed(files: list[Path], repeat: int) -> tuple[float, int, dict[str, str]]:
    """(seconds, pages, text per file) for read_pdf."""
    pages = 0
    texts: dict[str, str] = {}
    start = time.perf_counter()
    for _ in range(repeat):
        for path in files:
            doc = read_pdf(path, path.read_bytes(), path.stem, ReadLimits())
            pages += doc.page_count
            texts[path.stem] = doc.text
    return time.perf_counter() - start, pages, texts


def end_to_end(files: list[Path], repeat: int) -> tuple[float, int, int]:
    """(seconds, pages, facts) of the whole per-document function over ``files``."""
    pages = facts = 0
    start = time.perf_counter()
    for _ in range(repeat):
        for path in files:
            result = process_file(path)
            pages += result.pages
            facts += len(result.facts)
    return time.perf_counter() - start, pages, facts


def python_peak(files: list[Path]) -> int:
    """Peak bytes of Python allocations while reading each file (PDFium's own memory not included)."""
    peak = 0
    for path in files:
        tracemalloc.start()
        read_pdf(path, path.read_bytes(), path.stem, ReadLimits())
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


def quality(files: list[Path], ours: dict[str, str]) -> list[dict[str, object]]:
    import pdfplumber

    rows = []
    for path in files:
        with pdfplumber.open(path) as pdf:
            theirs = "\n".join(page.extract_text() or "" for page in pdf.pages)
        pdf = pdfium.PdfDocument(path.read_bytes())
        raw = tokens(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))))
        pdf.close()
        a, b = tokens(ours[path.stem]), tokens(theirs)
        common = sum((a & b).values())
        rows.append({
            "pdf": path.stem,
            "raw_tokens_in_ours": round(sum((a & raw).values()) / max(sum(raw.values()), 1), 3),
            "plumber_tokens_in_ours": round(common / max(sum(b.values()), 1), 3),
            "our_tokens_in_plumber": round(common / max(sum(a.values()), 1), 3),
            "broken_hyphens_ours": len(_BROKEN_HYPHEN.findall(ours[path.stem])),
            "broken_hyphens_plumber": len(_BROKEN_HYPHEN.findall(theirs)),
        })
    return rows


def measure(files: list[Path], repeat: int, with_quality: bool) -> dict[str, object]:
    """The speed and memory figures (and the quality rows, if asked) over ``files``."""
    read_pdf(files[0], files[0].read_bytes(), files[0].stem, ReadLimits())  # warm up imports and caches
    raw_s, raw_pages = raw_text_speed(files, repeat)
    our_s, our_pages, texts = reader_speed(files, repeat)
    process_file(files[0])  # builds the spaCy pipeline once, outside the timing
    e2e_s, e2e_pages, _ = end_to_end(files, repeat)
    text_files = sorted(p for d in DEFAULT_TEXTS if d.is_dir() for p in d.glob("*.txt"))
    text_s, _, text_facts = end_to_end(text_files, repeat)
    text_mb = sum(p.stat().st_size for p in text_files) * repeat / 2**20
    result: dict[str, object] = {
        "files": len(files),
        "pages": our_pages // repeat,
        "repeat": repeat,
        "raw_pdfium_pages_per_s": round(raw_pages / raw_s, 1),
        "read_pdf_pages_per_s": round(our_pages / our_s, 1),
        "read_pdf_docs_per_s": round(len(files) * repeat / our_s, 1),
        "pdf_end_to_end_pages_per_s": round(e2e_pages / e2e_s, 1),
        "pdf_end_to_end_docs_per_s": round(len(files) * repeat / e2e_s, 1),
        "text_files": len(text_files),
        "text_end_to_end_docs_per_s": round(len(text_files) * repeat / text_s, 1) if text_files else None,
        "text_end_to_end_mb_per_s": round(text_mb / text_s, 3) if text_files else None,
        "text_facts_per_s": round(text_facts / text_s, 1) if text_files else None,
        "python_alloc_peak_mb": round(python_peak(files) / 2**20, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    if with_quality:
        result["quality"] = quality(files, texts)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdfs", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the files for timing")
    parser.add_argument("--no-quality", action="store_true", help="skip the (slow) pdfplumber comparison")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    args = parser.parse_args(argv)
    files = sorted(args.pdfs.glob("*.pdf"))
    if not files:
        print(f"error: no PDFs in {args.pdfs}", file=sys.stderr)
        return 1
    result = measure(files, args.repeat, not args.no_quality)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(f"{result['files']} PDFs, {result['pages']} pages, {args.repeat} passes")
    print(f"raw PDFium text layer : {result['raw_pdfium_pages_per_s']:>8} pages/s")
    print(f"read_pdf (with tables): {result['read_pdf_pages_per_s']:>8} pages/s  "
          f"{result['read_pdf_docs_per_s']} docs/s")
    print(f"PDF path end to end   : {result['pdf_end_to_end_pages_per_s']:>8} pages/s  "
          f"{result['pdf_end_to_end_docs_per_s']} docs/s (read + nlp + extraction, one core)")
    print(f"text path end to end  : {result['text_end_to_end_docs_per_s']:>8} docs/s  "
          f"{result['text_end_to_end_mb_per_s']} MB/s  {result['text_facts_per_s']} facts/s "
          f"({result['text_files']} .txt files)")
    print(f"peak RSS {result['peak_rss_mb']} MB; peak Python allocations in read_pdf "
          f"{result['python_alloc_peak_mb']} MB")
    if "quality" in result:
        print("\nshare of word tokens found in the other text (multiset overlap); broken hyphenations")
        print(f"{'pdf':42} {'raw->ours':>9} {'plumber->ours':>13} {'ours->plumber':>13} {'broken':>6} {'plumber':>7}")
        for row in result["quality"]:
            print(f"{row['pdf'][:42]:42} {row['raw_tokens_in_ours']:>9} {row['plumber_tokens_in_ours']:>13} "
                  f"{row['our_tokens_in_plumber']:>13} {row['broken_hyphens_ours']:>6} "
                  f"{row['broken_hyphens_plumber']:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

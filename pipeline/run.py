"""A run: map :func:`process_file` over a folder's documents, then merge into the tables.

``process_file`` is a pure function of a file's bytes and the configuration, so
a run's tables do not depend on the order or the machine the documents were
processed on.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import extract_document
from pipeline.readers import iter_paths, read_document
from pipeline.readers.limits import ReadLimits
from pipeline.schema import ENDPOINTS
from pipeline.table import errors_frame, results_frame, studies_frame, write_csv_atomic
from pipeline.types import DocumentResult, ReadError


def process_file(path: Path, limits: ReadLimits = ReadLimits()) -> DocumentResult:
    """Read and extract one file; every failure becomes an error record, never an exception."""
    doc_id = path.stem
    try:
        doc = read_document(path, limits)
    except ReadError as exc:
        return DocumentResult(doc_id, str(path), error=exc.reason, error_kind=exc.kind)
    except Exception as exc:  # a reader bug must cost one document, not the run
        return DocumentResult(doc_id, str(path), error=f"reader failed: {type(exc).__name__}: {exc}", error_kind="reader_bug")
    try:
        facts = extract_document(doc)
    except Exception as exc:
        return DocumentResult(doc_id, str(path), error=f"extraction failed: {type(exc).__name__}: {exc}",
                              error_kind="extractor_bug", warnings=doc.warnings)
    return DocumentResult(doc.doc_id, str(path), tuple(facts), warnings=doc.warnings,
                          pages=len(doc.pages), chars=len(doc.text))


@dataclass(frozen=True)
class RunSummary:
    documents: int
    failed: int
    facts_per_endpoint: dict[str, int]
    warnings: int
    out_dir: Path

    def line(self) -> str:
        per = ", ".join(f"{e} {self.facts_per_endpoint.get(e, 0)}" for e in ENDPOINTS)
        return (f"{self.documents} documents read, {self.failed} failed, "
                f"{sum(self.facts_per_endpoint.values())} facts ({per}) -> {self.out_dir}")


def _progress(paths: list[Path], enabled: bool):
    if not enabled:
        return paths
    from tqdm import tqdm

    return tqdm(paths, desc="extracting", unit="doc", file=sys.stderr, dynamic_ncols=True)


def write_tables(results: list[DocumentResult], out_dir: Path) -> None:
    """results.csv, studies.csv, errors.csv (each written atomically)."""
    results = sorted(results, key=lambda r: (r.doc_id, r.source))
    frame = results_frame(f for r in results for f in r.facts)
    write_csv_atomic(frame, out_dir / "results.csv")
    write_csv_atomic(studies_frame(frame), out_dir / "studies.csv")
    write_csv_atomic(errors_frame(results), out_dir / "errors.csv")


def extract_folder(folder: Path, out_dir: Path, limits: ReadLimits = ReadLimits(), progress: bool = True) -> RunSummary:
    """Extract every readable document under ``folder`` and write the tables to ``out_dir``."""
    paths = iter_paths(folder)
    results = [process_file(p, limits) for p in _progress(paths, progress)]
    write_tables(results, out_dir)
    counts = Counter(f.endpoint for r in results for f in r.facts)
    ok = [r for r in results if r.error is None]
    return RunSummary(len(ok), len(results) - len(ok), dict(counts), sum(len(r.warnings) for r in results), out_dir)

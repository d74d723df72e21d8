"""The table boundary: facts <-> pandas frames <-> CSV files. pandas is used only here and in
:mod:`pipeline.export` (tables derived from results.csv)."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

from pipeline.schema import (DOCUMENTS_COLUMNS, ERRORS_COLUMNS, RESULTS_COLUMNS, RESULTS_FLAGS,
                             RESULTS_NUMBERS, RESULTS_V2_COLUMNS, STUDIES_COLUMNS, STUDIES_KEY)
from pipeline.types import DocumentResult, Fact, FactStatus, Status


def format_number(value: float | None) -> str:
    """A number as results.csv writes it: integers without a point, others to 4 decimals without trailing zeros."""
    if value is None:
        return ""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def fact_row(fact: Fact) -> dict[str, object]:
    """One results.csv row; numbers are written as text so the CSV is byte-stable."""
    s = fact.stat
    return {
        "doc_id": fact.doc_id,
        "study": fact.study or "",
        "arm": fact.arm or "",
        "subgroup": fact.subgroup or "",
        "endpoint": fact.endpoint,
        "outcome": fact.outcome or "",
        "value": format_number(s.value),
        "unit": s.unit or "",
        "ci_low": format_number(s.ci_low),
        "ci_high": format_number(s.ci_high),
        "ci_level": format_number(s.ci_level),
        "p_value": s.p_value or "",
        "numerator": "" if s.numerator is None else str(s.numerator),
        "denominator": "" if s.denominator is None else str(s.denominator),
        "not_reached": "true" if s.not_reached else "false",
        "raw": s.raw,
        "drugs": ";".join(fact.drugs),
        "tumor": fact.tumor or "",
        "sentence": fact.sentence,
        "start": str(s.start),
        "end": str(s.end),
        "page": "" if fact.page is None else str(fact.page),
        "mentions": str(fact.mentions),
        "conflict": "true" if fact.conflict else "false",
        "extractor": fact.extractor,
        "source": fact.source,
        "section": fact.section or "",
        "attribution": ";".join(fact.attribution),
        "review": "true" if fact.review else "false",
        "status": FactStatus.EXTRACTED.value,
    }


def results_frame(facts: Iterable[Fact]) -> pd.DataFrame:
    """results.csv as a frame of strings, sorted by document and position (deterministic)."""
    return results_from_rows([fact_row(f) for f in facts])


def results_from_rows(rows: Iterable[dict[str, str]]) -> pd.DataFrame:
    """results.csv as a frame of strings from its rows, sorted by document and position (deterministic)."""
    frame = pd.DataFrame(list(rows), columns=list(RESULTS_COLUMNS), dtype=str)
    if frame.empty:
        return frame
    frame["_start"] = frame["start"].astype(int)
    frame = frame.sort_values(["doc_id", "_start", "endpoint", "arm", "subgroup", "study", "value"], kind="stable")
    return frame.drop(columns="_start").reset_index(drop=True)


def typed(results: pd.DataFrame) -> pd.DataFrame:
    """results.csv with numbers as numbers (float, missing = NaN) and flags as booleans (nullable), text
    columns unchanged: what the typed copies hold."""
    out = results.copy()
    for column in RESULTS_NUMBERS:
        out[column] = pd.to_numeric(out[column].replace("", None), errors="coerce").astype("float64")
    for column in RESULTS_FLAGS:
        out[column] = out[column].map({"true": True, "false": False}).astype("boolean")
    return out


def studies_frame(results: pd.DataFrame) -> pd.DataFrame:
    """The wide view: one row per (doc_id, study, arm, subgroup) and variant, one value per cell
    (a median not reached is ``NR``)."""
    rows: dict[tuple, dict[str, list[tuple[str, str, str]]]] = {}
    for r in results.itertuples(index=False):
        column = f"hr_{r.outcome}" if r.endpoint == "hr" else r.endpoint
        cell = ("NR" if r.not_reached == "true" else r.value, r.ci_low, r.ci_high)
        rows.setdefault(tuple(getattr(r, k) for k in STUDIES_KEY), {}).setdefault(column, []).append(cell)
    out = []
    for key in sorted(rows):
        columns = rows[key]
        for variant in range(max(len(cells) for cells in columns.values())):
            row = dict(zip(STUDIES_KEY, key), variant=str(variant + 1))
            for column, cells in columns.items():
                if variant < len(cells):
                    value, low, high = cells[variant]
                    row[column] = value
                    if column != "n":
                        row[f"{column}_ci_low"], row[f"{column}_ci_high"] = low, high
            out.append(row)
    return pd.DataFrame(out, columns=list(STUDIES_COLUMNS), dtype=str).fillna("")


def errors_frame(results: Iterable[DocumentResult]) -> pd.DataFrame:
    rows = [
        {"doc_id": r.doc_id, "source": r.source, "kind": r.error_kind or "error", "reason": r.error}
        for r in results
        if r.error is not None
    ]
    return pd.DataFrame(rows, columns=list(ERRORS_COLUMNS), dtype=str).sort_values("source").reset_index(drop=True)


def documents_frame(results: Iterable[DocumentResult], skipped: Iterable[tuple[str, str, str, str]] = ()) -> pd.DataFrame:
    """documents.csv: one row per input, processed (``results``) or ``skipped`` ((doc_id, source, format, reason))."""
    rows = [
        {"doc_id": r.doc_id, "source": r.source, "format": r.format, "status": r.status.value, "pages": str(r.pages),
         "chars": str(r.chars), "facts": str(len(r.facts)), "seconds": f"{r.seconds:.2f}",
         "message": r.error if r.error is not None else "; ".join(r.warnings)}
        for r in results
    ]
    rows += [{"doc_id": doc_id, "source": source, "format": fmt, "status": Status.SKIPPED.value, "pages": "0",
              "chars": "0", "facts": "0", "seconds": "0.00", "message": reason} for doc_id, source, fmt, reason in skipped]
    frame = pd.DataFrame(rows, columns=list(DOCUMENTS_COLUMNS), dtype=str)
    return frame.sort_values("source", kind="stable").reset_index(drop=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: Mode of the files written: what ``open`` would give, not mkstemp's private 0600.
FILE_MODE = 0o666 & ~_umask()


@contextmanager
def atomic_file(path: Path, suffix: str = "") -> Iterator[Path]:
    """A temporary path beside ``path`` to write to; renamed over ``path`` (with FILE_MODE) when the block
    ends, removed when it raises, so an interrupted run leaves the old file intact."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_csv_atomic(frame: pd.DataFrame, path: Path) -> None:
    """Write via a temporary file and rename (:func:`atomic_file`)."""
    with atomic_file(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as handle:
        frame.to_csv(handle, index=False, lineterminator="\n")


def write_rows(rows: Iterable[dict[str, str]], columns: tuple[str, ...], path: Path) -> None:
    """A small table of strings (``columns`` in this order) written atomically."""
    write_csv_atomic(pd.DataFrame(list(rows), columns=list(columns), dtype=str), path)


def read_results(path: Path) -> pd.DataFrame:
    """Load a results.csv written by this pipeline (or by hand, or by a v1 pipeline), all columns as strings."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for column in RESULTS_V2_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    if "status" not in frame.columns:
        frame["status"] = FactStatus.EXTRACTED.value
    missing = [c for c in RESULTS_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: not a results table, missing columns {', '.join(missing)}")
    return frame[list(RESULTS_COLUMNS)]

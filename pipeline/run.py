"""A run: map :func:`process_file` over a folder's documents, then merge into the tables.

``process_file`` is a pure function of a file's bytes and the configuration, so
a run's tables do not depend on the order, the number of workers, the engine or
the machine the documents were processed on; results are merged in sorted order.
Results are cached by content (:mod:`pipeline.cache`), so a re-run extracts only
the documents whose bytes changed; the engines (:mod:`pipeline.engines`) turn a
document that raises, hangs or exhausts memory into an error row.
"""
from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from pipeline.cache import ResultCache, file_digest, pipeline_fingerprint, rebind
from pipeline.engines import RECYCLE_AFTER, RUN_FAULT_KINDS, Process, Task, map_dask, map_in_process, map_pool
from pipeline.export import (DOCUMENT_NUMBERS, META_NUMBERS, meta_frame, numbers, studies_numbers, write_plots,
                             write_workbook)
from pipeline.export.report import DocumentText, GoldView, render_report, write_report
from pipeline.readers import Input, find_inputs, read_document
from pipeline.readers.limits import ReadLimits
from pipeline.schema import ENDPOINTS, RESULTS_COLUMNS
from pipeline.corrections import APPLIED_COLUMNS, APPLIED_NAME, Correction, apply_corrections
from pipeline.table import (documents_frame, errors_frame, fact_row, results_frame, results_from_rows, studies_frame,
                            read_results, typed, write_csv_atomic, write_rows)
from pipeline.types import DocumentResult, FactStatus, ReadError, Status

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)
#: Rows a spreadsheet sheet holds (header included).
EXCEL_ROWS = 1_048_576
#: Hash buckets of the partitioned Parquet copy (``results.parquet/bucket=NN/``).
PARQUET_BUCKETS = 16
ENGINES = ("local", "dask")


def _out_of_memory(path: Path, stage: str) -> DocumentResult:
    return DocumentResult(doc_id=path.stem, source=str(path), error=f"out of memory while {stage} (--max-memory-mb)", error_kind="memory")


def process_file(path: Path, limits: ReadLimits = ReadLimits()) -> DocumentResult:
    """Read and extract one file; every failure becomes an error record, never an exception.

    The result is named after the file (its stem and path); the run renames it after its input.
    """
    started = time.perf_counter()
    result = _process(path, limits)
    return replace(result, seconds=round(time.perf_counter() - started, 2), format=path.suffix.lower().lstrip("."))


def _process(path: Path, limits: ReadLimits) -> DocumentResult:
    doc_id = path.stem
    try:
        doc = read_document(path, limits)
    except ReadError as exc:
        return DocumentResult(doc_id=doc_id, source=str(path), error=exc.reason, error_kind=exc.kind)
    except MemoryError:
        return _out_of_memory(path, "reading")
    except Exception as exc:  # a reader bug must cost one document, not the run
        return DocumentResult(doc_id=doc_id, source=str(path), error=f"reader failed: {type(exc).__name__}: {exc}", error_kind="reader_bug")
    from pipeline.extract import extract_document  # here: an unchanged re-run never imports spaCy

    try:
        facts = extract_document(doc)
        for fact in facts:  # a fact the tables cannot write must cost this document, not the whole run
            fact_row(fact)
    except MemoryError:
        return _out_of_memory(path, "extracting")
    except Exception as exc:
        return DocumentResult(doc_id=doc_id, source=str(path), error=f"extraction failed: {type(exc).__name__}: {exc}",
                              error_kind="extractor_bug", warnings=doc.warnings)
    return DocumentResult(doc_id=doc.doc_id, source=str(path), facts=tuple(facts), warnings=doc.warnings,
                          pages=doc.page_count, chars=len(doc.text))


@dataclass(frozen=True, kw_only=True)
class RunSummary:
    documents: int  # read, fully or partly
    failed: int
    facts_per_endpoint: dict[str, int]
    warnings: int
    out_dir: Path
    cached: int = 0  # documents whose result came from the cache
    pages: int = 0
    partial: int = 0  # read with a loss (see documents.csv)
    skipped: int = 0  # inputs not read at all (see documents.csv)
    reviewed: dict[str, int] = field(default_factory=dict)  # facts per status set by corrections.csv
    unmatched: int = 0  # corrections that name no fact (see corrections_applied.csv)

    def line(self) -> str:
        per = ", ".join(f"{e} {self.facts_per_endpoint.get(e, 0)}" for e in ENDPOINTS)
        return (f"{self.documents} documents read ({self.partial} partial), {self.failed} failed, {self.skipped} skipped, "
                f"{sum(self.facts_per_endpoint.values())} facts ({per}) -> {self.out_dir}")

    def corrections_line(self) -> str:
        """What corrections.csv did, for the console."""
        done = ", ".join(f"{n} {status}" for status, n in sorted(self.reviewed.items())) or "no fact changed"
        missed = f"; {self.unmatched} name no fact (see {APPLIED_NAME})" if self.unmatched else ""
        return f"corrections: {done}{missed}"


class OutputError(Exception):
    """The output folder cannot be used; the message says why, in one line."""


def check_out_dir(out_dir: Path) -> None:
    """Make sure tables can be written to ``out_dir`` (created if missing) before any document is read."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"output folder {out_dir} is a file, not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(prefix=".write-test.", dir=out_dir)
        probe.close()
    except OSError as exc:
        raise OutputError(f"cannot write to output folder {out_dir}: {exc.strerror or exc}") from None


def _bucket(doc_id: str) -> str:
    return f"{int(hashlib.sha256(doc_id.encode()).hexdigest()[:8], 16) % PARQUET_BUCKETS:02d}"


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    """A typed copy of results.csv (numbers as numbers, flags as booleans) as a Parquet dataset
    partitioned by a hash bucket of doc_id.

    Written to a temporary folder and swapped in, so readers never see half a dataset.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(typed(frame).assign(bucket=frame["doc_id"].map(_bucket)), preserve_index=False)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
    try:
        pq.write_to_dataset(table, tmp / "data", partition_cols=["bucket"], basename_template="part-{i}.parquet")
        old = path.parent / f"{tmp.name}.old"
        if path.exists():
            os.replace(path, old)
        os.replace(tmp / "data", path)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True, kw_only=True)
class Tables:
    """The tables of a run as written (frames of strings), and what each correction did."""

    results: pd.DataFrame
    studies: pd.DataFrame
    meta: pd.DataFrame
    documents: pd.DataFrame
    applied: list[dict[str, str]]


def write_tables(results: list[DocumentResult], out_dir: Path, skipped: tuple[Input, ...] = (),
                 corrections: tuple[Correction, ...] | None = None) -> Tables:
    """results.csv (with ``corrections`` applied and the result of each in corrections_applied.csv),
    studies.csv, meta.csv, errors.csv and documents.csv, each written atomically. Rejected facts stay in
    results.csv and are left out of the tables derived from it."""
    results = sorted(results, key=lambda r: (r.doc_id, r.source))
    frame = results_frame(f for r in results for f in r.facts)
    applied: list[dict[str, str]] = []
    if corrections is not None:
        rows, applied = apply_corrections(frame.to_dict("records"), corrections, RESULTS_COLUMNS)
        frame = results_from_rows(rows)
        write_rows(applied, APPLIED_COLUMNS, out_dir / APPLIED_NAME)
    write_csv_atomic(frame, out_dir / "results.csv")
    kept = frame[frame["status"] != FactStatus.REJECTED.value]
    studies, meta = studies_frame(kept), meta_frame(kept)
    documents = documents_frame(results, [(i.doc_id, i.source, i.format, i.skipped or "") for i in skipped])
    write_csv_atomic(studies, out_dir / "studies.csv")
    write_csv_atomic(meta, out_dir / "meta.csv")
    write_csv_atomic(errors_frame(results), out_dir / "errors.csv")
    write_csv_atomic(documents, out_dir / "documents.csv")
    return Tables(results=frame, studies=studies, meta=meta, documents=documents, applied=applied)


def write_derived(tables: Tables, out_dir: Path, paths: dict[str, Path], limits: ReadLimits, parquet: bool = False,
                  helper: ProcessPoolExecutor | None = None) -> None:
    """What is made from the tables: results.xlsx, plots/ (forest plot, rates), report.html (the texts read
    from ``paths``, doc_id -> path) and results.parquet/ if asked. With a ``helper`` process, results.xlsx (the
    largest part) is written there meanwhile."""
    xlsx = out_dir / "results.xlsx"
    sheets = None
    if len(tables.results) < EXCEL_ROWS:
        sheets = {"results": typed(tables.results), "studies": studies_numbers(tables.studies),
                  "meta": numbers(tables.meta, META_NUMBERS), "documents": numbers(tables.documents, DOCUMENT_NUMBERS)}
    else:
        log.warning("results.xlsx not written: %d rows exceed a spreadsheet's limit; the CSV files hold them all",
                    len(tables.results))
    workbook = helper.submit(write_workbook, sheets, xlsx) if helper is not None and sheets is not None else None
    write_plots(tables.meta, out_dir / "plots")
    if parquet:
        write_parquet(tables.results, out_dir / "results.parquet")
    write_run_report(tables.results, tables.documents, out_dir, paths, limits)
    if workbook is not None:
        workbook.result()
    elif sheets is not None:
        write_workbook(sheets, xlsx)


def _helper_ready() -> None:
    """Nothing: the first task of a helper process, so that it starts (and imports the pipeline) at once."""


#: Records what a run's outputs were made from (the pipeline's code, the inputs' content keys and names, the
#: corrections), the tables' bytes and the run's summary: a re-run with the same inputs keeps the tables and
#: the derived outputs (results.xlsx, plots/, report.html) it made, and an unchanged one reads no cache entry.
RUN_STAMP = ".run.json"
_TABLE_FILES = ("results.csv", "studies.csv", "meta.csv", "errors.csv", "documents.csv")


def inputs_digest(inputs: list[Input], keys: dict[int, str], skipped: tuple[Input, ...],
                  corrections: tuple[Correction, ...] | None, parquet: bool) -> str:
    """What a run's outputs are made from; the content keys carry the pipeline fingerprint and configuration."""
    h = hashlib.sha256(f"{pipeline_fingerprint()}\nparquet={parquet}\ncorrections={corrections!r}\n".encode())
    for index, item in enumerate(inputs):
        h.update(f"{item.doc_id}\0{item.source}\0{keys.get(index, '')}\n".encode())
    for item in skipped:
        h.update(f"skipped {item.doc_id}\0{item.source}\0{item.format}\0{item.skipped}\n".encode())
    return h.hexdigest()


def tables_digest(out_dir: Path, corrections: bool) -> str:
    """sha256 of the table files as they are on disk ("" when one is missing)."""
    h = hashlib.sha256()
    for name in _TABLE_FILES + ((APPLIED_NAME,) if corrections else ()):
        try:
            h.update(name.encode() + b"\0" + (out_dir / name).read_bytes() + b"\0")
        except OSError:
            return ""
    return h.hexdigest()


def _derived_present(out_dir: Path, rows: int, parquet: bool) -> bool:
    wanted = [out_dir / "report.html", out_dir / "plots"] + ([out_dir / "results.xlsx"] if rows < EXCEL_ROWS else [])
    wanted += [out_dir / "results.parquet"] if parquet else []
    return all(p.exists() for p in wanted)


def read_run_stamp(out_dir: Path) -> dict:
    """The stamp the last run left in ``out_dir`` ({} when there is none or it cannot be read)."""
    try:
        stamp = json.loads((out_dir / RUN_STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _unchanged_run(out_dir: Path, inputs: str, corrections: bool, parquet: bool, cached: int) -> RunSummary | None:
    """The summary of the last run when it was made from exactly ``inputs`` and its outputs are untouched."""
    stamp = read_run_stamp(out_dir)
    summary = stamp.get("summary")
    if stamp.get("inputs") != inputs or not isinstance(summary, dict):
        return None
    if stamp.get("tables") != tables_digest(out_dir, corrections) or not _derived_present(out_dir, summary["rows"], parquet):
        return None
    fields = {k: v for k, v in summary.items() if k != "rows"}
    return RunSummary(**fields, out_dir=out_dir, cached=cached)


#: Documents with facts whose texts report.html shows; a larger run's page lists the facts without texts
#: (re-reading thousands of PDFs would cost as much as the run).
REPORT_TEXTS = 200


def document_texts(paths: dict[str, Path], limits: ReadLimits) -> dict[str, DocumentText]:
    """The texts of documents (doc_id -> path), read again as the run read them; one that no longer reads
    is left out (the report says so)."""
    out = {}
    for doc_id, path in sorted(paths.items()):
        try:
            doc = read_document(path, limits)
        except Exception:  # changed or gone since the run: the report shows its facts without the text
            continue
        out[doc_id] = DocumentText(text=doc.text, sections=tuple((s.name, s.start, s.end) for s in doc.sections),
                                   pages=tuple((p.number, p.start) for p in doc.pages))
    return out


def load_run(run_dir: Path, papers: Path) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Path]]:
    """A finished run's (results, documents, doc_id -> path of each document read) for the commands that
    work on a run and its papers; raises OutputError when ``run_dir`` is not a run or ``papers`` is missing."""
    import pandas as pd

    if not (run_dir / "results.csv").is_file() or not (run_dir / "documents.csv").is_file():
        raise OutputError(f"{run_dir} is not a run folder (no results.csv and documents.csv)")
    if not papers.is_dir():
        raise OutputError(f"{papers} is not a folder")
    results = read_results(run_dir / "results.csv")
    documents = pd.read_csv(run_dir / "documents.csv", dtype=str, keep_default_na=False)
    read = (Status.OK.value, Status.PARTIAL.value)
    return results, documents, {r.doc_id: papers / r.source for r in documents.itertuples() if r.status in read}


def write_run_report(results: pd.DataFrame, documents: pd.DataFrame, out_dir: Path, paths: dict[str, Path],
                     limits: ReadLimits = ReadLimits(), gold: GoldView | None = None) -> Path:
    """report.html of a run, with the plots inline, the texts of at most REPORT_TEXTS documents and, with
    ``gold``, every fact coloured by how it compares."""
    shown = set(results["doc_id"]) | set(gold.missed if gold else ())
    with_facts = {d: paths[d] for d in sorted(shown) if d in paths}
    texts = document_texts(with_facts, limits) if len(with_facts) <= REPORT_TEXTS else {}
    plots = {p.stem: p.read_text(encoding="utf-8") for p in sorted((out_dir / "plots").glob("*.svg"))}
    path = out_dir / "report.html"
    write_report(render_report(results, documents, texts, plots, title=f"Evidence report: {out_dir.name}", gold=gold),
                 path)
    return path


class _Progress:
    """Documents done (cache hits included) with the pages read so far as a postfix."""

    def __init__(self, total: int, done: int, pages: int, enabled: bool) -> None:
        self.pages = pages
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, initial=done, desc="extracting", unit="doc", file=sys.stderr,
                            dynamic_ncols=True, postfix={"pages": pages})

    def update(self, result: DocumentResult) -> None:
        self.pages += result.pages
        if self.bar is not None:
            self.bar.set_postfix(pages=self.pages, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class _Spool:
    """Results kept on disk (pickled, in an unnamed temporary file in the output folder) until the merge,
    so the parent's memory does not grow with the documents done; read back in input order."""

    def __init__(self, folder: Path) -> None:
        self.file = tempfile.TemporaryFile(prefix=".results-spool-", dir=folder)
        self.offsets: dict[int, int] = {}

    def put(self, index: int, result: DocumentResult) -> None:
        self.file.seek(0, os.SEEK_END)
        self.offsets[index] = self.file.tell()
        pickle.dump(result, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def results(self) -> list[DocumentResult]:
        out = []
        for index in sorted(self.offsets):
            self.file.seek(self.offsets[index])
            out.append(pickle.load(self.file))
        return out

    def close(self) -> None:
        self.file.close()


def _process_name(process: Process) -> str:
    """A name for an extraction function that is the same in every process: module, name and bound arguments."""
    func = getattr(process, "func", process)
    bound = (getattr(process, "args", ()), sorted(getattr(process, "keywords", {}).items()))
    return f"{func.__module__}.{func.__qualname__}{bound!r}"


def _engine(todo: list[Task], limits: ReadLimits, engine: str, workers: int, scheduler: str | None,
            doc_timeout: float | None, max_memory_mb: int | None, process: Process,
            recycle: int) -> Iterator[tuple[int, DocumentResult]]:
    if engine == "dask":
        if not scheduler:
            raise ValueError("the dask engine needs a scheduler address")
        return map_dask(process, todo, limits, scheduler, doc_timeout)
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    if workers <= 1:
        return map_in_process(process, todo, limits, doc_timeout)
    return map_pool(process, todo, limits, workers, doc_timeout, max_memory_mb, recycle or len(todo) + 1)


def extract_folder(folder: Path, out_dir: Path, limits: ReadLimits = ReadLimits(), progress: bool = True, *,
                   workers: int = 1, cache_dir: Path | None = None, engine: str = "local",
                   scheduler: str | None = None, doc_timeout: float | None = None,
                   max_memory_mb: int | None = None, parquet: bool = False,
                   process: Process | None = None, recycle: int = RECYCLE_AFTER,
                   corrections: tuple[Correction, ...] | None = None) -> RunSummary:
    """Extract every readable document under ``folder`` and write the tables to ``out_dir``.

    ``workers`` > 1 runs documents in that many processes; ``cache_dir`` (None:
    no cache) reuses the results of unchanged documents and stores each new
    result as soon as it is done; ``engine="dask"`` sends documents to the Dask
    scheduler at ``scheduler`` and implies ``parquet`` (results.parquet/).
    ``doc_timeout`` and ``max_memory_mb`` bound one document, and a worker process is replaced after
    ``recycle`` documents (0: never; see :mod:`pipeline.engines`). ``corrections`` (read from
    corrections.csv) are applied to the facts before the tables are written.
    ``process`` reads and extracts one file (default :func:`process_file`; tests pass one that misbehaves on
    purpose, and its cache entries are kept apart).
    """
    check_out_dir(out_dir)
    found = find_inputs(folder)
    inputs = [i for i in found if i.skipped is None]
    skipped = tuple(i for i in found if i.skipped is not None)
    salt = "" if process is None else _process_name(process)
    process = process or process_file
    cache = ResultCache(cache_dir, limits, salt) if cache_dir is not None else None
    parquet = parquet or engine == "dask"
    keys: dict[int, str] = {}
    for index, item in enumerate(inputs):
        if cache is not None:
            try:
                keys[index] = cache.key(item.path, file_digest(item.path))
            except OSError:  # unreadable: the reader will say why
                pass
    digest = inputs_digest(inputs, keys, skipped, corrections, parquet) if cache is not None and len(keys) == len(inputs) else None
    if digest is not None and all(cache.has(k) for k in keys.values()):
        unchanged = _unchanged_run(out_dir, digest, corrections is not None, parquet, len(inputs))
        if unchanged is not None:
            return unchanged
    spool = _Spool(out_dir)
    todo: list[Task] = []
    cached = pages = 0
    with closing(spool):
        for index, item in enumerate(inputs):
            if cache is not None:
                hit = cache.get(keys[index]) if index in keys else None
                if hit is not None:
                    spool.put(index, rebind(hit, item.doc_id, item.source))
                    cached, pages = cached + 1, pages + hit.pages
                    continue
            todo.append((index, item.path))
        bar = _Progress(len(inputs), cached, pages, progress)
        try:
            with closing(_engine(todo, limits, engine, workers, scheduler, doc_timeout, max_memory_mb, process,
                                 recycle)) as finished:
                for index, result in finished:
                    result = rebind(result, inputs[index].doc_id, inputs[index].source)
                    if index in keys and result.error_kind not in RUN_FAULT_KINDS:
                        cache.put(keys[index], result)
                    spool.put(index, result)
                    bar.update(result)
        finally:
            bar.close()
        final = spool.results()
    # with worker processes (done by now), a second process writes the workbook while this one draws the plots
    # and the report; started here, so that its start overlaps the writing of the tables
    helper = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) \
        if workers > 1 and engine == "local" else None
    try:
        if helper is not None:
            helper.submit(_helper_ready)
        tables = write_tables(final, out_dir, skipped=skipped, corrections=corrections)
        stamp = read_run_stamp(out_dir)
        (out_dir / RUN_STAMP).unlink(missing_ok=True)  # written again only once every output is
        made_from = {"inputs": digest, "tables": tables_digest(out_dir, corrections is not None)}
        # a re-run from the same inputs that wrote the same tables keeps the derived outputs it made
        if digest is None or {k: stamp.get(k) for k in made_from} != made_from \
                or not _derived_present(out_dir, len(tables.results), parquet):
            write_derived(tables, out_dir, {i.doc_id: i.path for i in inputs}, limits, parquet, helper)
    finally:
        if helper is not None:
            helper.shutdown(cancel_futures=True)
    frame, applied = tables.results, tables.applied
    counts = Counter(f.endpoint for r in final for f in r.facts)
    status = Counter(r.status for r in final)
    summary = RunSummary(documents=status[Status.OK] + status[Status.PARTIAL], failed=status[Status.FAILED], facts_per_endpoint=dict(counts),
                      warnings=sum(len(r.warnings) for r in final), out_dir=out_dir, cached=cached, pages=sum(r.pages for r in final),
                      partial=status[Status.PARTIAL], skipped=len(skipped),
                      reviewed=dict(Counter(s for s in frame["status"] if s != FactStatus.EXTRACTED.value)),
                      unmatched=sum(a["rows"] == "0" for a in applied))
    if digest is not None:
        kept = {k: v for k, v in asdict(summary).items() if k not in ("out_dir", "cached")}
        (out_dir / RUN_STAMP).write_text(json.dumps({**made_from, "summary": {**kept, "rows": len(tables.results)}}),
                                         encoding="utf-8")
    return summary

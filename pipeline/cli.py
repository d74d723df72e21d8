"""Command line: ``python -m pipeline <command> ...``; thin wrappers over pure functions."""
from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

from pipeline import __version__

DEMO_CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "demo"


def _add_extract(sub: argparse._SubParsersAction) -> None:
    import os

    p = sub.add_parser(
        "extract",
        help="extract the results table from a folder of papers",
        description="Read every .txt/.html/.htm/.xml/.pdf file under PAPERS_DIR (recursively) and write "
        "results.csv, studies.csv, meta.csv (effect sizes for a meta-analysis), errors.csv, documents.csv (one row "
        "per file found, read or not), results.xlsx (the tables as sheets), plots/ and report.html (every fact "
        "highlighted in its text) to --out. "
        "Exit code 1 when any document failed, 2 when OUT cannot be written. "
        "Documents run in --workers processes; results are cached by content under OUT/.cache, so a "
        "re-run extracts only the files that changed (and an interrupted run resumes where it stopped).",
    )
    p.add_argument("papers_dir", nargs="?", type=Path, default=DEMO_CORPUS,
                   help=f"folder of papers (default: the demo corpus, {DEMO_CORPUS.relative_to(DEMO_CORPUS.parents[1])})")
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--max-pages", type=int, default=None, help="read at most this many pages of a PDF")
    p.add_argument("--max-mb", type=float, default=None,
                   help="refuse files larger than this many megabytes (default: 100); a refused file is in errors.csv")
    p.add_argument("--max-chars", type=int, default=None,
                   help="cut a document's text after this many characters (default: 20,000,000), with a warning")
    p.add_argument("--pdf-seconds", type=float, default=None, help="time budget for reading one PDF")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="worker processes (default: the number of CPUs, %(default)s here); 1 runs in this process")
    p.add_argument("--cache-dir", type=Path, default=None, help="result cache (default: OUT/.cache)")
    p.add_argument("--no-cache", action="store_true", help="extract every document again; neither read nor write the cache")
    p.add_argument("--doc-timeout", type=float, default=120.0,
                   help="seconds one document may take before it is abandoned and recorded in errors.csv "
                   "(default: %(default)g; 0: no limit)")
    p.add_argument("--max-memory-mb", type=int, default=None,
                   help="memory a worker may allocate for one document on top of the loaded pipeline (Linux, "
                   "--workers 2 or more); a document over it is recorded in errors.csv")
    p.add_argument("--recycle-after", type=int, default=None, metavar="N",
                   help="replace a worker process after N documents, so memory stays flat on long runs "
                   "(default: 5000; 0: never)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (needs --scheduler; writes results.parquet/ too)")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--parquet", action="store_true",
                   help="also write results.parquet/, partitioned by a hash bucket of doc_id")
    p.add_argument("--corrections", type=Path, default=None, metavar="CSV",
                   help="a reviewer's verdicts (accept/reject/edit/add) applied to the facts, each row's result "
                   "in OUT/corrections_applied.csv (default: OUT/corrections.csv when it exists; see README)")
    p.set_defaults(run=_run_extract)


def _run_extract(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from pipeline.corrections import CORRECTIONS_NAME, CorrectionsError, read_corrections
    from pipeline.engines import EngineError
    from pipeline.readers.limits import ReadLimits
    from pipeline.run import OutputError, check_out_dir, extract_folder

    if not args.papers_dir.is_dir():
        print(f"error: {args.papers_dir} is not a folder", file=sys.stderr)
        return 2
    problem = (
        "--workers must be at least 1" if args.workers < 1
        else "--doc-timeout must not be negative" if args.doc_timeout < 0
        else "--max-memory-mb must be positive" if args.max_memory_mb is not None and args.max_memory_mb <= 0
        else "--recycle-after must not be negative" if args.recycle_after is not None and args.recycle_after < 0
        else "--max-mb, --max-chars and --max-pages must be positive"
        if any(v is not None and v <= 0 for v in (args.max_mb, args.max_chars, args.max_pages))
        else "--engine dask needs --scheduler ADDRESS" if args.engine == "dask" and not args.scheduler
        else None
    )
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    if args.max_memory_mb and args.workers == 1 and args.engine == "local":
        print("warning: --max-memory-mb applies to worker processes; ignored with --workers 1", file=sys.stderr)
    try:
        check_out_dir(args.out)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    corrections_csv = args.corrections or args.out / CORRECTIONS_NAME
    corrections = None
    if args.corrections is not None or corrections_csv.is_file():
        try:
            corrections = read_corrections(corrections_csv)
        except CorrectionsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    limits = ReadLimits()
    if args.max_pages is not None:
        limits = replace(limits, max_pages=args.max_pages)
    if args.pdf_seconds is not None:
        limits = replace(limits, pdf_seconds=args.pdf_seconds)
    if args.max_mb is not None:
        limits = replace(limits, max_bytes=int(args.max_mb * 2**20))
    if args.max_chars is not None:
        limits = replace(limits, max_chars=args.max_chars)
    cache_dir = None if args.no_cache else args.cache_dir or args.out / ".cache"
    try:
        summary = extract_folder(
            args.papers_dir, args.out, limits, progress=not args.no_progress and sys.stderr.isatty(),
            workers=args.workers, cache_dir=cache_dir, engine=args.engine, scheduler=args.scheduler,
            doc_timeout=args.doc_timeout or None, max_memory_mb=args.max_memory_mb, parquet=args.parquet,
            corrections=corrections,
            **({"recycle": args.recycle_after} if args.recycle_after is not None else {}),
            **({"process": args.process} if args.process is not None else {}),
        )
    except (EngineError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.line())
    if corrections is not None:
        print(f"{summary.corrections_line()} ({corrections_csv})")
    if cache_dir is not None:
        total = summary.documents + summary.failed
        print(f"cache: {summary.cached} of {total} documents unchanged, {total - summary.cached} extracted "
              f"({cache_dir})", file=sys.stderr)
    if summary.failed:
        print(f"see {args.out / 'errors.csv'} for the documents that could not be read", file=sys.stderr)
    return 1 if summary.failed else 0


def _add_model(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("model", help="assemble the spaCy pipeline and save it under models/ (spacy.load-able)")
    p.add_argument("--out", type=Path, default=None, help="folder to save to (default: models/ici_nlp)")
    p.set_defaults(run=_run_model)


def _run_model(args: argparse.Namespace) -> int:
    from pipeline.nlp import MODEL_DIR, build_nlp

    out = args.out or MODEL_DIR
    nlp = build_nlp()
    nlp.to_disk(out)
    print(f"saved spaCy pipeline {nlp.pipe_names} to {out}")
    return 0


def _optional_commands(sub: argparse._SubParsersAction) -> None:
    """Commands of the evaluation package, each a (add_parser, run) pair."""
    from pipeline.evaluate import cli as eval_cli
    from pipeline.export import cli as export_cli

    for add, run in (
        (eval_cli.add_eval_parser, eval_cli.run_eval),
        (eval_cli.add_check_gold_parser, eval_cli.run_check_gold),
        (eval_cli.add_anchor_gold_parser, eval_cli.run_anchor_gold),
        (eval_cli.add_eval_dev_parser, eval_cli.run_eval_dev),
        (eval_cli.add_train_parser, eval_cli.run_train),
        (eval_cli.add_eval_external_parser, eval_cli.run_eval_external),
        (eval_cli.add_report_parser, eval_cli.run_report),
        *export_cli.COMMANDS,
    ):
        add(sub).set_defaults(run=run)
    from pipeline import diff, readers
    from pipeline.evaluate import external

    for module in (diff, external, readers):
        module.add_parser(sub).set_defaults(run=module.run)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description="Evidence tables from immune checkpoint inhibitor rechallenge papers.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_extract(sub)
    _add_model(sub)
    _optional_commands(sub)
    return parser


def main(argv: list[str] | None = None, process=None) -> int:
    """Run a command; ``process`` replaces the per-file extraction of ``extract`` (tests inject faults so)."""
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=UserWarning)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    args.process = process
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted; tables written before this run are unchanged", file=sys.stderr)
        return 130

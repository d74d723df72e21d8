"""Commands ``eval`` and ``check-gold``.

Each ``add_*_parser(subparsers)`` registers its command and sets ``run`` as a
parser default, so the main CLI can dispatch with ``args.run(args)``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.evaluate.gold import GoldError, anchor_gold, check_gold, gold_files, load_gold, load_gold_file, read_doc_text
from pipeline.evaluate.report import format_table, score_baseline, write_report
from pipeline.evaluate.score import Scores, read_predictions, results_csv, score
from pipeline.schema import ENDPOINTS

DEFAULT_GOLD = Path("annotations/seeds")
DEFAULT_DOCS = Path("../shared/corpus/seeds")


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def parse_endpoints(text: str) -> tuple[str, ...]:
    """``"orr,pfs_median"`` -> ``("orr", "pfs_median")``; argparse reports unknown names."""
    chosen = tuple(e.strip() for e in text.split(",") if e.strip())
    unknown = [e for e in chosen if e not in ENDPOINTS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown endpoint(s) {', '.join(unknown) or '(none given)'}; "
                                         f"choose from {', '.join(ENDPOINTS)}")
    return chosen


def add_eval_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("eval", help="score a results table against gold annotations",
                                   description="Score RESULTS_CSV against the gold files in GOLD_DIR.")
    parser.add_argument("results", type=Path, metavar="RESULTS_CSV", help="results.csv, or a run folder holding one")
    parser.add_argument("gold", type=Path, metavar="GOLD_DIR", help="folder of <doc_id>.json gold files")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS,
                        help=f"document texts, for error sentences and the baseline (default {DEFAULT_DOCS})")
    parser.add_argument("--out", type=Path, help="where metrics.json and errors.csv go (default: the eval/ folder beside RESULTS_CSV)")
    parser.add_argument("--endpoints", type=parse_endpoints, help="comma-separated endpoints to score (default all)")
    parser.add_argument("--no-baseline", action="store_true", help="do not score the naive baseline")
    parser.set_defaults(run=run_eval)
    return parser


def evaluate_run(results: Path, gold_dir: Path, docs_dir: Path, endpoints: tuple[str, ...] | None = None,
                 out: Path | None = None, baseline: bool = True) -> Scores:
    """Score one results table against a gold folder, print the table and write metrics.json / errors.csv."""
    gold = load_gold(gold_dir)
    predicted = read_predictions(results)
    if not gold:
        raise GoldError(f"no gold files (*.json) in {gold_dir}")
    texts = {doc_id: text for doc_id in gold if (text := read_doc_text(docs_dir, doc_id)) is not None}
    scores = score(gold, predicted, endpoints)
    base = None if not baseline or not texts else score_baseline(gold, texts, scores.endpoints)
    print(f"{results}: {len(predicted)} rows against {len(gold)} gold documents ({gold_dir})")
    print(format_table(scores, base))
    if baseline and base is None:
        print(f"baseline skipped: no document texts for the gold documents in {docs_dir}")
    elif base is not None and len(texts) < len(gold):
        print(f"baseline scored on the {len(texts)} of {len(gold)} gold documents whose text is in {docs_dir}")
    metrics_path, errors_path = write_report(scores, base, texts, out or results.parent / "eval")
    print(f"wrote {metrics_path} and {errors_path}")
    return scores


def run_eval(args: argparse.Namespace) -> int:
    results = results_csv(args.results)
    if not results.is_file():
        return _fail(f"results table not found: {results}")
    if not args.gold.is_dir():
        return _fail(f"gold folder not found: {args.gold}")
    try:
        evaluate_run(results, args.gold, args.docs, args.endpoints, args.out, not args.no_baseline)
    except (GoldError, ValueError) as exc:
        return _fail(str(exc))
    return 0


def add_eval_external_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "eval-external", help="convert the public corpora to gold, extract them and score the pipeline per corpus")
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"), help="folder of the public corpora")
    parser.add_argument("--work", type=Path, default=Path("build/external"), help="where converted docs and gold go")
    parser.add_argument("--runs", type=Path, default=Path("runs"), help="runs/external-<corpus> are written here")
    return parser


def run_eval_external(args: argparse.Namespace) -> int:
    from pipeline.evaluate.external import eval_external
    from pipeline.run import extract_folder

    if not args.datasets.is_dir():
        return _fail(f"datasets folder not found: {args.datasets}")
    scores = eval_external(
        args.datasets, args.work, args.runs,
        extract=lambda docs, run: print(extract_folder(docs, run, progress=False).line()),
        evaluate=lambda results, gold, docs, endpoints: evaluate_run(results, gold, docs, endpoints),
    )
    print("\nper corpus (micro, value level / attributed level F1):")
    for corpus, s in scores.items():
        print(f"  {corpus:24} value F1 {s.micro.prf['value'].f1:.3f}  attributed F1 {s.micro.prf['attributed'].f1:.3f}")
    return 0


def add_check_gold_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("check-gold", help="check gold annotations against the document texts",
                                   description="Check hashes, offsets, endpoints and duplicates of gold files.")
    parser.add_argument("gold", type=Path, nargs="?", default=DEFAULT_GOLD, metavar="GOLD",
                        help=f"folder of <doc_id>.json gold files, or one gold file (default {DEFAULT_GOLD})")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help=f"document texts (default {DEFAULT_DOCS})")
    parser.add_argument("--dev", action="store_true",
                        help="check the gold of every development corpus against its documents (GOLD and --docs ignored)")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder, for --dev")
    parser.add_argument("--work", type=Path, default=Path("build/dev"), help="where --dev writes converted corpora")
    parser.set_defaults(run=run_check_gold)
    return parser


def run_check_gold(args: argparse.Namespace) -> int:
    """Print every problem; exit 1 when there is any, 2 when the folders are missing."""
    if args.dev:
        return _check_dev_gold(args.shared, args.work)
    for path in (args.gold, args.docs):
        if not path.exists():
            return _fail(f"not found: {path}")
    problems = check_gold(args.gold, args.docs)
    for problem in problems:
        print(problem)
    print(f"{args.gold}: {len(problems)} problem(s)" if problems else f"{args.gold}: ok")
    return 1 if problems else 0


def add_anchor_gold_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "anchor-gold", help="compute gold offsets from each fact's marked context ('ORR was <<30.6%%>> in')",
        description="For every fact with a context, find the context in the document (whitespace-insensitive; it "
        "must occur once) and write start, end, raw and the document's text_sha256 into the gold file. Run it "
        "after annotating, and after a reader change that moves the text.")
    parser.add_argument("gold", type=Path, nargs="+", metavar="GOLD",
                        help="folders of <doc_id>.json gold files, or single gold files")
    parser.add_argument("--docs", type=Path, required=True, help="folder of the documents (<doc_id>.txt/.xml/...)")
    parser.set_defaults(run=run_anchor_gold)
    return parser


def run_anchor_gold(args: argparse.Namespace) -> int:
    """Print every problem; exit 1 when there is any, 2 when the folders are missing."""
    missing = [p for p in args.gold if not p.exists()] + ([] if args.docs.is_dir() else [args.docs])
    if missing:
        return _fail(f"not found: {', '.join(map(str, missing))}")
    try:
        problems = [p for gold in args.gold for p in anchor_gold(gold, args.docs)]
    except (OSError, ValueError) as exc:
        return _fail(str(exc))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "anchored")
    return 1 if problems else 0


def _check_dev_gold(shared: Path, work: Path) -> int:
    from pipeline.evaluate.corpora import available, load_split

    split = load_split()
    failed = False
    for c, docs in available(shared, work):
        problems = check_gold(c.gold, docs) if c.gold.is_dir() else [f"{c.gold}: not found"]
        problems += [f"{c.name}/{p.stem}: not in annotations/split.tsv" for p in sorted(c.gold.glob("*.json"))
                     if (c.name, p.stem) not in split]
        for problem in problems:
            print(problem)
        facts = 0
        for path in gold_files(c.gold):
            try:
                facts += len(load_gold_file(path).facts)
            except GoldError:
                pass  # reported among the problems
        print(f"{c.name}: {len(problems)} problem(s), {facts} facts" if problems else f"{c.name}: ok, {facts} facts")
        failed |= bool(problems)
    return 1 if failed else 0


def add_eval_dev_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    from pipeline.evaluate.corpora import CORPUS_NAMES

    parser = subparsers.add_parser(
        "eval-dev", help="extract the development corpora (cached) and score them per corpus and split",
        description="For each development corpus (seeds, dev_abstracts, dev_fulltext, ruta, demo) whose documents "
        "are present: extract it into RUNS/<corpus> (cached), score it against its gold on the dev and check splits "
        "of annotations/split.tsv at value and attributed level beside the naive baseline, and write "
        "RUNS/<corpus>/eval/{metrics.json,errors.csv,documents.csv} and RUNS/summary.json.")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    parser.add_argument("--runs", type=Path, default=Path("runs/dev"), help="runs go to RUNS/<corpus> (default runs/dev)")
    parser.add_argument("--work", type=Path, default=Path("build/dev"),
                        help="where corpora that need converting are written (default build/dev)")
    parser.add_argument("--corpus", nargs="+", choices=CORPUS_NAMES, default=list(CORPUS_NAMES), metavar="NAME",
                        help=f"corpora to score (default all: {', '.join(CORPUS_NAMES)})")
    parser.add_argument("--own-only", action="store_true",
                        help="score every corpus on the document's own study only (dev_fulltext always is)")
    parser.add_argument("--workers", type=int, default=None, help="extraction worker processes (default: one per CPU)")
    parser.set_defaults(run=run_eval_dev)
    return parser


def run_eval_dev(args: argparse.Namespace) -> int:
    import os

    from pipeline.evaluate.corpora import corpus
    from pipeline.evaluate.dev import eval_dev, summary_lines
    from pipeline.run import extract_folder

    if not args.shared.is_dir():
        return _fail(f"shared folder not found: {args.shared} (pass --shared)")
    workers = args.workers or os.cpu_count() or 1

    def extract(docs: Path, run: Path) -> None:
        summary = extract_folder(docs, run, progress=sys.stderr.isatty(), workers=workers, cache_dir=run / ".cache")
        print(f"{run.name}: {summary.line()}")

    try:
        results = eval_dev(args.shared, args.work, args.runs, extract, [corpus(n) for n in args.corpus], args.own_only)
    except (GoldError, ValueError) as exc:
        return _fail(str(exc))
    print("\nmicro-averaged scores per corpus and split (attributed level first; per-endpoint tables above):")
    print("\n".join(summary_lines(results)))
    print(f"details: {args.runs}/<corpus>/eval/ (metrics.json, errors.csv, documents.csv), {args.runs}/summary.json")
    return 0


def add_train_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "train", help="train the attribution ranker on the dev split of the development gold (models/)",
        description="Read the documents of the development corpora whose split is 'dev' (never 'check'), match the "
        "values the extractors find to their gold facts, fit the ranker and its review threshold, and save it.")
    parser.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (default ../shared)")
    parser.add_argument("--work", type=Path, default=Path("build/dev"), help="where converted corpora are written")
    # the default is resolved when training: importing the ranker here would slow every command's start
    parser.add_argument("--out", type=Path, default=None, help="model file (default models/attribution_ranker.json)")
    parser.set_defaults(run=run_train)
    return parser


def run_train(args: argparse.Namespace) -> int:
    from pipeline.attribution.ranker import MODEL_PATH, load_ranker
    from pipeline.attribution.training import save, train
    from pipeline.evaluate.corpora import available, load_split
    from pipeline.evaluate.gold import doc_path
    from pipeline.readers import read_document

    if not args.shared.is_dir():
        return _fail(f"shared folder not found: {args.shared} (pass --shared)")
    split = load_split()
    pairs = []
    for c, docs in available(args.shared, args.work):
        for doc_id, gold in load_gold(c.gold).items():
            path = doc_path(docs, doc_id)
            if split.get((c.name, doc_id)) == "dev" and path is not None:
                pairs.append((read_document(path), gold))
    load_ranker.cache_clear()
    ranker, examples = train(pairs)
    out = args.out or MODEL_PATH
    save(ranker, out)
    print(f"trained on {examples} examples from {len(pairs)} dev documents: {len(ranker.weights)} weights, "
          f"review below p = {ranker.threshold:.3f} -> {out}")
    return 0


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "report", help="write a run's report.html again, with its facts coloured against gold",
        description="Write RUN/report.html (extract writes one too) from RUN's tables and the texts under PAPERS; "
        "with --gold, every fact is coloured right / value only / not in gold and the missed gold facts are "
        "shown at their offsets.")
    parser.add_argument("run_dir", type=Path, metavar="RUN", help="a run folder (results.csv, documents.csv)")
    parser.add_argument("--papers", type=Path, required=True, help="the folder the run extracted")
    parser.add_argument("--gold", type=Path, help="folder of <doc_id>.json gold files")
    parser.set_defaults(run=run_report)
    return parser


def run_report(args: argparse.Namespace) -> int:
    """Exit 2 with a one-line message when the run or the papers are not there."""
    from pipeline.evaluate.judge import judge
    from pipeline.run import OutputError, load_run, write_run_report

    try:
        results, documents, paths = load_run(args.run_dir, args.papers)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    gold = None
    if args.gold is not None:
        try:
            gold = judge(load_gold(args.gold), read_predictions(args.run_dir / "results.csv"))
        except GoldError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    print(write_run_report(results, documents, args.run_dir, paths, gold=gold))
    return 0

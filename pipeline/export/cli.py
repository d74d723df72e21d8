"""Commands that move reviewed facts between a run, Label Studio and gold (thin wrappers)."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pipeline.export.review import GoldOutput, write_gold


def _print_gold(output: GoldOutput, written: list[Path], out: Path) -> int:
    for problem in output.problems:
        print(f"warning: {problem}", file=sys.stderr)
    facts = sum(len(d["facts"]) for d in output.docs.values())
    print(f"wrote {len(written)} gold files ({facts} facts) to {out}"
          + (f"; {len(output.problems)} left out (see the warnings)" if output.problems else ""))
    return 0


def _texts(args: argparse.Namespace) -> tuple[list[dict[str, str]], dict[str, str]] | None:
    """(results rows, texts by doc_id) of the run ``args`` names, re-read from its papers; None (after a
    one-line message) when the run or the papers are not there."""
    from pipeline.readers.limits import ReadLimits
    from pipeline.run import OutputError, document_texts, load_run

    try:
        results, _, paths = load_run(args.run_dir, args.papers)
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None
    rows = results.to_dict("records")
    wanted = {r["doc_id"] for r in rows} & set(paths)
    return rows, {d: t.text for d, t in document_texts({d: paths[d] for d in wanted}, ReadLimits()).items()}


def _run_parser(sub: argparse._SubParsersAction, name: str, help: str, description: str,
                out: str) -> argparse.ArgumentParser:
    """A command over a finished run and the papers it was extracted from."""
    p = sub.add_parser(name, help=help, description=description)
    p.add_argument("run_dir", type=Path, metavar="RUN", help="the run folder (results.csv, documents.csv)")
    p.add_argument("--papers", type=Path, required=True, help="the folder the run was extracted from")
    p.add_argument("--out", type=Path, required=True, help=out)
    return p


def add_gold_from_corrections_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return _run_parser(sub, "gold-from-corrections", "turn a run's accepted, edited and added facts into gold JSON",
                       "Write one gold file (annotations/ format) per document of RUN with facts whose status is "
                       "accepted, edited or added (corrections.csv applied by extract); offsets are checked against "
                       "the texts re-read from PAPERS.", "gold folder to write (files are replaced)")


def run_gold_from_corrections(args: argparse.Namespace) -> int:
    from pipeline.export.review import gold_from_rows

    loaded = _texts(args)
    if loaded is None:
        return 2
    rows, texts = loaded
    output = gold_from_rows(rows, texts)
    if not output.docs:
        print(f"warning: no accepted, edited or added facts in {args.run_dir / 'results.csv'}", file=sys.stderr)
    return _print_gold(output, write_gold(output, args.out), args.out)


def add_labelstudio_export_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    return _run_parser(sub, "labelstudio-export", "a run's facts as Label Studio tasks with pre-annotations",
                       "Write Label Studio JSON (one task per document, a region per fact with its value and labels) "
                       "and the labelling configuration (label_config.xml) beside it.", "the tasks file to write (.json)")


def run_labelstudio_export(args: argparse.Namespace) -> int:
    from pipeline.export.labelstudio import LABEL_CONFIG, export_tasks
    from pipeline.table import atomic_file

    loaded = _texts(args)
    if loaded is None:
        return 2
    rows, texts = loaded
    tasks, missing = export_tasks(rows, texts)
    for doc_id in missing:
        print(f"warning: {doc_id}: text not found in {args.papers}; its facts are not exported", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(args.out, suffix=".json") as tmp:
        tmp.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    config = args.out.parent / "label_config.xml"
    config.write_text(LABEL_CONFIG, encoding="utf-8")
    print(f"wrote {len(tasks)} tasks ({sum(len(t['predictions'][0]['result']) for t in tasks)} results) to "
          f"{args.out} and the labelling configuration to {config}")
    return 0


def add_labelstudio_import_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    p = sub.add_parser("labelstudio-import", help="reviewed Label Studio tasks back to gold JSON",
                       description="Read Label Studio's JSON export of reviewed tasks and write one gold file per "
                       "annotated task (its latest annotation that was not cancelled).")
    p.add_argument("tasks", type=Path, metavar="TASKS", help="Label Studio JSON export (a list of tasks)")
    p.add_argument("--out", type=Path, required=True, help="gold folder to write (files are replaced)")
    return p


def run_labelstudio_import(args: argparse.Namespace) -> int:
    from pipeline.export.labelstudio import LabelStudioError, import_tasks

    try:
        output = import_tasks(json.loads(args.tasks.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, LabelStudioError) as exc:
        print(f"error: {args.tasks}: {exc}", file=sys.stderr)
        return 2
    return _print_gold(output, write_gold(output, args.out), args.out)


COMMANDS = (
    (add_gold_from_corrections_parser, run_gold_from_corrections),
    (add_labelstudio_export_parser, run_labelstudio_export),
    (add_labelstudio_import_parser, run_labelstudio_import),
)

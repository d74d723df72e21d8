"""Commands eval and check-gold (pipeline/evaluate/cli.py)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from pipeline.evaluate.cli import add_check_gold_parser, add_eval_parser
from pipeline.evaluate.gold import text_sha256
from pipeline.table import results_frame, write_csv_atomic

TEXT = "In total, 52 patients were included. The DCR was 61.5% overall."


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pipeline")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_eval_parser(subparsers)
    add_check_gold_parser(subparsers)
    return parser.parse_args(argv)


@pytest.fixture
def workspace(tmp_path: Path, make) -> Path:
    """docs/doc1.txt, gold/doc1.json and run/results.csv (one right fact, one wrong)."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc1.txt").write_bytes(TEXT.encode("utf-8"))
    facts = []
    for endpoint, raw, value in (("n", "52", 52), ("dcr", "61.5%", 61.5)):
        start = TEXT.index(raw)
        facts.append({"endpoint": endpoint, "value": value, "arm": [], "subgroup": [], "study": "", "raw": raw,
                      "start": start, "end": start + len(raw)})
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "doc1.json").write_text(
        json.dumps({"doc_id": "doc1", "text_sha256": text_sha256(TEXT), "facts": facts}), encoding="utf-8")
    run = [make.fact("n", 52, doc_id="doc1", start=10), make.fact("dcr", 16.5, doc_id="doc1", start=49)]
    write_csv_atomic(results_frame(run), tmp_path / "run" / "results.csv")
    return tmp_path


def test_eval_writes_metrics_and_errors(workspace: Path, capsys) -> None:
    args = parse("eval", str(workspace / "run" / "results.csv"), str(workspace / "gold"),
                 "--docs", str(workspace / "docs"))
    assert args.run(args) == 0
    metrics = json.loads((workspace / "run" / "eval" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["pipeline"]["micro"]["value"]["tp"] == 1
    assert metrics["baseline"]["micro"]["value"]["tp"] == 2  # "52 patients", "DCR ... 61.5"
    errors = (workspace / "run" / "eval" / "errors.csv").read_text(encoding="utf-8")
    assert "The DCR was 61.5% overall." in errors
    assert "micro" in capsys.readouterr().out


def test_eval_run_folder_endpoints_and_out(workspace: Path) -> None:
    args = parse("eval", str(workspace / "run"), str(workspace / "gold"), "--docs", str(workspace / "docs"),
                 "--endpoints", "dcr", "--no-baseline", "--out", str(workspace / "out"))
    assert args.run(args) == 0
    metrics = json.loads((workspace / "out" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["endpoints"] == ["dcr"] and metrics["baseline"] is None


@pytest.mark.parametrize("results, gold, message", [
    ("missing.csv", "gold", "results table not found"),
    ("run", "nowhere", "gold folder not found"),
    ("docs", "gold", "results table not found"),  # a folder without results.csv
])
def test_eval_missing_files(workspace: Path, capsys, results: str, gold: str, message: str) -> None:
    args = parse("eval", str(workspace / results), str(workspace / gold))
    assert args.run(args) == 2
    assert message in capsys.readouterr().err


def test_eval_rejects_unknown_endpoint(workspace: Path) -> None:
    with pytest.raises(SystemExit):
        parse("eval", str(workspace / "run"), str(workspace / "gold"), "--endpoints", "orr,ttp")


def test_check_gold_exit_codes(workspace: Path, capsys) -> None:
    args = parse("check-gold", str(workspace / "gold"), "--docs", str(workspace / "docs"))
    assert args.run(args) == 0
    (workspace / "docs" / "doc1.txt").write_bytes(("x" + TEXT).encode("utf-8"))
    assert args.run(args) == 1
    assert "text_sha256" in capsys.readouterr().out

"""Evaluation outputs (pipeline/evaluate/report.py)."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from pipeline.evaluate.report import (
    EVAL_ERRORS_COLUMNS, error_rows, format_table, metrics, score_baseline, sentence_around, write_report,
)
from pipeline.evaluate.score import score

TEXT = "Methods were standard. The ORR was 35.0% in arm A. Median OS was 9.1 months."


@pytest.fixture
def scored(make):
    gold = make.docs(
        make.gold("orr", 35.0, arm=("A",), start=TEXT.index("35.0")),
        make.gold("os_median", 9.1, start=TEXT.index("9.1")),
    )
    predicted = make.predicted(
        make.fact("orr", 35.0, arm="B", start=TEXT.index("35.0"), sentence="The ORR was 35.0% in arm A."),
    )
    return gold, score(gold, predicted)


@pytest.mark.parametrize("raw, expected", [
    ("35.0", "The ORR was 35.0% in arm A."),
    ("9.1", "Median OS was 9.1 months."),
    ("Methods", "Methods were standard."),
])
def test_sentence_around(raw: str, expected: str) -> None:
    start = TEXT.index(raw)
    assert sentence_around(TEXT, start, start + len(raw)) == expected


def test_error_rows_list_fn_and_fp_per_level(scored) -> None:
    _, scores = scored
    rows = error_rows(scores, {"d1": TEXT})
    assert [(r["level"], r["kind"], r["endpoint"]) for r in rows] == [
        ("value", "fn", "os_median"),
        ("attributed", "fn", "orr"), ("attributed", "fp", "orr"), ("attributed", "fn", "os_median"),
    ]
    fn_orr = rows[1]
    assert (fn_orr["arm"], fn_orr["sentence"], fn_orr["value"]) == ("A", "The ORR was 35.0% in arm A.", "35")
    assert rows[2]["arm"] == "B"


def test_metrics_and_table(scored) -> None:
    _, scores = scored
    data = metrics(scores)
    assert list(data) == ["endpoints", "pipeline", "baseline"]
    assert list(data["pipeline"]["per_endpoint"]["orr"]) == ["gold", "predicted", "value", "attributed", "ci"]
    assert data["pipeline"]["micro"]["value"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5,
                                                  "f1": 0.6667}
    table = format_table(scores).splitlines()
    assert table[0].split()[:4] == ["endpoint", "gold", "pred", "value"]
    assert table[-1].split()[:6] == ["micro", "2", "1", "1.000", "0.500", "0.667"]


def test_baseline_scored_beside(scored) -> None:
    gold, scores = scored
    baseline = score_baseline(gold, {"d1": TEXT}, scores.endpoints)
    assert baseline.micro.prf["value"].tp == 2  # "ORR ... 35.0" and "OS ... 9.1"
    # baseline F1: value 1.0; attributed 0.5 (its ORR has no arm, gold says arm A; its OS is right)
    assert format_table(scores, baseline).splitlines()[-1].split()[-2:] == ["1.000", "0.500"]


def test_write_report_is_deterministic(scored, tmp_path: Path) -> None:
    _, scores = scored
    first = [p.read_bytes() for p in write_report(scores, None, {"d1": TEXT}, tmp_path / "a")]
    second = [p.read_bytes() for p in write_report(scores, None, {"d1": TEXT}, tmp_path / "b")]
    assert first == second
    assert json.loads(first[0])["baseline"] is None
    with open(tmp_path / "a" / "errors.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == EVAL_ERRORS_COLUMNS
        assert len(list(reader)) == 4

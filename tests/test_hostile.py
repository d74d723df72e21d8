"""Every class of hostile input in tests/hostile.py, next to a control paper: the run never raises,
accounts for every file in documents.csv with the right status and reason, and the control's facts
are untouched."""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from hostile import CASES, CONTROL, CONTROL_FACTS, Hostile
from pipeline.cli import main


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _marks(case: Hostile) -> list:
    marks = [pytest.mark.slow] if case.slow else []
    if case.needs_non_root:
        marks.append(pytest.mark.skipif(os.geteuid() == 0, reason="file permissions do not bind root"))
    return marks


def test_the_catalogue_covers_at_least_67_classes_with_unique_names():
    assert len(CASES) >= 67
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(c)) for c in CASES])
def test_hostile_input_is_accounted_for(case: Hostile, tmp_path: Path, capsys) -> None:
    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / CONTROL[0]).write_text(CONTROL[1], encoding="utf-8")
    case.build(papers)
    out = tmp_path / "out"
    code = main(["extract", str(papers), "--out", str(out), "--workers", "1", "--no-cache", "--no-progress",
                 *case.args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    manifest = {row["source"]: row for row in _rows(out / "documents.csv")}
    assert set(manifest) == {CONTROL[0], *case.expect}, "every file found is in documents.csv, nothing else"
    for source, wanted in case.expect.items():
        allowed = wanted if isinstance(wanted, frozenset) else {wanted}
        assert manifest[source]["status"] in allowed, (source, manifest[source])
    failed = any(row["status"] == "failed" for row in manifest.values())
    assert code == (1 if failed else 0)
    errors = _rows(out / "errors.csv")
    assert len(errors) == sum(row["status"] == "failed" for row in manifest.values())
    if case.says:
        first = manifest[next(iter(case.expect))]
        assert case.says.lower() in first["message"].lower(), first
    results = _rows(out / "results.csv")
    control = {(r["endpoint"], r["value"]) for r in results if r["source"] == CONTROL[0]}
    assert CONTROL_FACTS <= control
    if case.check is not None:
        assert case.check([r for r in results if r["source"] != CONTROL[0]])

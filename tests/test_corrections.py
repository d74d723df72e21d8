"""corrections.csv (pipeline/corrections.py): parsing, applying, and the round trip to gold on the demo corpus."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from pipeline.corrections import (CORRECTIONS_COLUMNS, Action, CorrectionsError, apply_corrections,
                                  read_corrections)
from pipeline.schema import RESULTS_COLUMNS

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "corpus" / "demo"
DOC = "demo01_rechallenge_vs_chemo"


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CORRECTIONS_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(**cells: str) -> dict[str, str]:
    return dict.fromkeys(RESULTS_COLUMNS, "") | {"not_reached": "false", "source": "d.txt"} | cells


@pytest.mark.parametrize("cells, message", [
    ({"doc_id": "d", "action": "approve"}, "action must be one of"),
    ({"doc_id": "", "action": "accept", "endpoint": "orr"}, "doc_id is empty"),
    ({"doc_id": "d", "action": "reject", "endpoint": "response"}, "endpoint must be one of"),
    ({"doc_id": "d", "action": "edit", "endpoint": "orr"}, "edit without any new_* value"),
    ({"doc_id": "d", "action": "edit", "endpoint": "orr", "new_value": "thirty"}, "not a number"),
    ({"doc_id": "d", "action": "add", "endpoint": "orr", "new_value": "30"}, "add needs new_raw, new_start, new_end"),
    ({"doc_id": "d", "action": "add", "endpoint": "hr", "new_value": "0.5", "new_raw": "0.5", "new_start": "1",
      "new_end": "4"}, "an hr needs an outcome"),
    ({"doc_id": "d", "action": "edit", "endpoint": "orr", "new_not_reached": "yes"}, "true or false"),
])
def test_bad_rows_are_refused_with_file_and_line(tmp_path: Path, cells: dict[str, str], message: str) -> None:
    path = write(tmp_path / "corrections.csv", [cells])
    with pytest.raises(CorrectionsError, match=rf"corrections.csv line 2\b.*{re.escape(message)}"):
        read_corrections(path)


def test_unknown_columns_and_missing_key_columns_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("doc_id,action,value\nd,accept,3\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="unknown columns value"):
        read_corrections(tmp_path / "a.csv")
    (tmp_path / "b.csv").write_text("endpoint\norr\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="needs at least the columns doc_id and action"):
        read_corrections(tmp_path / "b.csv")


def test_a_spreadsheet_saved_file_with_only_some_columns_reads(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("\ufeffdoc_id,endpoint,action,note\nd,orr,reject,a named AE\n,,,\n",
                                    encoding="utf-8")
    (c,) = read_corrections(tmp_path / "c.csv")
    assert (c.action, c.endpoint, c.note, c.labels["arm"]) == (Action.REJECT, "orr", "a named AE", "")


def test_apply_sets_status_and_reports_every_correction(tmp_path: Path) -> None:
    rows = [row(doc_id="d", endpoint="orr", arm="A", value="30", start="10"),
            row(doc_id="d", endpoint="orr", arm="B", value="20", start="20"),
            row(doc_id="d", endpoint="dcr", value="70", start="30"),
            row(doc_id="e", endpoint="n", value="12", start="5")]
    corrections = read_corrections(write(tmp_path / "c.csv", [
        {"doc_id": "d", "endpoint": "orr", "arm": "B", "action": "edit", "new_value": "21.50", "new_arm": "-"},
        {"doc_id": "d", "action": "accept"},  # the rest of d
        {"doc_id": "d", "endpoint": "orr", "arm": "A", "action": "reject"},
        {"doc_id": "d", "endpoint": "os_median", "action": "add", "new_not_reached": "true", "new_raw": "NR",
         "new_start": "40", "new_end": "42"},
        {"doc_id": "d", "endpoint": "hr", "outcome": "os", "action": "accept"},  # names no fact
    ]))
    out, applied = apply_corrections(rows, corrections, RESULTS_COLUMNS)
    assert [(r["endpoint"], r["arm"], r["value"], r["status"]) for r in out] == [
        ("orr", "A", "30", "rejected"), ("orr", "", "21.5", "edited"), ("dcr", "", "70", "accepted"),
        ("n", "", "12", "extracted"), ("os_median", "", "", "added")]
    assert out[-1]["not_reached"] == "true" and out[-1]["source"] == "d.txt"
    assert [(a["line"], a["result"], a["rows"]) for a in applied] == [
        ("2", "applied", "1"), ("4", "applied", "1"), ("5", "applied", "1"), ("6", "no fact matches", "0"),
        ("3", "applied", "1")]


def _key(row: dict[str, str]) -> dict[str, str]:
    return {k: row[k] for k in ("doc_id", "study", "arm", "subgroup", "endpoint", "outcome", "start")}


@pytest.fixture(scope="module")
def corrected_run(tmp_path_factory) -> Path:
    """The demo corpus extracted twice: the second time with corrections written from the first run's facts
    (the first pfs median moved to an arm, the first hr rejected, an n added, the rest of the document accepted)."""
    from pipeline.cli import main
    from pipeline.table import read_results

    out = tmp_path_factory.mktemp("corrected")
    argv = ["extract", str(DEMO), "--out", str(out), "--workers", "1", "--no-progress"]
    assert main(argv) == 0
    rows = [r for r in read_results(out / "results.csv").to_dict("records") if r["doc_id"] == DOC]
    pfs = next(r for r in rows if r["endpoint"] == "pfs_median")
    hr = next(r for r in rows if r["endpoint"] == "hr")
    write(out / "corrections.csv", [
        _key(pfs) | {"action": "edit", "new_arm": "rechallenge group"},
        {"doc_id": DOC, "endpoint": "n", "arm": "rechallenge group", "action": "add", "new_value": "58",
         "new_raw": "58", "new_start": "655", "new_end": "657", "note": "missed"},
        _key(hr) | {"action": "reject"},
        {"doc_id": DOC, "action": "accept"},
    ])
    assert main(argv) == 0
    return out


def test_extract_applies_corrections_csv_from_out(corrected_run: Path) -> None:
    from pipeline.table import read_results

    results = read_results(corrected_run / "results.csv")
    mine = results[results["doc_id"] == DOC]
    assert set(mine["status"]) == {"accepted", "edited", "added", "rejected"}
    assert set(results[results["doc_id"] != DOC]["status"]) == {"extracted"}
    added = mine[mine["status"] == "added"].iloc[0]
    assert (added["endpoint"], added["arm"], added["value"], added["extractor"]) == ("n", "rechallenge group", "58",
                                                                                   "correction")
    studies, meta = (list(csv.DictReader(open(corrected_run / name, encoding="utf-8")))
                     for name in ("studies.csv", "meta.csv"))
    # the rejected hr is left out of the derived tables
    assert not [r for r in meta if r["doc_id"] == DOC and r["endpoint"] == "hr"]
    assert not [r for r in studies if r["doc_id"] == DOC and r["hr_pfs"]]
    applied = list(csv.DictReader(open(corrected_run / "corrections_applied.csv", encoding="utf-8")))
    assert [a["result"] for a in applied] == ["applied"] * 4


def test_gold_from_corrections_round_trip(corrected_run: Path, tmp_path: Path) -> None:
    from pipeline.cli import main
    from pipeline.evaluate.gold import check_gold, load_gold
    from pipeline.evaluate.score import read_predictions, score

    gold_dir = tmp_path / "gold"
    assert main(["gold-from-corrections", str(corrected_run), "--papers", str(DEMO), "--out", str(gold_dir)]) == 0
    assert [p.stem for p in gold_dir.glob("*.json")] == [DOC]
    assert check_gold(gold_dir, DEMO) == []
    gold = load_gold(gold_dir)
    facts = {(f.endpoint, f.arm, f.value) for f in gold[DOC].facts}
    assert ("n", ("rechallenge group",), 58) in facts and any(e == "pfs_median" and a == ("rechallenge group",)
                                                               for e, a, _ in facts)
    assert not any(f.endpoint == "hr" for f in gold[DOC].facts)
    micro = score(gold, read_predictions(corrected_run / "results.csv")).micro.prf["attributed"]
    assert (micro.precision, micro.recall) == (1.0, 1.0)


def test_bad_corrections_file_stops_the_run_before_reading(tmp_path: Path, capsys) -> None:
    from pipeline.cli import main

    (tmp_path / "corrections.csv").write_text("doc_id,action\nd,maybe\n", encoding="utf-8")
    assert main(["extract", str(DEMO), "--out", str(tmp_path), "--no-progress"]) == 2
    assert "line 2: action must be one of" in capsys.readouterr().err
    assert not (tmp_path / "results.csv").exists()

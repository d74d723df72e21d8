"""Fact-by-fact comparison of two results tables (pipeline/diff.py)."""
from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest

from pipeline import diff
from pipeline.evaluate.gold import GoldDoc, GoldFact
from pipeline.schema import UNITS
from pipeline.table import results_frame, write_csv_atomic
from pipeline.types import Fact, Statistic


def fact(endpoint: str, value: float, start: int, arm: str = "", outcome: str | None = None,
         doc_id: str = "d1") -> Fact:
    raw = f"{value:g}"
    stat = Statistic(raw=raw, start=start, end=start + len(raw), value=value, unit=UNITS[endpoint])
    return Fact(doc_id=doc_id, endpoint=endpoint, stat=stat, outcome=outcome, arm=arm,
                sentence=f"sentence at {start}", extractor="test")


def gold(endpoint: str, value: float, start: int, arm: tuple[str, ...] = ()) -> GoldFact:
    return GoldFact(doc_id="d1", endpoint=endpoint, value=value, raw=f"{value:g}", start=start,
                    end=start + len(f"{value:g}"), arm=arm)


TABLE_A = [
    fact("orr", 30.0, 10, arm="X"),
    fact("dcr", 50.0, 20),
    fact("n", 40, 30, arm="X"),
    fact("os_median", 12.0, 40),
    fact("hr", 0.5, 60, outcome="os"),
    fact("hr", 0.8, 70, outcome="os"),
    fact("orr", 20.0, 100, arm="P"),
]
TABLE_B = [
    fact("orr", 31.0, 10, arm="X"),             # changed value, now right
    fact("dcr", 50.0, 20),                      # unchanged
    fact("n", 40, 30, arm="Y"),                 # relabelled, now wrong
    fact("pfs_median", 5.0, 50),                # added, right
    fact("hr", 0.8, 70, outcome="os"),          # same key as 0.55: pairs with A's 0.8
    fact("hr", 0.55, 60, outcome="os"),         # changed
    fact("orr", 20.0, 200, arm="Q"),            # same value, other place: not a relabel
    fact("n", 10, 0, doc_id="d2"),              # document without gold
]
GOLD = {"d1": GoldDoc(doc_id="d1", text_sha256="", facts=(
    gold("orr", 31.0, 10, arm=("X",)), gold("n", 40, 30, arm=("X",)), gold("pfs_median", 5.0, 50),
), path=Path("d1.json"))}


def rows(facts: list[Fact]) -> list[dict[str, str]]:
    return results_frame(facts).to_dict("records")


def summary_of(changes: list[diff.Change]) -> list[tuple]:
    return [(c.row["doc_id"], c.offset, c.kind, c.row["endpoint"], c.fields, c.gold) for c in changes]


def test_diff_classifies_and_grades_changes() -> None:
    changes = diff.diff_tables(rows(TABLE_A), rows(TABLE_B), GOLD)
    assert summary_of(changes) == [
        ("d1", 10, "changed", "orr", ("value", "raw"), "fixed"),
        ("d1", 20, "unchanged", "dcr", (), None),
        ("d1", 30, "relabelled", "n", ("arm",), "broke"),
        ("d1", 40, "removed", "os_median", (), "fixed"),
        ("d1", 50, "added", "pfs_median", (), "fixed"),
        ("d1", 60, "changed", "hr", ("value", "raw", "end"), "neutral"),
        ("d1", 70, "unchanged", "hr", (), None),
        ("d1", 100, "removed", "orr", (), "fixed"),
        ("d1", 200, "added", "orr", (), "broke"),
        ("d2", 0, "added", "n", (), None),
    ]
    assert changes[0].gold_facts == ("orr=31@10",)
    assert changes[2].gold_facts == ("n=40@30",)
    assert changes[3].gold_facts == ("false positive os_median=12@40",)


def test_regression_removing_a_false_positive_was_neutral() -> None:
    """A row of A that matches no gold fact and is gone in B raised precision but was graded neutral."""
    spurious = [fact("orr", 20.0, 100, arm="P")]
    (change,) = diff.diff_tables(rows(spurious), [], GOLD)
    assert (change.kind, change.gold) == ("removed", "fixed")
    (change,) = diff.diff_tables([], rows(spurious), GOLD)
    assert (change.kind, change.gold) == ("added", "broke")


def test_score_changes_per_endpoint_at_both_levels() -> None:
    scores = {(s.endpoint, s.level): s for s in diff.score_changes(diff.grade(rows(TABLE_A), rows(TABLE_B), GOLD))}
    assert {level for _, level in scores} == set(diff.LEVELS)
    orr = scores["orr", "attributed"]
    assert (orr.before.tp, orr.after.tp) == (0, 1)
    n = scores["n", "attributed"]
    assert (n.before.tp, n.after.tp, n.before.f1 > n.after.f1) == (1, 0, True)
    assert scores["n", "value"].before == scores["n", "value"].after
    micro = scores["micro", "attributed"]
    assert micro.after.recall > micro.before.recall
    assert "micro" in diff.format_scores(tuple(scores.values()))


def test_diff_without_gold_has_no_effects() -> None:
    changes = diff.diff_tables(rows(TABLE_A), rows(TABLE_B))
    assert {c.gold for c in changes} == {None}


def test_number_spelling_is_no_change() -> None:
    a = rows([fact("dcr", 50.0, 20)])
    b = [{**a[0], "value": "50.0"}]
    assert [c.kind for c in diff.diff_tables(a, b)] == ["unchanged"]


def test_output_lists_changes_by_document() -> None:
    changes = diff.diff_tables(rows(TABLE_A), rows(TABLE_B), GOLD)
    text = diff.format_diff(changes)
    assert text.index("== d1") < text.index("== d2")
    assert "value 30 -> 31" in text and "arm=X -> arm=Y" in text and "=> fixed orr=31@10" in text
    total = next(line for line in text.splitlines() if line.startswith("total")).split()
    # added removed changed relabelled unchanged fixed broke fixed+broke
    assert total[1:] == ["3", "2", "2", "1", "2", "4", "2", "0"]
    assert len(diff.diff_rows(changes)) == 8  # unchanged pairs are left out


def test_cli_writes_diff_csv_and_page(tmp_path: Path, capsys) -> None:
    write_csv_atomic(results_frame(TABLE_A), tmp_path / "a" / "results.csv")
    write_csv_atomic(results_frame(TABLE_B), tmp_path / "b" / "results.csv")
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    parser = argparse.ArgumentParser()
    diff.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["diff", str(tmp_path / "a"), str(tmp_path / "b" / "results.csv")])
    assert args.run(args) == 0
    with open(tmp_path / "b" / "diff.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == diff.DIFF_COLUMNS
        assert [r["change"] for r in reader][:3] == ["changed", "relabelled", "removed"]
    assert "== d1" in capsys.readouterr().out
    page = (tmp_path / "b" / "diff.html").read_text(encoding="utf-8")
    assert page.count('<tr id="c') == 8 and "sentence at <mark>5</mark>0" in page and 'id="scores"' not in page


def test_cli_with_gold_prints_and_renders_scores(tmp_path: Path, capsys) -> None:
    from pipeline.evaluate.gold import dump_gold

    for name, table in (("a", TABLE_A), ("b", TABLE_B)):
        write_csv_atomic(results_frame(table), tmp_path / name / "results.csv")
    (tmp_path / "gold").mkdir()
    facts = [{"endpoint": g.endpoint, "value": g.value, "arm": list(g.arm), "raw": g.raw, "start": g.start,
              "end": g.end} for g in GOLD["d1"].facts]
    (tmp_path / "gold" / "d1.json").write_text(dump_gold({"doc_id": "d1", "text_sha256": "", "facts": facts}))
    parser = argparse.ArgumentParser()
    diff.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["diff", str(tmp_path / "a"), str(tmp_path / "b"), "--gold", str(tmp_path / "gold")])
    assert args.run(args) == 0
    assert "dF1" in capsys.readouterr().out
    page = (tmp_path / "b" / "diff.html").read_text(encoding="utf-8")
    assert 'id="scores"' in page and 'class="g-fixed"' in page and 'class="g-broke"' in page


@pytest.mark.parametrize("argv", [["diff", "nowhere", "b"], ["diff", "a", "b", "--gold", "nogold"]])
def test_cli_missing_inputs(tmp_path: Path, capsys, argv: list[str]) -> None:
    for name in ("a", "b"):
        write_csv_atomic(results_frame(TABLE_A), tmp_path / name / "results.csv")
    parser = argparse.ArgumentParser()
    diff.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args([argv[0], *(str(tmp_path / a) if not a.startswith("-") else a for a in argv[1:])])
    assert args.run(args) == 2
    assert "not found" in capsys.readouterr().err

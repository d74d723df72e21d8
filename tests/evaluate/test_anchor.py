"""Gold offsets come from marked contexts: found whitespace-insensitively, once, and checked by check-gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import anchor_doc, anchor_gold, check_gold, dump_gold, locate_context

TEXT = "The ORR was 30.6%  vs.\r\n6.0% (p = 0.002).\nIn the rechallenge group the ORR was 30.6% again."


@pytest.mark.parametrize(("context", "places"), [
    ("ORR was <<30.6%>>  vs.", [(12, 17)]),
    ("ORR was <<30.6%>> vs. 6.0%", [(12, 17)]),  # one space matches the double space
    ("vs. <<6.0%>> (p", [(24, 28)]),  # and the CRLF
    ("ORR was <<30.6%>>", [(12, 17), (79, 84)]),
    ("ORR was <<31.6%>>", []),
])
def test_locate_context(context: str, places: list[tuple[int, int]]) -> None:
    assert locate_context(TEXT, context) == places
    assert all(TEXT[a:b] in context for a, b in places)


def test_anchor_doc_fills_offsets_raw_defaults_and_hash() -> None:
    data = {"doc_id": "d", "facts": [{"endpoint": "orr", "value": 6.0, "context": "vs. <<6.0%>> (p", "p": "0.002"}]}
    anchored, problems = anchor_doc(data, TEXT)
    assert problems == []
    (fact,) = anchored["facts"]
    assert (fact["raw"], fact["start"], fact["end"]) == ("6.0%", 24, 28)
    assert fact["arm"] == [] and fact["study"] == "" and "outcome" not in fact
    assert len(anchored["text_sha256"]) == 64


@pytest.mark.parametrize(("context", "problem"), [
    ("ORR was <<30.6%>>", "occurs 2 times"),
    ("ORR was <<31.6%>>", "not found"),
    ("ORR was 30.6%", "does not mark the value"),
])
def test_anchor_doc_reports_contexts_it_cannot_place(context: str, problem: str) -> None:
    _, problems = anchor_doc({"doc_id": "d", "facts": [{"endpoint": "orr", "value": 30.6, "context": context}]}, TEXT)
    assert len(problems) == 1 and problem in problems[0]


def test_anchor_then_check_gold_round_trip_and_a_moved_text_is_caught(tmp_path: Path) -> None:
    docs, gold = tmp_path / "docs", tmp_path / "gold"
    docs.mkdir()
    gold.mkdir()
    (docs / "d.txt").write_bytes(TEXT.encode("utf-8"))
    (gold / "d.json").write_text(json.dumps({"doc_id": "d", "facts": [
        {"endpoint": "orr", "value": 6.0, "context": "vs. <<6.0%>> (p"}]}), encoding="utf-8")
    assert anchor_gold(gold, docs) == []
    assert check_gold(gold, docs) == []
    (docs / "d.txt").write_bytes(("Intro. " + TEXT).encode("utf-8"))  # a reader change that moves the text
    assert any("text_sha256" in p for p in check_gold(gold, docs))
    assert anchor_gold(gold / "d.json", docs) == []  # re-anchoring repairs it
    assert check_gold(gold, docs) == []
    assert json.loads((gold / "d.json").read_text(encoding="utf-8"))["facts"][0]["start"] == 31


def test_dump_gold_writes_one_fact_per_line_and_stays_json() -> None:
    data = {"doc_id": "d", "text_sha256": "x", "facts": [{"endpoint": "n", "value": 1}, {"endpoint": "n", "value": 2}]}
    text = dump_gold(data)
    assert json.loads(text) == data
    assert text.count("\n") == 4
    assert json.loads(dump_gold({"doc_id": "d", "text_sha256": "x", "facts": []}))["facts"] == []

"""Loading and checking gold files (pipeline/evaluate/gold.py)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.evaluate.gold import GoldError, check_gold, load_gold, load_gold_file, text_sha256

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
REPO = Path(__file__).resolve().parents[2]

TEXT = "Title\r\nIn all, 40 patients were treated; the ORR was 25.0% (10/40).\r\n"


def fact(raw: str, endpoint: str, value: float | None, **extra) -> dict:
    start = TEXT.index(raw)
    return {"endpoint": endpoint, "value": value, "arm": [], "subgroup": [], "study": "", "raw": raw,
            "start": start, "end": start + len(raw), **extra}


def write(tmp_path: Path, facts: list[dict], text: str = TEXT, sha: str | None = None) -> tuple[Path, Path]:
    gold_dir, docs_dir = tmp_path / "gold", tmp_path / "docs"
    gold_dir.mkdir()
    docs_dir.mkdir()
    (docs_dir / "doc1.txt").write_bytes(text.encode("utf-8"))
    payload = {"doc_id": "doc1", "text_sha256": sha or text_sha256(text), "facts": facts}
    (gold_dir / "doc1.json").write_text(json.dumps(payload), encoding="utf-8")
    return gold_dir, docs_dir


def test_load_accepts_alias_lists_and_strings(tmp_path: Path) -> None:
    gold_dir, _ = write(tmp_path, [
        fact("40", "n", 40, arm="rechallenge", subgroup=["PS >= 2", "PS ≥2"]),
        fact("25.0% (10/40)", "orr", 25.0, arm=[], subgroup="", p=0.04, numerator=10, denominator=40),
    ])
    n, orr = load_gold(gold_dir)["doc1"].facts
    assert (n.arm, n.subgroup) == (("rechallenge",), ("PS >= 2", "PS ≥2"))
    assert (orr.arm, orr.subgroup, orr.p, orr.numerator) == ((), (), "0.04", 10)


def test_check_gold_clean_document_keeps_crlf(tmp_path: Path) -> None:
    """Offsets index the undecoded-newline text; a text-mode read would shift them by one."""
    gold_dir, docs_dir = write(tmp_path, [fact("40", "n", 40), fact("25.0% (10/40)", "orr", 25.0)])
    assert check_gold(gold_dir, docs_dir) == []


@pytest.mark.parametrize("broken, expected", [
    ({"start": TEXT.index("40") + 1}, "text[start:end]"),
    ({"end": len(TEXT) + 5}, "outside the text"),
    ({"endpoint": "ttp"}, "unknown endpoint"),
    ({"endpoint": "hr"}, "hr needs an outcome"),
    ({"value": None}, "not_reached is false"),
])
def test_check_gold_finds_broken_facts(tmp_path: Path, broken: dict, expected: str) -> None:
    gold_dir, docs_dir = write(tmp_path, [{**fact("40", "n", 40), **broken}])
    problems = check_gold(gold_dir, docs_dir)
    assert len(problems) == 1 and expected in problems[0]


def test_check_gold_finds_hash_mismatch(tmp_path: Path) -> None:
    gold_dir, docs_dir = write(tmp_path, [fact("40", "n", 40)], sha="0" * 64)
    assert ["text_sha256" in p for p in check_gold(gold_dir, docs_dir)] == [True]


def test_check_gold_finds_duplicates(tmp_path: Path) -> None:
    gold_dir, docs_dir = write(tmp_path, [fact("40", "n", 40, arm=["A"]), fact("40", "n", 40, arm=["a"])])
    assert ["duplicate fact n" in p for p in check_gold(gold_dir, docs_dir)] == [True]


def test_check_gold_reports_missing_text_and_bad_json(tmp_path: Path) -> None:
    gold_dir, docs_dir = write(tmp_path, [fact("40", "n", 40)])
    (gold_dir / "doc2.json").write_text("{not json", encoding="utf-8")
    (docs_dir / "doc1.txt").unlink()
    problems = check_gold(gold_dir, docs_dir)
    assert len(problems) == 2
    assert "no document text" in problems[0] and "cannot load" in problems[1]


def test_load_gold_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"doc_id": "bad", "facts": [{"value": 1}]}), encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json"):
        load_gold_file(path)


def test_seed_annotations_are_clean() -> None:
    seeds = SHARED / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"shared seed documents not available at {seeds}")
    assert check_gold(REPO / "annotations" / "seeds", seeds) == []

"""Development corpora: the split file, per-split and own-only scoring, per-document rows."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate.corpora import DEV_CORPORA, SPLIT_FILE, load_split
from pipeline.evaluate.dev import own_only, score_corpus, summary_lines


def test_the_recorded_split_covers_every_gold_document_and_is_about_one_third_check() -> None:
    split = load_split()
    for corpus in DEV_CORPORA:
        gold = sorted(p.stem for p in corpus.gold.glob("*.json"))
        assert all((corpus.name, d) in split for d in gold), corpus.name
        parts = [s for (c, _), s in split.items() if c == corpus.name]
        assert parts, corpus.name
        assert abs(parts.count("check") - len(parts) / 3) <= 1, corpus.name


@pytest.mark.parametrize("line", ["seeds\tx\tholdout", "seeds\tx", "seeds\t000_bd1e99e945d1295b\tdev"])
def test_a_malformed_or_repeated_split_line_fails_loudly(tmp_path: Path, line: str) -> None:
    path = tmp_path / "split.tsv"
    path.write_text(SPLIT_FILE.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="split.tsv:"):
        load_split(path)


def test_own_only_drops_cited_gold_and_predictions(make) -> None:
    gold = make.docs(make.gold("orr", 30.0), make.gold("orr", 20.0, study="Yan"))
    preds = make.predicted(make.fact("orr", 30.0), make.fact("orr", 20.0, study="Yan"))
    kept, kept_preds = own_only(gold, preds)
    assert [f.value for f in kept["d1"].facts] == [30.0]
    assert [p.value for p in kept_preds] == [30.0]


def test_score_corpus_scores_each_split_and_all(make) -> None:
    gold = make.docs(make.gold("orr", 30.0), make.gold("n", 40, doc_id="d2"))
    preds = make.predicted(make.fact("orr", 30.0), make.fact("n", 41, doc_id="d2"))
    split = {("c", "d1"): "dev", ("c", "d2"): "check"}
    result = score_corpus("c", gold, preds, {}, split, own=False)
    assert [p.part for p in result.parts] == ["dev", "check", "all"]
    assert result.part("dev").scores.micro.prf["value"].f1 == 1.0
    assert result.part("check").scores.micro.prf["value"].f1 == 0.0
    assert [r["value_f1"] for r in result.documents] == ["1.000", "0.000"]
    assert "attributed P" in summary_lines([result])[0]


def test_a_gold_document_outside_the_split_is_an_error(make) -> None:
    with pytest.raises(ValueError, match="not in annotations/split.tsv"):
        score_corpus("c", make.docs(make.gold("orr", 30.0)), [], {}, {}, own=False)

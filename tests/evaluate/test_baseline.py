"""The naive baseline extractor (pipeline/evaluate/baseline.py)."""
from __future__ import annotations

import pytest

from pipeline.evaluate.baseline import baseline_facts, sentence_spans


@pytest.mark.parametrize("text, expected", [
    ("We enrolled 120 patients in total.", [("n", None, 120.0)]),
    ("The objective response rate reached 41.5% overall.", [("orr", None, 41.5)]),
    ("ORR was 12% and DCR was 64%.", [("orr", None, 12.0), ("dcr", None, 64.0)]),
    ("Median PFS was 3.9 months versus 2.1 months.", [("pfs_median", None, 3.9)]),
    # naive on purpose: "OS" also takes the HR's number
    ("For OS, the hazard ratio was 0.71 (95% CI 0.5-0.9).", [("os_median", None, 0.71), ("hr", "os", 0.71)]),
    ("Progression-free survival favoured the doublet (HR 0.6).", [("pfs_median", None, 0.6), ("hr", "pfs", 0.6)]),
    ("Grade ≥3 adverse events occurred in 18.2% of cases.", [("trae_grade3", None, 18.2)]),
    ("Grade 3-4 treatment-related adverse events were seen in 9 of them.", [("trae_grade3", None, 9.0)]),
    ("The HR was favourable. It was 0.5 in the end.", []),  # the number is in the next sentence
    ("PFS2 lasted 7 months.", []),                          # not the PFS keyword
])
def test_first_number_after_keyword(text: str, expected: list) -> None:
    facts = baseline_facts("doc", text)
    assert [(f.endpoint, f.outcome, f.stat.value) for f in facts] == expected
    for f in facts:
        assert text[f.stat.start:f.stat.end] == f.stat.raw
        assert f.extractor == "baseline" and f.arm is f.subgroup is f.study is None


def test_repeated_values_are_kept_once() -> None:
    facts = baseline_facts("doc", "ORR was 20%. In the second cohort the ORR was 20% again.")
    assert [(f.endpoint, f.stat.value, f.stat.start) for f in facts] == [("orr", 20.0, 8)]


def test_sentence_spans_split_crudely() -> None:
    text = "Arm A vs. arm B. Smith et al. agreed (Fig. 1).\nNext line"
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Arm A vs. arm B.", "Smith et al. agreed (Fig. 1).", "Next line",
    ]

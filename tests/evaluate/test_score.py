"""Scorer cases worked out by hand (pipeline/evaluate/score.py)."""
from __future__ import annotations

import pytest

from pipeline.evaluate.score import (
    PRF, assign, label_matches, label_tokens, score, study_matches, values_match,
)


def by_endpoint(scores) -> dict:
    return {row.endpoint: row for row in scores.per_endpoint}


# --- values ------------------------------------------------------------------------------

@pytest.mark.parametrize("endpoint, gold, pred, expected", [
    ("n", 83, 83, True),
    ("n", 83, 84, False),
    ("hr", 0.46, 0.465, True),       # exactly at the 0.005 edge
    ("hr", 0.46, 0.455, True),
    ("hr", 0.46, 0.466, False),
    ("orr", 5.0, 5.06, True),        # 0.06 absolute edge (1% of 5 is smaller)
    ("orr", 5.0, 4.93, False),
    ("orr", 30.6, 30.906, True),     # 1% of 30.6 = 0.306
    ("orr", 30.6, 30.91, False),
    ("orr", 90.0, 90.9, True),       # 1% of 90 = 0.9 is wider than 0.06
    ("orr", 90.0, 90.91, False),
    ("os_median", 12.4, 12.52, True),
    ("pfs_median", 0.5, 0.56, True),
    ("pfs_median", 0.5, 0.57, False),
])
def test_value_tolerance_edges(make, endpoint, gold, pred, expected) -> None:
    outcome = "os" if endpoint == "hr" else None
    (p,) = make.predicted(make.fact(endpoint, pred, outcome=outcome))
    assert values_match(make.gold(endpoint, gold, outcome=outcome), p) is expected


@pytest.mark.parametrize("gold, pred, expected", [
    (None, None, True),   # not reached on both sides
    (None, 0.0, False),
    (4.2, None, False),
])
def test_not_reached_medians(make, gold, pred, expected) -> None:
    (p,) = make.predicted(make.fact("os_median", pred, arm="A"))
    assert values_match(make.gold("os_median", gold, arm=("A",)), p) is expected


def test_not_reached_prediction_reads_back_with_empty_value(make) -> None:
    (p,) = make.predicted(make.fact("pfs_median", None))
    assert p.value is None and p.not_reached


def test_hr_outcome_mismatch(make) -> None:
    gold = make.docs(make.gold("hr", 0.46, outcome="os"))
    scores = score(gold, make.predicted(make.fact("hr", 0.46, outcome="pfs")))
    hr = by_endpoint(scores)["hr"].prf["value"]
    assert (hr.tp, hr.fp, hr.fn) == (0, 1, 1)


# --- labels ------------------------------------------------------------------------------

@pytest.mark.parametrize("predicted, aliases, expected", [
    ("CPS >= 1", ("CPS ≥1",), True),
    ("cps≥1", ("CPS >= 1",), True),
    ("CPS => 1", ("CPS >= 1",), True),
    ("TFI ≤ 6 months", ("TFI <= 6 months",), True),
    ("PFS1 < 6 months", ("PFS1 >= 6 months",), False),   # operators are kept, complements differ
    ("the combination group", ("combination",), True),
    ("Combination arm", ("non-combination group",), True),  # {combination} is half of {non, combination}
    ("ITC+IT", ("ITC + IT",), True),
    ("ECOG PS 0–1", ("ECOG PS 0-1",), True),             # en dash
    ("immunotherapy", ("immunotherapy rechallenge",), True),
    ("rechallenge", ("immunotherapy rechallenge after progression",), False),  # 1 of 3 tokens
    ("chemo", ("chemotherapy", "chemo"), True),          # any alias
    ("arm A", ("A",), True),
    ("arm B", ("arm A",), False),
    ("", ("cohort A",), False),                           # a final "A" names the arm, it is no article
    ("a combination group", ("combination",), True),
    ("", (), True),
    ("patients", (), True),                               # only filler: whole cohort
    ("chemotherapy", (), False),
    ("", ("chemotherapy",), False),
])
def test_label_aliases(predicted, aliases, expected) -> None:
    assert label_matches(predicted, aliases) is expected


def test_label_tokens_unify_operators_and_drop_filler() -> None:
    assert label_tokens("Patients with PD-L1 ≥ 50%") == label_tokens("pd-l1 >= 50") == {"pd", "l1", ">=", "50"}


@pytest.mark.parametrize("predicted, gold, expected", [
    ("Yan et al.", "Yan", True),
    ("yan", "Yan", True),
    ("Yan", "", False),
    ("", "", True),
    ("Li", "Liu", False),
    ("ref 43", "ref 44", False),
    ("NIVO RETURNS", "nivo returns", True),
])
def test_study_surnames(predicted, gold, expected) -> None:
    assert study_matches(predicted, gold) is expected


# --- assignment and counts ---------------------------------------------------------------

def test_duplicate_values_pair_by_arm(make) -> None:
    """Equal values for two arms: labels decide the pairing, so CIs are compared with the right arm."""
    gold = make.docs(
        make.gold("orr", 20.0, arm=("combination",), ci=(10.0, 30.0), start=10),
        make.gold("orr", 20.0, arm=("monotherapy",), ci=(12.0, 28.0), start=20),
    )
    predicted = make.predicted(
        make.fact("orr", 20.0, arm="monotherapy", ci=(12.0, 28.0), start=10),
        make.fact("orr", 20.0, arm="combination", ci=(10.0, 30.0), start=20),
    )
    orr = by_endpoint(score(gold, predicted))["orr"]
    assert (orr.prf["value"].tp, orr.prf["attributed"].tp) == (2, 2)
    assert (orr.shares["ci"].hits, orr.shares["ci"].total) == (2, 2)


def test_each_gold_fact_matches_one_prediction(make) -> None:
    gold = make.docs(make.gold("n", 49))
    prf = by_endpoint(score(gold, make.predicted(make.fact("n", 49), make.fact("n", 49, start=5))))["n"].prf["value"]
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 0)


def test_value_level_prefers_more_pairs_over_closeness(make) -> None:
    """Gold 10.0 and 10.1; predictions 10.05 and 10.1: the closest pair (10.1, 10.1) must not strand 10.0."""
    gold = make.docs(make.gold("pfs_median", 10.0), make.gold("pfs_median", 10.1))
    predicted = make.predicted(make.fact("pfs_median", 10.05), make.fact("pfs_median", 10.14))
    assert by_endpoint(score(gold, predicted))["pfs_median"].prf["value"].tp == 2


def test_endpoints_with_equal_counts_do_not_mix(make) -> None:
    """orr and dcr share values; worked by hand:
    orr: gold 20 30 40, predicted 20 30 99 -> tp 2 fp 1 fn 1 (P = R = F1 = 2/3)
    dcr: gold 20 30 40, predicted 40       -> tp 1 fp 0 fn 2 (P 1, R 1/3, F1 1/2)
    micro: tp 3 fp 1 fn 3 -> P 3/4, R 1/2, F1 0.6 (the macro F1 would be 7/12)."""
    gold = make.docs(*(make.gold(e, v) for e in ("orr", "dcr") for v in (20.0, 30.0, 40.0)))
    predicted = make.predicted(
        make.fact("orr", 20.0), make.fact("orr", 30.0), make.fact("orr", 99.0), make.fact("dcr", 40.0),
    )
    scores = score(gold, predicted)
    rows = by_endpoint(scores)
    assert rows["orr"].prf["value"] == PRF(tp=2, fp=1, fn=1, precision=2 / 3, recall=2 / 3, f1=2 / 3)
    assert rows["dcr"].prf["value"] == PRF(tp=1, fp=0, fn=2, precision=1.0, recall=1 / 3, f1=0.5)
    micro = scores.micro.prf["value"]
    assert (micro.tp, micro.fp, micro.fn) == (3, 1, 3)
    assert micro.precision == pytest.approx(0.75)
    assert micro.recall == pytest.approx(0.5)
    assert micro.f1 == pytest.approx(0.6)
    assert (scores.micro.gold, scores.micro.predicted) == (6, 4)


def test_attributed_needs_arm_subgroup_and_study(make) -> None:
    gold = make.docs(
        make.gold("os_median", 12.4, arm=("rechallenge",), study="Yan", start=0),
        make.gold("os_median", 5.3, subgroup=("PS >= 2",), start=10),
        make.gold("os_median", 7.0, arm=("chemotherapy",), start=20),
    )
    predicted = make.predicted(
        make.fact("os_median", 12.4, arm="rechallenge group", study="Yan et al.", start=0),  # right
        make.fact("os_median", 5.3, subgroup="PS < 2", start=10),                             # wrong subgroup
        make.fact("os_median", 7.0, arm="chemotherapy", study="Liu", start=20),               # wrong study
    )
    row = by_endpoint(score(gold, predicted))["os_median"]
    assert row.prf["value"].tp == 3
    assert (row.prf["attributed"].tp, row.prf["attributed"].fp, row.prf["attributed"].fn) == (1, 2, 2)


def test_ci_share_counts_only_gold_with_ci(make) -> None:
    gold = make.docs(
        make.gold("hr", 0.46, outcome="os", ci=(0.32, 0.69), start=0),
        make.gold("hr", 0.8, outcome="pfs", ci=(0.5, 1.2), start=10),
        make.gold("hr", 1.5, outcome="pfs", start=20),
    )
    predicted = make.predicted(
        make.fact("hr", 0.46, outcome="os", ci=(0.324, 0.69), start=0),  # within 0.005
        make.fact("hr", 0.8, outcome="pfs", ci=(0.5, 1.3), start=10),    # upper bound wrong
        make.fact("hr", 1.5, outcome="pfs", start=20),
    )
    ci = by_endpoint(score(gold, predicted))["hr"].shares["ci"]
    assert (ci.hits, ci.total, ci.rate) == (1, 2, 0.5)


def test_empty_predictions_and_empty_gold(make) -> None:
    gold = make.docs(make.gold("orr", 30.6), empty=("d2",))
    scores = score(gold, make.predicted(make.fact("dcr", 50.0, doc_id="d2")))
    rows = by_endpoint(scores)
    assert rows["orr"].prf["value"] == PRF(tp=0, fp=0, fn=1, precision=0.0, recall=0.0, f1=0.0)
    assert rows["dcr"].prf["value"] == PRF(tp=0, fp=1, fn=0, precision=0.0, recall=0.0, f1=0.0)
    assert rows["n"].prf["value"] == PRF(tp=0, fp=0, fn=0, precision=0.0, recall=0.0, f1=0.0)


def test_predictions_outside_gold_documents_are_ignored(make) -> None:
    scores = score(make.docs(make.gold("n", 10)), make.predicted(make.fact("n", 10), make.fact("n", 5, doc_id="x")))
    assert scores.micro.prf["value"] == PRF(tp=1, fp=0, fn=0, precision=1.0, recall=1.0, f1=1.0)


def test_endpoint_restriction(make) -> None:
    gold = make.docs(make.gold("orr", 30.0), make.gold("n", 10))
    scores = score(gold, make.predicted(make.fact("orr", 30.0), make.fact("n", 11)), endpoints={"orr"})
    assert scores.endpoints == ("orr",)
    assert scores.micro.prf["value"] == PRF(tp=1, fp=0, fn=0, precision=1.0, recall=1.0, f1=1.0)


def test_matchings_list_false_positives_and_negatives(make) -> None:
    gold = make.docs(make.gold("dcr", 80.0, arm=("A",)))
    matching = score(gold, make.predicted(make.fact("dcr", 80.0, arm="B"))).matchings
    assert len(matching["value"].pairs) == 1
    assert [g.value for g in matching["attributed"].missed] == [80.0]
    assert [p.arm for p in matching["attributed"].spurious] == ["B"]


@pytest.mark.parametrize("tp, fp, fn, expected", [
    (0, 0, 0, (0.0, 0.0, 0.0)),
    (0, 3, 2, (0.0, 0.0, 0.0)),
    (1, 1, 0, (0.5, 1.0, 2 / 3)),
])
def test_prf_arithmetic(tp, fp, fn, expected) -> None:
    prf = PRF.from_counts(tp, fp, fn)
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx(expected)


def test_assign_is_lexicographic() -> None:
    """Most pairs first, then preferred pairs, then closeness."""
    def score_pair(a: str, b: str):
        return None if (a, b) == ("y", "q") else (a == "x" and b == "p", 1.0 if b == "q" else 0.0)
    # x-q (closest) would strand y; x-p is preferred; y-p is allowed but then x-q loses the preference
    assert assign(["x", "y"], ["p", "q"], score_pair) == [(0, 1), (1, 0)]
    assert assign(["x"], ["p", "q"], score_pair) == [(0, 0)]
    assert assign([], ["p"], score_pair) == []

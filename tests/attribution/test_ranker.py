"""The learned ranker: features of candidates, a deterministic fit, the saved model, the strategy wrapper."""
from __future__ import annotations

from pathlib import Path

from pipeline.attribution import comparison_groups, find_frame, sentence_view
from pipeline.attribution.mentions import Kind
from pipeline.attribution.ranker import FRAME, MODEL_PATH, Ranker, candidates, features, load_ranker
from pipeline.attribution.training import Example, fit
from pipeline.extractors import extract_sentence
from pipeline.extractors.base import SentenceContext
from pipeline.nlp.sentences import sentence_spans

FRAME_TEXT = "In total, 40 patients received ICI rechallenge and 30 patients received chemotherapy. "


def _view(sentence: str):
    text = FRAME_TEXT + sentence
    frame = find_frame(text, sentence_spans(FRAME_TEXT))
    findings = extract_sentence(SentenceContext(text=text, start=len(FRAME_TEXT), end=len(text)))
    return sentence_view(text, len(FRAME_TEXT), len(text), findings, frame, True), comparison_groups(findings)


def test_candidates_are_none_the_mentions_and_the_frame_arms_not_named() -> None:
    view, _ = _view("In the rechallenge group, the ORR was 30%.")
    options = candidates(view, Kind.ARM)
    assert [o.label for o in options] == ["", "ICI rechallenge", "chemotherapy"]
    assert options[2].source == FRAME


def test_features_describe_direction_clause_and_list_position() -> None:
    view, groups = _view("The ORR was 30.6% in the rechallenge group and 6.0% in the chemotherapy group.")
    (group,) = [g for g in groups if g[0].endpoint == "orr"]
    options = candidates(view, Kind.ARM)
    first = features(group, 0, view, Kind.ARM, options[1])
    assert first["dir=after"] == 1.0 and first["same-clause"] == 1.0 and "prev=in" in first
    assert features(group, 0, view, Kind.ARM, options[0])["none"] == 1.0


def _examples() -> list[Example]:
    right = Example(doc_id="d", kind=Kind.ARM, options=({"none": 1.0}, {"mention": 1.0, "near": 1.0}), right=(False, True), decides=True)
    none = Example(doc_id="d", kind=Kind.ARM, options=({"none": 1.0}, {"mention": 1.0, "far": 1.0}), right=(True, False),
                   decides=True)
    return [right] * 6 + [none] * 4


def test_fit_is_deterministic_and_learns_the_pattern() -> None:
    a, b = fit(_examples()), fit(_examples())
    assert a == b
    assert a.weights["near"] > a.weights["far"]
    assert 0.0 < a.threshold <= 1.0


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    from pipeline.attribution.training import save

    ranker = fit(_examples())
    save(ranker, tmp_path / "ranker.json")
    load_ranker.cache_clear()
    try:
        assert load_ranker(tmp_path / "ranker.json") == ranker
        assert load_ranker(tmp_path / "missing.json") is None
    finally:
        load_ranker.cache_clear()


def test_the_committed_model_loads() -> None:
    ranker = load_ranker(MODEL_PATH)
    assert isinstance(ranker, Ranker) and ranker.weights and 0.0 < ranker.threshold <= 1.0


def test_the_review_threshold_is_calibrated_on_documents_the_weights_were_not_fit_on() -> None:
    from pipeline.attribution.training import FOLDS, _fold, _judged, _threshold, _weights

    docs = [f"doc{i}" for i in range(40)]
    assert len({_fold(d) for d in docs}) == FOLDS and _fold("doc1") == _fold("doc1")
    # each document's right candidate carries a feature of its own: fit on it, the choice looks certain
    examples = [Example(doc_id=d, kind=Kind.ARM, options=({"none": 1.0, **({d: 1.0} if i % 3 else {})},
                                      {"mention": 1.0, **({} if i % 3 else {d: 1.0})}), right=(bool(i % 3), not i % 3), decides=True)
                for i, d in enumerate(docs)]
    out_of_fold = [j for fold in range(FOLDS) for j in _judged(
        _weights([e for e in examples if _fold(e.doc_id) != fold]), [e for e in examples if _fold(e.doc_id) == fold])]
    assert fit(examples).threshold == _threshold(out_of_fold) != _threshold(_judged(_weights(examples), examples))


def test_review_threshold_counts_choices_without_a_right_candidate_and_only_the_rankers_own() -> None:
    """Regression: the threshold was calibrated on examples with a right candidate only, so a sentence whose
    subgroup no mention names ("In these patients, ...") looked like a sure "no subgroup"."""
    from pipeline.attribution.training import _judged, _threshold, _weights

    docs = [f"doc{i}" for i in range(40)]
    sure = [Example(doc_id=d, kind=Kind.SUBGROUP, options=({"none": 1.0}, {"mention": 1.0}), right=(False, True), decides=True)
            for d in docs]
    missed = [Example(doc_id=d, kind=Kind.SUBGROUP, options=({"none": 1.0}, {"mention": 1.0}), right=(False, False), decides=True)
              for d in docs[:10]]
    elsewhere = [Example(doc_id=d, kind=Kind.SUBGROUP, options=({"none": 1.0}, {"mention": 1.0}), right=(False, False),
                         decides=False) for d in docs]
    weights = _weights(sure)
    assert fit(sure + missed + elsewhere).weights == weights  # the fit reads only examples with a right candidate
    assert fit(sure + elsewhere).threshold == fit(sure).threshold  # another strategy decides those
    assert fit(sure + missed).threshold > fit(sure).threshold == _threshold(_judged(weights, sure))

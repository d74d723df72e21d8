import pytest

from pipeline.attribution.scopes import citation_numbers, study_scopes
from pipeline.nlp.sentences import sentence_spans


def scopes(text):
    spans = sentence_spans(text)
    return [(text[s:e][:12], st) for (s, e), st in zip(spans, study_scopes(text, spans))]


def test_citation_numbers():
    assert citation_numbers("as shown (5, 6) and (16, 22–24) but not (n=48)") == ([5, 6, 16, 22], 24)


def test_citation_numbers_start_near_the_highest_cited_before():
    assert citation_numbers("as shown (35, 36)", highest=30) == ([35, 36], 36)
    assert citation_numbers("as shown (35, 36)", highest=20) == ([], 20)


def test_named_study_binds_its_number_and_scope_continues():
    text = ("Lee et al. studied 50 patients (12). The ORR was 20% (12). "
            "Risk was higher (HR = 1.5).\nOur cohort had 30 patients.")
    assert [st for _, st in scopes(text)] == ["Lee", "Lee", "Lee", ""]


def test_unnamed_citation_gets_ref_number():
    text = "Park et al. treated 20 patients (3).\nA registry (n=104) found longer mPFS (9).\n"
    assert [st for _, st in scopes(text)] == ["Park", "ref 9"]


def test_number_bound_later_to_the_open_scope():
    text = "Kim et al. reported 40 patients. Their ORR was 10% (21). Later work agreed (21)."
    assert [st for _, st in scopes(text)] == ["Kim", "Kim", "Kim"]


OPENING = "Rechallenge in lung cancer: a review.\nWe review rechallenge. It is common.\n"


def test_group_acronym_names_a_study():
    text = OPENING + "A study of the Nordic Lung Cancer Group (NLCG) of 38 patients found an ORR of 20% (7)."
    assert [st for _, st in scopes(text)][-1] == "NLCG"


def test_regression_an_update_of_a_named_trial_is_the_documents_own_study():
    text = ("Five-year results of the KEYCARD trial.\nIn the KEYCARD trial, 300 patients received nivolumab. "
            "The ORR was 40% in the KEYCARD trial.")
    assert [st for _, st in scopes(text)] == ["", "", ""]


def test_regression_a_dose_unit_is_no_citation():
    text = "Patients received drug A 250 mg/m(2) on day 1 (arm A). The ORR was 30%."
    assert [st for _, st in scopes(text)] == ["", ""]


def test_background_sentences_quote_other_studies_unless_they_speak_of_the_own():
    from pipeline.attribution.scopes import background_scopes

    text = "Earlier trials found an ORR of 20%. In our study, the ORR was 30%. Lee et al. found 25% (4)."
    spans = sentence_spans(text)
    assert background_scopes(text, spans, study_scopes(text, spans), [True, True, True]) == ["cited", "", "Lee"]


@pytest.mark.parametrize("sentence", ["The median age was 61 (33–80) years.",
                                      "Patients received a median of six (1–8) cycles after surgery."])
def test_regression_a_range_after_a_number_was_read_as_a_citation(sentence: str) -> None:
    assert citation_numbers(sentence) == ([], 0)


def test_regression_bracketed_numbers_of_a_table_row_made_it_a_cited_study() -> None:
    text = "We treated 40 patients.\n| Median (IQR) | 62 (29–79) | 64 (25–78) |"
    sentences = [(0, 23), (24, len(text))]
    assert study_scopes(text, sentences, [False, True]) == ["", ""]


def test_regression_a_count_in_brackets_was_read_as_a_citation_and_scoped_the_rest_to_it() -> None:
    text = ("We randomised 300 women to drug A daily (149) or observation (151). "
            "The ORR was 30% with drug A.")
    assert [st for _, st in scopes(text)] == ["", ""]

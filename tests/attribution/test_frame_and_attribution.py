import pytest

from pipeline.attribution import attribute_sentence, canonical_arm, find_frame
from pipeline.extractors import extract_sentence
from pipeline.extractors.base import SentenceContext
from pipeline.nlp.sentences import sentence_spans


@pytest.mark.parametrize(
    "text, names",
    [
        ("Of these, 40 patients received ICI rechallenge and 30 patients received chemotherapy as second-line therapy.",
         ["ICI rechallenge", "chemotherapy"]),
        ("Of them, 60 received anlotinib plus PD-1 inhibitors (A+P, combination group), and 80 did not receive "
         "anlotinib (P, non-combination group).", ["combination group", "non-combination group"]),
        ("Rechallenge versus docetaxel in advanced NSCLC", ["Rechallenge", "docetaxel"]),
    ],
)
def test_find_frame(text, names):
    assert [a.name for a in find_frame(text, sentence_spans(text))] == names


def attribute(text, frame_text=""):
    doc = frame_text + text
    frame = find_frame(doc, sentence_spans(frame_text)) if frame_text else ()
    start = len(frame_text)
    ctx = SentenceContext(doc, start, len(doc))
    out = attribute_sentence(doc, start, len(doc), extract_sentence(ctx), frame, True)
    return [(a.finding.endpoint, a.finding.stat.value, a.arm, a.subgroup) for a in out]


FRAME = "In total, 40 patients received ICI rechallenge and 30 patients received chemotherapy. "


def test_comparison_follows_the_frame():
    got = attribute("The ORR was higher (30.0% vs. 6.0%).", FRAME)
    assert got == [("orr", 30.0, "ICI rechallenge", ""), ("orr", 6.0, "chemotherapy", "")]


def test_subgroup_scopes_a_comparison_and_arms_come_from_the_frame():
    got = attribute("In patients with CPS ≥1, mPFS was 4.8 vs. 2.2 months, whereas CPS<1 patients did not benefit.", FRAME)
    assert got == [("pfs_median", 4.8, "ICI rechallenge", "CPS >= 1"), ("pfs_median", 2.2, "chemotherapy", "CPS >= 1")]


def test_arms_named_next_to_values():
    got = attribute("Grade ≥3 TRAEs occurred in 20.0% of patients in the chemotherapy group versus 10.0% in the ICI rechallenge group.", FRAME)
    assert got == [("trae_grade3", 20.0, "chemotherapy", ""), ("trae_grade3", 10.0, "ICI rechallenge", "")]


def test_comparator_named_first_goes_last():
    frame = "Here, 60 received drug A (combination group), and 80 received drug B (non-combination group). "
    got = attribute("Compared with the non-combination group, the combination group had longer PFS (20.8 vs. 8.2 months).", frame)
    assert [a for _, _, a, _ in got] == ["combination group", "non-combination group"]


def test_threshold_subgroup_complement_without_arms():
    got = attribute("Patients with PFS1 ≥ 6 months had longer mOS (15.0 vs. 7.0 months).")
    assert [s for *_, s in got] == ["PFS1 >= 6 months", "PFS1 < 6 months"]


def test_factor_hr_gets_the_factor():
    got = attribute("TFI ≤ 6 months was an independent risk factor for shorter PFS (HR = 1.8, 95% CI 1.3-2.4).")
    assert got == [("hr", 1.8, "", "TFI <= 6 months")]


def test_n_received_gets_its_arm():
    got = attribute("Of these, 40 patients received ICI rechallenge and 30 patients received chemotherapy.", FRAME)
    assert got == [("n", 40.0, "ICI rechallenge", ""), ("n", 30.0, "chemotherapy", "")]


def test_canonical_arm_matches_aliases():
    frame = find_frame(FRAME, sentence_spans(FRAME))
    assert canonical_arm("the chemotherapy group", frame) == "chemotherapy"
    assert canonical_arm("placebo", frame) == "placebo"

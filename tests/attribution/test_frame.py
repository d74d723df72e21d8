"""The arms frame: arms from the rules that define them, merged across names, two or more or none."""
from __future__ import annotations

import pytest

from pipeline.attribution.frame import find_frame, name_of
from pipeline.nlp.sentences import sentence_spans


def frame_of(text: str, abbreviations: tuple[tuple[str, str], ...] = ()):
    return find_frame(text, sentence_spans(text), abbreviations)


@pytest.mark.parametrize(("text", "names"), [
    ("Of these, 40 patients received ICI rechallenge and 30 patients received chemotherapy as second-line therapy.",
     ["ICI rechallenge", "chemotherapy"]),
    ("The study included 77 patients (drug X plus chemotherapy, n = 38; drug X monotherapy, n = 20; chemotherapy "
     "alone, n = 19).", ["drug X plus chemotherapy", "drug X monotherapy", "chemotherapy alone"]),
    ("Altogether 60 patients were enrolled (31 pts in the FOLFIRI and 29 pts in the XELOX arm).", ["FOLFIRI", "XELOX"]),
    ("Patients were randomised to either the FOLFOX regimen or the FOLFIRI arm. ORR was similar.", ["FOLFOX regimen", "FOLFIRI arm"]),
    ("Rechallenge versus docetaxel in advanced lung cancer: a cohort study.", ["Rechallenge", "docetaxel"]),
    ("Patients received either gemcitabine 1000 mg/m(2) (GEM) or pemetrexed 500 mg/m(2) (PEM).", ["gemcitabine", "pemetrexed"]),
    ("Forty patients were randomly divided into two groups: group A (nivolumab) and group B (docetaxel). "
     "ORR was 30% in group A and 20% in group B.", ["group A", "group B"]),
])
def test_find_frame(text: str, names: list[str]) -> None:
    assert [a.name for a in frame_of(text).arms] == names


@pytest.mark.parametrize(("text", "names"), [
    ("In all, 18 patients (40.9%) received FOLFOX and 26 patients (59.1%) received FOLFOX plus pembrolizumab.",
     ["FOLFOX", "FOLFOX plus pembrolizumab"]),
    ("We compared patients who received anlotinib continuation and those who received docetaxel after progression.",
     ["anlotinib continuation", "docetaxel"]),
    ("Of them, 30 (37.5%) had been treated with regorafenib, and the remainder had received TAS-102 (TAS).",
     ["regorafenib", "TAS-102"]),
    ("Patients were randomly assigned to XP (X 1,000 mg/m(2) days\n1 to 14; P 75 mg/m(2) day 1) or FP (F 800 mg/m(2) "
     "days 1 to 5; P 75 mg/m(2) day 1) every 21 days.", ["XP", "FP"]),
    # names starting with a drug's digit, and groups written with a hyphen
    ("Drug Q versus 5-fluorouracil plus vinorelbine in breast cancer: a randomised trial.",
     ["Drug Q", "5-fluorouracil plus vinorelbine"]),
    ("Women were enrolled (group-A, n = 60; group-B, n = 58).", ["group-A", "group-B"]),
    ("Letrozole versus tamoxifen as adjuvant therapy: final results.", ["Letrozole", "tamoxifen"]),
    # regression: "assigned 300 patients to receive drug A" named the arm "receive drug A"
    ("We assigned 300 patients to receive nivolumab and 298 to receive placebo.", ["nivolumab", "placebo"]),
    # regression: "A versus standard of care" stopped the comparator at "of", and "standard" names no treatment
    ("Drug Q versus standard of care in advanced melanoma: a phase III trial.", ["Drug Q", "standard of care"]),
    # a backbone with or without an added drug: the backbone alone and the added drug
    ("We randomised 400 patients to chemotherapy with or without nintedanib. ORR was 30%.",
     ["chemotherapy alone", "nintedanib"]),
    # what N patients received names an arm, a drug or not
    ("Thirty women received acupuncture and 28 received sham needling. Hot flushes fell by 40%.",
     ["acupuncture", "sham needling"]),
])
def test_frame_rules_added_for_unseen_papers(text: str, names: list[str]) -> None:
    assert [a.name for a in frame_of(text).arms] == names


def test_regression_complement_group_of_a_defined_treatment_was_a_subgroup() -> None:
    """"into SCT (n = 54) and non-SCT (n = 43) groups", SCT defined as salvage chemotherapy: two arms, not a
    statement ("Patients were classified into SCT") and a subgroup ("non-SCT")."""
    text = ("Salvage chemotherapy (SCT) was given to some. Patients were classified into SCT (n=54) and non-SCT "
            "(n=43) groups. ORR was 30%.")
    frame = frame_of(text, (("SCT", "salvage chemotherapy"),))
    assert [a.name for a in frame.arms] == ["SCT", "non-SCT"] and "non-SCT" not in frame.groups


def test_regression_clipped_arm_name_was_a_subgroup() -> None:
    """"(tivo + nivo, n = 90)" after "tivozanib plus nivolumab" names that arm, not a subgroup."""
    text = ("Patients were randomly assigned to tivozanib plus nivolumab or tivozanib alone. In all, 180 patients were "
            "included (tivo + nivo, n = 90; tivozanib alone, n = 90).")
    frame = frame_of(text)
    assert frame.arm_named("tivo + nivo") is frame.arms[0] and "tivo + nivo" not in frame.groups



def test_a_bracket_adds_the_arm_names_and_group_words_are_optional() -> None:
    frame = frame_of("Of them, 60 received drug A plus PD-1 inhibitors (A+P, combination group), and 80 did not receive "
                     "drug A (P, non-combination group).")
    assert [a.name for a in frame.arms] == ["combination group", "non-combination group"]
    assert frame.arm_named("the combination") is frame.arms[0]


def test_a_single_treatment_is_no_frame() -> None:
    assert not frame_of("In total, 45 patients received nivolumab. The ORR was 20%.").arms


def test_abbreviations_link_the_long_and_short_names() -> None:
    text = "Patients received capecitabine with irinotecan or capecitabine with cisplatin (n = 50 each)."
    frame = frame_of("In total, 40 patients received XI and 38 patients received XP.",
                     (("XI", "capecitabine with irinotecan"), ("XP", "capecitabine with cisplatin")))
    assert frame.arm_named("capecitabine with irinotecan").name == "XI"
    assert text  # the names need not appear in the text the frame was read from


@pytest.mark.parametrize(("text", "name"), [
    ("vinflunine 320 mg/m(2) every 21 days", "vinflunine"), ("irinotecan 250 mg/m(2) (XI)", "irinotecan"),
    ("a separate group who received drug X without preceding ICI", "drug X without preceding ICI"),
    ("Most patients discontinued the first ICI due to progression", ""), ("either A or B", ""),
    # a course's length and the verb of receiving are no part of the name
    ("5 years of letrozole", "letrozole"), ("6 months of oral drug Q", "oral drug Q"),
    ("undergo radical mastectomy", "radical mastectomy"), ("treatment with drug Q", "drug Q"),
])
def test_name_of(text: str, name: str) -> None:
    assert name_of(text) == name


def test_regression_arms_of_a_randomisation_that_name_no_drug_were_no_frame() -> None:
    text = "Methods: 120 adults were randomly assigned to a walking programme (n = 60) or usual care (n = 60)."
    frame = find_frame(text, sentence_spans(text))
    assert [a.name for a in frame.arms] == ["walking programme", "usual care"]


@pytest.mark.parametrize(("text", "names"), [
    ("Drug A plus lenvatinib versus drug A alone after progression.\nOf 86 patients, 41 received drug A plus lenvatinib "
     "and 45 continued drug A alone. The combination group had a higher ORR than the monotherapy group.",
     [["Drug A plus lenvatinib", "combination group"], ["drug A alone", "monotherapy group"]]),
])
def test_an_arm_named_by_its_role_joins_the_arm_that_plays_it(text: str, names) -> None:
    arms = frame_of(text).arms
    assert [[n for n in names_ if n in a.aliases] for a, names_ in zip(arms, names)] == names


@pytest.mark.parametrize("gap", [" ", "\r\n"])
def test_regression_arms_sized_after_between_were_a_statement(gap: str) -> None:
    """"no difference was seen between QX-101 (n = 301) and placebo (n = 299) arms" named only placebo: the first
    label ran back to the clause start ("there was no difference ... between QX-101"), a statement; a scraped line
    break before "between" kept the cut from reaching it."""
    text = f"At the final analysis, there{gap}was no difference seen between QX-101 (n = 301) and placebo (n = 299) arms."
    assert [a.name for a in frame_of(text).arms] == ["QX-101", "placebo"]


def test_with_or_without_only_extends_arms_the_stronger_rules_name() -> None:
    """"Drug Q with or without chemotherapy" in a title next to arms sized in the text: the sized arms stay the
    frame, and the added drug ("chemotherapy") makes no third arm."""
    text = ("Drug Q with or without chemotherapy after immunotherapy. Of 60 patients, 25 received drug Q alone "
            "and 35 received drug Q plus chemotherapy.")
    assert [a.name for a in frame_of(text).arms] == ["drug Q alone", "drug Q plus chemotherapy"]


def test_the_group_sized_beside_a_control_arm_is_the_other_arm() -> None:
    text = ("We randomly split 90 patients into two groups. | Item | Study group (n = 58) | Control group (n = 32) |. "
            "The ORR was 30% in the study group and 10% in the control group.")
    assert [a.name for a in frame_of(text).arms] == ["Study group", "Control group"]


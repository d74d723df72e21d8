import pytest
import regex

from pipeline.extractors.cues import BLOCKER_PATTERNS, CUE_PATTERNS, DEFINITION, DESIGN_SENTENCE, find_cues


@pytest.mark.parametrize(
    "text, endpoints",
    [
        ("the objective response rate (ORR) was", ["orr", "orr"]),
        ("DCR of 55.2%", ["dcr"]),
        ("Grade ≥3 TRAEs occurred", ["trae_grade3"]),
        ("grade 3 or higher treatment-related adverse events", ["trae_grade3"]),
        ("≥Grade 3 irAEs", ["trae_grade3"]),
        ("grade 3–4 adverse events", ["trae_grade3"]),
        ("median PFS and mOS", ["pfs_median", "os_median"]),
        ("PFS2 after rechallenge", ["pfs_median"]),
        ("overall survival (OS)", ["os_median", "os_median"]),
    ],
)
def test_endpoint_cues(text, endpoints):
    assert [c.endpoint for c in find_cues(text) if not c.blocker] == endpoints


@pytest.mark.parametrize(
    "text",
    [
        "the 6-month PFS rate",
        "1-year OS",
        "patients with PFS_1_ ≥ 6 months",
        "median follow-up",
        "any-grade TRAEs",
        "the most common grade 3 or higher adverse events were anemia",
    ],
)
def test_blockers_hide_non_endpoints(text):
    cues = find_cues(text)
    assert cues and all(c.blocker for c in cues), cues


def test_os_is_case_sensitive():
    assert find_cues("the os of the femur") == []


@pytest.mark.parametrize(
    "text, endpoints",
    [
        # "RR" is a response rate; "survival" alone is overall survival
        ("the RR and DCR of the cohort", ["orr", "dcr"]),
        ("median survival in both groups", ["os_median"]),
        ("the median survival time was", ["os_median"]),
        # a rate defined as responses plus stable disease is a disease control rate
        ("the clinical benefit rate (PR+SD) reached", ["dcr"]),
        ("the CBR (CR + PR + SD) was", ["dcr"]),
        # the words of a definition are no cues of their own
        ("an objective response rate (ORR = CR + PR) of", ["orr"]),
        ("a disease control rate (ORR+stable disease) of", ["dcr"]),
        ("disease control [ie, CR + PR + SD], 31", ["dcr"]),
        # AEs named before their grade; "high-grade" and "G3-4" AEs; side effects
        ("toxicities of grade 3 or higher were", ["trae_grade3"]),
        ("the incidence of adverse reactions at grade 3 was", ["trae_grade3"]),
        ("high-grade irAEs were", ["trae_grade3"]),
        ("G3-4 AEs occurred", ["trae_grade3"]),
        ("G≥3 TRAEs occurred", ["trae_grade3"]),
        ("grade 3–4 side effects", ["trae_grade3"]),
        # cues broken over a line
        ("the disease\ncontrol rate was", ["dcr"]),
    ],
)
def test_new_endpoint_cues(text, endpoints):
    assert [c.endpoint for c in find_cues(text) if not c.blocker] == endpoints


@pytest.mark.parametrize(
    "text",
    [
        "post progression survival",
        "disease-free survival",
        "progression free survival was",  # PFS, not OS
        "a relative risk ratio (RR)",
        "grade ≥2 irAEs",
        "the survival rate at two years",
    ],
)
def test_not_an_os_or_rate_cue(text):
    assert [c.endpoint for c in find_cues(text) if not c.blocker and c.endpoint != "pfs_median"] == []


@pytest.mark.parametrize(
    "text, blocker",
    [
        ("10 CRs and 4 partial responses", "response_category"),
        ("with stable disease in 12", "response_category"),
        ("grade 3 neutropenia", "named_ae"),
        ("haematological toxicity", "organ_ae"),
        ("grade 3-4 neurological toxicity", "organ_ae"),
        ("any cardiac adverse events of grade 3", "organ_ae"),
        ("| Other sensory toxicity grade 3 |", "organ_ae"),
        # regression (haematological-toxicity-as-trae): blood toxicity is one category of AEs
        ("grade 3 or 4 haematological toxicity", "organ_ae"),
        ("grade 3-4 non-hematologic toxicity", "organ_ae"),
        ("patients older than 70 years", "age"),
        ("the median DoR was", "dor"),
        ("the clinical benefit rate was", "clinical_benefit"),
        ("the 1-year, 2-year and 3-year survival rates", "landmark"),
        ("the 2-year actuarial survival", "landmark"),
        ("the probability of PFS at 12 months", "landmark"),
        ("OS rate at 24 months", "landmark"),
        ("after a median F/U of", "other_time"),
        ("all-grade AEs", "other_rate"),
        ("serious AEs of grade ≥3", "serious_ae"),
        ("a further reduction by 50%", "dose_change"),
    ],
)
def test_new_blockers(text, blocker):
    assert f"block:{blocker}" in [c.endpoint for c in find_cues(text)], find_cues(text)


def test_landmark_covers_its_whole_endpoint():
    # regression: "the median 4-month progression free survival" left "survival" to be read as OS
    assert [c.endpoint for c in find_cues("the median 4-month progression free survival was")] == ["block:landmark"]


@pytest.mark.parametrize(
    "text",
    [
        "Assuming a 25% response rate, 60 patients will be enrolled in each arm.",
        "The overall power is 80% for a true response rate of 40%.",
        "With expected response rates of 20% and 35%, a two-stage design was chosen.",
        "A total of 44 evaluable patients were required for the primary analysis.",
        "We took a 35% response rate as a promising result.",
        "In arm B, a response rate of 35% was expected.",
        "We strived for 50 patients per arm to allow for dropouts.",
        "Survival of 11 of these 17 patients would have allowed the second stage.",
    ],
)
def test_design_sentences(text):
    assert DESIGN_SENTENCE.search(text)


@pytest.mark.parametrize("text", ["The ORR was higher than expected (41%).", "As expected, grade 3 AEs were rare (8%)."])
def test_results_are_no_design_sentences(text):
    assert not DESIGN_SENTENCE.search(text)


def _every_row_alone(sentence: str) -> list[tuple[str, int, int]]:
    """What find_cues gave before rows were skipped by their words: every pattern scanned on its own."""
    rows = [(f"block:{name}", regex.compile(p, 0 if cs else regex.I)) for name, _, p, cs in BLOCKER_PATTERNS]
    rows += [(name, regex.compile(p, 0 if cs else regex.I)) for name, p, cs in CUE_PATTERNS]
    found = [(name, m.start(), m.end()) for name, pattern in rows for m in pattern.finditer(sentence)]
    definitions = [m.span() for m in regex.finditer(DEFINITION, sentence)]
    found = [c for c in found if not any(a < c[1] and c[2] < b for a, b in definitions)]
    kept: list[tuple[str, int, int]] = []
    for c in sorted(found, key=lambda c: (c[1], c[1] - c[2])):
        if not kept or c[1] >= kept[-1][2]:
            kept.append(c)
    return kept


@pytest.mark.parametrize("text", [
    "The ORR was 40% (CR + PR) and the DCR (CR+PR+SD) reached 70%; median PFS 5.1 months.",
    "A 12-month OS rate of 60% and a 2-year PFS of 30%, ranging from 10% to 30%, after median follow-up of 2 years.",
    "Grade ≥3 TRAEs occurred in 12%, any-grade AEs in 80%; neutropenia (20%) and serious adverse events (SAEs) 5%.",
    "PFS1 was longer than PFS2 (HR 0.7); overall survival (OS) was 14 months, OR 2.1 for response, RR 30%.",
    "Clinical benefit rate (PR+SD) 45%, CBR 50%, TTP 3 mo, duration of response 8 months, aged 65 years or older than 70.",
    "ſurvival and progreſsion-free SURVIVAL, K-ras, no cue at all here, 3 + 4 = 7 [ie, CR + PR].",
    "",
])
def test_skipping_rows_by_their_words_finds_what_every_row_alone_finds(text):
    assert [(c.endpoint, c.start, c.end) for c in find_cues(text)] == _every_row_alone(text)


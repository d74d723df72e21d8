"""Each strategy on the example sentences of its docstring (our own sentences), called directly, so the
learned ranker does not stand in between."""
from __future__ import annotations

import pytest

from pipeline.attribution import comparison_groups, find_frame, sentence_view
from pipeline.attribution.frame import Frame
from pipeline.attribution.mentions import Kind
from pipeline.attribution.strategies import STRATEGIES, cohorts, lists, near, scopes, tables
from pipeline.extractors import extract_sentence
from pipeline.extractors.base import SentenceContext
from pipeline.nlp.sentences import sentence_spans

FRAME = "In total, 40 patients received ICI rechallenge and 30 patients received chemotherapy. "


def labels(strategy, sentence: str, kind: Kind, frame_text: str = "", endpoint: str | None = None):
    """What ``strategy`` says for each comparison group of ``sentence`` (after ``frame_text``)."""
    text = frame_text + sentence
    frame = find_frame(text, sentence_spans(frame_text)) if frame_text else Frame()
    start = len(frame_text)
    findings = extract_sentence(SentenceContext(text=text, start=start, end=len(text)))
    view = sentence_view(text, start, len(text), findings, frame, True)
    out = []
    for group in comparison_groups(findings):
        if endpoint and group[0].endpoint != endpoint:
            continue
        got = strategy(group, view, kind)
        out.append(got if got is None else list(getattr(got, "labels", got)))
    return out


@pytest.mark.parametrize(("strategy", "sentence", "kind", "frame", "endpoint", "expected"), [
    (cohorts.received, "Of these, 40 patients received ICI rechallenge.", Kind.ARM, FRAME, "n", [["ICI rechallenge"]]),
    # regression: "versus" before the other arm's own count read as an alternative, so the size was everyone's
    (cohorts.received, "In all, 40 patients were treated with ICI rechallenge versus 30 patients treated with chemotherapy.",
     Kind.ARM, FRAME, "n", [["ICI rechallenge"], ["chemotherapy"]]),
    (cohorts.label, "The study included patients on nivolumab monotherapy, n = 20.", Kind.ARM, "", "n",
     [["nivolumab monotherapy"]]),
    # the size closing a bracket that describes the group
    (cohorts.label, "Patients were allocated to FOLFIRI (irinotecan, fluorouracil and leucovorin; 52 patients) or to "
     "FOLFOX (oxaliplatin, fluorouracil and leucovorin; 49 patients).", Kind.ARM, "", "n", [["FOLFIRI"], ["FOLFOX"]]),
    (lists.respectively, "ORR was 31.7% in arm A versus 25.6% in arm B and DCR was 70.7% versus 56.4%, respectively.",
     Kind.ARM, "", "dcr", [["arm A", "arm B"]]),
    # one subgroup mention names the listed groups
    (lists.respectively, "The ORR for frail and elderly patients was 21% and 17%, respectively.", Kind.SUBGROUP, "",
     "orr", [["frail", "elderly"]]),
    (lists.order, "In the XELOX and FOLFIRI arms, the ORR was 37.7% versus 42.0%.", Kind.ARM, "", "orr",
     [["XELOX", "FOLFIRI"]]),
    (lists.order, "Compared with the chemotherapy group, the rechallenge group had a longer PFS (20.8 vs. 8.2 months).",
     Kind.ARM, FRAME, "pfs_median", [["ICI rechallenge", "chemotherapy"]]),
    (lists.complement, "Patients with PFS1 ≥ 6 months had a longer mOS (15.1 vs. 7.4 months).", Kind.SUBGROUP, "",
     "os_median", [["PFS1 >= 6 months", "PFS1 < 6 months"]]),
    (lists.frame, "The ORR was higher (30.6% vs. 6.0%).", Kind.ARM, FRAME, "orr", [["ICI rechallenge", "chemotherapy"]]),
    (near.after, "ORR was 49% in the FOLFIRI arm and 48% in the XELOX arm.", Kind.ARM, "", "orr",
     [["FOLFIRI arm", "XELOX arm"]]),
    # regression: "participants" (not "patients") between a count and its group hid the group
    (cohorts.in_group, "The safety set held 96 participants, 49 participants in the vaccine arm and 47 participants in the "
     "placebo arm.", Kind.ARM, "", "n", [None, ["vaccine arm"], ["placebo arm"]]),
    (near.before, "In the rechallenge group, the ORR was 30%.", Kind.ARM, FRAME, "orr", [["ICI rechallenge"]]),
    (near.shared, "In patients with CPS ≥1, mPFS was 4.8 vs. 2.2 months.", Kind.SUBGROUP, FRAME, "pfs_median",
     [["CPS >= 1", "CPS >= 1"]]),
    (scopes.lead, "In the CPS ≥1 subgroup, median OS was 12.0 vs 8.0 months.", Kind.SUBGROUP, FRAME, "os_median",
     [["CPS >= 1", "CPS >= 1"]]),
    (scopes.hr_frame, "The HR for death was 0.61 (95% CI 0.41-0.90).", Kind.ARM, FRAME, "hr", [["ICI rechallenge"]]),
    (scopes.hr_named, "The chemotherapy group had a shorter PFS than the rechallenge group (HR 1.52).", Kind.ARM, FRAME,
     "hr", [["chemotherapy"]]),
])
def test_strategy_examples(strategy, sentence, kind, frame, endpoint, expected) -> None:
    assert labels(strategy, sentence, kind, frame, endpoint) == expected


@pytest.mark.parametrize(("strategy", "sentence", "kind", "endpoint", "expected"), [
    # two tumour types reported side by side are subgroups
    (near.after, "The ORR was 31.0% in melanoma and 12.5% in NSCLC.", Kind.SUBGROUP, "orr", [["melanoma", "NSCLC"]]),
    # "between A and B" names the compared groups, in order
    (lists.order, "The ORR (40.0% vs. 25.0%) differed between smokers and never smokers.",
     Kind.SUBGROUP, "orr", [["smokers", "never smokers"]]),
    # treatment history and the agent at rechallenge are subgroups although they name treatments
    (near.before, "In patients who had previously received a MEK inhibitor, the ORR was 9%.", Kind.SUBGROUP, "orr",
     [["previously received a MEK inhibitor"]]),
    (near.before, "Among patients who switched ICI class, the ORR was 15%.", Kind.SUBGROUP, "orr", [["switched ICI class"]]),
    # an analysis set other than the whole cohort, and the size its clause gives it
    (cohorts.analysis_set, "Of 60 patients enrolled, 56 were evaluable for efficacy.", Kind.SUBGROUP, "n",
     [None, ["evaluable for efficacy"]]),
    (cohorts.analysis_set, "Overall, 41 (93%) patients were assessable.", Kind.SUBGROUP, "n", [["assessable"]]),
    # factor levels named right before the parenthesis holding their hazard ratio
    (near.paren, "Age ≥70 years (HR 1.90, 95% CI 1.10-3.30) and the presence of pleural effusion (HR 2.10, 95% CI "
                 "1.20-3.70) predicted shorter OS.", Kind.SUBGROUP, "hr", [["Age >= 70 years"], ["presence of pleural effusion"]]),
    (near.paren, "Shorter PFS was independently associated with a performance status of 2 (adjusted hazard ratio [aHR] "
                 "1.80, 95% CI 1.10-2.90).", Kind.SUBGROUP, "hr", [["performance status of 2"]]),
    # patients by what they were, what they developed, or a property of theirs
    (near.before, "Among those who were BRAF-mutant, median PFS was 4.1 months.", Kind.SUBGROUP, "pfs_median",
     [["BRAF-mutant"]]),
    (near.before, "Patients who did not develop colitis had a median OS of 12.0 months.", Kind.SUBGROUP, "os_median",
     [["did not develop colitis"]]),
    (near.before, "Patients whose first ICI course lasted longer than 6 months had a median PFS of 7.3 months.",
     Kind.SUBGROUP, "pfs_median", [["first ICI course lasted > 6 months"]]),
])
def test_subgroup_mentions_added_for_unseen_papers(strategy, sentence, kind, endpoint, expected) -> None:
    assert labels(strategy, sentence, kind, "", endpoint) == expected


def test_regression_one_tumour_type_is_the_cohort_not_a_subgroup() -> None:
    assert labels(near.after, "The ORR was 31.0% in melanoma.", Kind.SUBGROUP, "", "orr") == [None]


def test_regression_treated_between_dates_was_an_arm() -> None:
    """"14 patients treated between 2020 and 2024": "treated" is no arm."""
    assert labels(cohorts.in_group, "We studied 14 patients treated between 2020 and 2024.", Kind.ARM, FRAME, "n") == [None]


def test_regression_drug_word_right_after_a_count_was_its_arm() -> None:
    """"a meta-analysis of 900 ICI hepatitis patients": the count is not the ICI arm's."""
    assert labels(cohorts.in_group, "A meta-analysis of 900 ICI hepatitis patients found this.", Kind.ARM, FRAME, "n") == [None]


def _orr_row(text: str):
    """The ORR comparison of a table's "| ORR" line and the view of that line."""
    row = text.index("| ORR")
    findings = extract_sentence(SentenceContext(text=text, start=row, end=len(text) - 1))
    view = sentence_view(text, row, len(text) - 1, findings, Frame(), True)
    (group,) = [g for g in comparison_groups(findings) if g[0].endpoint == "orr"]
    return group, view


@pytest.mark.parametrize(("label", "expected"), [("All patients", ""), ("Total", ""), ("Age >= 65 years", "Age >= 65 years"),
                                                 ("All patients with CPS >= 1", "All patients with CPS >= 1")])
def test_regression_a_table_row_of_all_patients_was_a_subgroup(label: str, expected: str) -> None:
    text = (f"Table 2 Objective response rate by subgroup\n| Subgroup | Arm A ORR, % | Arm B ORR, % |\n|---|---|---|\n"
            f"| {label} | 30.6 | 6.0 |\n")
    row = text.index(f"| {label}")
    findings = extract_sentence(SentenceContext(text=text, start=row, end=len(text) - 1))
    view = sentence_view(text, row, len(text) - 1, findings, Frame(), True)
    (group,) = comparison_groups(findings)
    assert tables.row(group, view, Kind.SUBGROUP) == [expected, expected]


def test_table_cells_take_the_column_arm() -> None:
    group, view = _orr_row("Table 2 Response\n| Outcome | Rechallenge (n = 49) | Chemotherapy (n = 34) |\n"
                           "|---|---|---|\n| ORR, % | 30.6 | 6.0 |\n")
    assert tables.column(group, view, Kind.ARM) == ["Rechallenge", "Chemotherapy"]


def test_regression_risk_group_columns_were_arms() -> None:
    """Columns headed by a patient characteristic are subgroups; a "Total" column is the whole cohort."""
    group, view = _orr_row("Table 3 Survival by risk\n| | Total | Low risk (n = 240) | High risk (n = 180) |\n"
                           "|---|---|---|---|\n| ORR, % | 30.1 | 41.0 | 18.2 |\n")
    assert tables.column(group, view, Kind.ARM) == ["", "", ""]
    assert tables.column_group(group, view, Kind.SUBGROUP) == ["", "Low risk", "High risk"]


def test_every_strategy_is_named_once_per_kind() -> None:
    for kind, strategies in STRATEGIES.items():
        names = [n for n, _ in strategies]
        assert len(names) == len(set(names)), kind


def test_regression_near_paren_took_the_reference_of_a_comparison() -> None:
    sentence = "The risk of progression was higher in the resistant group than in the sensitive group (HR = 1.60, 95% CI 1.10-2.30)."
    assert labels(near.paren, sentence, Kind.SUBGROUP, "", "hr") == [None]


def test_regression_an_outcome_before_the_hr_parenthesis_was_taken_as_a_factor() -> None:
    assert labels(near.paren, "Rechallenge was associated with longer PFS (HR 0.70, 95% CI 0.50-0.95).", Kind.SUBGROUP, "",
                  "hr") == [None]


def test_a_value_stated_for_both_arms_is_each_arms_fact() -> None:
    from pipeline.attribution import attribute_sentence

    sentence = "Median PFS was 3.1 months in both arms (HR 1.01, 95% CI 0.70-1.45)."
    text = FRAME + sentence
    frame = find_frame(text, sentence_spans(FRAME))
    findings = extract_sentence(SentenceContext(text=text, start=len(FRAME), end=len(text)))
    got = [(a.finding.endpoint, a.arm, a.strategies[0]) for a in attribute_sentence(text, len(FRAME), len(text), findings,
                                                                                     frame, True)]
    medians = sorted((arm, by) for endpoint, arm, by in got if endpoint == "pfs_median")
    assert medians == [("ICI rechallenge", "scope:every-arm"), ("chemotherapy", "scope:every-arm")]
    assert sum(endpoint == "hr" for endpoint, _, _ in got) == 1


def test_regression_the_size_of_a_randomised_cohort_was_given_to_its_first_arm() -> None:
    frame_text = "Patients were randomised to regorafenib or placebo. "
    sentence = "In total, 240 patients were randomly assigned to regorafenib (n = 120) or placebo (n = 120)."
    assert labels(cohorts.received, sentence, Kind.ARM, frame_text, "n")[0] == [""]


PAIRS = "Median OS for nivolumab versus placebo was 8.1 versus 4.5 months in women, and 4.9 versus 3.8 months in men."


@pytest.mark.parametrize(("kind", "expected"), [
    (Kind.ARM, [["nivolumab", "placebo", "nivolumab", "placebo"]]),
    (Kind.SUBGROUP, [["women", "women", "men", "men"]]),
])
def test_list_pairs_alternate_the_arms_and_give_each_pair_its_subgroup(kind: Kind, expected) -> None:
    assert labels(lists.pairs, PAIRS, kind, "", "os_median") == expected


def test_regression_list_frame_gave_the_arms_to_values_that_subgroups_tell_apart() -> None:
    sentence = "The ORR among responders to prior ICI was 38% versus 12% among non-responders."
    assert labels(lists.frame, sentence, Kind.ARM, FRAME, "orr") == [None]
    assert labels(lists.frame, "The ORR was higher (30.6% vs. 6.0%) in PD-L1-positive patients.", Kind.ARM, FRAME,
                  "orr") == [["ICI rechallenge", "chemotherapy"]]


@pytest.mark.parametrize("sentence", [
    "In the subgroup with liver metastases, median PFS was 4.0 vs 2.9 months.",
    "Median PFS was 4.0 months in the rechallenge group and 2.9 months in the chemotherapy group among patients with "
    "liver metastases.",
])
def test_regression_the_ranker_gave_the_one_subgroup_of_an_arms_comparison_to_one_arm_only(sentence: str) -> None:
    from pipeline.attribution import attribute_sentence

    text = FRAME + sentence
    findings = extract_sentence(SentenceContext(text=text, start=len(FRAME), end=len(text)))
    got = attribute_sentence(text, len(FRAME), len(text), findings, find_frame(FRAME, sentence_spans(FRAME)), True)
    assert [(a.arm, a.subgroup) for a in got] == [("ICI rechallenge", "liver metastases"), ("chemotherapy", "liver metastases")]


def test_list_pairs_a_pair_without_a_subgroup_is_the_main_analysis() -> None:
    sentence = "Median PFS was 5.1 vs 3.0 months in the ITT population and 6.2 vs 3.1 months in the per-protocol population."
    assert labels(lists.pairs, sentence, Kind.SUBGROUP, FRAME, "pfs_median") == [["", "", "per-protocol population",
                                                                                  "per-protocol population"]]


@pytest.mark.parametrize(("sentence", "arms"), [
    ("In the rechallenge group, ORR was 40% in PD-L1-positive and 20% in PD-L1-negative patients.",
     ["ICI rechallenge", "ICI rechallenge"]),
    ("For responders, median OS was 24.0 months, whereas for non-responders it was 8.5 months.", [None, None]),
])
def test_regression_values_told_apart_by_subgroups_were_given_the_frames_arms_too(sentence: str, arms) -> None:
    from pipeline.attribution import attribute_sentence

    text = FRAME + sentence
    findings = extract_sentence(SentenceContext(text=text, start=len(FRAME), end=len(text)))
    got = attribute_sentence(text, len(FRAME), len(text), findings, find_frame(FRAME, sentence_spans(FRAME)), True)
    assert [a.arm for a in got] == arms


@pytest.mark.parametrize(("sentence", "review"), [
    ("In these patients, the ORR was 25%.", True),
    ("Among the latter, median OS was 9.1 months.", True),
    ("In this study, the ORR was 25%.", False),
    # a population given one treatment in a cohort without arms: a subgroup no strategy labels
    ("In patients receiving drug Q 40 mg, the ORR was 25%.", True),
    ("Among all patients receiving drug Q, the ORR was 25%.", False),
])
def test_regression_a_value_of_a_population_named_earlier_was_sure_of_having_no_subgroup(sentence: str, review: bool) -> None:
    """"In these patients, ORR was 25%": the subgroup is an earlier sentence's, which no strategy here sees."""
    from pipeline.attribution import attribute_sentence

    text = "Forty patients received pembrolizumab. " + sentence
    start = text.index(sentence)
    findings = extract_sentence(SentenceContext(text=text, start=start, end=len(text)))
    got = attribute_sentence(text, start, len(text), findings, Frame(), True)
    assert [(a.subgroup, a.review) for a in got] == [(None, review)]


@pytest.mark.parametrize(("sentence", "review"), [
    # the two groups compared are named in words no strategy reads as groups
    ("Patients who stopped early had a higher risk of death than the others (HR 2.10; 95% CI 1.20-3.60).", True),
    ("In univariate analysis, hormone-negative status was the strongest prognostic factor for OS (HR 2.10; p=0.01).", True),
    ("Survival was associated with the presence of ascites (HR 2.86; 95% CI 1.14-7.16).", False),
])
def test_regression_a_hazard_ratio_naming_no_group_was_sure(sentence: str, review: bool) -> None:
    """A hazard ratio compares two groups: one given neither an arm nor a subgroup is a reviewer's to label."""
    from pipeline.attribution import attribute_sentence

    text = "Forty patients received pembrolizumab. " + sentence
    start = text.index(sentence)
    findings = extract_sentence(SentenceContext(text=text, start=start, end=len(text)))
    got = attribute_sentence(text, start, len(text), findings, Frame(), True)
    assert [a.review for a in got if a.finding.endpoint == "hr"] == [review]


def test_regression_the_ranker_left_the_hr_of_a_two_arm_study_without_its_arm() -> None:
    """hr:frame came after the ranker, which answered "no arm" first: an HR naming no group compares the arms."""
    from pipeline.attribution import attribute_sentence

    sentence = "The hazard ratio was 1.03 (95% CI 0.77-1.37), and the difference was not significant."
    text = FRAME + sentence
    findings = extract_sentence(SentenceContext(text=text, start=len(FRAME), end=len(text)))
    got = attribute_sentence(text, len(FRAME), len(text), findings, find_frame(FRAME, sentence_spans(FRAME)), True)
    assert [(a.arm, a.strategies[0]) for a in got] == [("ICI rechallenge", scopes.NAME_HR_FRAME)]


def test_hr_frame_leaves_a_table_row_alone() -> None:
    """A table row of HRs may be a prognostic factor's contrast: hr:frame does not give it the experimental arm."""
    table = "Table 2 Cox model of overall survival\n| Factor | HR (95% CI) | P |\n| --- | --- | --- |\n" \
            "| Sex (male vs female) | 1.11 (0.80-1.50) | 0.40 |\n"
    text = FRAME + table
    start = text.index("| Sex")
    end = text.index("\n", start)
    findings = extract_sentence(SentenceContext(text=text, start=start, end=end))
    view = sentence_view(text, start, end, findings, find_frame(FRAME, sentence_spans(FRAME)), True)
    assert [f.extractor for f in findings] == ["table_rows"]
    assert scopes.hr_frame(findings, view, Kind.ARM) is None

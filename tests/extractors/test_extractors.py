"""Each registered extractor over example sentences written for these tests."""
import pytest

from pipeline.extractors import EXTRACTORS, extract_sentence
from pipeline.extractors.base import SentenceContext


def run(text, name=None):
    findings = extract_sentence(SentenceContext(text, 0, len(text)), [name] if name else None)
    return [(f.endpoint, f.stat.value, f.stat.not_reached) for f in findings]


def test_registry_has_one_extractor_per_family():
    assert set(EXTRACTORS) == {"cohort_size", "response_rate", "adverse_events", "survival_median", "hazard_ratio",
                              "table_hazard_ratio"}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We enrolled a total of 154 patients with NPC.", [154]),
        ("We reviewed 83 AGC patients treated at two centres.", [83]),
        ("Eighty-five AGC patients were eligible.", [85]),
        ("Among them, 65 received apatinib and 89 did not receive it.", [65, 89]),
        ("a resistant group (n=48) and a responder group (n = 114)", [48, 114]),
        ("17 studies involving 2100 NSCLC patients were pooled.", [2100]),
        ("2 of 5 patients responded.", []),
        ("Twenty-six patients (78.8%) had stage IIIB disease.", []),
    ],
)
def test_cohort_size(text, expected):
    assert [v for _, v, _ in run(text, "cohort_size")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The ORR was 24.1% (7/29) with a DCR of 55.2% (16/29).", [("orr", 24.1), ("dcr", 55.2)]),
        ("higher ORR (31.0% vs. 5.0%) and DCR (80.1% vs. 40.2%)", [("orr", 31.0), ("orr", 5.0), ("dcr", 80.1), ("dcr", 40.2)]),
        ("The ORR and DCR were 20.0% and 78.0%, respectively.", [("orr", 20.0), ("dcr", 78.0)]),
        ("the ORR of the responder group was 17.6 compared to 7.0 of the other", [("orr", 17.6), ("orr", 7.0)]),
        ("The 1-year PFS rate was 40% and the ORR 12%.", [("orr", 12.0)]),
    ],
)
def test_response_rates(text, expected):
    assert [(e, v) for e, v, _ in run(text, "response_rate")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Grade ≥3 TRAEs occurred in 26.5% of patients versus 35.3% in the control group.", [26.5, 35.3]),
        ("with only one case (7.1%) of grade 3 toxicity", [7.1]),
        ("The most common grade 3 or higher AEs were anemia (8 [27.6%]).", []),
        ("any-grade TRAEs: 68.6% vs. 60.5%", []),
    ],
)
def test_grade3_adverse_events(text, expected):
    assert [v for _, v, _ in run(text, "adverse_events")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The median PFS was 5.8 months, while the median OS was 12.1 months.", [("pfs_median", 5.8), ("os_median", 12.1)]),
        ("Median PFS and median OS were 4.5 vs. 2.1 months and 12.0 vs. 5.0 months, respectively.",
         [("pfs_median", 4.5), ("pfs_median", 2.1), ("os_median", 12.0), ("os_median", 5.0)]),
        ("mPFS was 81 d (95% confidence interval, CI, 41-112 d)", [("pfs_median", 2.6612)]),
        ("The median follow-up was 28.7 months and median PFS 9.0 months.", [("pfs_median", 9.0)]),
        ("patients with PFS1 ≥ 6 months had longer mOS (15.0 vs. 7.0 months)", [("os_median", 15.0), ("os_median", 7.0)]),
        ("mPFS (not reached vs. 5.2 months)", [("pfs_median", None), ("pfs_median", 5.2)]),
    ],
)
def test_survival_medians(text, expected):
    assert [(e, None if v is None else round(v, 4)) for e, v, _ in run(text, "survival_median")] == expected


@pytest.mark.parametrize(
    "text, outcome",
    [
        ("prolonged PFS (20.0 vs. 8.0 months; HR: 0.46, 95% CI: 0.32–0.69; P < 0.001)", "pfs"),
        ("an HR for OS of 0.70 (95% CI 0.5-0.9)", "os"),
        ("TFI ≤ 6 months was a risk factor (HR = 1.83, 95%CI: 1.39-2.40, P<0.001)", "other"),
        ("the risk of disease progression was higher in group B (HR = 1.5, 95% CI 1.1-2.2)", "pfs"),
        ("a higher risk of death (HR 2.0)", "os"),
        ("the DFS was longer (HR 0.7)", "other"),
    ],
)
def test_hazard_ratio_outcome(text, outcome):
    findings = extract_sentence(SentenceContext(text, 0, len(text)), ["hazard_ratio"])
    assert [f.outcome for f in findings] == [outcome]


TABLE = (
    "TABLE 2 Cox model of overall survival\n"
    "| Factor | Univariate HR (95% CI) | p value | Multivariate HR (95% CI) | P |\n"
    "|---|---|---|---|---|\n"
    "| ECOG PS (2 vs. 0-1) | 2.10 (1.30–3.40) | 0.002 | 1.90 (1.10–3.20) | 0.02 |\n"
    "| Sex (male vs. female) | 1.10 (0.70–1.60) | 0.61 |  |  |\n"
)


def test_table_rows_give_hazard_ratios_with_ci_p_and_factor():
    from pipeline.attribution import Frame, attribute_sentence
    from pipeline.nlp.sentences import sentence_spans

    got = []
    for s, e in sentence_spans(TABLE):
        findings = extract_sentence(SentenceContext(TABLE, s, e), ["table_hazard_ratio"])
        for a in attribute_sentence(TABLE, s, e, findings, Frame(), True):
            st = a.finding.stat
            assert TABLE[st.start : st.end] == st.raw
            got.append((a.finding.outcome, st.value, st.ci_low, st.ci_high, st.p_value, a.subgroup))
    assert got == [
        # univariate and multivariate HRs of one factor share its subgroup (annotations/README.md)
        ("os", 2.1, 1.3, 3.4, "0.002", "ECOG PS (2 vs. 0-1)"),
        ("os", 1.9, 1.1, 3.2, "0.02", "ECOG PS (2 vs. 0-1)"),
        ("os", 1.1, 0.7, 1.6, "0.61", "Sex (male vs. female)"),
    ]


def test_value_too_far_from_its_cue_does_not_break_alignment():
    # regression (KeyError in align._nearest): a first value beyond MAX_GAP left an empty group without a cue
    text = "The ORR " + "was assessed by independent central review in all enrolled patients and " * 3 + "reached 40%."
    assert run(text, "response_rate") == []


def test_hazard_ratios_respectively_follow_the_outcomes():
    text = "A short TFI predicted shorter PFS and OS (HR = 1.8, 95% CI 1.4-2.4) and (HR = 1.7, 95% CI 1.3-2.4), respectively."
    findings = extract_sentence(SentenceContext(text, 0, len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == [(1.8, "pfs"), (1.7, "os")]

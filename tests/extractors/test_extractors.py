"""Each registered extractor over example sentences written for these tests."""
import pytest

from pipeline.extractors import EXTRACTORS, extract_sentence
from pipeline.extractors.base import SentenceContext


def run(text, name=None):
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), [name] if name else None)
    return [(f.endpoint, f.stat.value, f.stat.not_reached) for f in findings]


def test_registry_has_one_extractor_per_family():
    assert set(EXTRACTORS) == {"cohort_size", "response_rate", "adverse_events", "survival_median", "hazard_ratio",
                              "table_rows"}


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


@pytest.mark.parametrize("text", [
    "In all, 52 patients (30 HCC and 22 ICC) were treated.",
    "Of 41 cases ( 25 Luminal, 16 Basal ) we kept all.",
])
def test_breakdown_opening_holds_for_every_breakdown_match(text):
    from pipeline.extractors.cohort_size import BREAKDOWN_OPENING, N_BREAKDOWN

    m = N_BREAKDOWN.search(text)
    assert m is not None and BREAKDOWN_OPENING.search(m.group())


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
        # regression (hr-outcome-of-landmark-and-deaths): a landmark names its endpoint; "deaths" is death
        ("2-year overall survival was 41% with A and 39% with B (HR 1.05, 95% CI 0.80-1.37)", "os"),
        ("the 1-year PFS rate was 30% vs. 22% (HR 0.81; 95% CI 0.66-0.99)", "pfs"),
        ("more deaths occurred in arm B than in arm A (88 vs 75; HR 1.18, 95% CI 0.86-1.61)", "os"),
        ("fewer cancer-specific deaths were seen (HR 0.64, 95% CI 0.45-0.91)", "other"),
    ],
)
def test_hazard_ratio_outcome(text, outcome):
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
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
        findings = extract_sentence(SentenceContext(text=TABLE, start=s, end=e), ["table_rows"])
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
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == [(1.8, "pfs"), (1.7, "os")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # number words, thousands included
        ("Forty-two patients were enrolled at three centres.", [42]),
        ("One thousand three hundred six patients were randomly assigned.", [1306]),
        ("Six-thousand two-hundred forty-one women were randomly assigned.", [6241]),
        # sizes in clauses: elliptic second sizes and pairs
        ("A total of 64 patients were assigned to arm A and 58 to arm B.", [64, 58]),
        ("Of 86 patients, 41 received drug A plus lenvatinib and 45 continued drug A alone.", [86, 41, 45]),
        ("A total of 96 patients (arm A, n = 50; arm B, n = 46) were evaluable for response.", [96, 50, 46]),
        ("The cohort comprised 40 individuals in the control group and 62 in the study group.", [40, 62]),
        ("Of the 310 participants, 161 from the expansion cohort were analysed.", [310, 161]),
        ("Of 250 assigned patients (126 to arm X and 124 to arm Y), 240 were evaluated.", [250, 126, 124, 240]),
        # sizes with a verb of the cohort, "pts", an arm's share
        ("Of 90 patients screened, 84 were eligible and 80 were evaluable.", [90, 84, 80]),
        ("In all, 75 patients were enrolled (38 pts in arm A and 37 pts in arm B).", [75, 38, 37]),
        ("Of these 150 patients, 61 (40.7%) received the combination.", [150, 61]),
        ("Thirty-one women who had received two prior lines were treated.", [31]),
        ("We reviewed 112 consecutive, pretreated patients.", [112]),
        ("In the six untreated patients, the ORR was 50%.", [6]),
        ("Fifty-eight patients (31 NSCLC and 27 SCLC) were evaluable.", [58, 31, 27]),
        # arm sizes in parentheses after an assignment, and elliptic sizes after a colon or with "with"
        ("A total of 120 patients were randomized to early surgery (61 patients) or to delayed surgery "
         "(59 patients).", [120, 61, 59]),
        ("A total of 150 patients were treated: 52 with regimen A, 50 with regimen B and 48 with regimen C.",
         [150, 52, 50, 48]),
        ("Overall, 210 patients were analysed; 104 in the early arm and 106 in the late arm.", [210, 104, 106]),
        # a cohort broken into arms in a parenthesis whose sizes add up to it
        ("Fifty-one women were randomized (25 preoperative drug A and 26 postoperative drug A).", [51, 25, 26]),
        ("Data were available on 362 participants at 4 weeks (120 placebo, 121 drug X 300 mg, and 121 drug X "
         "900 mg).", [362, 120, 121, 121]),
        ("Results: Six hundred patients (D1 = 400; D2 = 200) received drug Y.", [600, 400, 200]),
        ("In an efficacy analysis of 90 patients (AB, 44; B, 46), the median PFS was 2.1 months.", [90, 44, 46]),
        ("We enrolled 140 cases (CT group 70 cases, RT group 70 cases).", [140, 70, 70]),
        ("In all, 300 patients were randomly assigned (200, drug Q; 100, placebo).", [300, 200, 100]),
        # parts that do not add up to the cohort, and counts by sex, are no breakdown
        ("We enrolled 140 patients (CT group 60, RT group 70).", [140]),
        ("A total of 300 patients were enrolled at ten centres across Europe over four years (190 men and 110 "
         "women).", [300]),
        # counts labelled by their reason are none
        ("Of 30 patients, 12 discontinued (progression, n = 6; toxicity, n = 5; withdrawn, n = 1).", [30]),
        # an elliptic count of events is none
        ("Of 80 patients, 12 with grade 3 rash stopped treatment.", [80]),
        # a verb with an adverb, the arms' sizes in a parenthesis before the verb, survivors and volunteers
        ("Of 300 screened, 244 were randomly assigned to drug Q or placebo.", [244]),
        ("Of 180 patients entered, 170 (86 drug Q and 84 drug R) were randomized.", [180, 170, 86, 84]),
        ("Seventy-two survivors of lymphoma took part.", [72]),
        ("Forty healthy volunteers were dosed.", [40]),
        # thousands grouped by a narrow space
        ("A cohort of 12\u202f305 women was followed.", [12305]),
        # the arms' sizes of an analysis set, bare or with their group, compared with "vs"
        ("Results held in the per-protocol population (140 vs 138) too.", [140, 138]),
        ("Of 250 randomised patients (126 in the drug group vs 124 in the placebo group), all were followed.",
         [250, 126, 124]),
        # lists of arms or of patients with their sizes are sizes, after "included" too
        ("The trial included arm A (n = 30) and arm B (n = 31).", [30, 31]),
        ("The study included patients with melanoma (n = 45) and NSCLC (n = 30).", [45, 30]),
        ("The third arm included drug X with a mouth rinse (n = 20).", [20]),
    ],
)
def test_cohort_size_new_forms(text, expected):
    assert [v for _, v, _ in run(text, "cohort_size")] == expected


@pytest.mark.parametrize(
    "text",
    [
        # events, exclusions and counts of something else are not cohort sizes
        "Four women were excluded because of missing scans.",
        "A total of 27 patients have died.",
        "Across the cohort, 12 patients withdrew consent.",
        "Among whom 35 developed colitis.",
        "Seven patients underwent a second resection.",
        "Grade 3 events included anaemia (6 patients) and fatigue (4 patients).",
        "Partial response and stable disease were observed in nine and 14 patients, respectively.",
        "There were 22 cases of partial response and 30 cases of stable disease.",
        "About 120 patients were expected to enrol.",
        "For every 100 patients treated, five more responded.",
        "There were 48 men and 21 women aged 40-80 years.",
        "Twenty-five and 19 patients were male and female, respectively.",
        "Most stopped treatment due to progression (n=14) or toxicity (n=3).",
        "The most frequent subtype was adenocarcinoma (n = 610, 41.2%).",
        "Eleven patients (arm A, n = 7; arm B, n = 4) died during treatment.",
        "Two deaths occurred (sepsis, N = 1; bleeding, N = 1).",
        "serious AEs were reported (n = 21 of 57 patients)",
        "tumours of xenografted mice treated with vehicle (n = 12)",
        "| Sex (n = 412) | | |",
        # the grades of an adverse-event count add up to it, but it is no cohort
        "Seven patients had grade 3 or 4 AEs (grade 3, 5; grade 4, 2).",
        # a time difference, a count out of a count, animals named anywhere before
        "The mean time with toxicity was 27 days higher among patients in arm A.",
        "Data were obtained for 11 out of the 15 subjects who progressed.",
        "We studied tumours of mice treated with vehicle (circles; n = 13) or drug (squares; n = 12).",
        # patients counted by the adverse event they had
        "Grade 3 or 4 adverse events were reported by 9 patients.",
        "Toxicities included neutropenia in 11 patients and rash in 4 patients.",
        "Grade 4 events were rare and treatment-related grade 3 AEs by 5 patients.",
        # regression (listed-breakdown-counts): items of a list that breaks reasons, events or drugs down
        "Other reasons included physician choice (n = 2), relocation (n = 1), and withdrawal of consent (n = 3).",
        "Prior regimens included drug X (n = 4), drug Y (n = 2) or drug Z (n = 1).",
        "Grade 3 events such as fatigue (n=3), rash (n=2), and colitis (n=1) were rare.",
        "No scan was done because of a missed visit (n = 2) or a hospital stay (n = 1).",
        # regression (numerator-after-a-share): an "n = x" right after a share counts its numerator
        "Grade 3 rash was seen in 12.5% (n = 5) of the patients.",
    ],
)
def test_not_cohort_sizes(text):
    assert run(text, "cohort_size") == [], run(text, "cohort_size")


@pytest.mark.parametrize(
    "text, expected",
    [
        # "tumour control rate" is the disease control rate; a sum of response categories defines a rate
        ("The tumour control rate was 64.0% in the 25 treated patients.", [("dcr", 64.0)]),
        ("The disease control rate including stable disease was 58.3%.", [("dcr", 58.3)]),
        # RR = response rate, in a "respectively" list with DCR
        ("The RR and DCR of the 52 patients were 44.2 and 80.8 %, respectively.", [("orr", 44.2), ("dcr", 80.8)]),
        # interleaved: each arm's part lists one value per cue
        ("The CR rate and ORR were 20% and 61% in arm A and 18% and 55% in arm B.", [("orr", 61.0), ("orr", 55.0)]),
        ("ORR and DCR for the combination were 12.5% and 60.0% vs 8.1% and 41.9% for chemotherapy.",
         [("orr", 12.5), ("orr", 8.1), ("dcr", 60.0), ("dcr", 41.9)]),
        # a blocker in the list takes its own block
        ("ORR, stable disease and median OS were 6.1% versus 4.0%, 30.2% versus 35.5%, and 8.0 versus 7.4 months, "
         "respectively.", [("orr", 6.1), ("orr", 4.0)]),
        # definitions and response categories
        ("The overall response rate (ORR = CR + PR) was 71%.", [("orr", 71.0)]),
        ("The clinical benefit rate (PR+SD) was 64.0%.", [("dcr", 64.0)]),
        ("The ORR was 100% with 71% complete response.", [("orr", 100.0)]),
        ("The ORR was 41% including 9 CRs (15%) and 16 partial responses (26%).", [("orr", 41.0)]),
        ("ORR was 9.0%, with 1 (0.7%) patient achieving a complete response.", [("orr", 9.0)]),
        # CIs of rates
        ("The ORR was 21% (95% confidence interval [95% CI], 10-33%).", [("orr", 21.0)]),
        ("ORRs per arm were: arm A, 35% (22% to 48%); arm B, 28% (15% to 41%).", [("orr", 35.0), ("orr", 28.0)]),
        # not response rates: a version, a test statistic, a clinical benefit rate, a DoR
        ("The primary end point was ORR per RECIST version 1.1.", []),
        ("ORR did not differ between arms (χ2=0.214, p=0.64).", []),
        ("A better RR was seen with CEA decline (RR = 1.8; P = .02).", []),
        ("The ORR was associated with the marker (0.45 vs. 0.30 per unit).", []),
        ("The ORR was 20.1%; CBR was 66.0% and 58.2%, respectively; median DoR was 6.3 months.", [("orr", 20.1)]),
        # regression: the level of "(95% CIs)" was read as a response rate of 95%
        ("The ORRs (95% CIs) were 25.5% (14.2% to 40.1%) with drug A and 11.0% (4.1% to 22.3%) with drug B.",
         [("orr", 25.5), ("orr", 11.0)]),
    ],
)
def test_response_rates_new_forms(text, expected):
    assert [(e, v) for e, v, _ in run(text, "response_rate")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Grade 3 or higher TRAEs occurred in 21% of patients, including neutropenia in 8% and grade 1-2 fatigue in 30%.",
         [21.0]),
        ("Grade ≥3 adverse events were seen in 18.5%; grade 1–2 events in 60.2%.", [18.5]),
        # single named AEs next to a grade >= 3 cue are not the share of patients with any grade >= 3 AE
        ("Grade 3-4 toxicities by arm: diarrhoea 6% vs. 5%, neutropenia 9% vs. 14%.", []),
        ("Grade 3/4 toxicity was more frequent with drug X for platelets (15.1% versus 2.0%).", []),
        ("Grade 3 or 4 AEs occurred in 33% of patients, most of which were haematological (25%).", [33.0]),
        ("Grade 3-4 haematological toxicities were rare (anaemia, 5.5%; thrombocytopenia, 1.9%).", []),
        ("The incidence of adverse reactions at grade 3 was 12.4%.", [12.4]),
        ("The rates of all-grade and high-grade irAEs were 40.1% and 9.9%, respectively.", [9.9]),
        ("Fifteen patients (12%) had grade≥2 irAEs.", []),
        ("Serious AEs of grade ≥3 occurred in 14.0%.", []),
        ("In case of grade 3-4 toxicity, a dose reduction by 25% was allowed.", []),
        ("After grade 3 toxicity, the dose was decreased by 25% or 50%.", []),
        # one organ's or kind's AEs, in a sentence or a table row, are not all grade >= 3 AEs
        ("Grade 3 neurosensory toxicity was seen in 11% of the women.", []),
        ("| Other gastrointestinal toxicity grade 3 | 7 (5%) | 3 (2%) |", []),
        ("Grade 3 treatment-related AEs were seen in 14% of those with renal cell cancer.", [14.0]),
    ],
)
def test_grade3_adverse_events_new_forms(text, expected):
    assert [v for _, v, _ in run(text, "adverse_events")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # lists: long form and abbreviation are one cue; blockers take their own values
        ("Median progression-free survival (PFS) and overall survival (OS) were 4.1 months and 10.2 months, respectively.",
         [("pfs_median", 4.1), ("os_median", 10.2)]),
        ("The median time to treatment failure and the median PFS were 15 weeks and 18 weeks, respectively.",
         [("pfs_median", 4.1396)]),
        # regression: "times to" (plural) read the first time of the list as OS
        ("Median times to progression and overall survival in arm C (3.9 and 10.2 months, respectively) were similar.",
         [("os_median", 10.2)]),
        ("In cohort B, the PFS, OS, and 1-year survival were 3.8 months, 11.0 months, and 40.1%, respectively.",
         [("pfs_median", 3.8), ("os_median", 11.0)]),
        ("Median PFS and OS were 5.0 and 12.0 months.", [("pfs_median", 5.0), ("os_median", 12.0)]),
        ("Median PFS and median OS were 4.4 months and 9.9 months with drug A and 3.2 months and 7.0 months with "
         "drug B, respectively.", [("pfs_median", 4.4), ("pfs_median", 3.2), ("os_median", 9.9), ("os_median", 7.0)]),
        # a list of rates does not keep the medians after it from their cues; two lists in one sentence
        ("The ORR and DCR were 31.5% and 80.3% respectively, the median PFS was 6.5 months, and the median OS was "
         "not achieved.", [("pfs_median", 6.5), ("os_median", None)]),
        ("The ORR and DCR were 30.0% and 70.0%, respectively; median PFS and OS were 5.5 and 12.5 months, respectively.",
         [("pfs_median", 5.5), ("os_median", 12.5)]),
        # the unit after the CI, bare values with a CI beside a duration
        ("The median PFS was 5.1 (95% CI: 3.0-7.2) months.", [("pfs_median", 5.1)]),
        ("The PFS was 7.10 months (95% CI, 6.2 to 8.3) for arm A and 6.85 (95% CI, 5.9 to 7.7) for arm B.",
         [("pfs_median", 7.1), ("pfs_median", 6.85)]),
        # a median after its cue's clause
        ("The PFS was assessed by central review and was 5.2 months (95% CI 3.9-6.8).", [("pfs_median", 5.2)]),
        # "survival" means OS, in days/weeks/years too
        ("The median survival was 240 days.", [("os_median", 7.885)]),
        ("Median survival was 1.5 vs. 3.0 years.", [("os_median", 18.0), ("os_median", 36.0)]),
        # landmarks, time points, schedules and ages are no medians
        ("Median OS was 11.2 months; 12-month OS was 45%.", [("os_median", 11.2)]),
        ("The median OS was 30 weeks and the 1-year actuarial survival rate was 20.5%.", [("os_median", 6.8994)]),
        ("Median OS was 14.2 months, with 1-year, 3-year, and 5-year survival rates of 70%, 40% and 20%.",
         [("os_median", 14.2)]),
        ("The probability of PFS at 6 months was 0.48 (95% CI, 0.30-0.61).", []),
        ("PFS exceeded 40% after 16 weeks in the high-dose group.", []),
        ("The median 4-month progression free survival was 90 and 85 days, respectively.", []),
        ("Survival was longer in patients older than 70 years.", []),
        ("median OS was 9.1 months after a median F/U of 14.0 months", [("os_median", 9.1)]),
        ("Patients were followed for survival for 5 years.", []),
        ("Treatment was given every 2d in 2-year blocks.", []),
    ],
)
def test_survival_medians_new_forms(text, expected):
    assert [(e, None if v is None else round(v, 4)) for e, v, _ in run(text, "survival_median")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The HRR = 0.62 (95% CI 0.45-0.85) for death.", [(0.62, "os")]),
        ("For OS, the hazard ratio (97.5% CI; one-sided P) was 0.512 (0.35-0.75; 0.001).", [(0.512, "os")]),
        ("The HRs for death were 1.96 (1.20-3.10) for stage IV, 3.10 (2.05-4.70) for ECOG 2.", [(1.96, "os"), (3.1, "os")]),
        ("Hazard ratios for patients without a response, compared with the control arm, were 1·25 (95% CI 1·02–1·55) "
         "for overall survival, and 1·11 (0·90–1·37) for progression-free survival.", [(1.25, "os"), (1.11, "pfs")]),
        ("OS favoured the combination, with an HR of 0.71 (95% CI 0.55-0.92) in favor of the combination.", [(0.71, "os")]),
        ("The duration of response was longer with the combination (HR 0.55, 95% CI 0.35-0.86).", [(0.55, "other")]),
        ("Improved PFS was associated with an ECOG PS of 0 (aHR 0.40, 95% CI 0.22-0.73) and a treatment-free interval "
         "(TFI) of at least 6 months (aHR 0.48, 95% CI 0.26-0.88).", [(0.4, "pfs"), (0.48, "pfs")]),
        ("Age ≥60 years (HR 2.10, 95% CI 1.10-4.00) was independently associated with poorer OS.", [(2.1, "os")]),
        ("PFS was longer (median 6.1 versus 3.9 months; RR: 0.41; 95% CI: 0.28-0.60).", [(0.41, "pfs")]),
    ],
)
def test_hazard_ratio_new_forms(text, expected):
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == expected


def test_hazard_ratio_outcome_from_the_paragraph_before():
    # regression: an HR whose sentence names no outcome was "other" although the sentence before was about OS
    text = "Overall survival did not differ between the arms. The hazard ratio was 0.97 (95% CI 0.70 to 1.35)."
    start = text.index("The hazard")
    findings = extract_sentence(SentenceContext(text=text, start=start, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == [(0.97, "os")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a relative risk in a survival sentence is the Cox model's HR
        ("Median OS was 11.0 versus 15.2 months (RR: 0.61; 95% CI: 0.42-0.88; P = 0.008).", [0.61]),
        # a risk ratio of an event that is no time to event is not
        ("Tea intake lowered the risk of gout (RR: 0.84; 95% CI: 0.75-0.94) in men.", []),
    ],
)
def test_regression_risk_ratios_outside_survival_were_hazard_ratios(text, expected):
    assert [v for e, v, _ in run(text, "hazard_ratio") if e == "hr"] == expected


def test_regression_any_grade_3_to_4_adverse_events_were_blocked_as_any_grade():
    # "any grade 3-4 adverse event" is the grade >= 3 rate; only "any-grade" alone is the blocker
    text = "In the safety set, any grade 3-4 adverse event occurred in 41% with drug A and 37% with placebo."
    assert [v for _, v, _ in run(text, "adverse_events")] == [41.0, 37.0]
    assert run("any-grade TRAEs occurred in 80% of patients", "adverse_events") == []


def test_regression_a_plain_list_whose_first_value_has_a_ci_was_not_split():
    # "x months (95% CI ...) and y months" after "PFS and OS" gave both medians to OS
    text = "Median PFS and OS were 7.4 months (95% CI (confidence interval): 5.1-9.0) and 15.2 months."
    assert [(e, v) for e, v, _ in run(text, "survival_median")] == [("pfs_median", 7.4), ("os_median", 15.2)]


def test_regression_a_listed_hr_with_a_pointer_after_its_p_value_was_lost():
    text = "HR for OS was 0·81 (0·66–0·99, p=0·04) and for PFS was 0·64 (0·50–0·83, p=0·001; appendix table 4)."
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == [(0.81, "os"), (0.64, "pfs")]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a death of one cause or period is not overall survival
        ("Statin use was linked to lower cancer-specific mortality in colon cancer (HR 0.82; 95% CI 0.71-0.95).",
         [(0.82, "other")]),
        ("The graft type raised 30-day mortality (hazard ratio, 1.45; 95% CI, 1.10-1.91).", [(1.45, "other")]),
        ("Smoking raised the risk of death (HR 1.62; 95% CI 1.20-2.19).", [(1.62, "os")]),
        # outcome words before the HR come before a cue after it
        ("The graft was tied to in-hospital mortality (HR, 1.30; 95% CI, 1.02-1.66) but not to overall survival "
         "(HR, 1.05; 95% CI, 0.88-1.25).", [(1.30, "other"), (1.05, "os")]),
    ],
)
def test_hazard_ratio_of_a_qualified_death_is_other(text, expected):
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # whole numbers between the HR word and its value name the comparison
        ("The HR for a wrist fracture 0-5 years after surgery was 0.91 (95% CI 0.80 to 1.04).", [0.91]),
        # a list continued by a phrase without a verb, and by an HR word of its own
        ("The HR for falls in the year before surgery was 0.84 (95% CI 0.70 to 1.01) and the year after 1.31 "
         "(95% CI 1.12 to 1.53).", [0.84, 1.31]),
        ("For smokers, the HR from model one (HR1) was 1.21 (95%CI:1.03,1.42) and the HR from model two was "
         "1.40 (95%CI:1.01,1.94).", [1.21, 1.40]),
    ],
)
def test_hazard_ratio_lists_and_named_values(text, expected):
    assert [v for e, v, _ in run(text, "hazard_ratio") if e == "hr"] == expected


def test_regression_a_rate_before_a_response_category_with_its_own_value_was_dropped():
    # "45% CR 10%": the blocker "CR" takes the value after it, so the one before it is the ORR's; the check of
    # the blocker's own value anchored "^" at a position and never matched
    assert [(e, v) for e, v, _ in run("The ORR was 45% CR 10%, PR 35%.", "response_rate")] == [("orr", 45.0)]
    assert run("In total, 71% complete response was seen.", "response_rate") == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # a study or phase before a comma does not label the count after it
        ("This was a multicentre phase II study, 64 patients received drug Q.", [64]),
        ("In this trial, 212 patients with mesothelioma were randomised.", [212]),
        # while a time point or an arm still does
        ("At 12 months, 30 patients were alive.", []),
    ],
)
def test_regression_a_count_after_a_study_and_a_comma_was_a_label(text, expected):
    assert [v for _, v, _ in run(text, "cohort_size")] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # the next HR of the list is written without "HR" after the first one's CI and p-value
        pytest.param("In arm Q, overall survival was longer (HR 0·71, 95% CI 0·58–0·87, p=0·001), and so was "
                     "progression-free survival (0·62, 0·51–0·75, p<0·0001).", [(0.71, "os"), (0.62, "pfs")],
                     id="hr-word-left-out-after-a-ci"),
        # whole numbers of the next subgroup's name do not stop the list
        pytest.param("Overall survival was worse in smokers (HR 1·41, 95% CI 1·05–1·90, p=0·02) and in stage 4 disease "
                     "(1·77, 1·20–2·61, p=0·004).", [(1.41, "os"), (1.77, "os")], id="hr-word-left-out-after-a-ci"),
        # "younger than 60 years" made the next bare ratio a duration of that unit, and the list of HRs ended there
        pytest.param("The hazard ratio for death was 0.58 (95% CI 0.41-0.83) in patients younger than 60 years and 0.86 "
                     "(0.62-1.19) in those aged 60 or older.", [(0.58, "os"), (0.86, "os")], id="an-age-read-as-a-duration"),
        pytest.param("The HR for progression was 0.72 (0.55-0.94) in those aged 70 years or older and 0.91 (0.70-1.18) in "
                     "younger ones.", [(0.72, "pfs"), (0.91, "pfs")], id="an-age-read-as-a-duration"),
        # the first HR is per unit of its factor and its CI follows a semicolon, the next ones "(value; lo to hi)"
        pytest.param("Higher risks of death were seen for marker A (HR per 1 SD, 1.21; 95% confidence interval, 1.10 to "
                     "1.33), marker B (1.07; 1.01 to 1.13) and marker C (1.12; 1.04 to 1.20).",
                     [(1.21, "os"), (1.07, "os"), (1.12, "os")], id="a-semicolon-before-the-first-ci-ended-the-list"),
    ],
)
def test_regression_a_listed_hr_was_lost(text, expected):
    findings = extract_sentence(SentenceContext(text=text, start=0, end=len(text)), ["hazard_ratio"])
    assert [(f.stat.value, f.outcome) for f in findings] == expected


#: Cohort-size forms added for unseen papers, by form: (text, the sizes it gives).
COHORT_FORMS = {
    "modifiers-joined-and-more-nouns": [
        # modifiers joined by "and" or "or", and more nouns of people
        ("Forty-four frail and elderly smoking women took part.", [44]),
        ("We recruited 52 stage I or II melanoma patients.", [52]),
        ("In all, 61 adult outpatients attended the clinic.", [61]),
        ("Thirty-six BRCA2 carriers were screened yearly.", [36]),
        # places and what something was done for are no modifiers of the patients counted after them
        ("The trial ran at 43 centres and enrolled older patients.", []),
        ("A boost of 14 Gy lowered relapse for patients with close margins.", []),
    ],
    "an-arm-assigned-without-were": [
        # an arm's size with its assignment and no "were"
        ("Adults were enrolled, with 66 allocated to the walking arm and 64 to usual care.", [66, 64]),
        ("Of 130 eligible women, 65 randomly assigned to drug Q completed the diary.", [130, 65]),
        # with a share it counts part of an arm
        ("Nine (20%) assigned to drug Q and 12 (25%) assigned to placebo needed surgery.", []),
    ],
    "arms-in-parentheses-after-an-assignment": [
        # the arms' sizes bare in parentheses after an assignment, two at least
        ("In total, 180 adults were randomized to drug Q twice daily (91) or matching placebo (89).", [180, 91, 89]),
        ("Women were allocated to yoga (40), to walking (38) and to usual care (41).", [40, 38, 41]),
        # one bare number is as often a reference, and a unit's exponent is none
        ("Patients were randomized to drug Q as reported before (12).", []),
        ("Patients were randomized to drug Q 60 mg/m(2) or drug R 20 mg/m(2) weekly.", []),
    ],
    "alternatives-each-with-its-count-in-a-parenthesis": [
        # alternatives, each with its count of patients in a parenthesis, are the arms
        ("Adults took drug Q daily for a year after the first course of surgery (64 patients) or placebo (61 patients).",
         [64, 61]),
        ("Care went on as usual (40 pts) versus a nurse-led clinic (42 pts) after discharge.", [40, 42]),
        # counts listed with "and" are events still
        ("Side effects were anaemia (6 patients) and rash (4 patients).", []),
    ],
    "the-next-arm-with-its-share-or-thousands-before-to": [
        # the next arm's size with its share of the cohort, or with thousands, before "to"
        ("Of 98 adults, 51 (52%) were randomized to drug Q and 47 (48%) to placebo.", [98, 51, 47]),
        ("Of 70,118 women, 35,012 were assigned to letters and 35,106 to usual care.", [70118, 35012, 35106]),
        # a share before "in" counts an arm's events
        ("Then 12 (20%) were treated with drug Q and 8 (15%) in arm B had rash.", [12]),
    ],
    "the-arms-listed-after-their-total": [
        # the arms' sizes listed after the cohort's, each with its share and joined to its arm, adding up to it
        ("The trial enrolled 210 patients, 70 (33.3%) in the drug Q group, and 140 (66.7%) in the placebo group.",
         [210, 70, 140]),
        ("Charts were read for 500 adults: 300 (60.0%) treated with drug Q and 200 (40.0%) treated with drug R.",
         [500, 300, 200]),
        # counts that do not add up to the total, and events that do, are no arms
        ("The trial enrolled 210 patients, 70 (33.3%) in the drug Q group had a rash.", [210]),
        ("Of 50 patients, 30 had a partial response and 20 had stable disease.", [50]),
    ],
    "the-next-arm-with-its-verb-left-out": [
        # the next arm's size after a size with its treatment, its verb left out
        ("Of them, 45 received drug Q and 43 placebo.", [45, 43]),
        ("In all, 210 were assigned the short course, and 208 the long one.", [210, 208]),
        ("Then 61 (49%) received drug Q, and 63 (51%) usual care.", [61, 63]),
        # doses, times, counts of something else and events are no arms
        ("Here 54 received drug Q at 10 mg and 20 mg.", [54]),
        ("Then 28 patients received drug Q and 6 months later drug R.", [28]),
        ("In total, 30 received drug Q and 12 had grade 3 rash.", [30]),
        ("First, 40 received drug Q, and 9 of them relapsed.", [40]),
    ],
}
#: Cohort sizes misread before, by bug: (text, the sizes it gives).
COHORT_REGRESSIONS = {
    "response-category-cases-and-responders-were-cohorts": [
        # "N CR cases" and "N patients who responded" count outcomes, not patients of a cohort
        ("After three cycles, arm A had 2 CR cases, 10 PR cases and 14 SD cases.", []),
        ("Of the 12 patients who responded in arm A, 10 responded within 3 months.", []),
        ("In the 23 patients who achieved a partial response, the median duration was 7.0 months.", []),
    ],
    "an-n-eq-after-a-named-group-and-a-comma-was-a-label": [
        # "group," before an "n = x" names the part it counts; it was read as a label of the number ("group 2")
        ("Ninety adults were enrolled (morning group, n = 44; evening group, n = 46).", [90, 44, 46]),
        ("Women were assigned to cohort K (n = 31) or to the waiting arm, n = 29.", [31, 29]),
        # a response category or a time with its number stays a label
        ("Of 60 patients, the best responses were (CR, N = 2; PR, N = 9; SD, N = 30).", [60]),
    ],
    "with-and-a-word-starting-like-a-response-category-was-an-event": [
        # "with PR" was matched without case or word end, so "with primary" and "with previously" made an event
        ("We enrolled 47 patients with primary liver tumours at four sites.", [47]),
        ("Then 63 patients with previously treated lymphoma were dosed.", [63]),
        ("Of them, 58 women with sdh-deficient tumours were followed.", [58]),
        # a response category after "with" still counts events
        ("Nine patients with PR and 12 patients with SD were seen.", []),
    ],
    "a-count-of-patients-given-a-later-treatment-was-a-cohort-size": [
        ("Afterwards, 41 patients (62%) received maintenance drug Q after induction (drug Q alone, n=29; with drug R, n=12).",
         []),
        ("Of those, 57 (81%) received six cycles.", []),
        ("Twenty-four patients underwent repeat resection of the liver.", []),
        ("In all, 19 underwent a subsequent ablation.", []),
        ("Of the 88 patients, 31 were treated in further lines.", [88]),
        # the safety population, a later line that is the study's own treatment, and an adverb are no later treatment
        ("A total of 96 patients received at least one cycle.", [96]),
        ("Seventy patients received 342 cycles of drug Q.", [70]),
        ("Sixty-one patients received second-line drug Q every 2 weeks.", [61]),
        ("The review of 212 patients further showed a benefit.", [212]),
    ],
    "an-event-count-of-one-arm-before-the-other-arm-was-a-cohort-size": [
        ("A total of 18 patients (40.9%) in arm A and 11 patients (26.2%) in arm B had grade 3 neutropenia.", []),
        ("A total of 14 patients (31.1%) in the drug Q arm and 9 patients (21.4%) in the placebo arm reported serious AEs.",
         []),
        # the arms' sizes with their verb after the other arm's are cohorts still
        ("Overall, 58 patients in arm A and 55 in arm B were evaluable for response.", [58, 55]),
    ],
    "two-counts-of-one-sex-were-a-split-by-sex": [
        # two counts of the same sex are the arms' sizes, not a count of men beside one of women
        ("In all, 71 women in the walking arm and 69 women in the resting arm were assessed.", [71, 69]),
        ("Nurses were randomized to a short course (44 women) or a long course (47 women).", [44, 47]),
        # one count of each sex is still a split by sex
        ("The sample held 35 men and 52 women.", []),
    ],
    "a-count-grouped-by-a-space-was-read-as-its-last-group": [
        # thousands grouped by a plain space were read from the last group ("085")
        ("A total of 48 317 women were screened.", [48317]),
        ("We followed 215 406 adults for a decade.", [215406]),
        ("We followed 12 adults.", [12]),
    ],
    "with-a-and-what-describes-the-patients-was-an-event": [
        # "with a" before what describes the patients counted made them an event's count
        ("In all, 52 women with a median age of 61 years were enrolled.", [52]),
        ("Then 40 adults with a family history of cancer joined.", [40]),
        # a response after "with a" still counts events
        ("Overall, 12 patients with a partial response were seen.", []),
    ],
}


def _by_key(cases: dict[str, list[tuple[str, list[int]]]]) -> list:
    return [pytest.param(text, expected, id=key) for key, pairs in cases.items() for text, expected in pairs]


@pytest.mark.parametrize("text, expected", _by_key(COHORT_FORMS))
def test_cohort_size_forms_added_for_unseen_papers(text, expected):
    assert [v for _, v, _ in run(text, "cohort_size")] == expected


@pytest.mark.parametrize("text, expected", _by_key(COHORT_REGRESSIONS))
def test_regression_a_cohort_size_was_misread(text, expected):
    """Each case's id names its bug."""
    assert [v for _, v, _ in run(text, "cohort_size")] == expected


#: A table whose body has a sub-table of second-line patients and a row of responders, and one whose body row
#: breaks its header's total into arms.
SUB_TABLES = (
    "Table 3 Outcomes by arm\n"
    "| | Drug Q (n=120) | Placebo (n=60) |\n"
    "|---|---|---|\n"
    "| Second-line patients | | |\n"
    "| | Drug Q (n=52) | Placebo (n=23) |\n"
    "| Patients with lasting benefit | n=31 | n=4 |\n"
    "Table 4 Who was treated\n"
    "| Patients enrolled | N = 40 | N = 40 |\n"
    "|---|---|---|\n"
    "| Regimen | Drug Q N = 22 | Drug R N = 18 |\n"
)


def test_regression_an_n_eq_of_a_sub_table_or_a_body_row_was_a_cohort_size():
    got = []
    start = 0
    for line in SUB_TABLES.splitlines(keepends=True):
        ctx = SentenceContext(text=SUB_TABLES, start=start, end=start + len(line.rstrip("\n")))
        got += [f.stat.value for f in extract_sentence(ctx, ["cohort_size"])]
        start += len(line)
    # the header's sizes and a body row's that add up to the header's; not a sub-table's nor a row's part
    assert got == [120, 60, 40, 40, 22, 18]



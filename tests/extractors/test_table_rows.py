"""The table extractor over invented result tables rendered as ``| a | b |`` grids."""
import pytest

from pipeline.extractors import extract_sentence
from pipeline.extractors.base import SentenceContext
from pipeline.extractors.table_rows import column_arms, column_kind
from pipeline.nlp.sentences import sentence_spans


def table_facts(text):
    out = []
    for s, e in sentence_spans(text):
        for f in extract_sentence(SentenceContext(text=text, start=s, end=e), ["table_rows"]):
            assert text[f.stat.start : f.stat.end] == f.stat.raw
            out.append((f.endpoint, f.outcome, f.stat.value, f.stat.ci_low, f.stat.ci_high, f.stat.p_value, f.label))
    return out


@pytest.mark.parametrize(
    "header, kind",
    [
        ("Hazard ratio (95% CI)", "hr"),
        ("HR", "hr"),
        ("95% confidence interval", "ci"),
        ("P-value", "p"),
        ("p (log-rank)", "p"),
        ("N", "n"),
        ("No.", "n"),
        ("Median OS (months)", "median:os_median"),
        ("Med PFS (Yr)", "median:pfs_median"),
        ("Median survival, weeks", "median:os_median"),
        ("5-yr OS (%)", None),
        ("Median TTP", None),
        ("ORR, n (%)", "orr"),
        ("Arm A (n = 40)", None),
    ],
)
def test_column_kinds(header, kind):
    assert column_kind(header) == kind


COX = (
    "Table 2 Univariate analysis of overall survival\n"
    "| | | Med OS (Yr) | N | Hazard ratio | 95% CI | 95% CI | P-value |\n"
    "|---|---|---|---|---|---|---|---|\n"
    "| Surgery | Open | 2.5 | 41 | 1.00 | | | |\n"
    "| | Laparoscopic | 3.5 | 37 | 0.61 | 0.40 | 0.93 | .022 |\n"
)


def test_factor_rows_give_medians_sizes_and_hazard_ratios_with_bounds_in_their_own_cells():
    got = table_facts(COX)
    assert ("os_median", None, 30.0, None, None, None, "Surgery Open") in got  # 2.5 years
    assert ("n", None, 41.0, None, None, None, "Surgery Open") in got
    assert ("hr", "os", 0.61, 0.40, 0.93, ".022", "Surgery Laparoscopic") in got
    # the reference level has HR 1 by definition: no fact
    assert not [f for f in got if f[0] == "hr" and f[2] == 1.0]


SECTIONS = (
    "Table 3 Multivariate analysis\n"
    "| | Hazard ratio (95% CI) | p value |\n"
    "|---|---|---|\n"
    "| Predictors of overall survival | | |\n"
    "| Smoking (yes vs no) | 1·32 (1·05–1·66)* | 0·02 |\n"
    "| Predictors of progression-free survival | | |\n"
    "| Smoking (yes vs no) | 1·18 (0·93–1·49) | 0·17 |\n"
)


def test_section_rows_decide_the_outcome_and_footnote_marks_are_ignored():
    got = [(f[1], f[2], f[3], f[4], f[5]) for f in table_facts(SECTIONS)]
    assert got == [("os", 1.32, 1.05, 1.66, "0·02"), ("pfs", 1.18, 0.93, 1.49, "0·17")]


OUTCOME_ROWS = (
    "Table 2 Results by treatment\n"
    "| Outcome | Arm X | Arm Y | HR (95% CI) |\n"
    "|---|---|---|---|\n"
    "| Overall survival | 12.1 | 9.8 | 0.80 (0.61–1.05) |\n"
    "| Progression-free survival | 5.2 | 4.0 | 0.74 (0.58–0.95) |\n"
    "| Time to treatment failure | 3.9 | 3.1 | 0.91 (0.70–1.18) |\n"
    "| Survival (months) | | | |\n"
    "| Cohort 1 | 14.0 | 11.2 | 0.86 (0.62–1.19) |\n"
    "| Disease-specific survival | | | |\n"
    "| Cohort 1 | 16.0 | 12.5 | 0.83 (0.60–1.15) |\n"
)


def test_row_labels_and_capitalised_sections_decide_the_hr_outcome():
    # regression (table-hr-outcome-case): "Overall survival" and "Survival (months)" were not read as OS, only the
    # lower-case words, and a row label naming the endpoint was never read
    got = [(f[1], f[2]) for f in table_facts(OUTCOME_ROWS) if f[0] == "hr"]
    assert got == [("os", 0.8), ("pfs", 0.74), ("other", 0.91), ("os", 0.86), ("other", 0.83)]


AE_TABLE = (
    "Table 4 Adverse events in the safety population\n"
    "| | Arm X (N = 40) | | Arm Y (N = 38) | |\n"
    "| Adverse events, n (%) | All grades | Grade ≥3 AEs | All grades | Grade ≥3 AEs |\n"
    "|---|---|---|---|---|\n"
    "| Patients with at least one AE | 39 (97.5) | 21 (52.5) | 36 (94.7) | 15 (39.5) |\n"
    "| Neutropenia | 18 (45.0) | 9 (22.5) | 12 (31.6) | 6 (15.8) |\n"
    "| Fatigue | 20 (50.0) | 2 (5.0) | 17 (44.7) | 1 (2.6) |\n"
)


def test_an_ae_table_gives_the_grade3_rate_of_all_events_only():
    # regression (one-event-rows-as-trae): every event row of an AE table gave its grade >= 3 column as the rate
    # of all grade >= 3 AEs
    got = [f[2] for f in table_facts(AE_TABLE) if f[0] == "trae_grade3"]
    assert got == [52.5, 39.5]


SURVIVAL = (
    "Table 4 Overall survival by subgroup\n"
    "| | N | Median OS (months) | 95% CI | P (log-rank) |\n"
    "|---|---|---|---|---|\n"
    "| Disease extent | | | | |\n"
    "| Local | 70 | 6.4 | (5.1–7.7) | 0.21 |\n"
    "| Distant | 30 | NR | | |\n"
)


def test_median_column_takes_its_ci_from_the_next_column_and_not_reached():
    # regression: rows "| Yes | ... |" under different factors shared one label, so equal medians merged
    got = table_facts(SURVIVAL)
    # a short row label is a level of the section row's factor
    assert ("os_median", None, 6.4, 5.1, 7.7, None, "Disease extent Local") in got
    assert ("n", None, 70.0, None, None, None, "Disease extent Local") in got
    assert [f for f in got if f[0] == "os_median" and f[2] is None and f[6] == "Disease extent Distant"]


COMBINED = (
    "Table 5 PFS by mutation and arm\n"
    "| PFS | Arm X | Arm Y | p-value (log rank) |\n"
    "| | n = 80 | n = 77 | HR (95% CI) |\n"
    "|---|---|---|---|\n"
    "| Wild type | 9.2months | 7.1months | 0.41 |\n"
    "| | | | 0.88 (0.60-1.29) |\n"
)


def test_a_column_that_holds_p_values_and_hazard_ratios_gives_only_the_hazard_ratios():
    got = table_facts(COMBINED)
    assert [(f[0], f[2]) for f in got if f[0] == "hr"] == [("hr", 0.88)]


def test_row_label_names_the_median_and_the_arm_columns_hold_it():
    text = (
        "Table 1 Efficacy\n"
        "| Outcome | Drug A (n = 30) | Drug B (n = 28) |\n"
        "|---|---|---|\n"
        "| Median PFS, months (95% CI) | 4.6 (3.0–6.1) | 2.9 (2.1–3.8) |\n"
        "| ORR, % | 26.7 | 10.7 |\n"
    )
    got = table_facts(text)
    assert [(f[0], f[2], f[3], f[4], f[6]) for f in got] == [
        ("pfs_median", 4.6, 3.0, 6.1, None), ("pfs_median", 2.9, 2.1, 3.8, None)]
    row = text.index("| Median PFS")
    assert [arm for _, _, arm in column_arms(text, row, text.index("\n", row))] == ["Drug A", "Drug B"]


def test_rate_columns_read_counts_with_their_share():
    text = (
        "Table 6 Response by arm\n"
        "| Arm | ORR, n (%) | DCR (%) |\n"
        "|---|---|---|\n"
        "| Arm A | 12 (30.0) | 65.0 |\n"
    )
    got = [(f[0], f[2]) for f in table_facts(text)]
    assert got == [("orr", 30.0), ("dcr", 65.0)]


def test_total_column_and_row_label_sizes_are_no_cohort_sizes():
    # regression: "Total (N = 120)" and "Age (n = 118)" were read as cohort sizes
    text = (
        "Table 1 Baseline characteristics\n"
        "| Characteristic | Arm A (n = 61) | Arm B (n = 59) | Total (N = 120) |\n"
        "|---|---|---|---|\n"
        "| Age (n = 118) | 60 | 61 | 60 |\n"
    )
    got = []
    for s, e in sentence_spans(text):
        got += [f.stat.value for f in extract_sentence(SentenceContext(text=text, start=s, end=e), ["cohort_size"])]
    assert got == [61.0, 59.0]


def test_p_value_column_is_no_rate_of_the_row():
    # regression: "| ORR% | 55 | 49 | 0.008 |" gave an ORR of 0.008
    text = (
        "Table 2 Response\n"
        "| | Arm A | Arm B | p value |\n"
        "|---|---|---|---|\n"
        "| ORR% | 55.0 | 49.0 | 0.008 |\n"
    )
    row = text.index("| ORR%")
    findings = extract_sentence(SentenceContext(text=text, start=row, end=len(text) - 1), ["response_rate"])
    assert [f.stat.value for f in findings] == [55.0, 49.0]


@pytest.mark.parametrize(
    "cells, value, lo, hi, p",
    [
        ("| Stage IV | 0.70 (0.52; 0.94) 0.02 |  |", 0.7, 0.52, 0.94, "0.02"),  # semicolon bounds, p in the cell
        ("| Stage IV | 0.70 | 0.52–0.94 |", 0.7, 0.52, 0.94, None),  # bounds in the CI column
    ],
)
def test_hazard_ratio_cell_forms(cells, value, lo, hi, p):
    text = "Table 7 Cox model for PFS\n| Factor | HR | 95% CI |\n|---|---|---|\n" + cells + "\n"
    got = [(f[2], f[3], f[4], f[5]) for f in table_facts(text) if f[0] == "hr"]
    assert got == [(value, lo, hi, p)]


def test_caption_about_a_cox_model_makes_ratio_cells_hazard_ratios():
    text = (
        "Table 8 Cox proportional hazards model for overall survival\n"
        "| Variable | Univariate | Multivariate |\n"
        "|---|---|---|\n"
        "| ECOG 2 vs 0-1 | 2.05 (1.31–3.22) | 1.84 (1.12–3.01) |\n"
    )
    assert [(f[0], f[1], f[2]) for f in table_facts(text)] == [("hr", "os", 2.05), ("hr", "os", 1.84)]
    odds = text.replace("Cox proportional hazards model", "Logistic regression (odds ratios)")
    assert table_facts(odds) == []


CAPTION_MEDIANS = (
    "Table 3 Progression-free survival by marker status in the two arms\n"
    "| PFS | Drug A | Drug B | p-value |\n"
    "| | n = 80 | n = 75 | |\n"
    "|---|---|---|---|\n"
    "| All patients | 7.4 months | 5.9 months | 0.21 |\n"
    "| Marker negative | 8.0months | 6.1months | 0.30 |\n"
    "| Marker positive | NR | 4.2 months | 0.04 |\n"
)


def test_caption_naming_the_endpoint_makes_durations_of_arm_columns_its_medians():
    got = [f for f in table_facts(CAPTION_MEDIANS) if f[0] == "pfs_median"]
    assert [(f[2], f[6]) for f in got] == [(7.4, "All patients"), (5.9, "All patients"), (8.0, "Marker negative"),
                                           (6.1, "Marker negative"), (None, "Marker positive"),
                                           (4.2, "Marker positive")]


@pytest.mark.parametrize(
    "caption, corner",
    [
        ("Table 2 Two-year overall survival rate by arm", "OS"),  # a landmark rate, not a median
        ("Table 2 Baseline characteristics of the two arms", "Characteristic"),  # no endpoint named
    ],
)
def test_durations_under_other_captions_are_no_medians(caption, corner):
    table = f"{caption}\n| {corner} | Drug A | Drug B |\n|---|---|---|\n| All | 45 months | 30 months |\n"
    assert not [f for f in table_facts(table) if f[0].endswith("_median")]


def test_jats_table_with_the_endpoint_in_its_caption(tmp_path):
    from pipeline.readers import read_document

    xml = ("<?xml version='1.0' encoding='UTF-8'?><article><front><article-meta><title-group><article-title>Drug A"
           "</article-title></title-group></article-meta></front><body><sec><title>Results</title><p>See table.</p>"
           "<table-wrap><label>Table 4</label><caption><p>Overall survival by marker status</p></caption><table>"
           "<thead><tr><th>OS</th><th>Drug A</th><th>Drug B</th><th>HR (95% CI)</th></tr></thead><tbody>"
           "<tr><td>Marker negative</td><td>21.5 months</td><td>17.0 months</td><td>0.80 (0.55-1.16)</td></tr>"
           "</tbody></table></table-wrap></sec></body></article>")
    path = tmp_path / "a.xml"
    path.write_text(xml, encoding="utf-8")
    got = table_facts(read_document(path).text)
    assert ("os_median", None, 21.5, None, None, None, "Marker negative") in got
    assert ("os_median", None, 17.0, None, None, None, "Marker negative") in got
    assert ("hr", "os", 0.80, 0.55, 1.16, None, "Marker negative") in got

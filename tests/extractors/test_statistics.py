import pytest

from pipeline.extractors.statistics import scan, values, words_to_int


def _one(text):
    vals = values(text)
    assert len(vals) == 1, vals
    return vals[0]


@pytest.mark.parametrize(
    "text, kind, value, lo, hi, p",
    [
        ("median PFS 5.8 months (95% CI: 1.6-22.4)", "duration", 5.8, 1.6, 22.4, None),
        ("81 d (95% confidence interval, CI, 41-112 d)", "duration", 2.6612, 1.347, 3.6797, None),
        ("0.41 (95%CI 0.228-0.578)", "number", 0.41, 0.228, 0.578, None),
        ("7.2 months (95% CI 4.1–9.0; P = 0.03)", "duration", 7.2, 4.1, 9.0, "0.03"),
        ("10 months (95% CI, 6 to 14)", "duration", 10.0, 6.0, 14.0, None),
        ("HR: 0.46, 95% CI: 0.32-0.69; P < 0.001", "hr", 0.46, 0.32, 0.69, "<0.001"),
        ("(hazard ratio, HR, 2.38; 95% CI 1.10-5.13; p=0.027)", "hr", 2.38, 1.10, 5.13, "0.027"),
        ("HR = 1.83, 95%CI: 1.39-2.40, P<0.001", "hr", 1.83, 1.39, 2.40, "<0.001"),
        ("2 years", "duration", 24.0, None, None, None),
        ("12 weeks", "duration", 2.7598, None, None, None),
        # an unlabelled interval after a comma, inside the value's parenthesis (Lancet style)
        ("(0·62, 0·51–0·75, p<0·0001)", "number", 0.62, 0.51, 0.75, "<0·0001"),
        ("4·1 months, 3·3–4·9", "duration", 4.1, 3.3, 4.9, None),
    ],
)
def test_value_with_ci_and_p(text, kind, value, lo, hi, p):
    _check_value(text, kind, value, lo, hi, p)


def _check_value(text, kind, value, lo, hi, p):
    v = _one(text)
    assert v.kind == kind
    assert v.stat.value == pytest.approx(value, abs=1e-3)
    assert v.stat.ci_low == (None if lo is None else pytest.approx(lo, abs=1e-3))
    assert v.stat.ci_high == (None if hi is None else pytest.approx(hi, abs=1e-3))
    assert v.stat.p_value == p


@pytest.mark.parametrize(
    "text, raw, value, num, den",
    [
        ("ORR was 24.1% (7/29)", "24.1% (7/29)", 24.1, 7, 29),
        ("responded: 7/29", "7/29", 24.14, 7, 29),
        ("in 3/12 (25.0%) patients", "3/12 (25.0%)", 25.0, 3, 12),
    ],
)
def test_counts_and_percentages(text, raw, value, num, den):
    v = _one(text)
    assert (v.stat.raw, v.stat.numerator, v.stat.denominator) == (raw, num, den)
    assert v.stat.value == pytest.approx(value, abs=0.01)
    assert text[v.stat.start : v.stat.end] == raw


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4.57 vs. 2.20 months", [4.57, 2.2]),
        ("(not reached vs. 5.2 months vs. 2.1 months)", [None, 5.2, 2.1]),
        ("2.1 vs. 1.0 years", [25.2, 12.0]),
        ("30.6 vs. 6.0%", [30.6, 6.0]),
    ],
)
def test_units_propagate_along_a_comparison(text, expected):
    assert [v.stat.value for v in values(text)] == expected


@pytest.mark.parametrize("text", ["recur in 20%-60% of cases", "| 10.3 – 29.0 | 3.1 - 4.0 |", "irAEs ~25%"])
def test_ranges_and_approximations_are_not_values(text):
    assert values(text) == []


def test_not_reached_is_none_not_a_sentinel():
    (v,) = values("median OS not reached")
    assert v.stat.value is None and v.stat.not_reached


@pytest.mark.parametrize("words, n", [("Eighty-five", 85), ("twelve", 12), ("154", 154), ("1,517", 1517), ("lots", None)])
def test_words_to_int(words, n):
    assert words_to_int(words) == n


def test_version_numbers_are_not_values():
    assert [a.kind for a in scan("RECIST v1.1 criteria")] == []


def test_adversarial_long_line_finishes():
    # regression: nested quantifiers must not backtrack catastrophically on long digit/space runs
    line = ("1 " * 20000) + "95% CI " + ("1." * 5000) + "-" + "%" * 1000
    assert isinstance(values(line), list)


def test_hr_header_with_ci_level_is_not_an_hr():
    # regression: "Hazard ratio (95 % CI)" in a table header was read as HR 9
    assert "hr" not in [v.kind for v in values("| Univariate analysis Hazard ratio (95 % CI) | p value |")]


@pytest.mark.parametrize(
    "words, n",
    [("One thousand two hundred eighty-four", 1284), ("two thousand and twelve", 2012), ("Forty-two", 42),
     ("48 317", 48317), ("48\u202f317", 48317)],
)
def test_words_to_int_thousands(words, n):
    assert words_to_int(words) == n


@pytest.mark.parametrize(
    "text, kind, value, lo, hi, p",
    [
        # a unit written after the CI belongs to the value
        ("median PFS was 4.2 (95% CI: 3.1-5.6) months", "duration", 4.2, 3.1, 5.6, None),
        # an upper bound that is no number
        ("7.9 months (95% CI, 5.0 months to not estimable)", "duration", 7.9, 5.0, None, None),
        ("12.5 months (95% CI, from 9.4 to not attained)", "duration", 12.5, 9.4, None, None),
        # "CL" limits and a doubled "[95% CI]" label
        ("35.0% (95% CL, 22.1-48.3%)", "percent", 35.0, 22.1, 48.3, None),
        ("21% (95% confidence interval [95% CI], 10-33%)", "percent", 21.0, 10.0, 33.0, None),
        # an unlabelled interval of percentages, and one of decimals with its p-value inside (p as written)
        ("arm B, 28% (15% to 41%)", "percent", 28.0, 15.0, 41.0, None),
        ("1·42 (1·10–1·83, p=0·007)", "number", 1.42, 1.10, 1.83, "0·007"),
        # a pointer after the p-value inside the interval's parenthesis
        ("0·58 (0·41–0·82, p=0·002; supplementary table 3)", "number", 0.58, 0.41, 0.82, "0·002"),
        # "HRR" and a relative risk with its CI are hazard ratios
        ("HRR = 0.71 (95% CI 0.52-0.97)", "hr", 0.71, 0.52, 0.97, None),
        ("RR: 0.44; 95% CI: 0.30-0.65", "hr", 0.44, 0.30, 0.65, None),
        ("the hazard ratio (97.5% CI; one-sided P) was 0.648 (0.41-0.90; 0.002)", "hr", 0.648, 0.41, 0.90, "0.002"),
        ("(hazard ratio for death, 0.62; 95% CI, 0.44-0.90)", "hr", 0.62, 0.44, 0.90, None),
        # a ratio per unit of a factor, and "hazards ratio"
        ("(HR per 1 SD, 1.21; 95% confidence interval, 1.10 to 1.33)", "hr", 1.21, 1.10, 1.33, None),
        ("(HR per 10-unit increase, 1.08; 95% CI 1.02-1.15)", "hr", 1.08, 1.02, 1.15, None),
        ("(hazards ratio [HR] 2.3; 95% confidence interval [CI] 1.4-3.8)", "hr", 2.3, 1.4, 3.8, None),
        # the header of the statistics spelled out, and a CI in brackets
        ("hazard ratio (97.5% confidence interval; one-sided P-value) 0.61 (97.5% CI [0.42-0.88]; P = 0.004)",
         "hr", 0.61, 0.42, 0.88, "0.004"),
    ],
)
def test_new_value_forms(text, kind, value, lo, hi, p):
    _check_value(text, kind, value, lo, hi, p)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a bare value with a CI beside a duration takes its unit
        ("6.10 months (95% CI, 5.2 to 7.4) for arm A and 4.85 (95% CI, 3.9 to 5.6) for arm B", [6.1, 4.85]),
        ("[arm A: 9.1 (95% CI: 6.0-12.2), arm B: 7.7 (95% CI: 5.8-9.6) months]", [9.1, 7.7]),
        # a list whose unit is on its last value
        ("2.2, 3.4, 1.9, and 2.0 months", [2.2, 3.4, 1.9, 2.0]),
        ("was 7, 13, 16, and 9.5 months", [7.0, 13.0, 16.0, 9.5]),
        ("1.5 vs. 3.0 years", [18.0, 36.0]),
    ],
)
def test_units_reach_every_value_of_a_list(text, expected):
    vals = values(text)
    assert [v.kind for v in vals] == ["duration"] * len(expected)
    assert [v.stat.value for v in vals] == pytest.approx(expected)


def test_raw_of_a_listed_duration_keeps_its_unit():
    # regression: "2.1 vs. 1.0 years" keeps "years" in the raw of its last value
    assert [v.stat.raw for v in values("2.1 vs. 1.0 years")] == ["2.1", "1.0 years"]


@pytest.mark.parametrize(
    "text",
    [
        "more than 40% of patients",
        "nearly 60% of them",
        "at least 25% of cases",
        "<10% of the cohort",
        "the ORR per RECIST version 1.1",
        "no difference between groups (χ2=0.214, p=0.64)",
        # ages that split the cohort are no times
        "in patients younger than 70 years",
        "for those aged 75 or older",
        "in subjects 65 years of age or older",
        "children 12 years old",
    ],
)
def test_bounded_approximate_and_labelled_numbers_are_not_values(text):
    assert [v for v in values(text) if v.kind != "n"] == []


def test_percent_of_a_ci_level_is_not_a_value():
    # regression: "(95% CI: 26-50) and 0% (95% CI:" read 95% as a rate when the CI was cut off
    assert [v.stat.value for v in values("rates of 30% (95% CI") if v.kind == "percent"] == [30.0]


def test_n_eq_stops_before_a_comma():
    # regression: "n = 13, 6.46%" was read as "n = 13," and its share was not seen
    (v, *_) = values("(variant C, n = 13, 6.5%)")
    assert (v.kind, v.stat.raw) == ("n", "n = 13")


def test_an_interval_after_a_comma_that_misses_the_value_is_no_ci():
    # "1.5, 2.0–3.5" lists a value and a range; only an interval around the value is its CI
    (v,) = values("doses of 1.5, 2.0–3.5")
    assert (v.stat.value, v.stat.ci_low, v.stat.ci_high) == (1.5, None, None)

"""meta.csv: hazard ratios as log HR with its standard error, rates as events/total, medians as estimates."""
import math

import pandas as pd
import pytest

from pipeline.export.meta import log_hr_se, meta_frame
from pipeline.schema import META_COLUMNS, RESULTS_COLUMNS


def _results(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{**{c: "" for c in RESULTS_COLUMNS}, "doc_id": "d", "start": "0", **r} for r in rows],
                        columns=list(RESULTS_COLUMNS), dtype=str)


@pytest.mark.parametrize("low, high, level, se", [
    (0.41, 0.90, 95.0, (math.log(0.90) - math.log(0.41)) / (2 * 1.959964)),
    (1.31, 4.32, 90.0, (math.log(4.32) - math.log(1.31)) / (2 * 1.644854)),
    (None, 4.32, 95.0, None),
    (0.0, 1.2, 95.0, None),  # a zero bound has no log
    (2.0, 1.0, 95.0, None),  # an inverted interval is a misread, not an estimate
])
def test_log_hr_se_from_the_interval(low, high, level, se):
    got = log_hr_se(low, high, level)
    assert got == pytest.approx(se, rel=1e-5) if se is not None else got is None


def test_hazard_ratio_row_names_the_other_arm_as_comparator():
    meta = meta_frame(_results(
        {"arm": "rechallenge group", "endpoint": "hr", "outcome": "pfs", "value": "0.61", "ci_low": "0.41",
         "ci_high": "0.9", "ci_level": "95"},
        {"arm": "chemotherapy group", "endpoint": "n", "value": "54"},
    ))
    (row,) = meta.to_dict("records")
    assert (row["measure"], row["comparator"], row["outcome"]) == ("HR", "chemotherapy group", "pfs")
    assert float(row["yi"]) == pytest.approx(math.log(0.61), rel=1e-5)
    assert float(row["sei"]) == pytest.approx(0.200575, rel=1e-4)


@pytest.mark.parametrize("fact, events, total, origin", [
    ({"value": "19.4", "numerator": "6", "denominator": "31"}, "6", "31", "counts"),
    ({"value": "11.1", "arm": "B"}, "6", "54", "rate x n"),  # the arm's n: 54
    ({"value": "30", "arm": "C"}, "", "", ""),  # no n for arm C: no counts are made up
])
def test_rate_events_and_total(fact, events, total, origin):
    meta = meta_frame(_results({"endpoint": "orr", **fact}, {"arm": "B", "endpoint": "n", "value": "54"}))
    row = meta[meta["endpoint"] == "orr"].iloc[0]
    assert (row["measure"], row["events"], row["total"], row["events_from"]) == ("PR", events, total, origin)


def test_medians_are_estimates_without_yi_and_cited_studies_are_labelled():
    meta = meta_frame(_results({"endpoint": "os_median", "value": "13.9", "ci_low": "10.2", "ci_high": "18.5",
                                "study": "Smith"}))
    row = meta.iloc[0]
    assert (row["measure"], row["yi"], row["study_label"]) == ("MEDIAN", "", "d (Smith)")


def test_no_results_give_an_empty_table_with_the_columns():
    assert list(meta_frame(_results().iloc[0:0]).columns) == list(META_COLUMNS)

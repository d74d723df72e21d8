"""The results table's schema is the contract's: guard its columns and their order."""
import io

import pandas as pd

from pipeline.schema import RESULTS_COLUMNS, RESULTS_REVIEW_COLUMNS, STUDIES_COLUMNS
from pipeline.table import read_results, results_frame, studies_frame
from pipeline.types import Fact, Statistic

CONTRACT_COLUMNS = (
    "doc_id, study, arm, subgroup, endpoint, outcome, value, unit, ci_low, ci_high, ci_level, p_value, numerator, "
    "denominator, not_reached, raw, drugs, tumor, sentence, start, end, page, mentions, conflict, extractor, "
    "source, section, attribution, review"
)


def test_schema_matches_the_contract():
    """The contract's columns in its order; the review status (corrections.csv) is appended after them, which
    the contract allows (scorers read columns by name)."""
    contract = tuple(CONTRACT_COLUMNS.split(", "))
    assert RESULTS_COLUMNS[:len(contract)] == contract
    assert RESULTS_COLUMNS[len(contract):] == RESULTS_REVIEW_COLUMNS == ("status",)


def _fact(value, arm="", not_reached=False, start=0):
    stat = Statistic(raw="x", start=start, end=start + 1, value=value, unit="months", ci_low=1.5 if value else None, ci_high=9.0 if value else None,
                     not_reached=not_reached)
    return Fact(doc_id="d1", endpoint="pfs_median", stat=stat, arm=arm, drugs=("anlotinib", "PD-1 inhibitor"))


def test_results_frame_formats_values_and_missing():
    frame = results_frame([_fact(5.8, "A"), _fact(None, "B", not_reached=True, start=5)])
    assert list(frame.columns) == list(RESULTS_COLUMNS)
    first, second = frame.to_dict("records")
    assert (first["value"], first["ci_low"], first["drugs"], first["not_reached"]) == ("5.8", "1.5", "anlotinib;PD-1 inhibitor", "false")
    assert (second["value"], second["ci_low"], second["not_reached"], second["page"]) == ("", "", "true", "")


def test_round_trip_and_studies_view(tmp_path):
    frame = results_frame([_fact(5.8, "A"), _fact(None, "B", not_reached=True, start=5)])
    path = tmp_path / "results.csv"
    frame.to_csv(path, index=False)
    assert read_results(path).equals(frame)
    wide = studies_frame(frame)
    assert wide["pfs_median"].tolist() == ["5.8", "NR"]
    assert wide["pfs_median_ci_low"].tolist() == ["1.5", ""] and wide["pfs_median_ci_high"].tolist() == ["9", ""]


def test_regression_studies_cells_hold_one_value_each_conflicts_become_variant_rows():
    frame = results_frame([_fact(5.8, "A"), _fact(7.1, "A", start=40), _fact(3.0, "B", start=80)])
    wide = studies_frame(frame)
    assert list(wide.columns) == list(STUDIES_COLUMNS)
    assert wide[["arm", "variant", "pfs_median"]].values.tolist() == [["A", "1", "5.8"], ["A", "2", "7.1"],
                                                                      ["B", "1", "3"]]
    assert not wide.apply(lambda c: c.str.contains(r" \| ", regex=True)).any().any()


def test_typed_copy_keeps_numbers_as_numbers_and_flags_as_booleans():
    from pipeline.table import typed

    frame = pd.DataFrame([{c: "" for c in RESULTS_COLUMNS} | {"value": "0.61", "start": "10", "review": "true",
                                                             "not_reached": "false", "doc_id": "d"}],
                         columns=list(RESULTS_COLUMNS), dtype=str)
    out = typed(frame)
    assert out.loc[0, "value"] == 0.61 and out.loc[0, "start"] == 10.0 and pd.isna(out.loc[0, "ci_low"])
    assert bool(out.loc[0, "review"]) is True and bool(out.loc[0, "not_reached"]) is False
    assert pd.isna(out.loc[0, "conflict"]) and out.loc[0, "doc_id"] == "d"

"""The results table's schema is the contract's: guard its columns and their order."""
import io

from pipeline.schema import RESULTS_COLUMNS
from pipeline.table import read_results, results_frame, studies_frame
from pipeline.types import Fact, Statistic

CONTRACT_COLUMNS = (
    "doc_id, study, arm, subgroup, endpoint, outcome, value, unit, ci_low, ci_high, ci_level, p_value, numerator, "
    "denominator, not_reached, raw, drugs, tumor, sentence, start, end, page, mentions, conflict, extractor, "
    "source, section, attribution, review"
)


def test_schema_matches_the_contract():
    assert ", ".join(RESULTS_COLUMNS) == CONTRACT_COLUMNS


def _fact(value, arm="", not_reached=False, start=0):
    stat = Statistic("x", start, start + 1, value, "months", ci_low=1.5 if value else None, ci_high=9.0 if value else None,
                     not_reached=not_reached)
    return Fact("d1", "pfs_median", stat, arm=arm, drugs=("anlotinib", "PD-1 inhibitor"))


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
    assert wide["pfs_median"].tolist() == ["5.8 (1.5-9)", "NR"]

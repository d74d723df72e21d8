"""Plots: the forest plot and the rate bars are drawn from meta.csv rows, the same table gives the same files."""
import pandas as pd
import pytest

from pipeline.export.plots import hazard_ratios, rates, wilson, write_plots
from pipeline.schema import META_COLUMNS


def _meta(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame([{**{c: "" for c in META_COLUMNS}, "study_label": "d", **r} for r in rows],
                        columns=list(META_COLUMNS), dtype=str)


META = _meta({"measure": "HR", "endpoint": "hr", "outcome": "pfs", "arm": "A", "value": "0.61", "ci_low": "0.41",
              "ci_high": "0.9"},
             {"measure": "PR", "endpoint": "orr", "value": "19.4", "events": "6", "total": "31", "events_from": "counts"},
             {"measure": "PR", "endpoint": "trae_grade3", "value": "12.9"})


@pytest.mark.parametrize("events, total, low, high", [(6, 31, 9.2, 36.3), (0, 10, 0.0, 27.8), (10, 10, 72.2, 100.0)])
def test_wilson_interval(events, total, low, high):
    got = wilson(events, total)
    assert got[0] == pytest.approx(low, abs=0.1) and got[1] == pytest.approx(high, abs=0.1)


def test_rows_of_each_plot():
    (hr,) = hazard_ratios(META)
    assert (hr.label, hr.value, hr.low, hr.high) == ("d · A · PFS", 0.61, 0.41, 0.9)
    (orr,) = rates(META)  # grade >= 3 AE rates are not drawn
    assert orr.label == "d · whole cohort · ORR" and orr.low == pytest.approx(9.2, abs=0.1)


def test_plots_are_written_as_png_and_svg_and_are_reproducible(tmp_path):
    first = write_plots(META, tmp_path / "a")
    second = write_plots(META, tmp_path / "b")
    assert sorted(p.name for p in first) == ["forest_hr.png", "forest_hr.svg", "rates.png", "rates.svg"]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_no_rows_no_plots(tmp_path):
    assert write_plots(_meta().iloc[0:0], tmp_path / "plots") == [] and not (tmp_path / "plots").exists()


def test_regression_a_plot_without_rows_removes_the_previous_runs(tmp_path):
    write_plots(META, tmp_path)
    write_plots(META[META["measure"] != "HR"], tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rates.png", "rates.svg"]

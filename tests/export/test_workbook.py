"""results.xlsx: one sheet per table, numbers as numbers, text as written."""
import pandas as pd
import pytest

from pipeline.export import numbers, write_workbook


@pytest.mark.parametrize("text, cell", [("5.8", 5.8), ("112", 112), ("NR", "NR"), ("", None), ("<0.001", "<0.001")])
def test_numbers_converts_only_what_is_a_number(text, cell, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    frame = numbers(pd.DataFrame({"value": [text], "arm": ["A"]}, dtype=str), ["value"])
    write_workbook({"results": frame}, tmp_path / "results.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "results.xlsx")["results"]
    assert [c.value for c in sheet[1]] == ["value", "arm"]
    assert sheet["A2"].value == cell and sheet["B2"].value == "A"
    assert not list(tmp_path.glob(".*")), "no temporary file left behind"

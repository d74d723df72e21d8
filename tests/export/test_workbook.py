"""results.xlsx: one sheet per table, numbers as numbers, text as written."""
import numpy as np
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


def test_workbook_holds_what_pandas_to_excel_writes(tmp_path):
    """The body written cell by cell gives the same workbook parts as pandas' own to_excel."""
    import zipfile

    frame = pd.DataFrame({
        "text": ["arm A", "", "=not a formula?", "https://example.org/x", None],
        "number": [1.5, float("nan"), float("inf"), -float("inf"), 0.0],
        "count": [1, 2, 3, 4, 5],
        "flag": pd.array([True, False, None, True, False], dtype="boolean"),
        "mixed": ["NR", 2.25, None, 7, "x"],
    })
    write_workbook({"results": frame, "other": frame.head(2)}, tmp_path / "ours.xlsx")
    with pd.ExcelWriter(tmp_path / "pandas.xlsx", engine="xlsxwriter") as writer:
        for name, sheet in {"results": frame, "other": frame.head(2)}.items():
            sheet.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
    ours, theirs = zipfile.ZipFile(tmp_path / "ours.xlsx"), zipfile.ZipFile(tmp_path / "pandas.xlsx")
    assert ours.namelist() == theirs.namelist()
    for part in ours.namelist():
        if part != "docProps/core.xml":  # holds the time of writing
            assert ours.read(part) == theirs.read(part), part


@pytest.mark.parametrize("value, cell", [(None, None), (pd.NA, None), (float("nan"), None), (float("inf"), "inf"),
                                         (-float("inf"), "-inf"), (2.5, 2.5), (3, 3), (True, True), ("NR", "NR"),
                                         (np.int64(4), 4), (np.float64(0.5), 0.5), (np.bool_(False), False)])
def test_cell_is_what_pandas_writes_for_a_value(value, cell):
    from pipeline.export.workbook import _cell

    assert _cell(value) == cell and type(_cell(value)) is type(cell)

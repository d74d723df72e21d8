"""results.xlsx: results, studies, meta and documents as sheets, one value per cell, numbers as numbers
(what a reviewer opens in a spreadsheet; the CSV files stay the reference)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.schema import STUDIES_VALUES
from pipeline.table import atomic_file

#: Columns of meta.csv and documents.csv that hold numbers.
META_NUMBERS = ("yi", "sei", "ci_level", "value", "ci_low", "ci_high", "events", "total", "start")
DOCUMENT_NUMBERS = ("pages", "chars", "facts", "seconds")


def numbers(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """``frame`` with the text of ``columns`` as numbers; text that is no number (``NR``) stays as written."""
    out = frame.copy()
    for column in columns:
        parsed = pd.to_numeric(out[column], errors="coerce")
        out[column] = parsed.astype(object).where(parsed.notna(), out[column].replace("", None))
    return out


def studies_numbers(studies: pd.DataFrame) -> pd.DataFrame:
    value_columns = [c for c in studies.columns if c.split("_ci_")[0] in STUDIES_VALUES]
    return numbers(studies, [*value_columns, "variant"])


def write_workbook(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame (already typed), written to a temporary file and swapped in."""
    # XlsxWriter streams the cells: openpyxl took ~10 s for a 2,000-document run, most of a cached re-run
    with atomic_file(path, suffix=".xlsx") as tmp, pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))

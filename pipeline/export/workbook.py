"""results.xlsx: results, studies, meta and documents as sheets, one value per cell, numbers as numbers
(what a reviewer opens in a spreadsheet; the CSV files stay the reference)."""
from __future__ import annotations

import math
from numbers import Integral, Real
from pathlib import Path

import numpy as np
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


def _cell(value: object) -> object | None:
    """A cell's value as pandas' ``to_excel`` writes it (None: an empty cell, which is not written); the
    tables hold text, numbers and flags, no dates."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, Integral):
        return int(value)
    if isinstance(value, Real):
        value = float(value)
        return None if math.isnan(value) else "inf" if value == math.inf else "-inf" if value == -math.inf else value
    return value if isinstance(value, str) else str(value)


def write_workbook(sheets: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per frame (already typed), written to a temporary file and swapped in."""
    # XlsxWriter streams the cells: openpyxl took ~10 s for a 2,000-document run, most of a cached re-run.
    # pandas writes only the header (its style and the frozen row); the body is written here, column by
    # column in pandas' order (which keeps the shared strings in the same order), because pandas' per-cell
    # formatting took three quarters of the workbook's time.
    with atomic_file(path, suffix=".xlsx") as tmp, pd.ExcelWriter(tmp, engine="xlsxwriter") as writer:
        for name, frame in sheets.items():
            frame.head(0).to_excel(writer, sheet_name=name, index=False, freeze_panes=(1, 0))
            write = writer.sheets[name].write
            for col in range(frame.shape[1]):
                for row, value in enumerate(frame.iloc[:, col].tolist(), start=1):
                    cell = _cell(value)
                    if cell is not None:
                        write(row, col, cell)

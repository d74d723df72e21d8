"""The shared table grid: spans expanded, header separated, spacer rows dropped."""
from __future__ import annotations

import pytest

from pipeline.readers.tables import Cell, header_row_count, span_attr, table_lines


def test_header_spans_repeat_and_body_spans_stay_empty() -> None:
    rows = [
        [Cell(text="", header=True), Cell(text="Arm A", colspan=2, header=True), Cell(text="Arm B", colspan=2, header=True)],
        [Cell(text="Result", header=True), Cell(text="No.", header=True), Cell(text="%", header=True), Cell(text="No.", header=True),
         Cell(text="%", header=True)],
        [Cell(text="ORR (95% CI)"), Cell(text="46% (30-58%)", colspan=2), Cell(text="34% (20-48%)", colspan=2)],
        [Cell(text="", colspan=5)],
        [Cell(text="Toxicity", rowspan=2), Cell(text="1"), Cell(text="2"), Cell(text="3"), Cell(text="4")],
        [Cell(text="5"), Cell(text="6"), Cell(text="7"), Cell(text="8")],
    ]
    assert table_lines(rows, header_row_count(rows, [False] * len(rows))) == [
        "|  | Arm A | Arm A | Arm B | Arm B |",
        "| Result | No. | % | No. | % |",
        "|---|---|---|---|---|",
        "| ORR (95% CI) | 46% (30-58%) |  | 34% (20-48%) |  |",
        "| Toxicity | 1 | 2 | 3 | 4 |",
        "|  | 5 | 6 | 7 | 8 |",
    ]


def test_a_header_row_span_is_repeated_below() -> None:
    rows = [
        [Cell(text="Factor", rowspan=2, header=True), Cell(text="OS", colspan=2, header=True)],
        [Cell(text="HR", header=True), Cell(text="p", header=True)],
        [Cell(text="Age"), Cell(text="1.2 (0.9-1.6)"), Cell(text="0.2")],
    ]
    assert table_lines(rows, 2) == [
        "| Factor | OS | OS |", "| Factor | HR | p |", "|---|---|---|", "| Age | 1.2 (0.9-1.6) | 0.2 |",
    ]


@pytest.mark.parametrize(("in_head", "all_th", "expected"), [
    ([True, True, False], [False, False, False], 2),  # <thead> rows
    ([False, False, False], [True, False, False], 1),  # leading <th> row
    ([False, False, False], [False, False, False], 1),  # no markup: the first row
])
def test_header_row_count(in_head: list[bool], all_th: list[bool], expected: int) -> None:
    rows = [[Cell(text="a", header=h), Cell(text="b", header=h)] for h in all_th]
    assert header_row_count(rows, in_head) == expected


@pytest.mark.parametrize(("attr", "count"), [(None, 1), ("2", 2), (" 3 ", 3), ("0", 1), ("x", 1), ("100000", 100)])
def test_span_attr(attr: str | None, count: int) -> None:
    assert span_attr(attr) == count


def test_a_bar_inside_a_cell_does_not_split_it() -> None:
    assert table_lines([[Cell(text="CR|PR")], [Cell(text="3")]], 1) == ["| CR/PR |", "|---|", "| 3 |"]

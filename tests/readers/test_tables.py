"""The shared table grid: spans expanded, header separated, spacer rows dropped."""
from __future__ import annotations

import pytest

from pipeline.readers.tables import Cell, header_row_count, span_attr, table_lines


def test_header_spans_repeat_and_body_spans_stay_empty() -> None:
    rows = [
        [Cell("", header=True), Cell("Arm A", colspan=2, header=True), Cell("Arm B", colspan=2, header=True)],
        [Cell("Result", header=True), Cell("No.", header=True), Cell("%", header=True), Cell("No.", header=True),
         Cell("%", header=True)],
        [Cell("ORR (95% CI)"), Cell("46% (30-58%)", colspan=2), Cell("34% (20-48%)", colspan=2)],
        [Cell("", colspan=5)],
        [Cell("Toxicity", rowspan=2), Cell("1"), Cell("2"), Cell("3"), Cell("4")],
        [Cell("5"), Cell("6"), Cell("7"), Cell("8")],
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
        [Cell("Factor", rowspan=2, header=True), Cell("OS", colspan=2, header=True)],
        [Cell("HR", header=True), Cell("p", header=True)],
        [Cell("Age"), Cell("1.2 (0.9-1.6)"), Cell("0.2")],
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
    rows = [[Cell("a", header=h), Cell("b", header=h)] for h in all_th]
    assert header_row_count(rows, in_head) == expected


@pytest.mark.parametrize(("attr", "count"), [(None, 1), ("2", 2), (" 3 ", 3), ("0", 1), ("x", 1), ("100000", 100)])
def test_span_attr(attr: str | None, count: int) -> None:
    assert span_attr(attr) == count


def test_a_bar_inside_a_cell_does_not_split_it() -> None:
    assert table_lines([[Cell("CR|PR")], [Cell("3")]], 1) == ["| CR/PR |", "|---|", "| 3 |"]

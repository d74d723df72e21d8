"""Tables as the markup readers write them: a grid of cells rendered as ``| a | b |`` lines.

Every reader writes a table the same way, so one parser (:mod:`pipeline.extractors.table_grid`)
reads them all back::

    Table 2 Efficacy by arm            <- label and caption
    | | Arm A (n = 47) | Arm B (n = 45) |      <- header rows
    |---|---|---|                       <- the separator ends the header
    | ORR, n (%) | 12 (25.5) | 8 (17.8) |
    a Response Evaluation Criteria ...  <- footnotes

Spans are expanded so that every line has one cell per column: a header cell spanning
columns is repeated in each of them (a column's header is then read off its own line), a
body cell spanning columns or rows is written once and the spanned positions are empty.
"""
from __future__ import annotations

from dataclasses import dataclass

#: The line between the header rows and the body.
SEPARATOR_CELL = "---"


@dataclass(frozen=True, kw_only=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False  # a <th>, or any cell of a <thead> row


def span_attr(value: str | None) -> int:
    """A ``colspan``/``rowspan`` attribute as a count in 1..100 (junk and 0 count as 1)."""
    try:
        return min(max(int((value or "1").strip()), 1), 100)
    except ValueError:
        return 1


def header_row_count(rows: list[list[Cell]], in_head: list[bool]) -> int:
    """How many leading rows are the header: the ``<thead>`` rows, else the leading all-``<th>`` rows, else one."""
    in_thead = next((i for i, flag in enumerate(in_head) if not flag), len(in_head))
    if in_thead:
        return in_thead
    leading = 0
    for row in rows:
        if row and all(c.header for c in row):
            leading += 1
        else:
            break
    return leading or (1 if len(rows) > 1 else 0)


def grid(rows: list[list[Cell]], header_rows: int) -> list[list[str]]:
    """The rows as lines of equal width, spans expanded (header spans repeated, body spans left empty)."""
    pending: dict[int, tuple[str, int]] = {}  # column -> (text to write, rows still covered)
    out: list[list[str]] = []
    for r, row in enumerate(rows):
        in_header = r < header_rows
        line: list[str] = []
        cells = iter(row)
        col = 0
        while True:
            if col in pending:
                text, left = pending[col]
                line.append(text if in_header else "")
                if left > 1:
                    pending[col] = (text, left - 1)
                else:
                    del pending[col]
                col += 1
                continue
            cell = next(cells, None)
            if cell is None:
                break
            for k in range(cell.colspan):
                line.append(cell.text if k == 0 or in_header else "")
                if cell.rowspan > 1:
                    pending[col + k] = (cell.text, cell.rowspan - 1)
            col += cell.colspan
        while any(c >= len(line) for c in pending):  # a row span reaching past the row's last cell
            c = len(line)
            if c not in pending:
                line.append("")
                continue
            text, left = pending.pop(c)
            line.append(text if in_header else "")
            if left > 1:
                pending[c] = (text, left - 1)
        out.append(line)
    width = max((len(line) for line in out), default=0)
    return [line + [""] * (width - len(line)) for line in out]


def table_lines(rows: list[list[Cell]], header_rows: int) -> list[str]:
    """``| a | b |`` lines with the separator after the header rows (none when there is no header)."""
    lines = grid(rows, header_rows)
    kept = [i for i, cells in enumerate(lines) if any(c.strip() for c in cells)]  # spacer rows say nothing
    header_rows = sum(1 for i in kept if i < header_rows)
    lines = [lines[i] for i in kept]
    if not lines:
        return []
    # a bar inside a cell would split it when the line is read back
    rendered = ["| " + " | ".join(c.replace("|", "/") for c in cells) + " |" for cells in lines]
    if 0 < header_rows < len(lines):
        rendered.insert(header_rows, "|" + f"{SEPARATOR_CELL}|" * len(lines[0]))
    return rendered

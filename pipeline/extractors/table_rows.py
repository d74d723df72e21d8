"""Hazard ratios in result tables flattened to ``| cell | cell |`` rows (PDF tables, scraped HTML).

A row's label is the factor (subgroup); a column whose header says "Hazard ratio" or
"HR" holds "2.91 (1.44–5.80)" cells, and the next "p" column their p-values:

    | Independent factors | Multivariate analysis Hazard ratio (95 % CI) | p value |
    |---|---|---|
    | CTC before treatment (p vs. n) | 2.56 (1.15–5.68) | 0.021 |
"""
from __future__ import annotations

from functools import lru_cache

import regex

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.registry import register
from pipeline.types import Statistic

_HR_HEADER = regex.compile(r"hazard\s+ratio|\b[ad]?HR\b", regex.I)
_P_HEADER = regex.compile(r"^\s*p(?:\s*-?\s*values?)?\s*$", regex.I)
#: "2.91 (1.44–5.80)", "0.61 [0.41, 0.90]", "1.2 (0.8-1.9)"
HR_CELL = regex.compile(
    r"^\s*(?P<all>(?P<v>\d+(?:\.\d+)?)\s*[(\[]\s*(?P<lo>\d+(?:\.\d+)?)\s*(?:[-–—]|,|to)\s*(?P<hi>\d+(?:\.\d+)?)\s*[)\]])\s*$"
)
_P_CELL = regex.compile(r"^\s*(?P<op>[<>≤=]?)\s*(?P<p>0?\.\d+|1(?:\.0+)?)\s*$")
_SEPARATOR = regex.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
_OUTCOMES = (("os", regex.compile(r"overall\s+survival|\bOS\b")), ("pfs", regex.compile(r"progression[- ]free|\bPFS\b")))


def _cells(line: str) -> list[tuple[int, str]]:
    """(offset in line, text) of each cell of a ``| a | b |`` line."""
    out, pos = [], 0
    parts = line.split("|")
    for part in parts[1:-1] if line.rstrip().endswith("|") else parts[1:]:
        pos = line.index(part, pos)
        out.append((pos, part))
        pos += len(part)
    return out


@lru_cache(maxsize=64)
def _table_head(text: str, row_start: int) -> tuple[tuple[str, ...], str] | None:
    """Header cells and caption of the table a row belongs to (the line above the ``|---|`` line).

    Cached: both the HR extractor and the column attribution ask for every table row.
    """
    pos = row_start
    for _ in range(200):  # a table of at most 200 rows above this one
        line_start = text.rfind("\n", 0, max(pos - 1, 0)) + 1
        line = text[line_start : pos - 1 if pos > 0 else 0]
        if not line.startswith("|"):
            return None
        if _SEPARATOR.match(line):
            header_start = text.rfind("\n", 0, max(line_start - 1, 0)) + 1
            header = text[header_start : line_start - 1]
            caption_start = text.rfind("\n", 0, max(header_start - 1, 0)) + 1
            return tuple(c for _, c in _cells(header)), text[caption_start : header_start]
        pos = line_start
        if pos == 0:
            return None
    return None


def _outcome(caption: str, header: str) -> str:
    for name, pattern in _OUTCOMES:
        if pattern.search(header) or pattern.search(caption):
            return name
    return "other"


@register("table_hazard_ratio")
def table_hazard_ratios(ctx: SentenceContext) -> list[Finding]:
    line = ctx.sentence
    if not line.startswith("|") or _SEPARATOR.match(line):
        return []
    head = _table_head(ctx.text, ctx.start)
    if head is None:
        return []
    headers, caption = head
    cells = _cells(line)
    out = []
    for i, (offset, cell) in enumerate(cells):
        if i >= len(headers) or not _HR_HEADER.search(headers[i]) or not (m := HR_CELL.match(cell)):
            continue
        p = None
        if i + 1 < len(cells) and i + 1 < len(headers) and _P_HEADER.match(headers[i + 1]):
            if pm := _P_CELL.match(cells[i + 1][1]):
                p = (pm.group("op") if pm.group("op") != "=" else "") + pm.group("p")
        start = ctx.start + offset + m.start("all")
        stat = Statistic(m.group("all"), start, start + len(m.group("all")), float(m.group("v")), "ratio", ci_low=float(m.group("lo")),
                         ci_high=float(m.group("hi")), ci_level=95.0, p_value=p)
        # the factor is the subgroup; univariate and multivariate HRs of one factor share it (the row shows which)
        out.append(Finding("hr", stat, "table_hazard_ratio", _outcome(caption, headers[i]), None, len(out), 0, 1,
                           label=cells[0][1].strip()))
    return out


_STAT_HEADER = regex.compile(r"hazard|\bHR\b|\bOR\b|odds|\bCI\b|p[ -]?value|^\s*p\s*$|outcome|endpoint|variable|factor|characteristic", regex.I)
_N_IN_HEADER = regex.compile(r"\s*[(\[]\s*n\s*=\s*\d+\s*[)\]]\s*", regex.I)


def column_arms(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """For a table line, ``(cell start, cell end, arm)`` of the cells whose column header names an arm.

    "| ORR, % | 30.6 | 6.0 |" under "| Outcome | Rechallenge (n = 49) | Chemotherapy (n = 34) |" gives the
    value cells the arms "Rechallenge" and "Chemotherapy"; the header line itself gives each "(n = 49)" its arm.
    """
    line = text[start:end]
    if not line.startswith("|"):
        return []
    cells = _cells(line)
    head = _table_head(text, start)
    headers = head[0] if head else tuple(c for _, c in cells)  # no head above: this is the header line
    out = []
    for i, (offset, cell) in enumerate(cells):
        if i == 0 or i >= len(headers) or _STAT_HEADER.search(headers[i]):
            continue
        arm = _N_IN_HEADER.sub(" ", headers[i]).strip()
        if arm and not regex.fullmatch(r"[\d.\s%,]*", arm):
            out.append((start + offset, start + offset + len(cell), arm))
    return out

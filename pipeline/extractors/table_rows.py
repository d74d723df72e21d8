"""Result tables flattened to ``| cell | cell |`` rows (JATS, PDF and HTML tables): one fact per statistic cell.

A table's header (the ``| ... |`` lines above the ``|---|`` line; a header of several lines
is read column by column) says what each column holds; a row's leading cells are its label
(the subgroup or factor), and the other columns name arms (attribution reads those):

    Table 3 Survival by factor
    | Factor | N | Median OS (months) | 95% CI | HR (95% CI) | p value |
    |---|---|---|---|---|---|
    | ECOG PS 2 | 40 | 5.1 | (3.9–6.2) | 2.10 (1.30–3.40) | 0.002 |

Columns: ``n`` (the row's patients, only in a table that reports results), ``median`` (of
PFS or OS, unit from the header, else months), ``hr`` ("2.10 (1.30–3.40)", or a bare ratio whose
bounds are the next two cells), ``ci`` and ``p`` (read with the value before them), ``orr`` /
``dcr`` / ``trae_grade3`` rates. A row whose label names a median ("| Median PFS, months | 5.8
(4.1–7.2) | 3.1 |") gives the median of each arm column. A row with only a label opens a
section ("| Predictors of overall survival | | |") whose words decide the outcome of
the HRs below it; a reference row ("1.00", no CI) gives no HR.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.endpoints import Family, of_family
from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import OTHER_ENDPOINT, find_cues
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import UNIT_TO_MONTHS
from pipeline.types import Statistic

EXTRACTOR = "table_rows"
#: The rate endpoints a column or a caption may name.
_RATES = of_family(Family.RATE)
_NUM = r"\d+(?:[.·]\d+)?|[.·]\d+"
#: Footnote marks after a cell's value: "1·32 (1·05–1·66)*", "2.1a", "5.8‡".
_MARKS = r"[\s*†‡§¶#a-d]*"
_SEPARATOR = regex.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")
#: How far up a row looks for its table's header (rows), and how many header lines a table may have.
MAX_TABLE_ROWS = 200
MAX_HEADER_LINES = 4

#: "2.91 (1.44–5.80)", "0.61 [0.41, 0.90]", "1.2 (0.8-1.9)", "1·32 (1·05–1·66)*", "0.70 (0.52; 0.94) 0.02"
HR_CELL = regex.compile(
    rf"^\s*(?P<all>(?P<v>{_NUM})\s*[(\[]\s*(?P<lo>{_NUM})\s*(?:[-–—;,]|to)\s*(?P<hi>{_NUM})\s*[)\]]){_MARKS}"
    rf"(?:[,;]?\s*(?:p\s*)?(?P<op>[<>≤=])?\s*(?P<p>0?[.·]\d+))?\s*$",
    regex.I,
)
#: "0.54", ".91", "1·30": a bare number cell
_BARE = regex.compile(rf"^\s*(?P<v>{_NUM}){_MARKS}$")
#: "(5.0–6.2)", "5.0-6.2", "[4.1, 7.2]": a CI cell
_CI_CELL = regex.compile(rf"^\s*[(\[]?\s*(?P<lo>{_NUM})\s*(?:[-–—]|,|to)\s*(?P<hi>{_NUM})\s*[)\]]?{_MARKS}$")
#: "5.8", "5.8 months", "9.2months", "5.8 (4.1–7.2)", "NR", "not reached (12.1–NR)"
_MEDIAN_CELL = regex.compile(
    rf"^\s*(?P<all>(?:(?P<v>{_NUM})(?:\s*(?P<unit>months?|mo|mos|days?|d|weeks?|wk|years?|yr|y))?|(?P<nr>NR|not\s+reached))"
    rf"(?:\s*[(\[]\s*(?P<lo>{_NUM}|NR)\s*(?:[-–—]|,|to)\s*(?P<hi>{_NUM}|NR)\s*[)\]])?){_MARKS}$",
    regex.I,
)
#: "40.0", "40%", "12 (40.0)", "12 (40%)", "12/30 (40.0)"
_RATE_CELL = regex.compile(
    rf"^\s*(?P<all>(?:(?P<num>\d+)(?:\s*/\s*(?P<den>\d+))?\s*\(\s*(?P<pv>{_NUM})\s*%?\s*\)|(?P<v>{_NUM})(?:\s*%)?)){_MARKS}$"
)
_N_CELL = regex.compile(r"^\s*(?P<n>\d{1,6})\s*$")
_P_CELL = regex.compile(rf"^\s*(?P<op>[<>≤=]?)\s*(?P<p>0?[.·]\d+|1(?:[.·]0+)?)\s*$")

_HR_HEADER = regex.compile(r"hazard\s+ratio|\b[ad]?HRs?\b", regex.I)
_CI_HEADER = regex.compile(r"\bCI\b|confidence", regex.I)
_P_HEADER = regex.compile(r"^\s*p\b|\bp[\s-]*values?\b", regex.I)
_N_HEADER = regex.compile(r"^\s*(?:n|no\.?|number(?:\s+of\s+(?:patients|cases))?|patients|cases)\s*$", regex.I)
_MEDIAN_HEADER = regex.compile(r"\bmedian\b|\bmed\.?\s|\bm(?:PFS|OS)\b", regex.I)
#: A landmark column ("5-yr OS (%)", "1-year survival") or another time (TTP) is no median column.
_NOT_MEDIAN_HEADER = regex.compile(r"\d+[- ]?(?:yr|year|month|mo)s?\b|\brate\b|%|\bTTP\b|time\s+to|duration|follow", regex.I)
_UNIT_IN_HEADER = regex.compile(r"\b(?P<u>months?|mo|mos|days?|weeks?|wk|years?|yrs?|yr)\b", regex.I)
#: "survival" alone is overall survival ("median survival", "Survival (months)"); "progression-free survival" and
#: "disease-specific survival" are not. Words in any case, abbreviations in capitals.
_OUTCOMES = (("os", regex.compile(r"(?i:overall\s+survival)|\bOS\b"
                                  r"|(?i:(?<!free[\s-])(?<!specific[\s-])\bsurvival\b(?![- ]rate))")),
             ("pfs", regex.compile(r"(?i:progression[- ]free)|\bPFS\b")))
#: A caption about hazard ratios or a Cox model, and one about odds ratios (whose cells look the same).
_HR_CAPTION = regex.compile(r"hazard\s+ratios?|\bHRs?\b|\bcox\b|univariat|multivariat|proportional\s+hazards?", regex.I)
_NOT_HR_CAPTION = regex.compile(r"odds|logistic|\bORs?\b")
#: A row label of at most this many words ("Yes", ">2", "Stage IV") is a level of the section row's factor.
_SHORT_LABEL = 2
_REFERENCE = 1.0  # the reference level of a factor has HR 1 by definition: not a result


@dataclass(frozen=True, kw_only=True)
class Head:
    """A table's header: one text per column (its header lines joined) and the caption above it."""

    columns: tuple[str, ...]
    caption: str
    body_start: int  # offset of the first body row


def _cells(line: str) -> list[tuple[int, str]]:
    """(offset in line, text) of each cell of a ``| a | b |`` line."""
    out, pos = [], 0
    parts = line.split("|")
    for part in parts[1:-1] if line.rstrip().endswith("|") else parts[1:]:
        pos = line.index(part, pos)
        out.append((pos, part))
        pos += len(part)
    return out


def _line_before(text: str, pos: int) -> tuple[int, str]:
    """The line that ends right before the line starting at ``pos``: (its start, its text)."""
    start = text.rfind("\n", 0, max(pos - 1, 0)) + 1
    return start, text[start : max(pos - 1, 0)]


@lru_cache(maxsize=256)
def table_head(text: str, row_start: int) -> Head | None:
    """The header of the table the row at ``row_start`` belongs to (None: not below a ``|---|`` line).

    Cached: the extractor and the column attribution ask for every row.
    """
    pos = row_start
    for _ in range(MAX_TABLE_ROWS):
        if pos == 0:
            return None
        line_start, line = _line_before(text, pos)
        if not line.startswith("|"):
            return None
        if _SEPARATOR.match(line):
            body_start, lines, pos = pos, [], line_start
            while pos > 0 and len(lines) < MAX_HEADER_LINES:
                start, above = _line_before(text, pos)
                if not above.startswith("|") or _SEPARATOR.match(above):
                    break
                lines.insert(0, [c for _, c in _cells(above)])
                pos = start
            caption = _line_before(text, pos)[1] if pos > 0 else ""
            width = max((len(cells) for cells in lines), default=0)
            columns = tuple(" ".join(dict.fromkeys(c[i].strip() for c in lines if i < len(c) and c[i].strip()))
                            for i in range(width))
            return Head(columns=columns, caption=caption, body_start=body_start)
        pos = line_start
    return None


def column_kind(header: str, caption: str = "") -> str | None:
    """What a column holds, from its header: ``hr``, ``ci``, ``p``, ``n``, ``median:<endpoint>``, a rate
    endpoint, or None (a label or arm column)."""
    if _HR_HEADER.search(header):
        return "hr"
    if _P_HEADER.search(header):
        return "p"
    if _N_HEADER.match(header):
        return "n"
    if _MEDIAN_HEADER.search(header) and not _NOT_MEDIAN_HEADER.search(header):
        named = _outcome(header) or _outcome(caption)
        return f"median:{named}_median" if named else None
    if _CI_HEADER.search(header):
        return "ci"
    rates = [c.endpoint for c in find_cues(header) if c.endpoint in _RATES]
    return rates[0] if rates and not any(c.blocker for c in find_cues(header)) else None


def _outcome(words: str) -> str | None:
    """``pfs``/``os`` when the words name exactly one of them."""
    named = [name for name, pattern in _OUTCOMES if pattern.search(words)]
    return named[0] if len(named) == 1 else None


def _num(s: str) -> float:
    return float(s.replace("·", "."))


def _unit_factor(*words: str) -> float:
    """Months per unit named in a header or label ("Med PFS (Yr)" -> 12), else 1 (months)."""
    for w in words:
        if m := _UNIT_IN_HEADER.search(w):
            unit = m.group("u").lower()
            return UNIT_TO_MONTHS.get(unit, UNIT_TO_MONTHS.get(unit.rstrip("s"), 1.0))
    return 1.0


@dataclass(frozen=True, kw_only=True)
class _Row:
    cells: list[tuple[int, str]]  # (offset in the document, text)
    label: str
    section: str  # the label of the section row above, "" when none


def _is_section(cells: list[tuple[int, str]]) -> bool:
    return bool(cells) and bool(cells[0][1].strip()) and not any(c.strip() for _, c in cells[1:])


def _row(ctx: SentenceContext, head: Head, label_columns: int) -> _Row:
    cells = [(ctx.start + off, c) for off, c in _cells(ctx.sentence)]
    label = " ".join(c.strip() for _, c in cells[:label_columns] if c.strip())
    section, group = "", ""
    pos = ctx.start
    while pos > head.body_start:
        pos, above = _line_before(ctx.text, pos)
        above_cells = _cells(above)
        if not group and above_cells and above_cells[0][1].strip() and label_columns > 1:
            group = above_cells[0][1].strip()
        if _is_section(above_cells):
            section = above_cells[0][1].strip()
            break
    if cells and not cells[0][1].strip() and group:
        label = f"{group} {label}".strip()
    elif section and len(label.split()) <= _SHORT_LABEL:
        label = f"{section} {label}"  # "| Disease extent | | |" then "| Local | 70 | 6.4 |": that factor's level
    return _Row(cells=cells, label=label, section=section)


def _hr_outcome(header: str, row: _Row, head: Head) -> str:
    """The outcome of an HR cell: the first of its column header, its row's label ("| Time to treatment failure |"),
    the section row above and the caption that names one (PFS, OS, or another time to an event), else other."""
    for words in (header, row.label, row.section, head.caption):
        if named := _outcome(words):
            return named
        if OTHER_ENDPOINT.search(words):
            return "other"
    return "other"


def _p_after(row: _Row, kinds: list[str | None], i: int) -> str | None:
    for j in range(i + 1, min(len(kinds), len(row.cells))):
        if kinds[j] == "p" and (pm := _P_CELL.match(row.cells[j][1])):
            return (pm.group("op") if pm.group("op") != "=" else "") + pm.group("p")
        if kinds[j] in ("hr", "n") or (kinds[j] or "").startswith("median"):
            return None
    return None


def _stat(raw_cell: tuple[int, str], m: regex.Match, group: str = "all", **values) -> Statistic:
    start = raw_cell[0] + m.start(group)
    return Statistic(raw=m.group(group), start=start, end=start + len(m.group(group)), **values)


def _hr(row: _Row, kinds: list[str | None], i: int, head_text: str) -> Statistic | None:
    """The HR of cell ``i``: "0.61 (0.40–0.93)", or a bare ratio with its bounds in the next cell(s); none for
    a reference level ("1.00" without bounds)."""
    cell = row.cells[i]
    if m := HR_CELL.match(cell[1]):
        lo, hi = _num(m.group("lo")), _num(m.group("hi"))
        p = ((m.group("op") or "").replace("=", "") + m.group("p")) if m.group("p") else _p_after(row, kinds, i)
        return _stat(cell, m, value=_num(m.group("v")), unit="ratio", ci_low=lo, ci_high=hi, ci_level=95.0, p_value=p)
    if _P_HEADER.search(head_text) or not (m := _BARE.match(cell[1])):
        return None  # a column of p-values and HRs: its bare numbers are the p-values
    v = _num(m.group("v"))
    if i + 1 < len(row.cells) and i + 1 < len(kinds) and kinds[i + 1] == "ci" and (cm := _CI_CELL.match(row.cells[i + 1][1])):
        lo, hi = _num(cm.group("lo")), _num(cm.group("hi"))  # "| 0.61 | 0.40–0.93 |"
        if lo <= v <= hi:
            return _stat(cell, m, "v", value=v, unit="ratio", ci_low=lo, ci_high=hi, ci_level=95.0,
                         p_value=_p_after(row, kinds, i + 1))
    bounds = [b for b in row.cells[i + 1 : i + 3] if _BARE.match(b[1])]
    if len(bounds) == 2 and all(i + 1 + k < len(kinds) and kinds[i + 1 + k] in ("ci", None, "hr") for k in range(2)):
        lo, hi = (_num(_BARE.match(b[1]).group("v")) for b in bounds)
        if lo <= v <= hi:
            return _stat(cell, m, "v", value=v, unit="ratio", ci_low=lo, ci_high=hi, ci_level=95.0,
                         p_value=_p_after(row, kinds, i + 2))
    if v == _REFERENCE:
        return None
    return _stat(cell, m, "v", value=v, unit="ratio", p_value=_p_after(row, kinds, i))


def _median(cell: tuple[int, str], factor: float, ci_cell: str | None) -> Statistic | None:
    m = _MEDIAN_CELL.match(cell[1])
    if not m:
        return None
    if m.group("unit"):
        factor = UNIT_TO_MONTHS.get(m.group("unit").lower(), factor)
    lo = hi = None
    if m.group("lo") and m.group("lo") != "NR":
        lo = round(_num(m.group("lo")) * factor, 4)
    if m.group("hi") and m.group("hi") != "NR":
        hi = round(_num(m.group("hi")) * factor, 4)
    if lo is None and ci_cell and (cm := _CI_CELL.match(ci_cell)):
        lo, hi = round(_num(cm.group("lo")) * factor, 4), round(_num(cm.group("hi")) * factor, 4)
    if m.group("nr"):
        return _stat(cell, m, value=None, unit="months", not_reached=True, ci_low=lo, ci_high=hi)
    return _stat(cell, m, value=round(_num(m.group("v")) * factor, 4), unit="months", ci_low=lo, ci_high=hi)


def _rate(cell: tuple[int, str]) -> Statistic | None:
    m = _RATE_CELL.match(cell[1])
    if not m:
        return None
    if m.group("pv"):
        num, den = int(m.group("num")), m.group("den")
        return _stat(cell, m, value=_num(m.group("pv")), unit="%", numerator=num,
                     denominator=int(den) if den else None)
    if "." not in m.group("v") and "·" not in m.group("v") and "%" not in m.group("all"):
        return None  # a bare integer under "ORR, n (%)" is a count
    return _stat(cell, m, value=_num(m.group("v")), unit="%")


def _row_label_medians(row: _Row, head: Head, kinds: list[str | None]) -> list[tuple[str, Statistic]]:
    """"| Median PFS, months | 5.8 (4.1–7.2) | 3.1 |": the label names the median, arm columns hold it."""
    cues = [c for c in find_cues(row.label) if c.endpoint in ("pfs_median", "os_median") or c.blocker]
    if not cues or cues[0].blocker or not _MEDIAN_HEADER.search(row.label):
        return []
    factor = _unit_factor(row.label, head.caption)
    out = []
    for i, cell in enumerate(row.cells[1:], start=1):
        if i < len(kinds) and kinds[i] is None and not _UNIT_IN_HEADER.search(cell[1]):
            if stat := _median(cell, factor, None):
                out.append((cues[0].endpoint, stat))
    return out


def _caption_medians(row: _Row, head: Head, kinds: list[str | None]) -> list[tuple[str, Statistic]]:
    """"Table 4 PFS by mutation" over "| PFS | Arm A | Arm B |" and "| Wild type | 8.1months | 6.4 months |": when the
    caption or the corner cell names one survival endpoint (no landmark or rate), durations written with their
    unit (or "NR") in the arm columns are its medians."""
    if any(k and (k.startswith("median") or k in _RATES) for k in kinds):
        named = None  # a table with median or rate columns says in them what it holds
    else:
        words = f"{head.caption} {head.columns[0] if head.columns else ''}"
        named = None if _NOT_MEDIAN_HEADER.search(words) else _outcome(words)
    if named is None:
        return []
    out = []
    for i, cell in enumerate(row.cells[1:], start=1):
        m = _MEDIAN_CELL.match(cell[1])
        if (i >= len(kinds) or kinds[i] is None) and m and (m.group("unit") or m.group("nr")):
            out.append((f"{named}_median", _median(cell, 1.0, None)))
    return out


def _caption_hazard_ratios(row: _Row, head: Head, kinds: list[str | None]) -> list[tuple[str, Statistic, str]]:
    """"Table 3 Cox model of OS" over "| Age >= 65 | 1.20 (0.90–1.60) | 1.10 (0.80–1.50) |": under a caption about
    hazard ratios, "ratio (low–high)" cells of columns that name no statistic ("Univariate", "Multivariate") are HRs."""
    if not _HR_CAPTION.search(head.caption) or _NOT_HR_CAPTION.search(head.caption):
        return []
    out = []
    for i, cell in enumerate(row.cells):
        if i < _label_columns(kinds, len(row.cells)) or (i < len(kinds) and kinds[i] is not None):
            continue
        if m := HR_CELL.match(cell[1]):
            header = head.columns[i] if i < len(head.columns) else ""
            stat = _stat(cell, m, value=_num(m.group("v")), unit="ratio", ci_low=_num(m.group("lo")),
                         ci_high=_num(m.group("hi")), ci_level=95.0, p_value=_p_after(row, kinds, i))
            out.append(("hr", stat, _hr_outcome(header, row, head)))
    return out


#: A table of adverse events (its caption or corner cell says so): its rows are events, each one kind of AE.
_AE_TABLE = regex.compile(r"adverse|\b(?:TR|TE|ir)?AEs?\b|toxicit|side[- ]effects?", regex.I)
#: A row of all events: "Any grade 3-4 AE", "Patients with at least 1 AE", "Total", "All events".
_ALL_EVENTS = regex.compile(r"\b(?:any|all|total|overall|at\s+least|patients|subjects)\b", regex.I)


def _one_event(row: _Row, head: Head) -> bool:
    """Is the row one kind of adverse event ("| Neutropenia | 26 (44.1) | 23 (39.0) |" under "Grade 3 or 4") in a
    table of adverse events? Its grade >= 3 column is then that event's rate, not the rate of all grade >= 3 AEs."""
    corner = head.columns[0] if head.columns else ""
    return bool(_AE_TABLE.search(f"{head.caption} {corner}")) and not _ALL_EVENTS.search(row.label)


def _label_columns(kinds: list[str | None], row_cells: int) -> int:
    """The leading columns that hold the row's label: those before the first statistic column
    (one when no column holds a statistic)."""
    first = next((i for i, k in enumerate(kinds) if k is not None), 1)
    return max(1, min(first, row_cells))


def row_findings(ctx: SentenceContext) -> list[Finding]:
    """The statistic cells of one table row."""
    line = ctx.sentence
    if not line.startswith("|") or _SEPARATOR.match(line):
        return []
    head = table_head(ctx.text, ctx.start)
    if head is None:
        return []
    kinds = [column_kind(h, head.caption) for h in head.columns]
    row = _row(ctx, head, _label_columns(kinds, len(_cells(line))))
    if _is_section(row.cells):
        return []
    results_table = any(k and k not in ("n", "p", "ci") for k in kinds)
    found: list[tuple[str, Statistic, str | None]] = []
    for i, cell in enumerate(row.cells):
        kind = kinds[i] if i < len(kinds) else None
        if kind is None or i < _label_columns(kinds, len(row.cells)):
            continue
        if kind == "hr" and (stat := _hr(row, kinds, i, head.columns[i])):
            found.append(("hr", stat, _hr_outcome(head.columns[i], row, head)))
        elif kind.startswith("median:"):
            ci = row.cells[i + 1][1] if i + 1 < len(row.cells) and i + 1 < len(kinds) and kinds[i + 1] == "ci" else None
            if stat := _median(cell, _unit_factor(head.columns[i]), ci):
                found.append((kind.split(":", 1)[1], stat, None))
        elif kind == "n" and results_table and (m := _N_CELL.match(cell[1])):
            found.append(("n", _stat(cell, m, "n", value=float(m.group("n")), unit="patients"), None))
        elif kind in _RATES and (stat := _rate(cell)) and not (kind == "trae_grade3" and _one_event(row, head)):
            found.append((kind, stat, None))
    found += _caption_hazard_ratios(row, head, kinds)
    labels = [row.label] * len(found)
    if label_medians := _row_label_medians(row, head, kinds):
        found += [(e, s, None) for e, s in label_medians]
        labels += [None] * len(label_medians)
    elif caption_medians := _caption_medians(row, head, kinds):
        # the other columns are arms (but for a p-value or an HR column): the first cell is the row's label
        found += [(e, s, None) for e, s in caption_medians]
        labels = [row.cells[0][1].strip() or None] * len(found)
    # the cells of one statistic in a row (one per arm column) are one comparison; each size stands alone
    keys = [(e, o) if e != "n" else (e, str(i)) for i, (e, _, o) in enumerate(found)]
    groups = list(dict.fromkeys(keys))
    # a row label that names the statistic ("Median PFS, months") is no subgroup
    return [Finding(endpoint=e, stat=stat, extractor=EXTRACTOR, outcome=o, cue_start=None, group=groups.index(k), position=keys[:i].count(k), group_size=keys.count(k),
                    label=label)
            for i, ((e, stat, o), k, label) in enumerate(zip(found, keys, labels))]


def statistic_cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a table row's cells in statistic columns (read by :func:`row_findings`, not by the sentence
    extractors): a p-value or CI column is no value of the row's cue."""
    line = text[start:end]
    if not line.startswith("|") or (head := table_head(text, start)) is None:
        return []
    kinds = [column_kind(h, head.caption) for h in head.columns]
    return [(start + off, start + off + len(c)) for i, (off, c) in enumerate(_cells(line)) if i < len(kinds) and kinds[i]]


@register(EXTRACTOR)
def table_rows(ctx: SentenceContext) -> list[Finding]:
    return row_findings(ctx)


def column_arms(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """For a table line, ``(cell start, cell end, arm)`` of the cells whose column header names an arm.

    "| ORR, % | 30.6 | 6.0 |" under "| Outcome | Rechallenge (n = 49) | Chemotherapy (n = 34) |" gives the
    value cells the arms "Rechallenge" and "Chemotherapy"; the header line itself gives each "(n = 49)" its arm.
    """
    line = text[start:end]
    if not line.startswith("|"):
        return []
    cells = _cells(line)
    head = table_head(text, start)
    headers = head.columns if head else tuple(c for _, c in cells)  # no head above: this is the header line
    caption = head.caption if head else ""
    out = []
    for i, (offset, cell) in enumerate(cells):
        if i == 0 or i >= len(headers) or _STAT_HEADER.search(headers[i]) or column_kind(headers[i], caption):
            continue
        arm = _N_IN_HEADER.sub(" ", headers[i]).strip()
        if arm and not regex.fullmatch(r"[\d.\s%,]*", arm):
            out.append((start + offset, start + offset + len(cell), arm))
    return out


_STAT_HEADER = regex.compile(r"hazard|\bHR\b|\bOR\b|odds|\bCI\b|p[ -]?value|^\s*p\s*$|outcome|endpoint|variable|factor"
                          r"|characteristic|univariat|multivariat", regex.I)
_N_IN_HEADER = regex.compile(r"\s*[(\[]?\s*\bn\s*=\s*\d[\d,]*\s*[)\]]?\s*", regex.I)

"""Result tables of a PDF page: find a captioned table's region, rebuild its grid, render rows.

A region starts at a "Table N" caption and runs down through lines that are not
body prose; its width comes from the table's own rules when it has them. Cells
are rebuilt from character boxes (a single text object may hold a whole row):
columns are the x-strips that body rows leave empty, header rows are those
above the first row holding a number, and multi-line rows are joined either by
the table's row rules/shading or by continuation cues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.readers.pdf_layout import Frag, Rule

TABLE_CAPTION = re.compile(r"\s*(?:Table|TABLE|Tab\.)\s*(?:\d+|[IVX]+)\b")
FIGURE_CAPTION = re.compile(r"\s*(?:Figure|FIGURE|Fig\.|FIG\.?|Scheme|SCHEME)\s*\d+")
#: Rows and notes follow a table's last rule closely; a body-size line further below (gap in font sizes)
#: is body text again (notes are set small, and may stand further off).
NOTE_GAP = 1.5
#: Points within which a line counts as body size.
BODY_SIZE_TOLERANCE = 0.3
#: A row's first cell that continues the previous one.
_CONTINUES = re.compile(r"[a-z(]")


@dataclass(frozen=True, kw_only=True)
class Region:
    """Where a table sits on the page (reading frame), with its caption and notes."""

    caption: tuple[Frag, ...]
    x0: float
    x1: float
    top: float  # first table row
    bottom: float  # last table row
    notes: tuple[Frag, ...]
    rules: tuple[Rule, ...]

    def holds(self, f: Frag) -> bool:
        """True for every fragment the region takes out of the body text."""
        if f in self.caption or f in self.notes:
            return True
        return self.x0 <= f.xmid <= self.x1 and self.top - 1 <= f.ymid <= self.bottom + 1


def _baseline_lines(frags: list[Frag]) -> list[list[Frag]]:
    lines: list[list[Frag]] = []
    for f in sorted(frags, key=lambda f: (f.base, f.x0)):
        if lines and abs(f.base - lines[-1][0].base) <= 0.3 * min(f.size, lines[-1][0].size):
            lines[-1].append(f)
        else:
            lines.append([f])
    return [sorted(line, key=lambda f: f.x0) for line in lines]


def _is_prose(f: Frag, body_size: float, column_width: float) -> bool:
    """A body-text line: body size, column wide, mostly lower-case words (unlike a header row)."""
    words = f.text.split()
    lower = sum(w[:1].islower() for w in words)
    return f.size >= body_size - 0.3 and len(words) >= 5 and 2 * lower >= len(words) \
        and f.x1 - f.x0 >= 0.8 * column_width


def find_regions(frags: list[Frag], rules: list[Rule], body_size: float, gutter: float | None) -> list[Region]:
    """Regions of the captioned tables among a page's fragments (boilerplate already removed)."""
    if not frags:
        return []
    left = min(f.x0 for f in frags)
    right = max(f.x1 for f in frags)
    column_width = (gutter - left) if gutter else right - left
    lines = _baseline_lines(frags)
    regions: list[Region] = []
    for li, line in enumerate(lines):
        for cap in line:
            if TABLE_CAPTION.match(cap.text) and not any(r.holds(cap) for r in regions):
                region = _region(cap, lines, li, rules, body_size, gutter, left, right, column_width)
                if region is not None:
                    regions.append(region)
    return regions


def _region(cap: Frag, lines: list[list[Frag]], li: int, rules: list[Rule], body_size: float,
            gutter: float | None, left: float, right: float, column_width: float) -> Region | None:
    x0, x1 = cap.x0 - 2, right + 1
    if gutter and cap.x1 < gutter:
        x1 = gutter
    elif gutter and cap.x0 > gutter:
        x0 = gutter
    below = [r for r in rules if cap.bottom - 2 <= r.y <= cap.bottom + 6 * cap.size and r.x1 > x0 and r.x0 < x1]
    if below:
        top_rule = min(below, key=lambda r: r.y)
        # the top rule, drawn as one line or as cell borders side by side; a full-width table's rule
        # crosses a "gutter" its own columns made
        level = sorted((r for r in rules if abs(r.y - top_rule.y) < 2), key=lambda r: r.x0)
        lo, hi = top_rule.x0, top_rule.x1
        for r in level:
            if r.x0 <= hi + 3 and r.x1 >= lo - 3:
                lo, hi = min(lo, r.x0), max(hi, r.x1)
        x0, x1 = lo - 2, hi + 2
    elif gutter and cap.x1 < gutter:
        nxt = [f for line in lines[li + 1: li + 3] for f in line if f.x0 >= x0 - 2]
        if any(f.x0 < gutter < f.x1 for f in nxt):
            x1 = right + 1
    caption = [cap]
    rows: list[list[Frag]] = []
    notes: list[Frag] = []
    last_bottom = cap.bottom
    for line in lines[li + 1:]:
        members = [f for f in line if x0 <= f.xmid <= x1]
        if not members:
            continue
        top = min(f.top for f in members)
        if top - last_bottom > max(3.5 * members[0].size, 25):
            break
        if any(TABLE_CAPTION.match(f.text) or FIGURE_CAPTION.match(f.text) for f in members):
            break
        if any(_is_prose(f, body_size, column_width) for f in members):
            break
        last = caption[-1]
        if not rows and len(members) == 1 and abs(members[0].x0 - last.x0) < 3 and \
                abs(members[0].size - last.size) < 0.3 and last.x1 - last.x0 > 0.7 * (x1 - x0) and \
                not any(last.bottom < r.y < members[0].top for r in rules if r.x0 < members[0].xmid < r.x1):
            caption.append(members[0])  # the caption wraps
        else:
            rows.append(members)
        last_bottom = max(f.bottom for f in members)
    if len(rows) < 2:
        return None
    own_rules = [r for r in rules if r.x0 < x1 and r.x1 > x0 and r.x1 - r.x0 > 0.5 * (x1 - x0)
                 and min(f.top for f in rows[1]) <= r.y <= max(f.bottom for f in rows[-1]) + 1.5 * cap.size]
    if own_rules:  # below the table's last rule come its notes
        last_rule = max(r.y for r in own_rules)
        edge = last_rule
        for i, row in enumerate(rows):  # rows and notes set close together; after a wider gap, body text again
            top = min(f.top for f in row)
            if top > last_rule:
                if top - edge > NOTE_GAP * row[0].size and row[0].size >= body_size - BODY_SIZE_TOLERANCE:
                    rows = rows[:i]
                    break
                edge = max(f.bottom for f in row)
        while rows and len(rows[-1]) == 1 and min(f.top for f in rows[-1]) > last_rule:
            notes.insert(0, rows.pop()[0])
    else:
        while len(rows) > 2 and len(rows[-1]) == 1 and len(rows[-1][0].text) >= 25:
            notes.insert(0, rows.pop()[0])
    if len(rows) < 2 or not any(len(r) >= 2 for r in rows):
        return None
    top = min(f.top for f in rows[0])
    bottom = max(f.bottom for f in rows[-1])
    inner = tuple(r for r in rules if top - 3 <= r.y <= bottom + 3 and r.x0 < x1 and r.x1 > x0)
    return Region(caption=tuple(caption), x0=x0, x1=x1, top=top, bottom=bottom, notes=tuple(notes), rules=inner)


# ---------------------------------------------------------------- grid


def _is_value(text: str) -> bool:
    """Cell text that is a value: numbers, CIs, p-values, percentages (a few letters allowed)."""
    t = text.replace(" ", "")
    letters = sum(c.isalpha() for c in t)
    return any(c.isdigit() for c in t) and letters <= max(2, len(t) // 4)


def build_grid(cells: list[Frag], region: Region) -> tuple[list[str], list[list[str]]]:
    """(header cells, body rows) from the character-level fragments of a region."""
    lines = _baseline_lines(cells)
    if not lines:
        return [], []
    width = region.x1 - region.x0
    cut_ys = sorted({round(r.y, 1) for r in region.rules if r.x1 - r.x0 > 0.5 * width})
    first_value = next((i for i, line in enumerate(lines) if any(_is_value(f.text) for f in line[1:])), 0)
    ruled = [i for i in range(1, first_value + 1) if _rule_between(lines[i - 1], lines[i], cut_ys)]
    header_end = ruled[-1] if ruled else first_value  # the rule under the header, when there is one
    body = lines[header_end:]
    columns = _columns([f for line in body if len(line) > 1 for f in line if f.x1 - f.x0 < 0.5 * width])
    if not columns:
        return [], [[" ".join(f.text for f in line)] for line in lines]
    header = [""] * len(columns)
    for line in lines[:header_end]:
        for f in line:
            for c in _spanned(f, columns):
                header[c] = f"{header[c]} {f.text}".strip()
    rows = _rows(body, columns, region, cut_ys)
    if not any(header) and rows:
        header, rows = rows[0], rows[1:]
    return header, rows


def _columns(frags: list[Frag]) -> list[tuple[float, float]]:
    """x-intervals covered by body cells, separated by strips no cell touches."""
    if not frags:
        return []
    start = int(min(f.x0 for f in frags)) - 1
    end = int(max(f.x1 for f in frags)) + 2
    cover = np.zeros(end - start + 1, dtype=int)
    for f in frags:
        cover[int(f.x0) - start: int(np.ceil(f.x1)) - start] += 1
    out: list[tuple[float, float]] = []
    run_start: int | None = None
    for i, v in enumerate(np.append(cover, 0)):
        if v and run_start is None:
            run_start = i
        elif not v and run_start is not None:
            out.append((run_start + start, i + start))
            run_start = None
    return out


def _spanned(f: Frag, columns: list[tuple[float, float]]) -> list[int]:
    """Columns a fragment covers (header cells may span several); at least the nearest one."""
    hit = [i for i, (a, b) in enumerate(columns) if min(f.x1, b) - max(f.x0, a) > 0.3 * min(b - a, f.x1 - f.x0)]
    if hit:
        return hit
    return [min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - f.xmid))]


def _rule_between(upper: list[Frag], lower: list[Frag], cut_ys: list[float]) -> bool:
    low, high = max(f.bottom for f in upper), min(f.top for f in lower)
    return any(low - 1 <= y <= high + 1 for y in cut_ys)


def _rows(lines: list[list[Frag]], columns: list[tuple[float, float]], region: Region,
          cut_ys: list[float]) -> list[list[str]]:
    """Logical rows: lines between row rules/shading edges, else lines joined by continuation cues."""
    n = len(columns)
    separated = sum(1 for a, b in zip(lines, lines[1:]) if _rule_between(a, b, cut_ys))
    by_rules = separated >= 2 and separated >= 0.15 * (len(lines) - 1)
    rows: list[list[str]] = []
    prev_line: list[Frag] | None = None
    for line in lines:
        cells = [""] * n
        for f in line:
            c = _spanned(f, columns)[0] if f.x1 - f.x0 < 0.5 * (region.x1 - region.x0) else 0
            cells[c] = f"{cells[c]} {f.text}".strip()
        if rows and prev_line is not None and _joins(prev_line, line, rows[-1], cells, cut_ys, by_rules):
            rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
        prev_line = line
    return rows


def _joins(prev: list[Frag], line: list[Frag], prev_cells: list[str], cells: list[str],
           cut_ys: list[float], by_rules: bool) -> bool:
    """Whether ``line`` continues the logical row that ends with ``prev``."""
    if by_rules:
        return not _rule_between(prev, line, cut_ys)
    filled = [i for i, c in enumerate(cells) if c]
    if filled == [0]:
        return bool(_CONTINUES.match(cells[0])) or prev_cells[0].endswith(("-", ",", "(", " and", " or", " of"))
    if 0 not in filled:
        return all(prev_cells[i] and prev_cells[i].count("(") > prev_cells[i].count(")")
                   or prev_cells[i].endswith(("±", "–", "-", ","))
                   for i in filled)
    return False


def render(caption: str, header: list[str], rows: list[list[str]], notes: str) -> str:
    """The table as text: caption, ``| cell | ... |`` rows (header, separator, body), notes."""
    out = [caption] if caption else []
    if header:
        out.append("| " + " | ".join(header) + " |")
        out.append("|" + "---|" * len(header))
    out.extend("| " + " | ".join(r) + " |" for r in rows)
    if notes:
        out.append(notes)
    return "\n".join(out)


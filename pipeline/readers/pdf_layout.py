"""Page geometry from PDFium: text runs, lines with super/subscripts, rules and reading order.

Everything here works in a page's *reading frame*: the page turned so that its
dominant text runs left to right, with ``y`` growing downward (``top < bottom``).
Text comes from PDFium text objects (one per show-text operator, usually a line
or a word), which is ~10x faster than asking PDFium for every character; only
table regions are read character by character (:meth:`PageObjects.char_runs`).
"""
from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left
from itertools import repeat
from operator import attrgetter
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

#: Relative size under which a raised or lowered run counts as a super/subscript.
SCRIPT_RATIO = 0.85
#: Citation markers and footnote symbols set as superscripts: dropped from the text.
_MARKER = re.compile(r"[\d\s,;\-\u2010-\u2015\u2212]+|[a-h*\u2020\u2021\u00a7\u00b6#]{1,2}"
                     r"|[\d,]+[*\u2020\u2021\u00a7\u00b6#]{1,2}")  # "1,*": affiliations and the corresponding author
#: Fonts without a usable ToUnicode map whose glyphs PDFium reports as the wrong
#: characters (Springer's "Advent" math fonts draw < as \\ and >= as C).
_FONT_FIXES: tuple[tuple[re.Pattern[str], dict[int, str]], ...] = (
    (re.compile(r"AdvPSMP|MathematicalPi"), str.maketrans({"\\": "<", "[": ">", "C": "\u2265", "B": "\u2264"})),
    (re.compile(r"AdvTir_symb"), str.maketrans({"C": "\u2265", "B": "\u2264"})),
    (re.compile(r"AdvPSSym"), str.maketrans({"\x02": "\u00a9", "\x03": "\u00b0", "\x04": "\u00ae"})),
)
_POWER_OF_TEN = re.compile(r"(?:^|[\s\u00d7x(])10$")
_AREA_UNIT = re.compile(r"(?:^|[^A-Za-z])(?:k?g/)?[cmµ\u03bc]?m$")
_BOLD_FONT = re.compile(r"Bold|Black|Heavy|Semibold|Demi|,B\b|-B\b|Medium", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """Text drawn in one go, in the reading frame."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    base: float
    size: float
    bold: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Frag(Run):
    """Text on one baseline without a wide gap: a column's line, or a table cell (the fields of a Run)."""

    @property
    def xmid(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def ymid(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A horizontal stroke or the top/bottom edge of a filled box (table rules, row shading)."""

    x0: float
    x1: float
    y: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Frame:
    """Maps PDF user space (y up) to the reading frame: quarter turns ``quarter`` then a shift."""

    quarter: int
    dx: float
    dy: float
    width: float
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        q = self.quarter
        if q == 0:
            px, py = x, -y
        elif q == 1:
            px, py = y, x
        elif q == 2:
            px, py = -x, y
        else:
            px, py = -y, -x
        return px - self.dx, py - self.dy

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) in the reading frame of a user-space box."""
        # :meth:`point` of two corners, spelt out: this runs for every text run and table character
        q = self.quarter
        if q == 0:
            xa, ya, xb, yb = left, -bottom, right, -top
        elif q == 1:
            xa, ya, xb, yb = bottom, left, top, right
        elif q == 2:
            xa, ya, xb, yb = -left, bottom, -right, top
        else:
            xa, ya, xb, yb = -bottom, -left, -top, -right
        xa, xb, ya, yb = xa - self.dx, xb - self.dx, ya - self.dy, yb - self.dy
        return min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb)


def make_frame(page: pdfium.PdfPage, quarter: int) -> Frame:
    left, bottom, right, top = page.get_bbox()
    raw = Frame(quarter=quarter, dx=0.0, dy=0.0, width=0.0, height=0.0)
    x0, y0, x1, y1 = raw.box(left, bottom, right, top)
    return Frame(quarter=quarter, dx=x0, dy=y0, width=x1 - x0, height=y1 - y0)


def _quarter(a: float, b: float) -> int:
    """Quarter turn (0-3) of a text direction vector ``(a, b)``."""
    return round(math.degrees(math.atan2(b, a)) / 90) % 4


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """Affine matrix ``inner`` followed by ``outer`` (PDF row-vector convention)."""
    a1, b1, c1, d1, e1, f1 = inner
    a2, b2, c2, d2, e2, f2 = outer
    return (a1 * a2 + b1 * c2, a1 * b2 + b1 * d2, c1 * a2 + d1 * c2, c1 * b2 + d1 * d2,
            e1 * a2 + f1 * c2 + e2, e1 * b2 + f1 * d2 + f2)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _fast(fn, restype, *argtypes):
    """A PDFium function re-typed with plain pointers: no ctypes object per call or result."""
    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)


_P, _I, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_float
_count_objects = _fast(pdfium_c.FPDFPage_CountObjects, _I, _P)
_get_object = _fast(pdfium_c.FPDFPage_GetObject, _P, _P, _I)
_form_count = _fast(pdfium_c.FPDFFormObj_CountObjects, _I, _P)
_form_object = _fast(pdfium_c.FPDFFormObj_GetObject, _P, _P, ctypes.c_ulong)
_object_type = _fast(pdfium_c.FPDFPageObj_GetType, _I, _P)
_object_bounds = _fast(pdfium_c.FPDFPageObj_GetBounds, _I, _P, _P, _P, _P, _P)
_object_matrix = _fast(pdfium_c.FPDFPageObj_GetMatrix, _I, _P, _P)
_font_size = _fast(pdfium_c.FPDFTextObj_GetFontSize, _I, _P, _P)
_object_font = _fast(pdfium_c.FPDFTextObj_GetFont, _P, _P)
_font_name = _fast(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, _P, _P, ctypes.c_size_t)
_count_chars = _fast(pdfium_c.FPDFText_CountChars, _I, _P)
_get_text = _fast(pdfium_c.FPDFText_GetText, _I, _P, _I, _I, _P)
_char_unicode = _fast(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _P, _I)
_char_object = _fast(pdfium_c.FPDFText_GetTextObject, ctypes.c_size_t, _P, _I)  # 0 for generated characters
_char_loose_box = _fast(pdfium_c.FPDFText_GetLooseCharBox, _I, _P, _I, _P)
_char_origin = _fast(pdfium_c.FPDFText_GetCharOrigin, _I, _P, _I, _P, _P)


def _handle(obj) -> int:
    return ctypes.cast(obj.raw, ctypes.c_void_p).value


def _walk(objects: list[int], outer: tuple[float, ...], depth: int = 0):
    """(object, type, matrix of its container) for page objects, descending into forms."""
    matrix = pdfium_c.FS_MATRIX()
    for obj in objects:
        kind = _object_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
            _object_matrix(obj, ctypes.byref(matrix))
            inner = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            yield from _walk([_form_object(obj, i) for i in range(_form_count(obj))], inner, depth + 1)
        else:
            yield obj, kind, outer


def _page_objects(page: pdfium.PdfPage):
    raw = _handle(page)
    return _walk([_get_object(raw, i) for i in range(_count_objects(raw))], _IDENTITY)


class _Bounds:
    """Reusable out-parameters for FPDFPageObj_GetBounds."""

    def __init__(self) -> None:
        self._vals = (ctypes.c_float * 4)()
        self._refs = [ctypes.addressof(self._vals) + 4 * k for k in range(4)]

    def __call__(self, obj: int, m: tuple[float, ...]) -> tuple[float, float, float, float] | None:
        if not _object_bounds(obj, *self._refs):
            return None
        l, b, r, t = self._vals
        if m is _IDENTITY:
            return l, b, r, t
        xs, ys = zip(*(_apply(m, x, y) for x, y in ((l, b), (r, t), (l, t), (r, b))))
        return min(xs), min(ys), max(xs), max(ys)


class _Fonts:
    """(character fix-up table, is bold) of a text object's font, cached by object and by font handle."""

    def __init__(self) -> None:
        self._cache: dict[int | None, tuple[dict[int, str] | None, bool]] = {}
        self._objects: dict[int, tuple[dict[int, str] | None, bool]] = {}  # table characters ask per character

    def __call__(self, obj: int) -> tuple[dict[int, str] | None, bool]:
        style = self._objects.get(obj)
        if style is not None:
            return style
        font = _object_font(obj)
        if font not in self._cache:
            buf = ctypes.create_string_buffer(256)
            _font_name(font, buf, 256)
            name = buf.value.decode("latin-1")
            fix = next((table for pattern, table in _FONT_FIXES if pattern.search(name)), None)
            self._cache[font] = (fix, bool(_BOLD_FONT.search(name)))
        style = self._objects[obj] = self._cache[font]
        return style


#: A text object as PDFium reports it, in user space: text, quarter turn, size, origin x and y,
#: bounds (left, bottom, right, top), bold, first and last character index. A plain tuple: a page
#: has hundreds, and a frozen dataclass costs more to build than the PDFium calls that fill it.
_RawRun = tuple[str, int, float, float, float, tuple[float, float, float, float], bool, int, int]


def _stretches(values: list[int]) -> list[tuple[int, int, int]]:
    """(value, start, end) of each run of equal consecutive values."""
    if not values:
        return []
    arr = np.array(values, dtype=np.uint64)
    cuts = [0, *(np.flatnonzero(arr[1:] != arr[:-1]) + 1).tolist(), len(values)]
    return [(values[a], a, b) for a, b in zip(cuts, cuts[1:])]


def _page_chars(textpage: int) -> str:
    """The text page's characters, one per character index."""
    n = _count_chars(textpage)
    buf = ctypes.create_string_buffer(2 * n + 2)
    written = _get_text(textpage, 0, n, buf)
    text = buf.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", "replace")
    if len(text) != n:  # characters outside UCS-2: fall back to one call per character
        text = "".join(chr(_char_unicode(textpage, i)) for i in range(n))
    return text


class PageObjects:
    """Text runs and image boxes of one page.

    The text page's characters are grouped by the text object that drew them
    (one PDFium call per character, linear in the page's size), then each
    object gives its box, matrix and font once. Each character's object and the
    objects' fonts stay for :meth:`char_runs`, which would otherwise ask again.
    """

    def __init__(self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> None:
        bounds = _Bounds()
        self._fonts = _Fonts()
        outer_of: dict[int, tuple[float, ...]] = {}
        self.image_boxes: list[tuple[float, float, float, float]] = []
        for obj, kind, outer in _page_objects(page):
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT and outer is not _IDENTITY:
                outer_of[obj] = outer
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                box = bounds(obj, outer)
                if box is not None:
                    self.image_boxes.append(box)
        tp = _handle(textpage)
        chars = _page_chars(tp)
        self._owners: list[int] = list(map(_char_object, repeat(tp, len(chars)), range(len(chars))))
        pieces: dict[int, list] = {}  # object -> [first index, last index, text parts]
        gap_has_space = False
        for owner, start, end in _stretches(self._owners):
            if not owner:  # spaces and line breaks PDFium generated
                gap_has_space = " " in chars[start:end]
                continue
            entry = pieces.get(owner)
            if entry is None:
                pieces[owner] = [start, end - 1, [chars[start:end]]]
            else:  # the object goes on after a generated space
                if gap_has_space:
                    entry[2].append(" ")
                entry[1] = end - 1
                entry[2].append(chars[start:end])
            gap_has_space = False
        # out-parameters passed as plain addresses: no ctypes object per call
        matrix = (ctypes.c_float * 6)()  # FS_MATRIX: a, b, c, d, e, f
        size = ctypes.c_float()
        matrix_ref, size_ref = ctypes.addressof(matrix), ctypes.addressof(size)
        self.raw_runs: list[_RawRun] = []
        for obj, (first, last, parts) in pieces.items():
            text = "".join(parts)
            if not text.strip():
                continue
            fix, bold = self._fonts(obj)
            if fix is not None:
                text = text.translate(fix)
            outer = outer_of.get(obj, _IDENTITY)
            box = bounds(obj, outer)
            if box is None:
                continue
            _object_matrix(obj, matrix_ref)
            tm = tuple(matrix)
            if outer is not _IDENTITY:
                tm = _compose(tm, outer)
            _font_size(obj, size_ref)
            scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2])) or 1.0
            self.raw_runs.append((text, _quarter(tm[0], tm[1]), size.value * scale, tm[4], tm[5], box, bold, first, last))

    def dominant_quarter(self) -> int:
        """Direction of most text, so landscape tables are read upright."""
        weight = [0, 0, 0, 0]
        for r in self.raw_runs:
            weight[r[1]] += len(r[0])
        return max(range(4), key=weight.__getitem__)

    def runs(self, frame: Frame) -> tuple[list[Run], list[Run], list[tuple[float, float, int, int]]]:
        """(upright runs, runs in another direction, (x, y, first, last) of each upright run's centre)."""
        upright: list[Run] = []
        other: list[Run] = []
        spans: list[tuple[float, float, int, int]] = []
        for text, quarter, size, ox, oy, bounds, bold, first, last in self.raw_runs:
            x0, top, x1, bottom = frame.box(*bounds)
            base = frame.point(ox, oy)[1]
            if not top - 0.5 * size <= base <= bottom + 0.5 * size:
                base = bottom  # text rise or odd font metrics: fall back to the box
            run = Run(text=text, x0=x0, x1=x1, top=top, bottom=bottom, base=base, size=size, bold=bold)
            if quarter == frame.quarter:
                upright.append(run)
                spans.append(((x0 + x1) / 2, (top + bottom) / 2, first, last))
            else:
                other.append(run)
        return upright, other, spans

    def char_runs(self, textpage: pdfium.PdfTextPage, frame: Frame, indices: list[int]) -> list[Run]:
        """One run per non-space character among ``indices`` (the characters of a table region).

        Used for tables, where a single text object may hold several cells. Loose
        (font-metric) boxes make the gaps between the letters of a word close to 0.
        """
        tp = _handle(textpage)
        rect = (ctypes.c_float * 4)()  # FS_RECTF: left, top, right, bottom
        origin = (ctypes.c_double * 2)()
        rect_ref, x_ref = ctypes.addressof(rect), ctypes.addressof(origin)
        y_ref = x_ref + ctypes.sizeof(ctypes.c_double)
        owners, fonts = self._owners, self._fonts
        out: list[Run] = []
        space = False  # a space character (drawn or generated) before the next one
        for i in indices:
            code = _char_unicode(tp, i)
            if code <= 32 or code == 0xA0:
                space = space or code in (32, 0xA0)
                continue
            if not _char_loose_box(tp, i, rect_ref):
                continue
            left, top, right, bottom = rect
            x0, top, x1, bottom = frame.box(left, bottom, right, top)
            _char_origin(tp, i, x_ref, y_ref)
            obj = owners[i]
            fix, bold = fonts(obj) if obj else (None, False)
            char = chr(code) if fix is None else chr(code).translate(fix)
            out.append(Run(text=" " + char if space else char, x0=x0, x1=x1, top=top, bottom=bottom,
                           base=frame.point(origin[0], origin[1])[1], size=bottom - top, bold=bold))
            space = False
        return out


def page_rules(page: pdfium.PdfPage, frame: Frame) -> list[Rule]:
    """Horizontal strokes and filled-box edges at least 20 pt long (table rules, row shading)."""
    bounds = _Bounds()
    out: list[Rule] = []
    for obj, kind, outer in _page_objects(page):
        if kind != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        box = bounds(obj, outer)
        if box is None:
            continue
        x0, top, x1, bottom = frame.box(*box)
        if x1 - x0 < 20:
            continue
        if bottom - top <= 3:
            out.append(Rule(x0=x0, x1=x1, y=(top + bottom) / 2))
        elif bottom - top <= 60:
            out.extend((Rule(x0=x0, x1=x1, y=top), Rule(x0=x0, x1=x1, y=bottom)))
    return out


# ---------------------------------------------------------------- lines


def _is_script(run: Run, line: list[Run], attached: list[tuple[Run, str]], size: float,
               base: float) -> str | None:
    """'sup' or 'sub' when ``run`` is a small raised/lowered run right after text of ``line``."""
    if run.size > SCRIPT_RATIO * size:
        return None
    shift = base - run.base
    if 0.12 * size <= shift <= 0.7 * size:
        kind = "sup"
    elif -0.45 * size <= shift <= -0.08 * size:
        kind = "sub"
    else:
        return None
    for other in (*line, *(r for r, _ in attached)):
        if other.x1 - 1.0 <= run.x0 + 0.5 and run.x0 - other.x1 <= 0.6 * size:
            return kind
    return None


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2] if len(values) > 1 else values[0]


def _line_size(runs: list[Run]) -> float:
    """Character-weighted size: a line's body size even if some of it is small."""
    if len(runs) == 1:
        return round(runs[0].size, 1)
    weights: dict[float, int] = {}
    for r in runs:
        key = round(r.size, 1)
        weights[key] = weights.get(key, 0) + len(r.text)
    return max(weights, key=weights.__getitem__)


def _join_runs(runs: list[tuple[Run, str | None]], size: float) -> str:
    """Text of runs sorted by x, with spaces where the gap is wide and scripts handled."""
    parts: list[str] = []
    prev_x1: float | None = None
    dropped = False  # a marker was dropped just before: its gap is no word space before punctuation
    for run, script in runs:
        text = run.text
        if script == "sup":
            body = "".join(parts).rstrip()
            if _MARKER.fullmatch(text.strip()):
                if _POWER_OF_TEN.search(body[-8:]) and re.fullmatch(r"[\-\u2212\u2013]?\d+", text.strip()):
                    text = "^" + text.strip()
                elif _AREA_UNIT.search(body[-8:]) and text.strip() in ("2", "3"):
                    text = text.strip()  # kg/m2, mm3
                else:
                    dropped = True
                    continue  # citation or footnote marker: leave the gap it occupied
            else:
                text = text.strip()
        if prev_x1 is not None and parts:
            gap = run.x0 - prev_x1
            if script is None and gap > 0.2 * size and not parts[-1][-1:].isspace() and not text[:1].isspace() \
                    and not (dropped and text[:1] in ",;.:)"):
                parts.append(" ")
        parts.append(text)
        prev_x1 = run.x1
        dropped = False
    return "".join(parts)


def build_frags(runs: list[Run], split_em: float) -> list[Frag]:
    """Group runs into baseline lines, attach super/subscripts, split lines at wide gaps.

    ``split_em``: a horizontal gap wider than this many font sizes starts a new
    fragment (column gutters; table cells when reading characters).
    """
    if not runs:
        return []
    ordered = sorted(runs, key=attrgetter("base", "x0"))
    groups: list[list[Run]] = []
    for r in ordered:
        if groups:
            g = groups[-1]
            if abs(r.base - g[0].base) <= max(1.0, 0.25 * min(r.size, g[0].size)):
                g.append(r)
                continue
        groups.append([r])
    sizes = [_line_size(g) for g in groups]
    bases = [_median([r.base for r in g if r.size >= SCRIPT_RATIO * s] or [g[0].base]) if len(g) > 1 else g[0].base
             for g, s in zip(groups, sizes)]
    max_size = max(sizes)
    scripts: list[list[tuple[Run, str]]] = [[] for _ in groups]
    moved: set[int] = set()
    small = sorted(((gi, r) for gi, g in enumerate(groups) for r in g if r.size <= SCRIPT_RATIO * max_size),
                   key=lambda item: item[1].x0)
    for gi, r in small:  # left to right, so "5-11" chains onto the script before it
        target = _find_script_host(r, groups, scripts, bases, sizes, gi)
        if target is not None:
            scripts[target[0]].append((r, target[1]))
            moved.add(id(r))
    kept = [[r for r in g if id(r) not in moved] for g in groups] if moved else groups
    frags: list[Frag] = []
    for g, extra, size, base in zip(kept, scripts, sizes, bases):
        items: list[tuple[Run, str | None]] = [(r, None) for r in g] + list(extra)
        if not items:
            continue
        items.sort(key=lambda it: it[0].x0)
        current: list[tuple[Run, str | None]] = []
        right, right_size = -math.inf, size
        for it in items:
            if current and it[0].x0 - right > split_em * max(right_size, it[0].size if it[1] is None else 0):
                frags.append(_make_frag(current, base))
                current, right = [], -math.inf
            current.append(it)
            if it[0].x1 > right:
                right, right_size = it[0].x1, (it[0].size if it[1] is None else right_size)
        frags.append(_make_frag(current, base))
    return [f for f in frags if f.text.strip()]


def _find_script_host(r: Run, groups: list[list[Run]], scripts: list[list[tuple[Run, str]]],
                      bases: list[float], sizes: list[float], own: int) -> tuple[int, str] | None:
    lo = bisect_left(bases, r.base - 0.5 * r.size / SCRIPT_RATIO)
    for gi in range(max(lo - 1, 0), len(groups)):
        if bases[gi] > r.base + 0.8 * r.size / SCRIPT_RATIO:
            break
        if gi == own:
            continue
        kind = _is_script(r, groups[gi], scripts[gi], sizes[gi], bases[gi])
        if kind is not None:
            return gi, kind
    return None


def _make_frag(items: list[tuple[Run, str | None]], base: float) -> Frag:
    if len(items) == 1 and items[0][1] is None:
        # most fragments are one text object: the general case below, worked out for one run
        r = items[0][0]
        return Frag(text=r.text, x0=r.x0, x1=r.x1, top=r.top, bottom=r.bottom, base=base, size=round(r.size, 1),
                    bold=r.bold and r.text != "")
    body = [r for r, s in items if s is None] or [r for r, _ in items]
    bold = sum(len(r.text) for r in body if r.bold) * 2 > sum(len(r.text) for r in body)
    size = _line_size(body)
    return Frag(
        text=_join_runs(items, size),
        x0=min(r.x0 for r, _ in items), x1=max(r.x1 for r, _ in items),
        top=min(r.top for r in body), bottom=max(r.bottom for r in body), base=base, size=size, bold=bold,
    )


# ---------------------------------------------------------------- reading order


#: Share of a region's fragments that may cross its gutter (full-width titles and floats).
CROSSING_SHARE = 0.3


def find_gutter(frags: list[Frag], min_side: int = 3, crossing_share: float = CROSSING_SHARE) -> float | None:
    """x of a vertical gutter separating side-by-side columns, or None for one column.

    The gutter is the middle of the widest strip, within the central half of the
    text, crossed by the fewest fragments (full-width titles and floats may cross
    it); each side must hold ``min_side`` lines that sit beside lines of the other.
    """
    if len(frags) < 2 * min_side:
        return None
    x0 = np.fromiter((f.x0 for f in frags), float, len(frags))
    x1 = np.fromiter((f.x1 for f in frags), float, len(frags))
    lo, hi = float(x0.min()), float(x1.max())
    width = hi - lo
    if width < 100:
        return None
    start = int(lo)
    n = int(hi) - start + 2
    diff = np.zeros(n + 1)
    np.add.at(diff, np.clip(np.ceil(x0).astype(int) - start, 0, n), 1)
    np.add.at(diff, np.clip(np.floor(x1).astype(int) - start, 0, n), -1)
    cover = np.cumsum(diff)[:n]
    a, b = int(lo + 0.25 * width) - start, int(lo + 0.75 * width) - start
    window = cover[a:b]
    if window.size == 0:
        return None
    low = window.min()
    if low > crossing_share * len(frags):
        return None
    best_len, best_mid, run_start = 0, None, None
    for i, v in enumerate(np.append(window, np.inf)):
        if v == low and run_start is None:
            run_start = i
        elif v != low and run_start is not None:
            if i - run_start > best_len:
                best_len, best_mid = i - run_start, start + a + (run_start + i - 1) / 2
            run_start = None
    if best_mid is None or best_len < 3:
        return None
    left = [f for f in frags if f.x1 <= best_mid]
    right = [f for f in frags if f.x0 >= best_mid]
    if len(left) < min_side or len(right) < min_side:
        return None
    if not _starts_aligned(right, min_side):
        return None
    right_tops = sorted(f.top for f in right)
    beside = sum(1 for f in left if _any_between(right_tops, f.top - f.size, f.bottom + f.size))
    return best_mid if beside >= min_side else None


#: Points within which the lines of one column start (glyph bounds differ a little from letter to letter).
ALIGN_TOLERANCE = 2.0
#: Share of the lines right of a gutter that must start at one x: a column's left edge. The words
#: after wide justified word gaps start anywhere, so their "gutter" is none.
ALIGNED_SHARE = 0.4


def _starts_aligned(right: list[Frag], min_lines: int) -> bool:
    """Whether the lines right of a candidate gutter start together, as a column's lines do."""
    first: dict[int, float] = {}
    for f in right:
        key = round(f.base)
        first[key] = min(first.get(key, math.inf), f.x0)
    starts = sorted(first.values())
    best, lo = 0, 0
    for hi, x in enumerate(starts):
        while x - starts[lo] > ALIGN_TOLERANCE:
            lo += 1
        best = max(best, hi - lo + 1)
    return best >= max(min_lines, ALIGNED_SHARE * len(starts))


def _any_between(sorted_values: list[float], lo: float, hi: float) -> bool:
    i = bisect_left(sorted_values, lo)
    return i < len(sorted_values) and sorted_values[i] <= hi


@dataclass(frozen=True, slots=True, kw_only=True)
class Line:
    """A line of the reading order: fragments on one baseline within one column.

    Its text and size are worked out once (:func:`_make_line`): the paragraph rules read them many times.
    """

    frags: tuple[Frag, ...]
    col_x0: float
    col_x1: float
    text: str
    size: float  # the size of its longest fragment

    @property
    def x0(self) -> float:
        return self.frags[0].x0

    @property
    def x1(self) -> float:
        return self.frags[-1].x1

    @property
    def top(self) -> float:
        return min(f.top for f in self.frags)

    @property
    def bottom(self) -> float:
        return max(f.bottom for f in self.frags)

    @property
    def base(self) -> float:
        return self.frags[0].base


def _make_line(frags: tuple[Frag, ...], col_x0: float, col_x1: float) -> Line:
    """The line of ``frags`` (left to right) in the column from ``col_x0`` to ``col_x1``."""
    return Line(frags=frags, col_x0=col_x0, col_x1=col_x1, text=" ".join(f.text.strip() for f in frags),
                size=max(frags, key=lambda f: len(f.text)).size)


def _layout_change(frags: list[Frag]) -> float | None:
    """y of a full-width blank strip where the column structure changes (e.g. a page-1 sidebar
    beside the abstract, two body columns below), or None."""
    ordered = sorted(frags, key=lambda f: f.top)
    reach = -math.inf
    gaps: list[tuple[float, int, float]] = []
    for k, f in enumerate(ordered):
        if k >= 3 and f.top - reach >= 1.5 * f.size and len(ordered) - k >= 3:
            gaps.append((f.top - reach, k, (reach + f.top) / 2))
        reach = max(reach, f.bottom)
    for _, k, y in sorted(sorted(gaps, reverse=True)[:4], key=lambda g: g[1]):
        g_above, g_below = find_gutter(ordered[:k]), find_gutter(ordered[k:])
        if g_above is not None and g_below is not None and abs(g_above - g_below) > 15:
            return y
    return None


def reading_order(frags: list[Frag], depth: int = 0, in_column: bool = False) -> list[Line]:
    """Lines in reading order: blocks cut where the column layout changes, then columns left to
    right within bands cut by full-width text.

    Inside a column (``in_column``) a further gutter must be crossed by no line at all: there the
    lines that do cross a strip are the column's own, and the strip is only wide word spaces of
    justified lines that happen to line up.
    """
    if depth < 4:
        cut = _layout_change(frags)
        if cut is not None:
            return reading_order([f for f in frags if f.ymid < cut], depth + 1, in_column) + \
                reading_order([f for f in frags if f.ymid >= cut], depth + 1, in_column)
    gutter = find_gutter(frags, crossing_share=0.0 if in_column else CROSSING_SHARE) if depth < 4 else None
    if gutter is None:
        return _column_lines(frags)
    spanning = [f for f in frags if f.x0 < gutter - 1 and f.x1 > gutter + 1]
    rest = [f for f in frags if not (f.x0 < gutter - 1 and f.x1 > gutter + 1)]
    out: list[Line] = []
    for is_band, members in _bands(spanning, rest):
        if is_band:
            left = [f for f in members if f.xmid < gutter]
            right = [f for f in members if f.xmid >= gutter]
            out.extend(reading_order(left, depth + 1, in_column=True))
            out.extend(reading_order(right, depth + 1, in_column=True))
        else:
            out.extend(reading_order(members, depth + 1, in_column))
    return out


def _bands(spanning: list[Frag], rest: list[Frag]) -> list[tuple[bool, list[Frag]]]:
    """Alternate (column band, full-width block) runs, top to bottom."""
    if not spanning:
        return [(True, rest)]
    spanning = sorted(spanning, key=lambda f: f.top)
    blocks: list[list[Frag]] = []
    for f in spanning:
        if blocks and f.top <= max(g.bottom for g in blocks[-1]) + 2.5 * f.size and not _rest_between(
                rest, max(g.bottom for g in blocks[-1]), f.top):
            blocks[-1].append(f)
        else:
            blocks.append([f])
    out: list[tuple[bool, list[Frag]]] = []
    remaining = sorted(rest, key=lambda f: f.ymid)
    i = 0
    for block in blocks:
        block_top = min(f.top for f in block)
        band: list[Frag] = []
        while i < len(remaining) and remaining[i].ymid < block_top:
            band.append(remaining[i])
            i += 1
        if band:
            out.append((True, band))
        block_bottom = max(f.bottom for f in block)
        inside: list[Frag] = []
        while i < len(remaining) and remaining[i].ymid <= block_bottom:
            inside.append(remaining[i])
            i += 1
        out.append((False, block + inside))
    if i < len(remaining):
        out.append((True, remaining[i:]))
    return out


def _rest_between(rest: list[Frag], top: float, bottom: float) -> bool:
    return any(top < f.ymid < bottom for f in rest)


def _column_lines(frags: list[Frag]) -> list[Line]:
    """Fragments of one column as lines, top to bottom, same-baseline pieces joined."""
    if not frags:
        return []
    col_x0 = min(f.x0 for f in frags)
    col_x1 = max(f.x1 for f in frags)
    ordered = sorted(frags, key=lambda f: (f.base, f.x0))
    lines: list[list[Frag]] = []
    for f in ordered:
        if lines and abs(f.base - lines[-1][0].base) <= 0.3 * min(f.size, lines[-1][0].size):
            lines[-1].append(f)
        else:
            lines.append([f])
    return [_make_line(tuple(sorted(group, key=lambda f: f.x0)), col_x0, col_x1) for group in lines]

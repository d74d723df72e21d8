"""A layout test bed: one text (title + paragraphs) typeset as PDFs in several journal layouts.

The typesetter is our own (fpdf2 only draws): greedy line filling, ragged or
justified lines, first-line indents or paragraph spacing, one to three columns,
line-end hyphenation at syllable-ish points (:func:`syllable_breaks`), and page
furniture (running header and footer, page numbers, footnotes, a figure with its
caption, a table across both columns). Nothing here is committed as a PDF: the
tests and ``bench/pdf_layouts.py`` render at run time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BOLD_FONT = FONT.with_name("DejaVuSans-Bold.ttf")
#: A4 and A5 in points.
A4 = (595.28, 841.89)
A5 = (419.53, 595.28)

#: Words shorter than this are never hyphenated (as in TeX's default minimum).
MIN_HYPHENATED = 6
#: Letters a hyphenated word keeps on each side of the break.
MIN_SIDE = 3
_VOWELS = frozenset("aeiouy")
#: Letter pairs that sound as one and are never split.
_DIGRAPHS = frozenset("ch ck gh ph qu sh th wh".split())
#: Consonant pairs that open a syllable: the break goes before them.
_ONSETS = frozenset("bl br cl cr dr fl fr gl gr pl pr sc sk sp st tr".split())
#: A paragraph typeset as a heading: short, no sentence punctuation at its end.
_HEADING = re.compile(r"[A-Z][^.!?;,]{0,58}[A-Za-z)]")
#: Characters inside a word after which a line may break without adding a hyphen.
_BREAK_AFTER = "-\u2013/"
#: ... and, only for a word wider than the column ("treatment,compared"), punctuation.
_EMERGENCY_AFTER = ",;)]"
TITLE_SIZE = 15.0  # points, bold, full width
TITLE_LEADING = 1.2
#: Share of the text's characters the abstract box holds (whole paragraphs).
BOX_SHARE = 0.4
#: Reference numbers hang this many font sizes left of their entries.
HANG = 2.2
#: A first line longer than this (characters) is a paragraph, not a title.
MAX_TITLE = 200
SMALL = 0.8  # footnotes, captions and tables, relative to the body size
#: Paragraph spacing (without indents) and the space before a heading, in line heights.
PARAGRAPH_SPACE = 0.5
#: First-line indent, in font sizes.
INDENT = 1.5
#: Furniture page: the table's top and the figure's bottom as shares of the column height above them.
TABLE_AT = 0.35
FIGURE_SHARE = 0.4
#: Table row pitch, in font sizes of the table.
ROW_PITCH = 1.6


@dataclass(frozen=True)
class Layout:
    """How a page is set: columns, alignment, size and leading, paragraph style, floats."""

    name: str
    columns: int = 1
    justify: bool = False
    size: float = 10.0
    leading: float = 1.4  # baseline distance / font size
    indent: bool = False  # first-line indent; otherwise half a line between paragraphs
    page: tuple[float, float] = A4
    margin: float = 54.0
    gutter: float = 16.0
    front_matter: bool = False  # authors, affiliations and an abstract box under a full-width title
    furniture: bool = False  # running header/footer, page numbers, footnotes, a figure, a table


LAYOUTS: tuple[Layout, ...] = (
    Layout("single_ragged"),
    Layout("single_justified", justify=True, indent=True, leading=1.3),
    Layout("two_column_tight", columns=2, justify=True, indent=True, size=9.0, leading=1.2),
    Layout("two_column_abstract_box", columns=2, justify=True, size=9.0, leading=1.3, front_matter=True),
    Layout("three_column", columns=3, justify=True, indent=True, size=8.0, leading=1.25, margin=40.0, gutter=12.0),
    Layout("two_column_furniture", columns=2, justify=True, indent=True, size=8.5, leading=1.25, page=A5,
           margin=36.0, gutter=12.0, furniture=True),
)

#: Front matter of the abstract-box layout: invented names and places.
#: (text, raised marker) pieces, as a byline with affiliation numbers is set.
AUTHORS = (("Ana B. Ruiz", "1"), (", Tom Ng", "2"), (" and Lea Moreau", "1,*"))
AFFILIATIONS = (
    ("1", "Department of Medical Oncology, Riverside University Hospital, 4021 Springfield, Norland"),
    ("2", "Institute of Cancer Research, Lakeside Medical Centre, Oslo 0450, Norland"),
)
#: Superscripts: size and rise relative to the text they mark.
SCRIPT_SIZE = 0.6
SCRIPT_RISE = 0.35
RUNNING_HEADER = "J Invented Oncol 2026;3:101\u2013108"
RUNNING_AUTHORS = "Ruiz et al."
RUNNING_FOOTER = "https://doi.org/10.9999/jio.2026.0101"
FOOTNOTES = ("* Corresponding author: Lea Moreau, lea.moreau@example.org",
             "\u2020 These authors contributed equally to this work.")
FIGURE_CAPTION = "Figure 1. Flow of participants through the study and the timing of the scheduled scans."
TABLE_CAPTION = "Table 1. Baseline characteristics of the cohort"
TABLE_ROWS = (
    ("Characteristic", "All patients", "Women", "Men"),
    ("Age, years, median (range)", "61 (38\u201379)", "59 (38\u201376)", "63 (41\u201379)"),
    ("Former or current smoker", "48 (64%)", "17 (52%)", "31 (74%)"),
    ("ECOG performance status 1", "29 (39%)", "12 (36%)", "17 (40%)"),
    ("Prior lines of therapy \u2265 2", "22 (29%)", "10 (30%)", "12 (29%)"),
)


@dataclass
class Text:
    """What is typeset: a title and paragraphs (a paragraph that looks like a heading is set as one)."""

    title: str
    paragraphs: list[str]
    references: list[str] = field(default_factory=list)  # set small with hanging indents after the body
    references_heading: bool = True

    @classmethod
    def parse(cls, text: str) -> Text:
        """First non-empty line is the title (unless it is too long for one), every further one a paragraph."""
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        if len(lines[0]) > MAX_TITLE:
            return cls("", lines)
        return cls(lines[0], lines[1:])

    def plain(self) -> str:
        """The same text as a .txt file holds it: one line per paragraph."""
        return "\n".join([self.title, *self.paragraphs] if self.title else self.paragraphs) + "\n"


def is_heading(paragraph: str) -> bool:
    """A paragraph set as a bold heading: a short line without sentence punctuation ("Results")."""
    return bool(_HEADING.fullmatch(paragraph)) and len(paragraph.split()) <= 8


def syllable_breaks(word: str) -> list[int]:
    """Positions where a lower-case run of letters may be hyphenated: V-CV and VC-CV, both sides long enough."""
    if len(word) < MIN_HYPHENATED or not word.isalpha() or not word[1:].islower():
        return []
    low = word.lower()
    out = []
    for i in range(MIN_SIDE, len(word) - MIN_SIDE + 1):
        a, b = low[i - 1], low[i]
        after = low[i + 1] if i + 1 < len(low) else ""
        if b in _VOWELS or low[i - 1: i + 1] in _DIGRAPHS:
            continue
        onset = after in _VOWELS or b + after in _ONSETS  # "mo-", "gres-sion" / "pro-gres"
        if a in _VOWELS and onset or a not in _VOWELS and low[i - 2] in _VOWELS and a + b not in _ONSETS:
            out.append(i)
    return out


def _pieces(word: str, hyphenate: bool, emergency: bool = False) -> list[tuple[str, str]]:
    """(head as printed at a line end, rest) for every place ``word`` may be broken, longest head first."""
    after = _BREAK_AFTER + (_EMERGENCY_AFTER if emergency else "")
    out = [(word[: i + 1], word[i + 1:]) for i, c in enumerate(word[:-1]) if c in after and i > 0]
    if hyphenate:
        # hyphenate only inside the word's letter runs, e.g. "chemo-therapy" but never "PD-" + "1"
        for m in re.finditer(r"[A-Za-z]+", word):
            out += [(word[: m.start() + i] + "-", word[m.start() + i:]) for i in syllable_breaks(m.group())]
    return sorted(out, key=lambda p: -len(p[0]))


@dataclass
class _Line:
    words: list[str]
    last: bool = False  # a paragraph's last line: never justified


class _Setter:
    """Breaks paragraphs into lines of a given width with the PDF's own string widths."""

    def __init__(self, pdf, hyphenate: bool) -> None:
        self.pdf = pdf
        self.hyphenate = hyphenate

    def width(self, text: str) -> float:
        return self.pdf.get_string_width(text)

    def lines(self, text: str, width: float, first_indent: float = 0.0) -> list[_Line]:
        words = text.split()
        out: list[_Line] = []
        current: list[str] = []
        room = width - first_indent
        i = 0
        while i < len(words):
            word = words[i]
            trial = " ".join([*current, word])
            if self.width(trial) <= room or not current and not self._split(word, room, width):
                current.append(word)
                i += 1
                continue
            split = self._split(word, room - (self.width(" ".join(current) + " ") if current else 0), width)
            if split:
                current.append(split[0])
                words[i] = split[1]
            out.append(_Line(current))
            current, room = [], width
        out.append(_Line(current, last=True))
        return out

    def _split(self, word: str, room: float, width: float) -> tuple[str, str] | None:
        """Where ``word`` breaks to fill ``room``; at punctuation only if it is wider than a whole line."""
        emergency = self.width(word) > width
        return next((p for p in _pieces(word, self.hyphenate, emergency) if self.width(p[0]) <= room), None)


@dataclass
class _Slot:
    """A column's free strip on a page: lines go from ``y`` down to ``bottom``."""

    x: float
    width: float
    y: float
    bottom: float

    def __post_init__(self) -> None:
        self.top = self.y  # no paragraph space at the top of a strip


class Renderer:
    """Typesets a :class:`Text` in one :class:`Layout`."""

    def __init__(self, layout: Layout, hyphenate: bool) -> None:
        import fpdf

        self.layout = layout
        pdf = fpdf.FPDF(unit="pt", format=layout.page)
        pdf.set_auto_page_break(False)
        pdf.set_margins(layout.margin, layout.margin)
        pdf.add_font("body", fname=str(FONT))
        pdf.add_font("body", style="B", fname=str(BOLD_FONT))
        self.pdf = pdf
        self.setter = _Setter(pdf, hyphenate)
        self.slots: list[_Slot] = []
        self.page_number = 0

    # ---------------------------------------------------------------- pages

    def _font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font("body", style="B" if bold else "", size=size)

    def _new_page(self) -> None:
        """A page with its running header and footer, and its columns from the top margin."""
        lay = self.layout
        pdf = self.pdf
        pdf.add_page()
        self.page_number += 1
        width, height = lay.page
        if lay.furniture:
            self._font(lay.size * SMALL)
            pdf.text(lay.margin, lay.margin * 0.6, RUNNING_HEADER)
            pdf.text(width - lay.margin - pdf.get_string_width(RUNNING_AUTHORS), lay.margin * 0.6, RUNNING_AUTHORS)
            pdf.text(lay.margin, height - lay.margin * 0.45, RUNNING_FOOTER)
            number = str(self.page_number)
            pdf.text((width - pdf.get_string_width(number)) / 2, height - lay.margin * 0.45, number)
        self._columns(lay.margin)

    def _columns(self, top: float) -> None:
        lay = self.layout
        width, height = lay.page
        col = (width - 2 * lay.margin - (lay.columns - 1) * lay.gutter) / lay.columns
        self.slots = [_Slot(lay.margin + k * (col + lay.gutter), col, top, height - lay.margin)
                      for k in range(lay.columns)]

    def _place_floats(self) -> None:
        """Page 1 of the furniture layout: a table across both columns, a figure, footnotes."""
        lay = self.layout
        pdf = self.pdf
        small = lay.size * SMALL
        left, right = self.slots[0], self.slots[-1]
        full_x0, full_x1 = left.x, right.x + right.width
        # table across the columns, a third of the way down: columns run above it, then below it
        table_top = left.y + TABLE_AT * (left.bottom - left.y)
        self._font(small, bold=True)
        pdf.text(full_x0, table_top + small, TABLE_CAPTION)
        y = table_top + ROW_PITCH * small
        pdf.line(full_x0, y, full_x1, y)
        widths = (0.43, 0.19, 0.19, 0.19)
        for r, row in enumerate(TABLE_ROWS):
            self._font(small, bold=r == 0)
            x = full_x0
            for cell, share in zip(row, widths):
                pdf.text(x, y + 1.3 * small, cell)
                x += share * (full_x1 - full_x0)
            y += ROW_PITCH * small
            if r == 0 or r == len(TABLE_ROWS) - 1:
                pdf.line(full_x0, y, full_x1, y)
        below = _Slot(left.x, left.width, y + 2 * lay.size, left.bottom)
        below_right = _Slot(right.x, right.width, y + 2 * lay.size, right.bottom)
        # a figure at the top of the right column, its caption under it
        fig_bottom = right.y + FIGURE_SHARE * (table_top - right.y)
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(right.x, right.y, right.width, fig_bottom - right.y - 3 * small, style="F")
        self._font(small)
        caption_lines = self.setter.lines(FIGURE_CAPTION, right.width)
        cy = fig_bottom - 2.2 * small
        for line in caption_lines:
            pdf.text(right.x, cy, " ".join(line.words))
            cy += 1.2 * small
        above_right = _Slot(right.x, right.width, cy + lay.size, table_top - lay.size)
        # footnotes at the foot of the left column, under a short rule
        foot_y = left.bottom - 1.25 * small * (len(FOOTNOTES) + 0.5)
        pdf.line(left.x, foot_y, left.x + 0.3 * left.width, foot_y)
        lines = [" ".join(line.words) for note in FOOTNOTES for line in self.setter.lines(note, left.width)]
        for k, text in enumerate(lines):
            pdf.text(left.x, foot_y + 1.25 * small * (k + 1), text)
        below.bottom = foot_y - lay.size
        self.slots = [_Slot(left.x, left.width, left.y, table_top - lay.size), above_right, below, below_right]

    # ---------------------------------------------------------------- text

    def _title_block(self, title: str) -> float:
        """Full-width title (and front matter); returns the y where the columns start."""
        lay = self.layout
        pdf = self.pdf
        width = lay.page[0] - 2 * lay.margin
        y = lay.margin
        self._font(TITLE_SIZE, bold=True)
        for line in self.setter.lines(title, width) if title else ():
            y += TITLE_LEADING * TITLE_SIZE
            pdf.text(lay.margin, y, " ".join(line.words))
        y += 0.8 * TITLE_SIZE
        if lay.front_matter:
            y += 1.3 * lay.size
            x = lay.margin
            for name, marker in AUTHORS:
                x = self._marked(x, y, name, marker, lay.size + 1)
            for marker, aff in AFFILIATIONS:
                y += 1.3 * lay.size * SMALL
                self._marked(self._marked(lay.margin, y, "", marker, lay.size * SMALL), y, " " + aff, "",
                             lay.size * SMALL)
            y += lay.size
        return y

    def _marked(self, x: float, y: float, text: str, marker: str, size: float) -> float:
        """``text`` then ``marker`` raised and small; returns the x after them."""
        pdf = self.pdf
        self._font(size)
        pdf.text(x, y, text)
        x += pdf.get_string_width(text)
        if marker:
            self._font(size * SCRIPT_SIZE)
            pdf.text(x, y - SCRIPT_RISE * size, marker)
            x += pdf.get_string_width(marker)
        return x

    def _abstract_box(self, paragraphs: list[str], y: float) -> float:
        """The first paragraphs (about two fifths of the text) in a framed full-width box."""
        lay = self.layout
        total = sum(map(len, paragraphs))
        taken, chars = 0, 0
        while taken < len(paragraphs) - 1 and chars < BOX_SHARE * total:
            chars += len(paragraphs[taken])
            taken += 1
        pad = lay.size
        width = lay.page[0] - 2 * lay.margin
        slot = _Slot(lay.margin + pad, width - 2 * pad, y + pad, lay.page[1] - lay.margin)
        self._font(lay.size, bold=True)
        slot.y += lay.size
        self.pdf.text(slot.x, slot.y, "Abstract")
        slot.y += 0.5 * lay.size
        self.slots = [slot]
        for p in paragraphs[:taken]:
            self._paragraph(p, may_break=False)
        self.pdf.rect(lay.margin, y, width, self.slots[0].y - y + pad)
        del paragraphs[:taken]
        return self.slots[0].y + 2 * pad

    def _paragraph(self, text: str, may_break: bool = True) -> None:
        lay = self.layout
        heading = is_heading(text)
        lead = lay.leading * lay.size
        self._font(lay.size, bold=heading)
        if heading or not lay.indent:
            self._skip(PARAGRAPH_SPACE * lead)
        indent = INDENT * lay.size if lay.indent and not heading else 0.0
        slot = self._slot(lead, may_break)
        for k, line in enumerate(self.setter.lines(text, slot.width, indent)):
            slot = self._slot(lead, may_break)
            slot.y += lead
            x = slot.x + (indent if k == 0 else 0.0)
            self._draw(line, x, slot.y, slot.width - (x - slot.x))

    def _skip(self, amount: float) -> None:
        if self.slots[0].y > self.slots[0].top:
            self.slots[0].y += amount

    def _slot(self, lead: float, may_break: bool) -> _Slot:
        """The slot the next line goes in: the next column or page when this one is full."""
        while may_break and self.slots[0].y + lead > self.slots[0].bottom:
            self.slots.pop(0)
            if not self.slots:
                style, size = self.pdf.font_style, self.pdf.font_size_pt
                self._new_page()
                self.pdf.set_font("body", style=style, size=size)  # the running header changed it
        return self.slots[0]

    def _draw(self, line: _Line, x: float, y: float, width: float) -> None:
        pdf = self.pdf
        text = " ".join(line.words)
        if not self.layout.justify or line.last or len(line.words) < 2:
            pdf.text(x, y, text)
            return
        # justified: words drawn one by one, the spare width shared by the gaps
        spare = width - sum(pdf.get_string_width(w) for w in line.words)
        gap = spare / (len(line.words) - 1)
        for w in line.words:
            pdf.text(x, y, w)
            x += pdf.get_string_width(w) + gap

    def render(self, text: Text) -> bytes:
        self._new_page()
        y = self._title_block(text.title)
        paragraphs = list(text.paragraphs)
        if self.layout.front_matter:
            y = self._abstract_box(paragraphs, y)
        self._columns(y)
        if self.layout.furniture:
            self._place_floats()
        for p in paragraphs:
            self._paragraph(p)
        if text.references:
            self._references(text)
        return bytes(self.pdf.output())

    def _references(self, text: Text) -> None:
        """A numbered reference list: smaller type, numbers hanging left of the entries."""
        lay = self.layout
        if text.references_heading:
            self._paragraph("References")
        size = lay.size * SMALL
        lead = lay.leading * size
        hang = HANG * size
        self._skip(PARAGRAPH_SPACE * lead)
        for n, entry in enumerate(text.references, 1):
            self._font(size)
            slot = self._slot(lead, True)
            for k, line in enumerate(self.setter.lines(entry, slot.width - hang)):
                slot = self._slot(lead, True)
                slot.y += lead
                if k == 0:
                    self.pdf.text(slot.x, slot.y, f"{n}.")
                self._draw(line, slot.x + hang, slot.y, slot.width - hang)


def render(text: Text, layout: Layout, hyphenate: bool) -> bytes:
    """PDF bytes of ``text`` typeset in ``layout``, with or without line-end hyphenation."""
    return Renderer(layout, hyphenate).render(text)

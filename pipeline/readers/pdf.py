"""Read a PDF paper into a :class:`Document`: body text in reading order, tables as rows.

Pass 1 reads every page's text objects with PDFium (fast: no per-character
calls) and builds baseline fragments. Across pages it then finds the body font
size and the running headers/footers. Pass 2 lays each page out: captioned
tables are cut out and rebuilt from character boxes, the rest is put in
reading order (columns within bands), split into blocks, and figure captions,
footnotes and figure labels are set aside as floats. Body lines are joined
into paragraphs by rules that hold for any layout (:func:`_breaks`: font,
spacing against the page's own leading, indents against the column's own
lines, the previous line's fill, and never inside a sentence), with line-end
hyphens undone only inside words; a page's floats are written after the
paragraph that is open when the page ends, so they never cut a sentence.
Front matter (bylines, affiliations), journal furniture and reference lists
are marked hidden (:func:`_hidden_spans`), as the other readers do.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.readers import boilerplate
from pipeline.readers.limits import ReadLimits
from pipeline.readers.pdf_layout import (
    Frag, Frame, Line, PageObjects, build_frags, find_gutter, make_frame, page_rules, reading_order,
)
from pipeline.readers.pdf_tables import FIGURE_CAPTION, TABLE_CAPTION, Region, build_grid, find_regions, render
from pipeline.types import Document, Page, ReadError, Section

# ---------------------------------------------------------------- characters

_CHAR_MAP = str.maketrans({
    **{c: None for c in range(32) if c not in (9, 10)},
    0x02: "-", 0xFFFE: "-",  # PDFium's marks for a hyphen at a line end
    0xAD: None, 0xFFFD: None, 0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None,
    0xA0: " ", 0x202F: " ", 0x205F: " ", 0x3000: " ", **{c: " " for c in range(0x2000, 0x200B)},
    0x2010: "-", 0x2011: "-", 0x2212: "-", 0x2012: "\u2013",
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"',
    # ligatures as NFKC spells them out; in the table, so a line is translated in one pass
    **{c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)},
})
_MIDDOT_DECIMAL = re.compile(r"(?<=\d)\u00b7(?=\d)")
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str) -> str:
    """Normalize a line: ligatures, odd spaces, quotes, minus signs; keeps ≥ ≤ ± and en dashes."""
    text = text.replace("\u2018\u2018", '"').replace("\u2019\u2019", '"').translate(_CHAR_MAP)
    if "\u00b7" in text:
        text = _MIDDOT_DECIMAL.sub(".", text)
    if "  " in text or "\t" in text:  # most lines have single spaces only: no regex pass for them
        text = _SPACES.sub(" ", text)
    return text.strip()


# ---------------------------------------------------------------- hyphenation

_HYPHEN_END = re.compile(r"([A-Za-z0-9][A-Za-z0-9'\-]*)-$")
_WORD_START = re.compile(r"[A-Za-z][A-Za-z']*")
_WORDS = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]")
#: Second halves that make a compound ("first-line", "follow-up"): keep the hyphen.
_COMPOUND_TAILS = frozenset(
    "line lines up based related free term year years month months week weeks day days old specific naive "
    "like positive negative dependent induced mediated treated risk level grade small label arm blind "
    "controlled time point site type wide scale center centre institutional inferiority world life "
    "sectional directed guided associated refractory resistant sensitive expressing high low alone only "
    "experienced exposed pretreated containing matched adjusted weighted stratified".split())
#: Short words inside multi-part compounds ("intention-to-treat", "state-of-the-art").
_LINKING = frozenset("to of in on by at and or the for".split())
#: Words after a line-end hyphen that leave it suspended ("lenvatinib- and sorafenib-treated"): a space follows.
_SUSPENDING = frozenset("and or nor to versus vs".split())
#: First halves that make a compound ("non-small", "anti-PD-1"): keep the hyphen.
_COMPOUND_HEADS = frozenset(
    "non anti self well long short high low first second third fourth later front pre post co re multi "
    "semi double single open placebo follow dose age sex cross large full half one two three four five "
    "all cause real end mid case quality cost immune event".split())


def _drop_hyphen(left: str, right: str, vocab: frozenset[str], after: str = "") -> bool:
    """Whether "left-" + newline + "right" (followed by ``after``) is one word broken at a line end.

    The hyphen goes only when the joined word is the word: it is in the document's vocabulary, or
    the two halves are not both words themselves ("progres-sion", "re-sponse"). Two words keep
    their hyphen ("second-line", "chemotherapy-alone"), as do upper-case and numeric parts ("PD-1").
    """
    head = left.split("-")[-1]
    if not (head.isalpha() and head[1:].islower() and right[:1].islower()):
        return False  # "PD-" + "L1", "COVID-" + "19": a real hyphen
    if "-" in left and head.lower() in _LINKING or right.lower() in _LINKING and after == "-":
        return False  # "intention-to-" + "treat", "intention-" + "to-treat": a compound's own hyphens
    joined, hyphenated = (head + right).lower(), f"{head}-{right}".lower()
    if joined in vocab:
        return True
    if hyphenated in vocab:
        return False
    if right.lower() in _COMPOUND_TAILS:
        return False
    head_is_word = head.lower() in vocab or head.lower() in _COMPOUND_HEADS
    return not (head_is_word and right.lower() in vocab)


def join_lines(lines: list[str], vocab: frozenset[str]) -> tuple[str, list[int]]:
    """Lines joined into a paragraph, and each line's start offset in it."""
    parts: list[str] = []
    starts: list[int] = []
    length = 0
    for line in lines:
        if parts:
            prev = parts[-1]
            m = _HYPHEN_END.search(prev[-40:])
            w = _WORD_START.match(line)
            after = line[w.end():w.end() + 1] if w else ""
            suspended = bool(m and w and w.group().lower() in _SUSPENDING and after != "-")
            if m and w and not suspended and _drop_hyphen(m.group(1), w.group(), vocab, after):
                parts[-1] = prev[:-1]
                length -= 1
            elif not (m or prev.endswith(("\u2013", "/"))) or suspended:
                parts.append(" ")
                length += 1
        starts.append(length)
        parts.append(line)
        length += len(line)
    return "".join(parts), starts


def vocabulary(texts: list[str]) -> frozenset[str]:
    """Words of the document's lines, without the pieces a line-end hyphen may have cut off.

    A line's hyphenated last word ("progres-") and a lower-case first word without a hyphen
    ("sion") may be halves of one word, so they do not count as words.
    """
    return frozenset(w.lower() for t in texts for w in _whole_words(t))


def _whole_words(line: str) -> list[str]:
    """The words of a line that no line-end hyphen can have cut (see :func:`vocabulary`)."""
    found = _WORDS.findall(line)
    if not found:
        return found
    first = found[0]
    lo = 1 if first[:1].islower() and "-" not in first and line.lstrip().startswith(first) else 0
    hi = len(found) - 1 if line.rstrip().endswith("-") else len(found)
    return found[lo:hi]


# ---------------------------------------------------------------- sections

_NUMBERING = r"(?:\d+(?:\.\d+)*\.?\s*|[IVX]+\.\s+)?"
_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"{_NUMBERING}(?:{pattern})\s*[:.]?", re.IGNORECASE), name) for pattern, name in (
        (r"abstract|summary", "abstract"),
        (r"introduction|background", "introduction"),
        (r"(?:materials?|patients|subjects)\s+and\s+methods|methods?|methodology|study design", "methods"),
        (r"results?", "results"),
        (r"discussion|results and discussion", "discussion"),
        (r"conclusions?|concluding remarks", "conclusion"),
        (r"references?|bibliography|literature cited|works cited", "references"),
        (r"acknowledge?ments?|funding|conflicts? of interest|competing interests?|disclosures?|"
         r"author contributions?|abbreviations|declarations|ethics.*|data availability.*", "body"),
    ))
_ABSTRACT_PARTS = frozenset({"introduction", "methods", "results", "conclusion"})
_RUN_IN_ABSTRACT = re.compile(r"abstract\b", re.IGNORECASE)
_RUN_IN_REFERENCES = re.compile(r"references\s+\[?1\b", re.IGNORECASE)
_KEYWORDS = re.compile(r"(?:key\s*words?|keywords)\b", re.IGNORECASE)


def heading_name(text: str) -> str | None:
    """Section a heading line opens, if it is a standard one."""
    for pattern, name in _HEADINGS:
        if pattern.fullmatch(text):
            return name
    return None


class _SectionState:
    """Section of the body text as headings go by (structured abstracts keep 'abstract')."""

    def __init__(self) -> None:
        self.name = "body"
        self._abstract_parts: set[str] = set()
        self._abstract_page = 0

    def heading(self, name: str, text: str, page: int) -> str:
        """Section opened by a standard heading on ``page``; abstract sub-headings stay in the abstract."""
        if self.name == "abstract" and name in _ABSTRACT_PARTS and name not in self._abstract_parts \
                and page == self._abstract_page and "introduction" not in text.lower():
            self._abstract_parts.add(name)
            return self.name
        if name == "abstract":
            self._abstract_page = page
        self.name = name
        return name


# ---------------------------------------------------------------- pages


@dataclass
class _PageText:
    """What pass 1 keeps of a page."""

    number: int
    frame: Frame
    frags: list[Frag]
    rotated: list[str]
    has_images: bool
    spans: list[tuple[float, float, int, int]]  # centre and character indices of each text object
    handles: tuple[pdfium.PdfPage, pdfium.PdfTextPage, PageObjects] | None  # kept open for pages with a table
    boilerplate: set[int] = field(default_factory=set)  # indices into frags

    def close(self) -> None:
        if self.handles is not None:
            page, textpage, _ = self.handles
            textpage.close()
            page.close()
            self.handles = None


@dataclass
class _Float:
    section: str
    text: str
    page: int


@dataclass
class _PageLayout:
    flow: list[tuple[Line, bool]]  # body lines in reading order, and whether each is a heading
    floats: list[_Float]


_JOURNAL = re.compile(
    r"doi\b|https?://|www\.|\u00a9|copyright|\(\d{4}\)\s*\d+[:(]|\b(?:19|20)\d\d\s*;\s*\d+|\bvol\.|"
    r"page \d+ of \d+|downloaded from|all rights reserved|licen[cs]e|creativecommons",
    re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:]['\")\]]?$")


def _read_page(pdf: pdfium.PdfDocument, index: int) -> _PageText:
    page = pdf[index]
    textpage = page.get_textpage()
    objects = PageObjects(page, textpage)
    frame = make_frame(page, objects.dominant_quarter())
    upright, other, spans = objects.runs(frame)
    frags = build_frags(upright, 1.0)
    keep = any(TABLE_CAPTION.match(f.text) for f in frags)
    if not keep:
        textpage.close()
        page.close()
    return _PageText(index + 1, frame, frags, [r.text for r in other], bool(objects.image_boxes), spans,
                     (page, textpage, objects) if keep else None)


def _body_size(pages: list[_PageText]) -> float:
    weights: Counter[float] = Counter()
    for p in pages:
        for f in p.frags:
            weights[round(f.size * 2) / 2] += len(f.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _mark_boilerplate(pages: list[_PageText]) -> None:
    """Running headers/footers: margin text repeated across pages, page numbers, journal lines."""
    def key(f: Frag) -> str:
        return re.sub(r"\d+", "#", f.text.lower()).strip()

    seen: dict[tuple[str, int], set[int]] = {}
    margins: list[list[tuple[int, Frag]]] = []
    for p in pages:
        zone = [(i, f) for i, f in enumerate(p.frags)
                if f.bottom < 0.1 * p.frame.height or f.top > 0.9 * p.frame.height]
        margins.append(zone)
        for _, f in zone:
            seen.setdefault((key(f), round(f.top / 6)), set()).add(p.number)
    for p, zone in zip(pages, margins):
        if not p.frags:
            continue
        top = min(f.top for f in p.frags)
        bottom = max(f.bottom for f in p.frags)
        for i, f in zone:
            k, bucket = key(f), round(f.top / 6)
            repeats = set().union(*(seen.get((k, b), set()) for b in (bucket - 1, bucket, bucket + 1)))
            extreme = f.top <= top + 2 or f.bottom >= bottom - 2
            if len(repeats) >= 2 or _JOURNAL.search(f.text) or (extreme and _PAGE_NUMBER.fullmatch(f.text.strip())):
                p.boilerplate.add(i)


def _tables(p: _PageText, frags: list[Frag], body_size: float, gutter: float | None,
            vocab: frozenset[str]) -> tuple[list[Region], list[_Float]]:
    if p.handles is None:
        return [], []
    page, textpage, objects = p.handles
    regions = find_regions(frags, page_rules(page, p.frame), body_size, gutter)
    floats = []
    for region in regions:
        indices = [i for x, y, first, last in p.spans
                   if region.x0 <= x <= region.x1 and region.top - 2 <= y <= region.bottom + 2
                   for i in range(first, last + 1)]
        header, rows = build_grid(build_frags(objects.char_runs(textpage, p.frame, indices), 0.6), region)
        text = render(
            _joined([f.text for f in region.caption], vocab),
            [clean_text(c) for c in header], [[clean_text(c) for c in row] for row in rows],
            _joined([f.text for f in region.notes], vocab))
        floats.append(_Float("table", text, p.number))
    return regions, floats


def _joined(lines: list[str], vocab: frozenset[str]) -> str:
    return join_lines([t for t in map(clean_text, lines) if t], vocab)[0]


def _blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines set together: same column, ordinary line spacing, same size."""
    blocks: list[list[Line]] = []
    for line in lines:
        if blocks:
            prev = blocks[-1][-1]
            if (prev.col_x0, prev.col_x1) == (line.col_x0, line.col_x1) and \
                    0 < line.base - prev.base <= 1.7 * max(line.size, prev.size) and abs(line.size - prev.size) <= 0.6:
                blocks[-1].append(line)
                continue
        blocks.append([line])
    return blocks


def _layout(p: _PageText, body_size: float, vocab: frozenset[str]) -> _PageLayout:
    """Reading-order body lines of a page and the floats set aside from them."""
    frags = [f for i, f in enumerate(p.frags) if i not in p.boilerplate]
    gutter = find_gutter(frags)
    regions, floats = _tables(p, frags, body_size, gutter, vocab)
    if regions:
        # a table's box stays behind as an empty fragment, so full-width tables still cut bands
        frags = [f for f in frags if not any(r.holds(f) for r in regions)] + [
            Frag(text="", x0=r.x0, x1=r.x1, top=r.top, bottom=r.bottom, base=r.bottom, size=r.caption[0].size) for r in regions]
    blocks = _blocks([line for line in reading_order(frags) if line.text.strip()])
    flow: list[tuple[Line, bool]] = []
    label_lines: list[str] = []
    caption_open = False  # a figure caption that may go on in the next column
    for bi, block in enumerate(blocks):
        first = block[0].text
        small = all(line.size < body_size - 0.6 for line in block)
        if _is_figure_text(block, body_size):
            label_lines.extend(line.text for line in block)
        elif FIGURE_CAPTION.match(first) or (caption_open and first[:1].islower() and small):
            floats.append(_Float("body", _joined([line.text for line in block], vocab), p.number))
            caption_open = not _SENTENCE_END.search(block[-1].text.strip())
        elif small and block[0].top > 0.75 * p.frame.height and not heading_name(first) and not any(
                later[0].size >= body_size - 0.6 and later[0].col_x0 == block[0].col_x0 for later in blocks[bi + 1:]):
            floats.append(_Float("footnote", _joined([line.text for line in block], vocab), p.number))
            caption_open = False
        else:
            flow.extend((line, _is_heading(block, i, body_size)) for i, line in enumerate(block))
            caption_open = False
    hidden = [p.frags[i].text for i in sorted(p.boilerplate)] + label_lines + p.rotated
    if hidden:
        floats.append(_Float("boilerplate", "\n".join(clean_text(t) for t in hidden), p.number))
    return _PageLayout(flow, floats)


_PANEL_LABELS = re.compile(r"(?:\(?[a-hA-H]\)?\s*)+")


def _is_figure_text(block: list[Line], body_size: float) -> bool:
    """Axis ticks, legends and panel labels: short lines, small or mostly numeric."""
    texts = [line.text for line in block]
    if all(_PANEL_LABELS.fullmatch(t.strip()) for t in texts):
        return True
    short = sum(len(t) < 40 for t in texts)
    numeric = sum(len(t) < 14 and sum(c.isdigit() for c in t) * 2 >= len(t.replace(" ", "")) for t in texts)
    small = all(line.size < body_size - 0.6 for line in block)
    return (small and short == len(texts)) or (len(texts) >= 2 and numeric * 5 >= len(texts) * 3)


def _styled(line: Line, body_size: float) -> bool:
    text = line.text.strip()
    return all(f.bold for f in line.frags) or line.size > body_size + 0.8 or \
        (text.isupper() and sum(c.isalpha() for c in text) >= 4)


def _is_heading(block: list[Line], i: int, body_size: float) -> bool:
    """A block's own line, or the first line of a block styled apart from the rest."""
    line = block[i]
    text = line.text.strip()
    if len(text) > 80 or len(text.split()) > 10:
        return False
    if heading_name(text):
        return True
    if len(block) > 1 and (i > 0 or _styled(block[1], body_size) == _styled(line, body_size)):
        return False
    if text[-1:] in ".,;" or not (text[:1].isupper() or text[:1].isdigit()):
        return False
    return _styled(line, body_size)


# ---------------------------------------------------------------- front matter and references

_INSTITUTION = re.compile(
    r"\b(?:University|Universit[a-z\u00e0-\u00ff]+|Hospital|Institute|Department|College|Cent(?:er|re)|School|"
    r"Laborator(?:y|ies)|Clinic|Academy|Faculty)\b")
#: An affiliation is mostly capitalised names and places: at most this share of lower-case words.
AFFILIATION_LOWER_SHARE = 0.25
#: ... and no longer than this (characters; a page-1 paragraph of prose is longer).
AFFILIATION_MAX = 600
#: One reference-list entry: a list marker or "Surname AB," then a citation (DOI, PMID, a
#: "2019;380:" or "(2019) 380:" volume reference).
_REFERENCE_ENTRY = re.compile(
    r"(?:\[\d{1,3}\]|\d{1,3}\.?\s|[A-Z][A-Za-z'\u2019\-]+\s[A-Z]{1,3}[,.])\s*[A-Z].{0,3000}?"
    r"(?:\bdoi\b|\bPMID\b|\bPMC\d|\(\d{4}\)\s*\d+\s*[:(]|\b(?:19|20)\d\d\s*;\s*\d+)", re.IGNORECASE | re.S)
#: Entries in a row that make a reference list (one alone may be a sentence citing a paper).
MIN_REFERENCE_RUN = 2


def _is_affiliation(text: str) -> bool:
    """A page-1 line naming an institution and little else: "Department of Oncology, X Hospital, City"."""
    words = text.split()
    lower = sum(w[:1].islower() for w in words)
    return len(text) <= AFFILIATION_MAX and bool(_INSTITUTION.search(text)) \
        and lower <= AFFILIATION_LOWER_SHARE * len(words)


def _hidden_spans(text: str, pieces: list[tuple[int, int, str, int]]) -> list[Section]:
    """Front matter, journal furniture and reference lists among the emitted paragraphs, as hidden sections.

    The text and HTML readers' boilerplate rules (bylines, affiliations, keywords, correspondence,
    licences, ...), run over the whole text as there, hide a paragraph they cover whole; page-1
    affiliations without their (superscript, dropped) numbers are found by :func:`_is_affiliation`;
    runs of reference entries are a reference list even without a "References" heading.
    """
    out: list[Section] = []
    run: list[tuple[int, int]] = []
    spans = [(a, b) for a, b, _ in boilerplate.scan(text)[0]]
    first = 0  # spans before this one end before the current piece

    def flush() -> None:
        if len(run) >= MIN_REFERENCE_RUN:
            out.append(Section(name="references", start=run[0][0], end=run[-1][1]))
        run.clear()

    for start, end, section, page in pieces:
        if section in ("table", "references", "boilerplate"):
            flush()
            continue
        piece = text[start:end]
        if _REFERENCE_ENTRY.match(piece):
            run.append((start, end))
            continue
        flush()
        while first < len(spans) and spans[first][1] <= start:
            first += 1
        covered, k = 0, first
        while k < len(spans) and spans[k][0] < end:
            covered += min(spans[k][1], end) - max(spans[k][0], start)
            k += 1
        if (covered and covered >= len(piece.strip())) or (page == 1 and "\n" not in piece and _is_affiliation(piece)):
            out.append(Section(name="boilerplate", start=start, end=end))
    flush()
    return out


# ---------------------------------------------------------------- document


class _Writer:
    """Accumulates text with its sections and page spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.sections: list[Section] = []
        self.page_marks: list[tuple[int, int]] = []  # (offset, page) where a page's text starts
        self.pieces: list[tuple[int, int, str, int]] = []  # (start, end, section, page) of each emitted text

    def emit(self, text: str, section: str, marks: list[tuple[int, int]]) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        self.pieces.append((start, self.length, section, marks[0][1] if marks else 0))
        last = self.sections[-1] if self.sections else None
        if last is not None and last.name == section:
            self.sections[-1] = Section(name=section, start=last.start, end=self.length)
        else:
            self.sections.append(Section(name=section, start=start, end=self.length))
        for offset, page in marks:
            if not self.page_marks or self.page_marks[-1][1] != page:
                self.page_marks.append((start + offset if self.page_marks else 0, page))

    def pages(self) -> tuple[Page, ...]:
        ends = [start for start, _ in self.page_marks[1:]] + [self.length]
        return tuple(Page(number=page, start=start, end=end) for (start, page), end in zip(self.page_marks, ends))


def _assemble(layouts: list[_PageLayout], pages: list[_PageText], body_size: float,
              vocab: frozenset[str]) -> _Writer:
    writer = _Writer()
    state = _SectionState()
    pending: list[_Float] = []
    para: list[tuple[str, int, Line]] = []
    title_open = True  # large lines on page 1 before anything else are the title

    def close() -> None:
        nonlocal title_open
        if para:
            text, starts = join_lines([t for t, _, _ in para], vocab)
            name = state.name
            if title_open and para[0][1] == 1 and para[0][2].size >= 1.25 * body_size:
                name = "title"
            else:
                title_open = title_open and not any(s.name == "title" for s in writer.sections)
                if name == "abstract" and _KEYWORDS.match(text):
                    name = state.name = "body"
                elif name == "body" and para[0][1] == 1 and _RUN_IN_ABSTRACT.match(text):
                    name = state.heading("abstract", "abstract", 1)
                elif name != "references" and _RUN_IN_REFERENCES.match(text):
                    name = state.heading("references", "references", para[0][1])
            writer.emit(text, name, [(s, page) for s, (_, page, _) in zip(starts, para)])
            para.clear()
        for f in pending:
            section = f.section if f.section != "footnote" else "references" if state.name == "references" else "body"
            writer.emit(f.text, section, [(0, f.page)])
        pending.clear()

    prev: _Row | None = None
    before: _Row | None = None  # the line before ``prev``
    flows = [[(_row(line, text), line, is_heading)
              for line, is_heading in layout.flow if (text := clean_text(line.text))] for layout in layouts]
    gaps = [_gaps([row for row, _, _ in flow], body_size) for flow in flows]
    fallback = sum(gaps, Counter()).most_common(1)
    for layout, page, flow, page_gaps in zip(layouts, pages, flows, gaps):
        mode = page_gaps.most_common(1) or fallback
        leading = mode[0][0] if mode else _DEFAULT_LEADING * body_size
        for k, (row, line, is_heading) in enumerate(flow):
            text = row.text
            if is_heading:
                close()
                name = heading_name(text)
                if title_open and name is None and page.number == 1 and line.size >= 1.25 * body_size:
                    section = "title"
                else:
                    title_open = title_open and name is None
                    section = state.heading(name, text, page.number) if name else state.name
                writer.emit(text, section if name != "references" else "body", [(0, page.number)])
                prev = before = None
                continue
            nxt = flow[k + 1][0] if k + 1 < len(flow) and not flow[k + 1][2] else None
            if prev is not None and _breaks(_Context(before=before, prev=prev, line=row, next=nxt, leading=leading / body_size)):
                close()
            para.append((text, page.number, line))
            before, prev = prev, row
        pending.extend(layout.floats)
    close()
    return writer


#: Baseline distance / font size assumed when a page has no two body lines in a row.
_DEFAULT_LEADING = 1.2
#: Baseline distances above this many font sizes are gaps between blocks, not line spacing.
MAX_LEADING = 3.0
#: A gap between baselines this many times the body leading (scaled to the lines' size) is a
#: paragraph space; ordinary lines sit at 1.0, tight and loose settings alike.
PARAGRAPH_GAP = 1.3
#: A line that starts this many font sizes right of its column neighbours is a first-line indent.
INDENT_MIN = 0.8
#: ... and at most this many: further right it is centred or set apart, not indented.
INDENT_MAX = 6.0
#: Right-edge slack (font sizes) always left by a line that ended before its column's edge.
SHORT_MIN = 1.5
#: Slack (font sizes) after a sentence's end that always ends a paragraph.
SENTENCE_END_SLACK = 3.0
#: Margin on the estimated width of the next line's first word: the previous line ended early only
#: when that word would clearly have fitted (the estimate uses the line's mean character width).
FIT_MARGIN = 1.25
#: Sizes within this many points are one font size.
SIZE_TOLERANCE = 0.8
#: A line end that cannot end a sentence: a comma, an open bracket, an operator, a dash, a word
#: that needs what follows ("and", "of", "vs.", "et al.").
_OPEN_END = re.compile(
    r"(?:[,;(\[=<>\u2264\u2265\u00b1+/\u2013-]|\b(?:and|or|of|with|without|the|a|an|in|to|for|by|from|"
    r"at|on|than|versus|vs\.?|v\.|et al\.|e\.g\.|i\.e\.|approx\.|ca\.|no\.|Fig\.|Figs\.|Ref\.|ref\.))$")
#: Characters at a line's end that :data:`_OPEN_END` needs to see ("approx.", "et al.").
_END_CHARS = 12
#: A line start that goes on with the sentence before it: a lower-case word, an open bracket, a unit.
_GOES_ON = re.compile(r"[a-z(\[%\u2013]")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    """What the paragraph rules look at in a body line, computed once (a Line derives it on every call)."""

    text: str  # cleaned
    size: float
    bold: bool
    x0: float
    x1: float
    base: float
    col_x0: float
    col_x1: float


def _row(line: Line, text: str) -> _Row:
    return _Row(text=text, size=line.size, bold=all(f.bold for f in line.frags), x0=line.x0, x1=line.x1, base=line.base, col_x0=line.col_x0,
                col_x1=line.col_x1)


@dataclass(frozen=True, kw_only=True)
class _Context:
    """A line break seen from both sides: the two lines before it, the line after, the page's leading."""

    before: _Row | None
    prev: _Row
    line: _Row
    next: _Row | None
    leading: float  # the page's body leading per point of body size


def _gaps(rows: list[_Row], body_size: float) -> Counter[float]:
    """Baseline distances of consecutive body-size lines in one column (their mode is the leading)."""
    gaps: Counter[float] = Counter()
    for a, b in zip(rows, rows[1:]):
        if _same_column(a, b) and abs(a.size - body_size) <= SIZE_TOLERANCE >= abs(b.size - body_size):
            gap = b.base - a.base
            if gap < MAX_LEADING * body_size:
                gaps[round(gap * 2) / 2] += 1
    return gaps


def _same_column(a: _Row, b: _Row) -> bool:
    return a.col_x0 == b.col_x0 and a.col_x1 == b.col_x1 and b.base > a.base


def _breaks(c: _Context) -> bool:
    """Whether ``c.line`` starts a new paragraph after ``c.prev``.

    A change of font size always breaks (body text keeps its size; notes and
    captions set beside it do not). Otherwise a break inside a sentence never
    becomes a paragraph break: when the previous line cannot end a sentence or the
    line goes on with a lower-case word or a bracket, they join whatever the layout
    says. Otherwise a change to or from bold, a paragraph space (relative to the
    page's own leading), a first-line indent (relative to the neighbouring lines of
    the column) or a previous line that ended early (the next word would have
    fitted) starts a paragraph.
    """
    if abs(c.prev.size - c.line.size) > SIZE_TOLERANCE:
        return True  # body text never changes size inside a sentence; notes and captions do
    if _OPEN_END.search(c.prev.text[-_END_CHARS:]) or _GOES_ON.match(c.line.text):
        return False
    if c.prev.bold != c.line.bold:
        return True
    size = max(c.prev.size, c.line.size)
    if _same_column(c.prev, c.line) and c.line.base - c.prev.base > PARAGRAPH_GAP * c.leading * size:
        return True
    return _indented(c) or _ended_early(c)


def _neighbours(c: _Context) -> list[_Row]:
    """The lines around the break that are in the previous line's column, top to bottom."""
    out = [c.prev]
    if c.before is not None and _same_column(c.before, c.prev):
        out.insert(0, c.before)
    if _same_column(c.prev, c.line):
        out.append(c.line)
        if c.next is not None and _same_column(c.line, c.next):
            out.append(c.next)
    return out


def _indented(c: _Context) -> bool:
    """The line starts right of the lines around it in its column and runs on like a paragraph's first line."""
    line = c.line
    around = [other for other in (c.prev, c.next) if other is not None and
              (_same_column(other, line) if other is c.prev else _same_column(line, other))]
    if not around:
        return False
    left = max(other.x0 for other in around)  # right of both: not the hanging lines of a list entry
    right = max(other.x1 for other in [*around, line])
    return INDENT_MIN * line.size < line.x0 - left < INDENT_MAX * line.size and \
        line.x1 - left > 0.5 * (right - left)


def _ended_early(c: _Context) -> bool:
    """The previous line stopped short of its column's right edge although the next word would have fitted."""
    prev = c.prev
    around = _neighbours(c)
    # alone in view (a column's last line after a one-line paragraph), it is measured against its column
    right = max(other.x1 for other in around) if len(around) > 1 else prev.col_x1
    slack = right - prev.x1
    word = c.line.text.split(" ", 1)[0]
    char = (c.line.x1 - c.line.x0) / max(len(c.line.text), 1)
    if _SENTENCE_END.search(prev.text):
        # a paragraph break here costs nothing if wrong: the sentence ends anyway
        return slack > min(SENTENCE_END_SLACK * prev.size, char * (len(word) + 1))
    return slack > max(SHORT_MIN * prev.size, FIT_MARGIN * char * (len(word) + 1))


#: A page tree dictionary: one with /Count 0 makes PDFium refuse the file without saying why.
_PAGE_TREE = re.compile(rb"<<(?:(?!>>).)*?/Type\s*/Pages\b(?:(?!>>).)*?>>", re.S)


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF: no %PDF- header", "not_pdf")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("encrypted PDF: needs a password", "encrypted") from None
        if exc.err_code == pdfium_c.FPDF_ERR_SUCCESS or any(
                re.search(rb"/Count\s*0(?!\d)", m.group()) for m in _PAGE_TREE.finditer(data)):
            raise ReadError("PDF has no pages (empty page tree)", "empty") from None
        if exc.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("encrypted PDF: unsupported security handler", "encrypted") from None
        raise ReadError(f"corrupt or truncated PDF: {exc}", "corrupt") from None


def read_pdf(path: Path, data: bytes, doc_id: str, limits: ReadLimits) -> Document:
    """Read a PDF's text layer; raise :class:`ReadError` when it has none or cannot be opened."""
    deadline = time.monotonic() + limits.pdf_seconds
    pdf = _open(data)
    warnings: list[str] = []
    pages: list[_PageText] = []
    try:
        total = len(pdf)
        if total == 0:
            raise ReadError("PDF has no pages", "empty")
        todo = min(total, limits.max_pages)
        if todo < total:
            warnings.append(f"read the first {todo} of {total} pages (max_pages)")
        text_deadline = time.monotonic() + 0.6 * limits.pdf_seconds  # the rest is for layout
        for i in range(todo):
            if time.monotonic() > text_deadline:
                warnings.append(f"stopped after {i} of {total} pages: {limits.pdf_seconds:g} s limit")
                break
            pages.append(_read_page(pdf, i))
        if not pages:
            raise ReadError(f"time limit of {limits.pdf_seconds:g} s reached before the first page", "timeout")
        chars = sum(len(f.text) for p in pages for f in p.frags)
        if chars == 0 and not any(p.has_images for p in pages):
            raise ReadError(f"no text on any of the {len(pages)} pages read (blank pages)", "empty")
        if chars == 0 or (chars < 200 and any(p.has_images for p in pages)):
            raise ReadError("no text layer (scanned or image-only PDF): needs OCR", "needs_ocr")
        body_size = _body_size(pages)
        vocab = vocabulary([clean_text(f.text) for p in pages for f in p.frags])
        _mark_boilerplate(pages)
        layouts = []
        for p in pages:
            if layouts and time.monotonic() > deadline:
                warnings.append(f"laid out {len(layouts)} of {len(pages)} pages: {limits.pdf_seconds:g} s limit")
                break
            if p.has_images and not p.frags:
                warnings.append(f"page {p.number} has no text layer (image only)")
            layouts.append(_layout(p, body_size, vocab))
            p.close()
    finally:
        for p in pages:
            p.close()
        pdf.close()
    writer = _assemble(layouts, pages[: len(layouts)], body_size, vocab)
    text = "".join(writer.parts)
    hidden = _hidden_spans(text, writer.pieces)
    sections = sorted({*writer.sections, *hidden}, key=lambda s: (s.start, -s.end, s.name))
    return Document(
        doc_id=doc_id, text=text, sections=tuple(sections), pages=writer.pages(),
        source=str(path), format="pdf", warnings=tuple(warnings),
    )


# ---------------------------------------------------------------- CLI


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("read-pdf", help="print the text a PDF reads as, with its sections")
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--sections", action="store_true", help="label each section with its name")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        data = args.pdf.read_bytes()
        doc = read_pdf(args.pdf, data, args.pdf.stem, ReadLimits())
    except OSError as exc:
        print(f"error: cannot read {args.pdf}: {exc.strerror}", file=sys.stderr)
        return 1
    except ReadError as exc:
        print(f"error: {args.pdf}: {exc.reason}", file=sys.stderr)
        return 1
    if not args.sections:
        print(doc.text)
        return 0
    for s in doc.sections:
        print(f"=== {s.name} [{s.start}:{s.end}] page {doc.page_at(s.start)}")
        print(doc.text[s.start:s.end])
    for w in doc.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0

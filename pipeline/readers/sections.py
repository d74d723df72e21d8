"""Section layout shared by the readers.

A layout has two layers:

* top-level *regions* that partition the text, each named by the heading that
  opens it (``abstract``, ``methods``, ..., ``body`` when no heading names it);
* nested spans: the labelled parts of a structured abstract (``methods``,
  ``results``, ``conclusion`` inside ``abstract``), ``title``, ``table``,
  ``references`` and ``boilerplate``.

:meth:`pipeline.types.Document.section_at` names an offset by its innermost
section, and :meth:`~pipeline.types.Document.content_spans` drops every hidden
span whatever it is nested in.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Iterable, Iterator, Sequence

import regex

from pipeline.readers import boilerplate
from pipeline.types import Section

#: Standalone headings by section name (case-insensitive, whole heading text
#: after numbering and a trailing colon are stripped). Order matters: first wins.
HEADINGS: tuple[tuple[str, str], ...] = (
    ("abstract", r"abstract|summary|graphical abstract"),
    ("introduction", r"introduction|background"),
    ("methods", r"(?:materials?|patients|subjects) and methods|methods?|methodology|study design"
                r"|statistical analys[ie]s|experimental procedures"),
    ("results", r"results(?: and discussion)?"),
    ("discussion", r"discussion(?: and [^\r\n]{1,60})?"),
    ("conclusion", r"conclusions?|concluding remarks|summary and conclusions?"),
    ("references", r"(?:article )?references?|bibliography|literature cited|works cited|reference list"
                   r"|the reference list\b[^\r\n]*"),
    ("boilerplate", r"acknowledge?ments?|funding(?: statement| information| sources)?|conflicts? of interests?"
                    r"|competing interests?|declaration of (?:competing )?interests?|author contributions?"
                    r"|publisher['’]?s note|data availability(?: statement)?|ethics statement"
                    r"|ethics approval and consent to participate|consent for publication"
                    r"|supplementary (?:material|data|information)|abbreviations|footnotes|peer reviews|videos"
                    r"|taxonomy|related articles|tags|comments|article metrics|metrics"),
)
_HEADING_RES = tuple((name, regex.compile(pat, regex.IGNORECASE)) for name, pat in HEADINGS)
_NUMBERING = r"(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?[ \t]+)"
_HEAD_TRIM = regex.compile(r"^[ \t]*" + _NUMBERING + r"?(?:【[ \t]*)?|(?:[ \t]*】)?[ \t]*[:：.]?[ \t]*$")

#: Regions opened by a boilerplate heading in plain text end after this many
#: non-empty lines: plain text has no markup to say where they stop, and body
#: text must never be hidden.
BOILERPLATE_REGION_LINES = 5

#: Labels of a structured abstract -> the part they open (``abstract`` = no part).
ABSTRACT_LABELS: dict[str, str] = {
    "Background": "abstract", "Purpose": "abstract", "Objective": "abstract", "Objectives": "abstract",
    "Aim": "abstract", "Aims": "abstract", "Introduction": "abstract", "Context": "abstract",
    "Rationale": "abstract",
    "Materials and methods": "methods", "Patients and methods": "methods", "Methods": "methods",
    "Method": "methods", "Study design": "methods", "Design": "methods", "Methodology": "methods",
    "Results": "results", "Result": "results", "Findings": "results",
    "Conclusions": "conclusion", "Conclusion": "conclusion", "Interpretation": "conclusion",
    "Discussion": "discussion",
}
_LABEL_ALT = "|".join(sorted((regex.escape(label) for label in ABSTRACT_LABELS), key=len, reverse=True))
_PART_BY_LABEL = {label.lower(): part for label, part in ABSTRACT_LABELS.items()}
_SP = r"[ \t\u00a0]"
_ABSTRACT_LABEL = regex.compile(
    rf"(?:(?<=[.!?)\]】:=;]{_SP}{{0,3}})|(?<=\b(?:Abstract|ABSTRACT){_SP}{{1,5}})|(?<=^[ \t]*)|\G)"
    rf"(?P<label>(?i:{_LABEL_ALT}))(?:{_SP}*[:：]{_SP}*|{_SP}+(?=\p{{Lu}}|\d)|(?=\p{{Lu}}\p{{Ll}}))",
    regex.MULTILINE,
)

#: A line that is a known heading (prefilter; :func:`classify_heading` decides).
_KNOWN_HEADING_LINE = regex.compile(
    r"^[ \t]*" + _NUMBERING + r"?(?P<head>(?:【[ \t]*)?(?:" + "|".join(p for _, p in HEADINGS)
    + r")(?:[ \t]*】)?)[ \t]*[:：.]?[ \t]*(?=\r?$)",
    regex.MULTILINE | regex.IGNORECASE,
)
#: A heading line followed by a line holding only its section number ("Biomarkers\n5").
_NUMBERED_HEADING = regex.compile(
    r"^(?P<head>[^\r\n]{1,120})\r?\n[ \t]*(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})[ \t]*(?=\r?$)", regex.MULTILINE
)
#: An abstract opened inline: "Abstract  Purpose ...", "【Abstract】 Background: ...".
_INLINE_ABSTRACT = regex.compile(
    rf"^[ \t]*(?:【[ \t]*(?i:abstract|summary)[ \t]*】|(?:Abstract|ABSTRACT)(?={_SP}*[:.]?{_SP}*(?:\p{{Lu}}|【)))",
    regex.MULTILINE,
)
_EXPORT_ABSTRACT = regex.compile(r"\bABSTRACT=")
#: Flattened table rows: "| a | b |" (a short label may stand before the first bar).
_TABLE_LINE = regex.compile(r"^[^|\r\n]{0,40}\|(?:[^|\r\n]*\|){2,}[^\r\n]*(?=\r?$)", regex.MULTILINE)
#: One entry of a reference list: a list marker, then a citation with a DOI,
#: PMID or a "(2021) 21:1623" / "2021;21:" volume reference.
_REFERENCE_ENTRY = regex.compile(
    r"^[ \t]*(?:[-•*▪][ \t]*\[?\d{0,3}\]?\.?|\[\d{1,3}\]|\d{1,3}\.)[ \t]*\p{Lu}[^\r\n]{0,3000}?"
    r"(?:\bdoi\b|\bPMID\b|\bPMC\d|\(\d{4}\)[ \t]*\d+[:(]|\b\d{4};[ \t]?\d+)[^\r\n]*(?=\r?$)",
    regex.MULTILINE | regex.IGNORECASE,
)
_TITLE_MAX = 300
_WHITESPACE = regex.compile(r"\s+")


def classify_heading(heading: str) -> str | None:
    """Section name for a heading text ("2. Materials and Methods:" -> ``methods``), or None."""
    norm = _WHITESPACE.sub(" ", _HEAD_TRIM.sub("", heading))
    for name, pattern in _HEADING_RES:
        if pattern.fullmatch(norm):
            return name
    return None


def abstract_parts(text: str, start: int, end: int) -> list[Section]:
    """Labelled parts of a structured abstract in ``text[start:end]``.

    Labels may be glued to their text ("ResultsImmunotherapy ...") or followed by
    a colon; at least two labels must be found, so one sentence that happens to
    start with "Results" does not make a structure.
    """
    found = [(m.start(), _PART_BY_LABEL[m["label"].lower()]) for m in _ABSTRACT_LABEL.finditer(text, start, end)]
    if len(found) < 2:
        return []
    bounds = [pos for pos, _ in found[1:]] + [end]
    return [Section(name=name, start=pos, end=stop) for (pos, name), stop in zip(found, bounds) if name != "abstract"]


@dataclass(frozen=True, kw_only=True)
class Region:
    """A top-level region start: ``name`` holds from ``start`` to the next region."""

    start: int
    name: str
    #: True when ``start`` is a heading-only line whose text is not content.
    heading_line: bool = False


def layout(text: str, regions: Sequence[Region], spans: Iterable[Section] = ()) -> tuple[Section, ...]:
    """Sections of a rendered document (HTML, XML) from its heading regions and explicit spans.

    Adds what every format shares: boilerplate lines, reference-list runs, the
    parts of structured abstracts.
    """
    hidden, titles = boilerplate.scan(text)
    return _assemble(text, list(regions), list(spans), hidden, titles)


def text_sections(text: str) -> tuple[Section, ...]:
    """Sections of a plain-text document, found from its lines alone."""
    hidden, titles = boilerplate.scan(text)
    hidden_index = _SpanIndex([(s, e) for s, e, _ in hidden])
    tables = _runs(text, (m.span() for m in _TABLE_LINE.finditer(text)))
    table_index = _SpanIndex(tables)
    regions = _text_regions(text, hidden_index)
    regions = _close_open_regions(text, regions, hidden_index, table_index)
    spans = [Section(name="table", start=s, end=e) for s, e in tables]
    if not titles:
        spans.extend(_first_line_title(text, regions, hidden_index))
    return _assemble(text, regions, spans, hidden, titles)


def _text_regions(text: str, hidden: _SpanIndex) -> list[Region]:
    regions: dict[int, Region] = {}
    for m in _KNOWN_HEADING_LINE.finditer(text):
        name = classify_heading(m["head"])
        if name:
            regions[m.start()] = Region(start=m.start(), name=name, heading_line=True)
    numbered: dict[str, str] = {}
    for m in _NUMBERED_HEADING.finditer(text):
        head = m["head"].strip()
        if not head or head.endswith(".") or hidden.covers(*_stripped(text, m.start(), m.end("head"))):
            continue
        parent = m["num"].rpartition(".")[0]
        name = classify_heading(head) or numbered.get(parent, "body")
        numbered[m["num"]] = name
        regions[m.start()] = Region(start=m.start(), name=name, heading_line=True)
    for m in _INLINE_ABSTRACT.finditer(text):
        regions.setdefault(m.start(), Region(start=m.start(), name="abstract"))
    for m in _EXPORT_ABSTRACT.finditer(text):
        regions.setdefault(m.end(), Region(start=m.end(), name="abstract"))
    return sorted(regions.values(), key=lambda r: r.start)


def _close_open_regions(
    text: str, regions: list[Region], hidden: _SpanIndex, tables: _SpanIndex
) -> list[Region]:
    """End abstracts at their paragraph and boilerplate regions after a few lines.

    Plain text gives no end tag: an abstract ends at the first blank, hidden or
    table line after its content; a region opened by a boilerplate heading ends
    after :data:`BOILERPLATE_REGION_LINES` lines. The text after either is ``body``.
    """
    out: list[Region] = []
    for i, region in enumerate(regions):
        out.append(region)
        if region.name not in ("abstract", "boilerplate"):
            continue
        stop = regions[i + 1].start if i + 1 < len(regions) else len(text)
        content_lines = 0
        lines = _lines(text, region.start, stop)
        if region.heading_line:
            next(lines, None)
        for start, end in lines:
            a, b = _stripped(text, start, end)
            if region.name == "abstract":
                blank_or_aside = a == b or hidden.covers(a, b) or tables.covers(a, b)
                if blank_or_aside and content_lines and start > region.start:
                    out.append(Region(start=start, name="body"))
                    break
                content_lines += a < b
            elif a < b:
                content_lines += 1
                if content_lines > BOILERPLATE_REGION_LINES:
                    out.append(Region(start=start, name="body"))
                    break
    return out


#: Last words of a line that is cut inside a phrase.
_OPEN_END = regex.compile(r"\b(?:with|and|or|of|the|a|an|in|for|to|by|on|at|from|as|than|versus|vs)$", regex.I)


def _first_line_title(text: str, regions: Sequence[Region], hidden: _SpanIndex) -> list[Section]:
    """The first visible line before any region, when it is short and not a sentence."""
    stop = regions[0].start if regions else len(text)
    lines = iter(_lines(text, 0, stop))
    for start, end in lines:
        a, b = _stripped(text, start, end)
        if a == b or hidden.covers(a, b):
            continue
        line = text[a:b]
        following = next(lines, None)
        # wrapped prose, not a title: the next line goes on in lower case or with a bracket ("... treated with" /
        # "anthracyclines", "... 10 mg/m(2) per minute" / "(FDR-gemcitabine) has"), or the line ends in a word
        # no title ends in ("... in combination with" / "XELOX")
        head = text[slice(*_stripped(text, *following))][:1] if following is not None else ""
        wrapped = bool(head) and (head.islower() or head in "([,;%") or bool(_OPEN_END.search(line))
        if b - a <= _TITLE_MAX and not line.endswith((".", ":", ";", "]")) and not wrapped:
            return [Section(name="title", start=a, end=b)]
        return []
    return []


def _assemble(
    text: str,
    regions: list[Region],
    spans: list[Section],
    hidden: list[tuple[int, int, str]],
    titles: list[tuple[int, int]],
) -> tuple[Section, ...]:
    sections: list[Section] = []
    regions = sorted(regions, key=lambda r: r.start)
    starts = [0] + [r.start for r in regions]
    names = ["body"] + [r.name for r in regions]
    bounds = starts[1:] + [len(text)]
    for start, name, stop in zip(starts, names, bounds):
        if stop <= start:
            continue
        if sections and sections[-1].name == name and sections[-1].end == start:
            sections[-1] = Section(name=name, start=sections[-1].start, end=stop)
        else:
            sections.append(Section(name=name, start=start, end=stop))
    parts = [p for s in sections if s.name == "abstract" for p in abstract_parts(text, s.start, s.end)]
    refs = _runs(text, (m.span() for m in _REFERENCE_ENTRY.finditer(text)), min_count=2)
    nested = (
        parts
        + spans
        + [Section(name="title", start=s, end=e) for s, e in titles]
        + [Section(name="references", start=s, end=e) for s, e in refs]
        + [Section(name="boilerplate", start=s, end=e) for s, e in _runs(text, ((s, e) for s, e, _ in hidden))]
    )
    region_starts = [s.start for s in sections]

    def redundant(span: Section) -> bool:
        region = sections[bisect_right(region_starts, span.start) - 1]
        return region.name == span.name and span.end <= region.end

    out = set(sections) | {s for s in nested if s.end > s.start and not redundant(s)}
    return tuple(sorted(out, key=lambda s: (s.start, -s.end, s.name)))


def _runs(text: str, spans: Iterable[tuple[int, int]], min_count: int = 1) -> list[tuple[int, int]]:
    """Merge spans in text order that only whitespace separates; keep runs of ``min_count``+ spans."""
    runs: list[tuple[int, int, int]] = []
    for start, end in spans:
        if runs and not text[runs[-1][1]:start].strip():
            s, _, n = runs[-1]
            runs[-1] = (s, max(end, runs[-1][1]), n + 1)
        else:
            runs.append((start, end, 1))
    return [(s, e) for s, e, n in runs if n >= min_count]


def _lines(text: str, start: int, stop: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each line in ``text[start:stop]``, without its line break."""
    pos = start
    while pos < stop:
        nl = text.find("\n", pos, stop)
        end = stop if nl < 0 else nl
        yield pos, end - 1 if end > pos and text[end - 1] == "\r" else end
        pos = end + 1


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without surrounding whitespace (empty span at ``start`` when blank)."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    if lead == len(chunk):
        return start, start
    return start + lead, end - (len(chunk) - len(chunk.rstrip()))


class _SpanIndex:
    """Sorted, merged spans answering "is ``[a, b)`` inside one of them?"."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self._starts = [s for s, _ in merged]
        self._spans = merged

    def covers(self, a: int, b: int) -> bool:
        i = bisect_right(self._starts, a) - 1
        return a < b and i >= 0 and self._spans[i][1] >= b



class TextBuilder:
    """Text rendered from markup, line by line, with the regions and spans that describe it.

    Inline text has its whitespace collapsed; :meth:`newline` ends a block. The
    markup readers record offsets as they write, so sections index the
    rendered text exactly.
    """

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._len = 0
        self._last = "\n"
        self._space = False
        self.regions: list[Region] = []
        self.spans: list[Section] = []

    @property
    def pos(self) -> int:
        """Offset of the next character written."""
        return self._len

    def write(self, text: str) -> None:
        """Append inline text (whitespace collapsed; no space at a line start)."""
        text = _WHITESPACE.sub(" ", text)
        if not text:
            return
        lead, trail = text.startswith(" "), text.endswith(" ")
        text = text.strip(" ")
        if not text:
            self._space = True
            return
        if (self._space or lead) and self._last != "\n":
            self._emit(" ")
        self._emit(text)
        self._space = trail

    def line(self, text: str) -> None:
        """Write ``text`` as a line of its own."""
        self.newline()
        self.write(text)
        self.newline()

    def newline(self) -> None:
        """End the current line, if it has text."""
        if self._last != "\n":
            self._emit("\n")
        self._space = False

    def region(self, name: str) -> None:
        """Open a top-level region at the start of the next line."""
        self.newline()
        self.regions.append(Region(start=self._len, name=name))

    def span(self, name: str, start: int) -> None:
        """Mark ``[start, here)`` (without a trailing line break) as a nested section."""
        end = self._len - (self._last == "\n" and self._len > start)
        if end > start:
            self.spans.append(Section(name=name, start=start, end=end))

    def build(self, max_chars: int) -> tuple[str, tuple[Section, ...], tuple[str, ...]]:
        """The rendered text, its sections (boilerplate, abstract parts, ... added) and warnings.

        Text beyond ``max_chars`` is cut, with a warning, like a text file's.
        """
        text = "".join(self._chunks)
        warnings: tuple[str, ...] = ()
        regions, spans = self.regions, self.spans
        if len(text) > max_chars:
            text = text[:max_chars]
            warnings = (f"rendered text cut at {max_chars} characters (limit); the rest was not read",)
            regions = [r for r in regions if r.start < max_chars]
            spans = [Section(name=s.name, start=s.start, end=min(s.end, max_chars)) for s in spans if s.start < max_chars]
        return text, layout(text, regions, spans), warnings

    def _emit(self, text: str) -> None:
        self._chunks.append(text)
        self._len += len(text)
        self._last = text[-1]

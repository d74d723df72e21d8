"""HTML reader: the page rendered to text (stdlib ``html.parser``), sections from its markup.

Dropped: script/style and other non-text elements, ``nav``/``aside``, page-level
``header``/``footer`` (those inside ``article``/``main``/``section`` belong to
the article and are kept), elements that are hidden or carry a navigation or
banner ARIA role or a cookie/consent class or id. Block elements end lines;
tables become ``| a | b |`` grids in a ``table`` section (:mod:`pipeline.readers.tables`); ``<h1>``-``<h6>`` open
regions named by their heading text (a sub-heading the names do not know
inherits the name of the heading above it); the first ``<h1>`` that names no
section is the title; reference lists (``class``/``id`` containing ``ref-list``,
``references``, ``bibliography``) become ``references``. Offsets index the
rendered text.
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import regex

from pipeline.readers.limits import ReadLimits
from pipeline.readers.sections import Region, TextBuilder, classify_heading
from pipeline.readers.tables import Cell, header_row_count, span_attr, table_lines
from pipeline.readers.text import decode
from pipeline.types import Document, ReadError, Section

_DROP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "nav", "aside", "iframe", "object", "button",
    "select", "form", "canvas", "video", "audio", "map",
})
_PAGE_CHROME = frozenset({"header", "footer"})
_ARTICLE = frozenset({"article", "main", "section"})
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
_DROP_CLASS = regex.compile(r"cookie|consent|gdpr", regex.IGNORECASE)
_REFERENCES_CLASS = regex.compile(r"ref-?list|references|bibliography", regex.IGNORECASE)
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
})
_BLOCK = frozenset({
    "address", "article", "blockquote", "body", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "header", "li", "main", "ol", "p", "pre", "section", "ul",
})
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
#: Elements that an opening tag of the same kind closes implicitly.
_SIBLING_CLOSED = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})
_META_CHARSET = regex.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*(?P<name>[A-Za-z0-9_.:-]{1,40})",
                              regex.IGNORECASE)
TRUNCATED_WARNING = "HTML ends before its closing tags (truncated file?); read what was there"


@dataclass
class _Open:
    """An open element and what its end tag must finish."""

    tag: str
    drop: bool = False
    article: bool = False
    references_start: int | None = None


class _Renderer(HTMLParser):
    """Renders one page into a :class:`TextBuilder`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = TextBuilder()
        self.stack: list[_Open] = []
        self.dropping = 0
        self.in_article = 0
        self.in_head = False
        self.page_title: list[str] | None = None
        self.page_title_span: tuple[int, int] | None = None
        self.has_h1_title = False
        self.heading: tuple[int, int, list[str]] | None = None  # level, start, text
        self.heading_names: list[tuple[int, str]] = []
        self.table_depth = 0
        self.table_start = 0
        self.rows: list[list[Cell]] = []  # the table's finished rows, written when it ends
        self.rows_in_head: list[bool] = []
        self.in_thead = False
        self.row: list[Cell] | None = None
        self.cell: list[str] | None = None
        self.cell_attrs: tuple[int, int, bool] = (1, 1, False)  # colspan, rowspan, header
        self.caption: list[str] | None = None

    # -- parser callbacks -------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag)
            return
        if tag in _SIBLING_CLOSED and self.stack and self.stack[-1].tag == tag:
            self._close_to(len(self.stack) - 1)
        entry = _Open(tag)
        attributes = dict(attrs)
        if tag == "body" and self.in_head:
            self._close_to(max(i for i, e in enumerate(self.stack) if e.tag == "head"))  # </head> was left out
        if tag == "head":
            self.in_head = True
        elif tag == "title" and self.in_head:
            self.page_title = []
        elif self._should_drop(tag, attributes):
            entry.drop = True
            self.dropping += 1
        elif not self.dropping:
            self._open(tag, entry, attributes)
        self.stack.append(entry)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i].tag == tag:
                self._close_to(i)
                return

    def handle_data(self, data: str) -> None:
        if self.page_title is not None:
            self.page_title.append(data)
        elif self.dropping or self.in_head:
            return
        elif self.caption is not None:
            self.caption.append(data)
        elif self.cell is not None:
            self.cell.append(data)
        elif not self.table_depth:  # text between table rows has no cell to go to
            self.out.write(data)
            if self.heading:
                self.heading[2].append(data)

    # -- opening ----------------------------------------------------------
    def _should_drop(self, tag: str, attrs: dict[str, str | None]) -> bool:
        if self.in_head or tag in _DROP or (tag in _PAGE_CHROME and not self.in_article):
            return True
        if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
            return True
        if (attrs.get("role") or "").lower() in _DROP_ROLES:
            return True
        style = (attrs.get("style") or "").replace(" ", "").lower()
        return "display:none" in style or bool(_DROP_CLASS.search(_ident(attrs)))

    def _open(self, tag: str, entry: _Open, attrs: dict[str, str | None]) -> None:
        if tag in _ARTICLE:
            entry.article = True
            self.in_article += 1
        if self.table_depth:
            self._open_in_table(tag, attrs)
            return
        if tag in _HEADINGS:
            self.out.newline()
            self.heading = (_HEADINGS[tag], self.out.pos, [])
        elif tag == "table":
            self.out.newline()
            self.table_depth = 1
            self.table_start = self.out.pos
        elif tag in _BLOCK:
            self.out.newline()
        if _REFERENCES_CLASS.search(_ident(attrs)):
            self.out.newline()
            entry.references_start = self.out.pos

    def _open_in_table(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag == "table":
            self.table_depth += 1  # a nested table is flattened into its cell
        if self.table_depth > 1:
            self._cell_space()
        elif tag == "tr":
            self._end_row()
            self.row = []
        elif tag in ("td", "th"):
            self._end_cell()
            self.cell = []
            self.cell_attrs = (span_attr(attrs.get("colspan")), span_attr(attrs.get("rowspan")), tag == "th")
        elif tag == "thead":
            self.in_thead = True
        elif tag == "caption":
            self.caption = []
        else:
            self._cell_space()

    def _void(self, tag: str) -> None:
        if self.dropping or self.in_head:
            return
        if self.table_depth:
            self._cell_space()
        elif tag in ("br", "hr"):
            self.out.newline()

    # -- closing ----------------------------------------------------------
    def _close_to(self, index: int) -> None:
        while len(self.stack) > index:
            self._close(self.stack.pop())

    def _close(self, entry: _Open) -> None:
        tag = entry.tag
        if entry.drop:
            self.dropping -= 1
            return
        if tag == "head":
            self.in_head = False
        elif tag == "title" and self.page_title is not None:
            # Written first; named once we know whether an <h1> titles the page.
            self.out.newline()
            start = self.out.pos
            self.out.write(" ".join(self.page_title))
            if self.out.pos > start:
                self.page_title_span = (start, self.out.pos)
            self.out.newline()
            self.page_title = None
        if self.dropping:
            return
        if entry.article:
            self.in_article -= 1
        if self.table_depth:
            self._close_in_table(tag)
        elif tag in _HEADINGS and self.heading:
            self._end_heading()
        elif tag in _BLOCK:
            self.out.newline()
        if entry.references_start is not None:
            self.out.span("references", entry.references_start)
            self.out.newline()

    def _close_in_table(self, tag: str) -> None:
        if tag == "table":
            self.table_depth -= 1
            if self.table_depth == 0:
                self._end_table()
            else:
                self._cell_space()
        elif self.table_depth > 1:
            self._cell_space()
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "thead":
            self._end_row()
            self.in_thead = False
        elif tag == "caption" and self.caption is not None:
            self.out.line(" ".join(self.caption))
            self.caption = None
        else:
            self._cell_space()

    def _cell_space(self) -> None:
        if self.cell is not None:
            self.cell.append(" ")

    def _end_cell(self) -> None:
        if self.cell is not None:
            colspan, rowspan, header = self.cell_attrs
            cell = Cell(text=" ".join("".join(self.cell).split()), colspan=colspan, rowspan=rowspan, header=header or self.in_thead)
            self.row = (self.row or []) + [cell]
            self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row:
            self.rows.append(self.row)
            self.rows_in_head.append(self.in_thead)
        self.row = None

    def _end_table(self) -> None:
        self._end_row()
        for line in table_lines(self.rows, header_row_count(self.rows, self.rows_in_head)):
            self.out.line(line)
        self.rows, self.rows_in_head, self.in_thead = [], [], False
        self.table_depth = 0
        self.out.span("table", self.table_start)
        self.out.newline()

    def _end_heading(self) -> None:
        level, start, parts = self.heading
        self.heading = None
        self.out.newline()
        name = classify_heading(" ".join("".join(parts).split()))
        if level == 1 and name is None and not self.has_h1_title:
            self.has_h1_title = True
            self.out.span("title", start)
            return
        while self.heading_names and self.heading_names[-1][0] >= level:
            self.heading_names.pop()
        name = name or (self.heading_names[-1][1] if self.heading_names else "body")
        self.heading_names.append((level, name))
        self.out.regions.append(Region(start=start, name=name, heading_line=True))

    def finish(self) -> tuple[str, ...]:
        """Close everything still open and name the <title> line; return warnings."""
        cut_tag = self.rawdata.find("<")
        truncated = cut_tag >= 0 or any(e.tag in ("html", "body") for e in self.stack)
        if cut_tag >= 0:
            self.rawdata = self.rawdata[:cut_tag]  # an unfinished tag is not text
        self.close()
        self._close_to(0)
        if self.table_depth:
            self._end_table()
        if self.page_title_span:
            # A page <title> beside an <h1> title is the site's duplicate of it.
            name = "boilerplate" if self.has_h1_title else "title"
            start, end = self.page_title_span
            self.out.spans.append(Section(name=name, start=start, end=end))
        return (TRUNCATED_WARNING,) if truncated else ()


def _ident(attrs: dict[str, str | None]) -> str:
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}"


def read_html(path: Path, data: bytes, doc_id: str, limits: ReadLimits) -> Document:
    """An .html/.htm file rendered to text with sections."""
    declared = _META_CHARSET.search(data[:4096])
    markup, warnings = decode(data, limits, declared["name"].decode("ascii") if declared else None)
    renderer = _Renderer()
    renderer.feed(markup)
    warnings += renderer.finish()
    text, sections, cut = renderer.out.build(limits.max_chars)
    if not text.strip():
        raise ReadError("no text content in the HTML page", "empty")
    return Document(doc_id=doc_id, text=text, sections=sections, source=str(path), format="html",
                    warnings=warnings + cut)

"""JATS/NLM XML reader (articles as PMC serves them), rendered to text with sections.

Rendered: the article title, the abstract (its ``<sec>`` titles open the
``methods``/``results``/``conclusion`` parts), the body (``<sec><title>`` opens a
region named by the title, or by ``sec-type``, or inherited from the enclosing
section), tables (in the body or in ``<floats-group>``/``<floats-wrap>``, rendered after the body)
as ``| a | b |`` grids with their label, caption and footnotes (``table``, see
:mod:`pipeline.readers.tables`), figure captions, the reference list (``references``) and back-matter notes
(acknowledgements, footnotes, glossaries: ``boilerplate``). The rest of the
front matter (authors, affiliations, journal, dates, licence) is not rendered.
Citation markers (``<xref>``) stay as written.

Safety: the stdlib parser (expat) does not fetch external DTDs or entities;
documents whose DOCTYPE declares entities are refused outright, which rules out
entity-expansion ("billion laughs") attacks whatever the expat version.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import regex

from pipeline.readers.limits import ReadLimits
from pipeline.readers.sections import Region, TextBuilder, classify_heading
from pipeline.readers.tables import Cell, header_row_count, span_attr, table_lines
from pipeline.readers.text import check_not_binary
from pipeline.types import Document, ReadError

_DOCTYPE = regex.compile(rb"<!DOCTYPE\b(?:[^\[>]*)(?:\[(?P<subset>.*?)\])?\s*>", regex.DOTALL)
#: ``sec-type`` values (JATS recommended list) -> section names.
SEC_TYPES: dict[str, str] = {
    "intro": "introduction", "methods": "methods", "materials|methods": "methods", "subjects": "methods",
    "results": "results", "discussion": "discussion", "conclusions": "conclusion",
    "results|discussion": "results", "supplementary-material": "boilerplate", "data-availability": "boilerplate",
    "COI-statement": "boilerplate", "ethics-statement": "boilerplate",
}
_BLOCKS = frozenset({"p", "list-item", "def-item", "disp-quote", "speech", "statement", "verse-line"})
_SKIPPED = frozenset({
    "graphic", "media", "inline-graphic", "alternatives", "object-id", "processing-meta", "permissions",
    "supplementary-material",
})
_BACK_NOTES = frozenset({"ack", "fn-group", "notes", "glossary", "app-group", "bio"})
#: Sections and blocks nested deeper than this are rendered as flat text: real articles nest a few levels,
#: and recursion into hundreds of levels would exhaust the interpreter's stack.
MAX_DEPTH = 60
#: Where PMC puts tables and figures that float outside the body.
_FLOATS = ("floats-group", "floats-wrap")


def _local(tag: object) -> str:
    """Tag name without namespace ("{ns}math" -> "math"); comments and PIs get ''."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(elem: ET.Element) -> str:
    return " ".join("".join(elem.itertext()).split())


def parse_xml(data: bytes) -> ET.Element:
    """The document's root element; ReadError for unsafe or malformed XML."""
    check_not_binary(data)
    doctype = _DOCTYPE.search(data)
    if doctype and doctype["subset"] and b"<!ENTITY" in doctype["subset"]:
        raise ReadError("XML declares entities in its DOCTYPE; refused (entity-expansion guard)", "unsafe")
    try:
        return ET.fromstring(data)
    except ET.ParseError as e:
        raise ReadError(f"malformed XML: {e}", "malformed") from None


class _Renderer:
    """Walks a JATS tree into a :class:`TextBuilder`."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.depth = 0

    def article(self, root: ET.Element) -> None:
        front = root.find("front")
        meta = front.find("article-meta") if front is not None else None
        if meta is not None:
            title = meta.find("title-group/article-title")
            if title is not None:
                start = self.out.pos
                self.out.line(_text(title))
                self.out.span("title", start)
            for abstract in meta.findall("abstract"):
                self.abstract(abstract)
        body = root.find("body")
        if body is not None:
            # text before the first section of a sectioned body is the introduction
            sectioned = any(_local(c.tag) == "sec" for c in body)
            self.section_content(body, "introduction" if sectioned else "body")
        for floats in (child for child in root if _local(child.tag) in _FLOATS):
            self.section_content(floats, "body")
        back = root.find("back")
        if back is not None:
            self.back(back)

    def abstract(self, abstract: ET.Element) -> None:
        self.out.region("abstract")
        title = abstract.find("title")
        self.out.line(_text(title) if title is not None else "Abstract")
        for child in abstract:
            tag = _local(child.tag)
            if tag == "sec":
                self.abstract_part(child)
            elif tag != "title":
                self.block(child, "abstract")
        self.out.region("body")

    def abstract_part(self, sec: ET.Element) -> None:
        """One "Label: text" line; the shared abstract-label scan turns it into a part."""
        self.out.newline()
        title = sec.find("title")
        if title is not None:
            self.out.write(_text(title).rstrip(":") + ": ")
        for child in sec:
            tag = _local(child.tag)
            if tag == "p":
                self._inline_children(child)
                self.out.write(" ")
            elif tag != "title":
                self.block(child, "abstract")
        self.out.newline()

    def section_content(self, elem: ET.Element, name: str) -> None:
        if name != "body":
            self.out.region(name)
        for child in elem:
            self.block(child, name)
            if _local(child.tag) == "sec" and name == "introduction":
                name = "body"  # after the first section, untitled text is no longer the introduction
        if name != "body":
            self.out.region("body")

    def block(self, elem: ET.Element, name: str) -> None:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:  # markup nested deeper than any article: its text, flat (no recursion)
                self.out.line(_text(elem))
            else:
                self._block(elem, name)
        finally:
            self.depth -= 1

    def _block(self, elem: ET.Element, name: str) -> None:
        tag = _local(elem.tag)
        if tag == "sec":
            self.section(elem, name)
        elif tag in ("table-wrap", "table-wrap-group"):
            self.table_wrap(elem)
        elif tag == "fig":
            self.out.line(" ".join(_text(e) for e in (elem.find("label"), elem.find("caption")) if e is not None))
        elif tag in ("list", "def-list", "boxed-text", "disp-formula-group"):
            self.section_content(elem, name)
        elif tag not in _SKIPPED and tag:
            self.inline(elem)

    def section(self, sec: ET.Element, parent: str) -> None:
        title = sec.find("title")
        heading = _text(title) if title is not None else ""
        name = (classify_heading(heading) if heading else None) or SEC_TYPES.get(sec.get("sec-type", "")) or parent
        self.out.newline()
        self.out.regions.append(Region(start=self.out.pos, name=name, heading_line=bool(heading)))
        if heading:
            self.out.line(heading)
        for child in sec:
            if _local(child.tag) != "title":
                self.block(child, name)
        if name != parent:
            self.out.region(parent)

    def table_wrap(self, wrap: ET.Element) -> None:
        self.out.newline()
        start = self.out.pos
        caption = " ".join(_text(e) for e in (wrap.find("label"), wrap.find("caption")) if e is not None)
        if caption:
            self.out.line(caption)
        for table in (e for e in wrap.iter() if _local(e.tag) == "table"):
            rows, in_head = _rows(table)
            for line in table_lines(rows, header_row_count(rows, in_head)):
                self.out.line(line)
        for foot in (e for e in wrap.iter() if _local(e.tag) == "table-wrap-foot"):
            for note in [*foot] or [foot]:
                self.out.line(_text(note))
        self.out.span("table", start)

    def back(self, back: ET.Element) -> None:
        for child in back:
            tag = _local(child.tag)
            if tag == "ref-list":
                self.out.region("references")
                title = child.find("title")
                self.out.line(_text(title) if title is not None else "References")
                for ref in child.iter("ref"):
                    self.out.line(" ".join(_text(part) for part in ref))
            elif tag in _BACK_NOTES:
                self.out.region("boilerplate")
                self.out.line(_text(child))
            else:
                self.block(child, "body")

    def inline(self, elem: ET.Element) -> None:
        """Write ``elem``'s text as one block (nested blocks end lines)."""
        self.out.newline()
        self._inline_children(elem)
        self.out.newline()

    def _inline_children(self, elem: ET.Element) -> None:
        self.out.write(elem.text or "")
        for child in elem:
            tag = _local(child.tag)
            if tag in _SKIPPED or tag == "":
                pass
            elif tag in _BLOCKS or tag in ("sec", "table-wrap", "fig", "list"):
                self.block(child, "body")
            elif self.depth > MAX_DEPTH:
                self.out.write(_text(child))
            else:
                self.depth += 1
                self._inline_children(child)
                self.depth -= 1
            self.out.write(child.tail or "")


def _rows(table: ET.Element) -> tuple[list[list[Cell]], list[bool]]:
    """The table's rows of cells, and for each whether it sits in ``<thead>``."""
    rows: list[list[Cell]] = []
    in_head: list[bool] = []

    def walk(elem: ET.Element, head: bool) -> None:
        for child in elem:
            tag = _local(child.tag)
            if tag == "tr":
                rows.append([
                    Cell(text=_text(c), colspan=span_attr(c.get("colspan")), rowspan=span_attr(c.get("rowspan")), header=head or _local(c.tag) == "th")
                    for c in child if _local(c.tag) in ("td", "th")
                ])
                in_head.append(head)
            elif tag in ("thead", "tbody", "tfoot"):
                walk(child, tag == "thead")

    walk(table, False)
    return rows, in_head


def read_jats(path: Path, data: bytes, doc_id: str, limits: ReadLimits) -> Document:
    """A JATS/NLM .xml article rendered to text with sections; other XML is rendered as plain text."""
    root = parse_xml(data)
    warnings: list[str] = []
    renderer = _Renderer()
    if _local(root.tag) == "article":
        renderer.article(root)
    else:
        warnings.append(f"root element <{_local(root.tag)}> is not a JATS <article>; rendered all its text")
        renderer.inline(root)
    text, sections, cut = renderer.out.build(limits.max_chars)
    warnings.extend(cut)
    if not text.strip():
        raise ReadError("no text content in the XML document", "empty")
    return Document(doc_id=doc_id, text=text, sections=sections, source=str(path), format="xml",
                    warnings=tuple(warnings))

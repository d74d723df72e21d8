"""JATS/NLM XML reader: rendering, sections, tables, references, safety."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers import read_document
from pipeline.types import Document, ReadError

ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:mml="http://www.w3.org/1998/Math/MathML">
 <front>
  <journal-meta><journal-title-group><journal-title>Demo Oncology</journal-title></journal-title-group></journal-meta>
  <article-meta>
   <title-group><article-title>Sintilimab rechallenge in <italic>advanced</italic> gastric cancer</article-title></title-group>
   <contrib-group><contrib><name><surname>Doe</surname><given-names>Jane</given-names></name></contrib></contrib-group>
   <abstract>
    <sec><title>Objective</title><p>To describe outcomes.</p></sec>
    <sec><title>Methods</title><p>We reviewed 52 patients.</p></sec>
    <sec><title>Results</title><p>The ORR was 23.1% (12/52); median OS was 10.4 months.</p></sec>
    <sec><title>Conclusion</title><p>Rechallenge is an option.</p></sec>
   </abstract>
  </article-meta>
 </front>
 <body>
  <sec sec-type="intro"><title>Background</title><p>Rechallenge was studied before <xref ref-type="bibr" rid="b3">(3)</xref>.</p></sec>
  <sec><title>Patients and Methods</title>
   <sec><title>Study population</title><p>Adults with <inline-formula><mml:math><mml:mi>n</mml:mi><mml:mo>=</mml:mo><mml:mn>52</mml:mn></mml:math></inline-formula> cases.</p></sec>
  </sec>
  <sec sec-type="results"><title>Outcomes</title>
   <p>Median PFS was 3.9 months.</p>
   <table-wrap><label>Table 1</label><caption><p>Efficacy.</p></caption>
    <table><thead><tr><th>Endpoint</th><th>Value</th></tr></thead>
     <tbody><tr><td>ORR</td><td>23.1%</td></tr><tr><td>mOS, months</td><td>10.4</td></tr></tbody></table>
    <table-wrap-foot><p>ORR, objective response rate.</p></table-wrap-foot>
   </table-wrap>
  </sec>
  <sec><title>Discussion</title><p>Our findings agree with earlier series.</p></sec>
 </body>
 <back>
  <ack><p>We thank the nurses.</p></ack>
  <ref-list><title>References</title>
   <ref id="b3"><label>3</label><mixed-citation>Roe M. Earlier series. Demo J. 2019;1:2-3.</mixed-citation></ref>
  </ref-list>
 </back>
</article>
"""


def _read(tmp_path: Path, xml: str | bytes, name: str = "article.xml") -> Document:
    path = tmp_path / name
    path.write_bytes(xml.encode("utf-8") if isinstance(xml, str) else xml)
    return read_document(path)


@pytest.fixture()
def doc(tmp_path: Path) -> Document:
    return _read(tmp_path, ARTICLE)


def _visible(doc: Document) -> str:
    return "".join(doc.text[a:b] for a, b in doc.content_spans())


def test_title_is_rendered_and_front_matter_is_not(doc: Document) -> None:
    (title,) = [doc.text[s.start:s.end] for s in doc.sections if s.name == "title"]
    assert title == "Sintilimab rechallenge in advanced gastric cancer"
    assert "Demo Oncology" not in doc.text and "Doe" not in doc.text
    assert doc.format == "xml"


@pytest.mark.parametrize(("phrase", "section"), [
    ("To describe outcomes", "abstract"),
    ("We reviewed 52 patients", "methods"),
    ("The ORR was 23.1% (12/52)", "results"),
    ("Rechallenge is an option", "conclusion"),
    ("Rechallenge was studied before", "introduction"),
    ("Adults with", "methods"),  # nested sec inherits from "Patients and Methods"
    ("Median PFS was 3.9 months", "results"),  # title unknown, sec-type says results
    ("| ORR | 23.1% |", "table"),
    ("Our findings agree", "discussion"),
    ("We thank the nurses", "boilerplate"),
    ("Roe M. Earlier series", "references"),
])
def test_sections(doc: Document, phrase: str, section: str) -> None:
    assert doc.section_at(doc.text.index(phrase)) == section


def test_abstract_sections_render_as_labelled_lines(doc: Document) -> None:
    assert "Results: The ORR was 23.1% (12/52); median OS was 10.4 months.\n" in doc.text


def test_citation_markers_are_kept_as_written(doc: Document) -> None:
    assert "Rechallenge was studied before (3)." in doc.text


def test_tables_in_a_floats_group_are_rendered_after_the_body(tmp_path: Path) -> None:
    floating = ARTICLE.replace("<table-wrap>", "<!--").replace("</table-wrap>", "-->").replace(
        "</back>", "</back><floats-group><table-wrap><label>Table 1</label><caption><p>Arms.</p></caption>"
        "<table><tr><th>Arm</th><th>n</th></tr><tr><td>A</td><td>26</td></tr></table></table-wrap></floats-group>")
    doc = _read(tmp_path, floating)
    (table,) = [doc.text[s.start:s.end] for s in doc.sections if s.name == "table"]
    assert table.splitlines() == ["Table 1 Arms.", "| Arm | n |", "|---|---|", "| A | 26 |"]
    assert doc.text.index("Table 1 Arms.") > doc.text.index("Our findings agree")


def test_table_has_caption_rows_and_footnote(doc: Document) -> None:
    (table,) = [doc.text[s.start:s.end] for s in doc.sections if s.name == "table"]
    assert table.splitlines() == [
        "Table 1 Efficacy.", "| Endpoint | Value |", "|---|---|", "| ORR | 23.1% |", "| mOS, months | 10.4 |",
        "ORR, objective response rate.",
    ]


def test_math_is_rendered_inline(doc: Document) -> None:
    assert "Adults with n=52 cases." in doc.text


def test_references_and_acknowledgements_are_hidden(doc: Document) -> None:
    visible = _visible(doc)
    assert "Earlier series" not in visible and "nurses" not in visible
    assert "median OS was 10.4 months" in visible


def test_declared_encoding_is_honoured(tmp_path: Path) -> None:
    xml = '<?xml version="1.0" encoding="ISO-8859-1"?><article><body><p>Caf\xe9 ORR 10%</p></body></article>'
    assert "Café ORR 10%" in _read(tmp_path, xml.encode("latin-1")).text


def test_other_xml_is_rendered_with_a_warning(tmp_path: Path) -> None:
    doc = _read(tmp_path, "<record><abstract>Median OS 8.1 months.</abstract></record>")
    assert doc.text.strip() == "Median OS 8.1 months."
    assert any("not a JATS <article>" in w for w in doc.warnings)


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<article><body><p>&lol3;</p></body></article>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<article><body><p>&secret;</p></body></article>
"""


@pytest.mark.parametrize("xml", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion_laughs", "external_entity"])
def test_entity_declarations_are_refused(tmp_path: Path, xml: str) -> None:
    with pytest.raises(ReadError) as err:
        _read(tmp_path, xml)
    assert err.value.kind == "unsafe"


def test_undefined_entity_is_malformed_not_fetched(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as err:
        _read(tmp_path, "<article><body><p>&nbsp;ORR</p></body></article>")
    assert err.value.kind == "malformed"

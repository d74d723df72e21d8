"""HTML reader: rendering, dropped chrome, tables, headings, references, truncation."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.readers import read_document
from pipeline.readers.html import TRUNCATED_WARNING
from pipeline.types import Document, ReadError

PAGE = """<!DOCTYPE html>
<html><head><title>Rechallenge study | Demo Journal</title>
<style>p { color: red; }</style><script>var s = "<p>not text</p>";</script></head>
<body>
<header><nav><a href="/">Home</a> | <a href="/x">Browse</a></nav></header>
<div id="cookie-consent">Manage your choices here</div>
<div>We use cookies to improve this site. Accept all cookies</div>
<aside>Related: other papers</aside>
<article>
<header><h1>Toripalimab rechallenge in nasopharyngeal carcinoma &amp; beyond</h1></header>
<h2>Abstract</h2>
<p><b>Background:</b> Little is known. <b>Methods:</b> We treated 36 patients.
<b>Results:</b> The ORR was 27.8% (10/36).<br>The median PFS was 6.2 months. <b>Conclusions:</b> Feasible.</p>
<h2>Materials and Methods</h2>
<h3>Patients</h3>
<p>Eligible patients had progressed on a PD-1 inhibitor.</p>
<h2>Results</h2>
<h3>Efficacy</h3>
<p>Responses are listed in Table 2.</p>
<table><caption>Table 2. Responses</caption>
<tr><th>Group</th><th>n</th><th>ORR</th></tr>
<tr><td>Rechallenge<br/>alone</td><td>20</td><td>25.0%</td></tr>
<tr><td>With chemotherapy</td><td>16</td><td>31.3%</td></tr>
</table>
<p hidden>Invisible text 99.9%</p>
<h2>References</h2>
<ol><li>Doe J. A trial. Demo J. 2020;1:1-9.</li></ol>
<div class="ref-list-extra"><p>Roe M. Another. Demo J. 2021;2:3-4.</p></div>
</article>
<footer>Site footer, all rights reserved</footer>
</body></html>
"""


@pytest.fixture()
def doc(tmp_path: Path) -> Document:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return read_document(path)


def _span_text(doc: Document, name: str) -> list[str]:
    return [doc.text[s.start:s.end] for s in doc.sections if s.name == name]


def _visible(doc: Document) -> str:
    return "".join(doc.text[a:b] for a, b in doc.content_spans())


@pytest.mark.parametrize("dropped", [
    "not text", "color: red", "Home", "Browse", "Manage your choices", "Related: other papers",
    "Site footer", "Invisible text",
])
def test_chrome_scripts_and_hidden_elements_are_dropped(doc: Document, dropped: str) -> None:
    assert dropped not in doc.text


def test_cookie_banner_text_is_marked_boilerplate(doc: Document) -> None:
    assert "We use cookies" in doc.text
    assert "We use cookies" not in _visible(doc)


def test_article_header_h1_is_the_title_and_page_title_is_boilerplate(doc: Document) -> None:
    assert _span_text(doc, "title") == ["Toripalimab rechallenge in nasopharyngeal carcinoma & beyond"]
    assert "Rechallenge study | Demo Journal" in _span_text(doc, "boilerplate")


def test_blocks_become_lines(doc: Document) -> None:
    assert "The ORR was 27.8% (10/36).\nThe median PFS was 6.2 months." in doc.text
    assert "Eligible patients had progressed on a PD-1 inhibitor.\n" in doc.text


def test_headings_name_regions_and_subheadings_inherit(doc: Document) -> None:
    assert doc.section_at(doc.text.index("Eligible patients")) == "methods"
    assert doc.section_at(doc.text.index("Responses are listed")) == "results"
    assert doc.section_at(doc.text.index("We treated 36")) == "methods"  # abstract part
    assert doc.section_at(doc.text.index("The median PFS was 6.2")) == "results"


def test_table_rows_are_flattened_into_a_table_section(doc: Document) -> None:
    (table,) = _span_text(doc, "table")
    assert table.splitlines() == [
        "Table 2. Responses",
        "| Group | n | ORR |",
        "|---|---|---|",
        "| Rechallenge alone | 20 | 25.0% |",
        "| With chemotherapy | 16 | 31.3% |",
    ]


def test_reference_lists_are_hidden(doc: Document) -> None:
    visible = _visible(doc)
    assert "Doe J. A trial" not in visible and "Roe M. Another" not in visible
    assert "The ORR was 27.8% (10/36)." in visible


def test_sections_stay_inside_the_text(doc: Document) -> None:
    assert all(0 <= s.start < s.end <= len(doc.text) for s in doc.sections)


def test_page_title_is_the_title_when_there_is_no_h1(tmp_path: Path) -> None:
    path = tmp_path / "no_h1.htm"
    path.write_text("<html><head><title>Only a title</title></head><body><p>ORR 10.0%.</p></body></html>")
    doc = read_document(path)
    assert _span_text(doc, "title") == ["Only a title"]
    assert doc.format == "html" and doc.warnings == ()


@pytest.mark.parametrize("cut", [len(PAGE) // 2, PAGE.index("<table>") + 30, PAGE.index("</p>\n<h2>Materials") + 2])
def test_truncated_html_is_read_with_a_warning(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.html"
    path.write_text(PAGE[:cut] + "<div cla", encoding="utf-8")
    doc = read_document(path)
    assert TRUNCATED_WARNING in doc.warnings
    assert "<div" not in doc.text and "Toripalimab" in doc.text
    assert all(0 <= s.start <= s.end <= len(doc.text) for s in doc.sections)


def test_html_without_text_is_a_read_error(tmp_path: Path) -> None:
    path = tmp_path / "scripts.html"
    path.write_text("<html><head><script>var a = 1;</script></head><body><nav>menu</nav></body></html>")
    with pytest.raises(ReadError) as err:
        read_document(path)
    assert err.value.kind == "empty"


def test_entities_decoded_and_whitespace_including_nbsp_collapsed(tmp_path: Path) -> None:
    path = tmp_path / "ent.html"
    path.write_text("<p>HR&nbsp;0.52,   95%&#160;CI 0.31&ndash;0.87\n  (P&nbsp;&lt;&nbsp;0.01)</p>")
    assert read_document(path).text.strip() == "HR 0.52, 95% CI 0.31–0.87 (P < 0.01)"


def test_declared_charset_is_used_without_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    html = '<html><head><meta charset="iso-8859-1"><title>Étude</title></head><body><p>Médiane 9,1 mois</p></body>'
    path.write_bytes(html.encode("latin-1"))
    doc = read_document(path)
    assert "Médiane 9,1 mois" in doc.text and not any("UTF-8" in w for w in doc.warnings)


def test_missing_head_end_tag_does_not_swallow_the_body(tmp_path: Path) -> None:
    path = tmp_path / "nohead.html"
    path.write_text("<html><head><title>T</title><body><p>The DCR was 70.0%.</p></body></html>")
    assert "The DCR was 70.0%." in read_document(path).text

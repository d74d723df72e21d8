"""PDF reader: text cleaning, layout, tables, bad files, and the shared real papers."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from pipeline.readers.limits import ReadLimits
from pipeline.readers.pdf import clean_text, heading_name, join_lines, read_pdf, vocabulary
from pipeline.types import Document, ReadError

LIMITS = ReadLimits()


def read(data: bytes, limits: ReadLimits = LIMITS) -> Document:
    return read_pdf(Path("x.pdf"), data, "x", limits)


def content(doc: Document) -> str:
    return " ".join(doc.text[a:b] for a, b in doc.content_spans())


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------- characters and words


@pytest.mark.parametrize(("raw", "expected"), [
    ("e\ufb03cacy and \ufb01rst-line", "efficacy and first-line"),
    ("12\u2009months,\u00a0n\u202f=\u202f40", "12 months, n = 40"),
    ("HR \u2212 0.5, \u2264 3, \u2265 2, \u00b1 1.2, 4\u20137", "HR - 0.5, \u2264 3, \u2265 2, \u00b1 1.2, 4\u20137"),
    ("rate 0\u00b75 and \u201cquoted\u201d", 'rate 0.5 and "quoted"'),
    ("soft\u00adhyphen and zero\u200bwidth", "softhyphen and zerowidth"),
])
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(("lines", "expected"), [
    (["disease progres-", "sion was seen"], "disease progression was seen"),
    (["anti-PD-", "L1 therapy"], "anti-PD-L1 therapy"),
    (["COVID-", "19 cases"], "COVID-19 cases"),
    (["as second-", "line therapy"], "as second-line therapy"),
    (["a follow-", "up of 2 years"], "a follow-up of 2 years"),
    (["ranged 10\u2013", "20 months"], "ranged 10\u201320 months"),
    (["median", "survival"], "median survival"),
])
def test_join_lines_hyphenation(lines: list[str], expected: str) -> None:
    text, starts = join_lines(lines, vocabulary(lines))
    assert text == expected
    assert starts[0] == 0 and text[starts[1]:].startswith(lines[1][:2])


def test_join_lines_uses_the_document_vocabulary() -> None:
    vocab = vocabulary(["re-challenge was safe"])
    assert join_lines(["ICI re-", "challenge"], vocab)[0] == "ICI re-challenge"
    assert join_lines(["ICI re-", "challenge"], vocabulary(["rechallenge"]))[0] == "ICI rechallenge"


@pytest.mark.parametrize(("line", "name"), [
    ("Abstract", "abstract"), ("2. Materials and Methods", "methods"), ("RESULTS", "results"),
    ("Conclusions", "conclusion"), ("References", "references"), ("Median follow-up", None),
])
def test_heading_name(line: str, name: str | None) -> None:
    assert heading_name(line) == name


# ---------------------------------------------------------------- layout on synthetic pages


def test_two_columns_read_left_then_right_and_a_sentence_crosses_the_break(kit) -> None:
    left = "Alpha patients were enrolled in the first cohort and " * 6 + "the cohort was then followed for"
    right = "twelve months in total. " + "Beta outcomes were compared between the arms later. " * 6
    doc = read(kit.make_pdf([kit.text_ops(kit.prose_page(left, x=60, width_chars=42)
                                          + kit.prose_page(right, x=320, width_chars=42))]))
    text = squash(doc.text)
    assert "followed for twelve months in total." in text
    assert text.index("Alpha") < text.index("Beta")


def test_full_width_title_precedes_two_columns(kit) -> None:
    title = [(60, 740, 18, "A Randomised Trial of Something Rather Long in Oncology Patients")]
    body = kit.prose_page("Left column words go here as a sentence. " * 8, x=60, top=690, width_chars=42) + \
        kit.prose_page("Right column words go here as a sentence. " * 8, x=320, top=690, width_chars=42)
    doc = read(kit.make_pdf([kit.text_ops(title + body)]))
    assert doc.text.startswith("A Randomised Trial")
    assert doc.text.index("Left column") < doc.text.index("Right column")


def test_superscript_citation_is_dropped_not_moved(kit) -> None:
    # "months" then a raised, smaller "12" (a citation), then more text on the same baseline
    ops = kit.text_ops([(72, 700, 10, "median survival was 9.1 months"), (72, 688, 10, "in the treated arm.")])
    ops += "\nBT /F1 6 Tf 1 0 0 1 216 704 Tm (12) Tj ET\nBT /F1 10 Tf 1 0 0 1 226 700 Tm (and more) Tj ET"
    text = squash(read(kit.make_pdf([ops + "\n" + kit.text_ops(kit.prose_page("Filler text. " * 30, top=600))])).text)
    assert "9.1 months and more" in text
    assert "months12" not in text and "12 months" not in text


def test_running_header_and_page_number_become_boilerplate(kit) -> None:
    pages = []
    for n in range(1, 4):
        lines = [(72, 770, 8, "Journal of Made Up Oncology"), (500, 770, 8, str(n))]
        lines += kit.prose_page(f"Page {n} body sentence about the cohort. " * 12, top=700)
        pages.append(kit.text_ops(lines))
    doc = read(kit.make_pdf(pages))
    assert "Journal of Made Up Oncology" in doc.text
    assert "Journal of Made Up Oncology" not in content(doc)
    assert {p.number for p in doc.pages} == {1, 2, 3}


def test_synthetic_table_is_rendered_as_rows(kit) -> None:
    rows = [("Factor", "HR (95% CI)", "p"), ("Age", "0.89 (0.44-1.76)", "0.728"),
            ("Stage", "3.31 (1.55-7.88)", "0.002"), ("Sex", "1.87 (0.79-3.97)", "0.146")]
    lines = [(72, 700, 9, "Table 1 Cox regression of overall survival")]
    for i, (a, b, c) in enumerate(rows):
        lines += [(72, 680 - 14 * i, 8, a), (250, 680 - 14 * i, 8, b), (420, 680 - 14 * i, 8, c)]
    lines += kit.prose_page("The body text goes on below the table with normal prose sentences. " * 6, top=560)
    doc = read(kit.make_pdf([kit.text_ops(lines)]))
    tables = [doc.text[s.start:s.end] for s in doc.sections if s.name == "table"]
    assert len(tables) == 1
    assert "| Stage | 3.31 (1.55-7.88) | 0.002 |" in tables[0].splitlines()
    assert tables[0].splitlines()[1] == "| Factor | HR (95% CI) | p |"
    assert "0.728" not in content(doc).replace(tables[0], "")


def test_pages_cover_the_text(kit) -> None:
    doc = read(kit.make_pdf([kit.text_ops(kit.prose_page(f"Sentence {i} of the page. " * 15)) for i in range(3)]))
    spans = sorted((p.start, p.end) for p in doc.pages)
    assert spans[0][0] == 0 and spans[-1][1] == len(doc.text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))


# ---------------------------------------------------------------- bad PDFs


def test_not_a_pdf() -> None:
    with pytest.raises(ReadError, match="not a PDF") as err:
        read(b"<html><body>Not a PDF at all</body></html>")
    assert err.value.kind == "not_pdf"


def test_truncated_pdf_is_an_error_or_partial(simple_pdf: bytes) -> None:
    try:
        doc = read(simple_pdf[: len(simple_pdf) // 3])
    except ReadError as err:
        assert err.kind in {"corrupt", "needs_ocr"}
    else:
        assert isinstance(doc, Document)


def test_zero_pages(kit) -> None:
    with pytest.raises(ReadError, match="no pages") as err:
        read(kit.empty_pdf())
    assert err.value.kind == "empty"


def test_scanned_pdf_needs_ocr(kit) -> None:
    with pytest.raises(ReadError, match="OCR") as err:
        read(kit.make_pdf([kit.IMAGE_PAGE, kit.IMAGE_PAGE]))
    assert err.value.kind == "needs_ocr"


def test_encrypted_with_empty_user_password_opens(simple_pdf: bytes, encrypt) -> None:
    assert "forty patients" in read(encrypt(simple_pdf, "")).text


def test_encrypted_with_a_password_is_refused(simple_pdf: bytes, encrypt) -> None:
    with pytest.raises(ReadError, match="encrypted PDF: needs a password") as err:
        read(encrypt(simple_pdf, "secret"))
    assert err.value.kind == "encrypted"


def test_thousands_of_blank_pages_honour_max_pages(kit) -> None:
    data = kit.make_pdf([kit.text_ops(kit.prose_page("The only real page of text. " * 10))] + [""] * 5000)
    start = time.monotonic()
    doc = read(data, ReadLimits(max_pages=200))
    assert time.monotonic() - start < 10
    assert "only real page" in doc.text
    assert any("200 of 5001" in w for w in doc.warnings)


def test_time_limit_stops_reading(kit) -> None:
    data = kit.make_pdf([kit.text_ops(kit.prose_page(f"Real page {i}. " * 10)) for i in range(400)])
    doc = read(data, ReadLimits(pdf_seconds=0.05))
    assert any("s limit" in w for w in doc.warnings)
    assert "Real page 0." in doc.text


def test_time_limit_before_any_page_is_an_error(kit) -> None:
    with pytest.raises(ReadError, match="time limit") as err:
        read(kit.make_pdf([kit.text_ops(kit.prose_page("Some text. " * 10))]), ReadLimits(pdf_seconds=0.0))
    assert err.value.kind == "timeout"


# ---------------------------------------------------------------- the shared papers

#: Per paper, a few words that span a column or page break in the printed layout.
ACROSS_BREAKS = {
    "agyemanduah2014_bmchsr": "hospital's budget. Even though",
    "clinsci2014_ace_fragment_design": "While this allows for effective",
    "datta2010_jtraumamanagoutcomes_dvt_review": "if necessary. The versatility of the",
    "dzian2021_casereppulmonol_dpm": "tumours resembling chemodectomas",
    "intpsychogeriatr2014_example1": "Furthermore, in animal models",
    "karakas2023_diagnpathol_dpm_trk": "PMNs included in the",
    "koh2025_thoraccancer_dpm": "immunostains may further support",
    "li2023_frontmed_mpmn_cohort": "MPMNs and 13 cases were diagnosed",
    "matsushita2015_annsurgoncol_esophageal_ctc": "11.1 % in stage IIIc",
    "melocchi2023_diagnostics_dpm": "CT scan leading to a diagnosis",
    "monteirodecastro2025_cureus_dpm": "in a multidisciplinary discussion",
    "peng2019_thoraccancer_mpmn": "a decisive effect on the choice",
    "sakano2025_respirolcaserep_dpm_prostate": "(GGNs) detected by chest",
    "tully2010_rehabrespract": "issues important to their lives",
    "ussher2015_bmj_rct_smoking_pregnancy": "had other design features",
}


#: Excerpts without a reference list, side-set "References" headings, and BMJ's unheaded list.
NO_REFERENCES_HEADING = {"datta2010_jtraumamanagoutcomes_dvt_review", "koh2025_thoraccancer_dpm",
                         "sakano2025_respirolcaserep_dpm_prostate", "ussher2015_bmj_rct_smoking_pregnancy"}


@pytest.fixture(scope="module")
def shared_docs(request) -> dict[str, Document]:
    folder = request.getfixturevalue("shared_pdfs")
    return {p.stem: read_pdf(p, p.read_bytes(), p.stem, LIMITS) for p in sorted(folder.glob("*.pdf"))}


@pytest.mark.parametrize("stem", sorted(ACROSS_BREAKS))
def test_shared_pdf_reads_in_order(shared_docs: dict[str, Document], stem: str) -> None:
    doc = shared_docs[stem]
    assert ACROSS_BREAKS[stem] in squash(content(doc))
    spans = sorted((p.start, p.end) for p in doc.pages)
    assert spans[0][0] == 0 and spans[-1][1] == len(doc.text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    if stem not in NO_REFERENCES_HEADING:
        assert any(s.name == "references" for s in doc.sections)
    # running headers and footers (boilerplate on several pages) stay out of the body text;
    # page 1 may still cite the journal once
    body = squash(content(doc))
    pages_of: dict[str, set[int | None]] = {}
    for s in doc.sections:
        if s.name == "boilerplate":
            for line in doc.text[s.start:s.end].splitlines():
                pages_of.setdefault(line, set()).add(doc.page_at(s.start))
    for line, pages in pages_of.items():
        if len(pages) >= 2 and len(line) >= 20:
            assert body.count(line) <= 1, line


def test_matsushita_cox_table_rows(shared_docs: dict[str, Document]) -> None:
    doc = shared_docs["matsushita2015_annsurgoncol_esophageal_ctc"]
    tables = [doc.text[s.start:s.end] for s in doc.sections if s.name == "table"]
    cox = next(t for t in tables if "Univariate" in t)
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in cox.splitlines() if line.startswith("| ")}
    header = next(line for line in cox.splitlines() if line.startswith("| "))
    assert "Hazard ratio (95 % CI)" in header and "p value" in header
    assert rows["CTC before treatment (p vs. n)"] == ["2.91 (1.44–5.80)", "0.003", "2.56 (1.15–5.68)", "0.021"]
    assert rows["cM factor (cM1 vs. cM0)"] == ["5.68 (2.72–12.06)", "<0.0001", "2.18 (0.82–5.81)", "0.117"]
    assert rows["Age (<65 vs. ≥5)"][:2] == ["0.89 (0.44–1.76)", "0.728"]
    assert "2.91 (1.44–5.80)" not in content(doc).replace(cox, "")

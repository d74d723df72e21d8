"""A two-column PDF with a results table, made at test time from seed 003, gives the text file's facts."""
from pathlib import Path

import pytest

from pipeline.extract import extract_document, visible_text
from pipeline.readers import read_document

ROOT = Path(__file__).resolve().parents[2]
SEED = next(iter(sorted((ROOT / ".." / "shared" / "corpus" / "seeds").glob("003_*.txt"))), None)
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

fpdf = pytest.importorskip("fpdf", reason="fpdf2 (dev extra) is needed to build the PDF")
pytestmark = [
    pytest.mark.skipif(SEED is None, reason="../shared/corpus/seeds/003_*.txt is not available"),
    pytest.mark.skipif(not FONT.exists(), reason=f"{FONT} (a Unicode font for ≥) is not installed"),
]

#: Our own summary table of the study's results (numbers only), as a paper would print it.
TABLE = [
    ("Outcome", "Rechallenge (n = 49)", "Chemotherapy (n = 34)"),
    ("ORR, %", "30.6", "6.0"),
    ("DCR, %", "83.7", "38.3"),
    ("Grade ≥3 TRAEs, %", "26.5", "35.3"),
]


def _two_column_pdf(text: str, path: Path) -> None:
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=9)
    pdf.add_page()
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    pdf.multi_cell(0, 5, paragraphs[0])  # full-width title
    pdf.ln(4)
    with pdf.text_columns(ncols=2, gutter=8) as cols:
        for p in paragraphs[1:]:
            cols.write(text=p + "\n")
    pdf.add_page()
    pdf.cell(0, 6, "Table 1 Efficacy and safety by treatment", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(headings_style=fpdf.FontFace(emphasis=None)) as table:
        for row in TABLE:
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    pdf.output(str(path))


def _facts(doc):
    return {(f.endpoint, f.arm, f.subgroup, f.outcome, None if f.stat.value is None else round(f.stat.value, 2))
            for f in extract_document(doc)}


@pytest.mark.slow
def test_pdf_of_seed_003_gives_the_text_facts(tmp_path):
    text_doc = read_document(SEED)
    body = " ".join(visible_text(text_doc).split(" ")).strip()
    pdf_path = tmp_path / "seed003.pdf"
    _two_column_pdf("\n".join(line.strip() for line in body.splitlines()), pdf_path)
    pdf_doc = read_document(pdf_path)
    assert _facts(pdf_doc) == _facts(text_doc)
    assert all(f.page in (1, 2) for f in extract_document(pdf_doc))

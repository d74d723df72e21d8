"""Build the demo PDF from one of the demo text abstracts (run once; the PDF is committed).

    pip install -e '.[dev]'         # fpdf2 is a dev extra, only needed to rebuild the PDF
    python corpus/make_demo_pdf.py

The PDF carries the text of ``demo01_rechallenge_vs_chemo.txt`` on an A4 page
in a core font, with a fixed creation date so rebuilding gives the same bytes.
"""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF

DEMO = Path(__file__).resolve().parent / "demo"
SOURCE = DEMO / "demo01_rechallenge_vs_chemo.txt"
TARGET = DEMO / "demo07_pdf_copy_of_demo01.pdf"
TITLE_LINE = 4  # the paper's title, after the journal-page header lines


def build(source: Path = SOURCE, target: Path = TARGET) -> None:
    """Write ``source``'s paragraphs to ``target`` as a one-column PDF."""
    lines = source.read_bytes().decode("utf-8").splitlines()
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2024, 8, 2, tzinfo=timezone.utc))
    pdf.set_title("Demo: PD-1 inhibitor rechallenge plus chemotherapy (invented study)")
    pdf.set_author("Invented for demonstration")
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for number, line in enumerate(lines):
        if not line.strip():
            pdf.ln(3)
            continue
        bold = number == TITLE_LINE or line in ("Abstract",)
        pdf.set_font("Helvetica", style="B" if bold else "", size=13 if number == TITLE_LINE else 10)
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(target))


if __name__ == "__main__":
    build()
    print(f"wrote {TARGET}")

"""PDFs of one text in many journal layouts give the facts of the same text read as .txt.

The PDFs are typeset at test time by ``pdf_layouts`` (fpdf2); the texts are our own
invented reports, and, in the slow test, a sample of the development abstracts.
"""
from __future__ import annotations

from pathlib import Path

import pytest

import pdf_layouts
from pipeline.extract import extract_document, visible_text
from pipeline.readers import read_document
from pipeline.readers.pdf import join_lines, vocabulary
from pipeline.types import HIDDEN_SECTIONS, Document

pytest.importorskip("fpdf", reason="fpdf2 (dev extra) is needed to build the PDFs")
pytestmark = pytest.mark.skipif(
    not (pdf_layouts.FONT.exists() and pdf_layouts.BOLD_FONT.exists()),
    reason=f"{pdf_layouts.FONT} and its bold face (Unicode fonts for ≥ and –) are not installed")

DEV_ABSTRACTS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "dev_abstracts"
#: Every this-many-th development abstract (sorted by name) makes the slow test's sample.
SAMPLE_STEP = 10

#: Invented reports (no sentence is taken from a paper): a title line, then paragraphs.
TEXTS = {
    "single_arm": """Retreatment with a PD-1 antibody after progression on first-line immunotherapy
Background
Whether a second course of checkpoint blockade helps patients whose melanoma progressed after an earlier response remains uncertain.
Methods
We enrolled 64 adults with unresectable melanoma who had stopped anti-PD-1 therapy at least twelve weeks earlier and later progressed. All received a second-line course of the same antibody every three weeks.
Results
The objective response rate was 23.4% (95% CI 13.8-35.7) and the disease control rate was 51.6%. Median progression-free survival was 4.2 months (95% CI 2.9-5.8) and median overall survival was 17.9 months. Grade 3 or higher treatment-related adverse events occurred in 14.1% of patients.
Conclusions
A second course of PD-1 blockade produced durable responses in a minority of patients and was tolerable.
""",
    "two_arm": """A randomised comparison of an immunotherapy doublet with chemotherapy-alone treatment in pretreated lung cancer
In this open-label trial, 212 patients with non-small cell lung cancer that progressed after platinum doublet and PD-L1 blockade were assigned to the immunotherapy doublet (n = 106) or to docetaxel (n = 106).
Median overall survival was 11.8 months with the doublet vs. 9.6 months with docetaxel (hazard ratio 0.79, 95% CI 0.61-1.02). Median progression-free survival was 5.5 months versus 3.9 months (HR 0.70, 95% CI 0.53-0.93).
The objective response rate was 18.9% with the doublet and 12.3% with docetaxel. Grade ≥3 treatment-related adverse events were reported in 31.1% and 42.5% of patients, respectively.
Interstitial pneumonitis, immune-mediated hepatitis and thyroiditis were the events that most often led to discontinuation in the doublet group.
""",
    "subgroups": """Outcomes of immune checkpoint inhibitor rechallenge by the reason for stopping the first course
We reviewed 150 patients with advanced urothelial carcinoma who received a second course of an immune checkpoint inhibitor between 2017 and 2023.
Among the 58 patients who had stopped the first course because of toxicity, the objective response rate on rechallenge was 36.2% and median progression-free survival was 6.1 months (95% CI 4.0-8.7).
Among the 92 patients who had stopped because of progression, the objective response rate was 9.8% and median progression-free survival was 2.3 months (95% CI 1.9-2.8); median overall survival was 8.4 months in this subgroup.
Recurrent grade 3-4 immune-related adverse events were seen in 12.0% of the whole cohort, most of them in patients with prior colitis.
""",
}

#: An invented reference list: its numbers ("2019;380:1-12", "n = 45") are no facts of the paper.
REFERENCES = [
    "Lindqvist A, Moreau P. Checkpoint blockade retreatment in n = 45 patients with melanoma. "
    "J Invented Med. 2019;380:1-12.",
    "Okafor C, Brandt H, Sato K. Median overall survival was 14.2 months in a pooled cohort of 210 patients. "
    "Invented Oncol Rep. 2021;12:233-41. doi:10.9999/ior.2021.233",
    "Vidal R, Chen L. Objective response rate of 31% after a second course of PD-1 antibody. "
    "Ann Invented Oncol. 2020;31(4):455-63.",
]


def _facts(doc: Document) -> set[tuple]:
    return {(f.endpoint, f.outcome, f.arm, f.subgroup, None if f.stat.value is None else round(f.stat.value, 2))
            for f in extract_document(doc)}


def _text_and_pdf(tmp_path: Path, text: pdf_layouts.Text, layout: pdf_layouts.Layout,
                  hyphenate: bool) -> tuple[Document, Document]:
    txt, pdf = tmp_path / "doc.txt", tmp_path / "doc.pdf"
    txt.write_text(text.plain(), encoding="utf-8")
    pdf.write_bytes(pdf_layouts.render(text, layout, hyphenate))
    return read_document(txt), read_document(pdf)


def _hidden_text(doc: Document) -> str:
    return " ".join(doc.text[s.start:s.end] for s in doc.sections if s.name in HIDDEN_SECTIONS)


LAYOUT_IDS = [layout.name for layout in pdf_layouts.LAYOUTS]
HYPHENATION = pytest.mark.parametrize("hyphenate", [False, True], ids=["no_hyphens", "hyphens"])


@pytest.mark.parametrize("name", sorted(TEXTS))
@pytest.mark.parametrize("layout", pdf_layouts.LAYOUTS, ids=LAYOUT_IDS)
@HYPHENATION
def test_layout_gives_the_text_facts(tmp_path: Path, name: str, layout: pdf_layouts.Layout,
                                     hyphenate: bool) -> None:
    text_doc, pdf_doc = _text_and_pdf(tmp_path, pdf_layouts.Text.parse(TEXTS[name]), layout, hyphenate)
    want = _facts(text_doc)
    assert len(want) >= 5  # the text itself must give facts, or the comparison says nothing
    assert _facts(pdf_doc) == want


@pytest.mark.slow
@pytest.mark.skipif(not DEV_ABSTRACTS.is_dir(), reason=f"development abstracts not found at {DEV_ABSTRACTS}")
@pytest.mark.parametrize("layout", pdf_layouts.LAYOUTS, ids=LAYOUT_IDS)
@HYPHENATION
def test_layout_gives_the_facts_of_sampled_dev_abstracts(tmp_path: Path, layout: pdf_layouts.Layout,
                                                         hyphenate: bool) -> None:
    found = missing = extra = 0
    for path in sorted(DEV_ABSTRACTS.glob("*.txt"))[::SAMPLE_STEP]:
        text = pdf_layouts.Text.parse(visible_text(read_document(path)))
        text_doc, pdf_doc = _text_and_pdf(tmp_path, text, layout, hyphenate)
        want, got = _facts(text_doc), _facts(pdf_doc)
        found += len(want & got)
        missing += len(want - got)
        extra += len(got - want)
    assert found and missing <= 0.02 * (found + missing) and extra <= 0.02 * (found + missing)


@pytest.mark.parametrize("headed", [True, False], ids=["references_heading", "no_heading"])
@pytest.mark.parametrize("layout", [lay for lay in pdf_layouts.LAYOUTS if lay.name in ("single_ragged",
                                                                                    "two_column_abstract_box")],
                         ids=lambda lay: lay.name)
def test_front_matter_and_references_are_hidden(tmp_path: Path, layout: pdf_layouts.Layout, headed: bool) -> None:
    text = pdf_layouts.Text.parse(TEXTS["single_arm"])
    text.references, text.references_heading = REFERENCES, headed
    text_doc, pdf_doc = _text_and_pdf(tmp_path, text, layout, hyphenate=False)
    hidden = " ".join(_hidden_text(pdf_doc).split())
    for needle in ("2019;380:1-12", "n = 45 patients", "Invented Oncol Rep. 2021;12:233-41"):
        assert needle in hidden
    if layout.front_matter:
        assert "Ana B. Ruiz, Tom Ng and Lea Moreau" in hidden
        assert "Riverside University Hospital, 4021 Springfield" in hidden
    facts = _facts(pdf_doc)
    assert facts == _facts(read_document(_plain_without_references(tmp_path, text)))
    assert not {f for f in facts if f[4] in (45.0, 380.0, 14.2, 210.0, 31.0, 2019.0)}


def _plain_without_references(tmp_path: Path, text: pdf_layouts.Text) -> Path:
    path = tmp_path / "body.txt"
    path.write_text(pdf_layouts.Text(text.title, text.paragraphs).plain(), encoding="utf-8")
    return path


@pytest.mark.parametrize(("lines", "expected"), [
    (["treated with chemotherapy-", "alone regimens"], "treated with chemotherapy-alone regimens"),
    (["an objective re-", "sponse in nine"], "an objective response in nine"),
    (["as second-", "line treatment"], "as second-line treatment"),
    (["anti-PD-", "1 antibodies"], "anti-PD-1 antibodies"),
    (["median progres-", "sion-free survival"], "median progression-free survival"),
    (["the intention-", "to-treat population"], "the intention-to-treat population"),
    (["the intention-to-", "treat population"], "the intention-to-treat population"),
    (["lenvatinib-", "and sorafenib-treated"], "lenvatinib- and sorafenib-treated"),
])
def test_line_end_hyphen_is_undone_only_inside_a_word(lines: list[str], expected: str) -> None:
    vocab = vocabulary(lines + ["given alone or as a single agent"])
    assert join_lines(lines, vocab)[0] == expected


@pytest.mark.parametrize(("word", "breaks"), [
    ("chemotherapy", ["che", "chemothe"]),
    ("progression", ["pro", "progres"]),
    ("PD-1", []),
    ("alone", []),
])
def test_syllable_breaks(word: str, breaks: list[str]) -> None:
    assert [word[:i] for i in pdf_layouts.syllable_breaks(word)] == breaks

"""report.html: every fact's raw is highlighted at its offsets, page labels sit at page starts, and the
page is self-contained (no address outside it)."""
from html.parser import HTMLParser

import pandas as pd
import pytest

from pipeline.export.report import DocumentText, marked_text, render_report
from pipeline.schema import DOCUMENTS_COLUMNS, RESULTS_COLUMNS

TEXT = "Rechallenge in 40 patients.\nORR was 30% and median OS 11.5 months (95% CI 8.1-14.0).\n"


class _Marks(HTMLParser):
    """(data-facts, text) of every mark, and every src/href."""

    def __init__(self):
        super().__init__()
        self.marks, self.links, self._open = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.links += [attrs[k] for k in ("src", "href") if k in attrs]
        if tag == "mark":
            self._open = [attrs["data-facts"], ""]

    def handle_data(self, data):
        if self._open is not None:
            self._open[1] += data

    def handle_endtag(self, tag):
        if tag == "mark":
            self.marks.append(tuple(self._open))
            self._open = None


def _fact(endpoint: str, raw: str, **extra) -> dict:
    start = TEXT.index(raw)
    return {**{c: "" for c in RESULTS_COLUMNS}, "doc_id": "d", "endpoint": endpoint, "raw": raw, "start": str(start),
            "end": str(start + len(raw)), "review": "false", "not_reached": "false", **extra}


def _page(facts, pages=()):
    results = pd.DataFrame(facts, columns=list(RESULTS_COLUMNS), dtype=str)
    documents = pd.DataFrame([{c: "" for c in DOCUMENTS_COLUMNS} | {"doc_id": "d", "status": "ok"}], dtype=str)
    return render_report(results, documents, {"d": DocumentText(text=TEXT, pages=pages)})


def test_every_fact_is_highlighted_at_its_offsets_and_the_page_is_self_contained():
    facts = [_fact("n", "40"), _fact("orr", "30%", review="true"), _fact("os_median", "11.5")]
    parser = _Marks()
    parser.feed(_page(facts))
    assert parser.marks == [("f0", "40"), ("f1", "30%"), ("f2", "11.5")]
    assert parser.links == []


@pytest.mark.parametrize("spans, expected", [
    ([(0, 4, "n", 0), (2, 6, "orr", 1)], '<mark class="e-n" id="m0" data-facts="f0 f1" title="n">abcd</mark>ef'),
    ([(4, 6, "hr", 3)], 'abcd<mark class="e-hr" id="m3" data-facts="f3" title="hr">ef</mark>'),
    ([], "a&lt;b"),
])
def test_marked_text_joins_overlapping_spans_and_escapes(spans, expected):
    text = "a<b" if not spans else "abcdef"
    assert marked_text(text, spans) == expected


def test_page_labels_are_placed_at_page_starts():
    out = marked_text("first page second page", [(11, 17, "n", 0)], pages=((1, 0), (2, 11)))
    assert out.index("page 2") < out.index("<mark") and out.startswith('<span class="page">page 1</span>')


def test_report_command_says_what_is_missing(tmp_path, capsys):
    from pipeline.cli import main

    assert main(["report", str(tmp_path), "--papers", str(tmp_path)]) == 2
    assert "not a run folder" in capsys.readouterr().err

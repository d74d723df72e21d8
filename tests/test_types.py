"""Document records: spans checked against the text, pages counted by number."""
from __future__ import annotations

import pytest

from pipeline.types import Document, Page


def test_regression_page_spans_were_counted_as_pages() -> None:
    """A page whose floats follow the paragraph left open on the next page comes in two spans; documents.csv
    and the bench counted 217 "pages" for 111 PDF pages."""
    text = "page one text. page two text. page one's table."
    doc = Document(doc_id="d", text=text, pages=(Page(number=1, start=0, end=14), Page(number=2, start=15, end=29),
                                                 Page(number=1, start=30, end=len(text))))
    assert doc.page_count == 2


def test_a_span_outside_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="outside text"):
        Document(doc_id="d", text="short", pages=(Page(number=1, start=0, end=99),))

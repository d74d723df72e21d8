"""diff.html (pipeline/export/diff_page.py): sentences with the value marked, rows carrying their filters."""
import pytest

from pipeline.export.diff_page import highlighted, render_diff_page
from pipeline.diff import Change


@pytest.mark.parametrize("sentence, raw, expected", [
    ("ORR was 30% in arm A", "30%", "ORR was <mark>30%</mark> in arm A"),
    ("HR 0.5 (0.5-0.9)", "0.5", "HR <mark>0.5</mark> (0.5-0.9)"),  # the first occurrence
    ("a <b> & c 12", "12", "a &lt;b&gt; &amp; c <mark>12</mark>"),
    ("no value here", "7.1", "no value here"),
    ("", "3", ""),
])
def test_highlighted(sentence: str, raw: str, expected: str) -> None:
    assert highlighted(sentence, raw) == expected


def _row(**cells: str) -> dict[str, str]:
    base = dict.fromkeys(("doc_id", "study", "arm", "subgroup", "endpoint", "outcome", "value", "ci_low", "ci_high",
                          "p_value", "not_reached", "raw", "sentence", "start"), "")
    return base | {"not_reached": "false"} | cells


def test_every_change_but_unchanged_is_a_row_with_its_filters() -> None:
    a = _row(doc_id="d", endpoint="orr", value="30", raw="30%", sentence="ORR 30%", start="4", arm="A")
    b = a | {"value": "31", "raw": "31%", "sentence": "ORR 31%"}
    page = render_diff_page([Change(kind="changed", before=a, after=b, fields=("value", "raw"), gold="fixed"), Change(kind="unchanged", before=a, after=a)],
                            "runs/a", "runs/b")
    assert page.count('<tr id="c') == 1
    assert 'data-kind="changed" data-effect="fixed" data-endpoint="orr"' in page
    assert "ORR <mark>30%</mark>" in page and "ORR <mark>31%</mark>" in page and "changed: value, raw" in page
    assert "<script>" in page and "http" not in page  # self-contained

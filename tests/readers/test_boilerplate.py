"""Boilerplate rules: each hides its example lines and leaves body sentences visible."""
from __future__ import annotations

import time

import pytest

from pipeline.readers import boilerplate
from pipeline.readers.boilerplate import HEAD_CHARS, RULES, scan

EXAMPLES = [(rule.name, example) for rule in RULES for example in rule.examples]


@pytest.mark.parametrize(("rule", "line"), EXAMPLES)
def test_rule_hides_its_example_line(rule: str, line: str) -> None:
    spans, _ = scan(line)
    assert [name for _, _, name in spans] == [rule] * len(spans)
    if rule == "citation_export_header":
        return  # its title value stays visible, tested below
    assert (spans[0][0], spans[-1][1]) == (0, len(line))


@pytest.mark.parametrize("line", [
    "The median PFS was 5.1 months (95% CI 3.2-7.0) in the rechallenge group.",
    "Received treatment was continued until progression or unacceptable toxicity.",
    "Volume of distribution was not measured in this cohort.",
    "14 patients at the University Hospital of Lakeside received nivolumab.",
    "Funding sources had no role in the design of the study.",
    "Results: the ORR was 20.0% (4/20) and the DCR was 65.0%.",
    "Keywords used in the search included PD-1 and rechallenge.",
    "Correspondence analysis showed no clustering by tumor type.",
    "Copying the first-line regimen, 12 patients were retreated.",
    "Review of the charts found 31 eligible patients.",
    "Taxonomy of resistance: primary, acquired and adaptive.",
    "Click-through rates are not relevant to this analysis.",
    "Tumor response was assessed every 6 weeks (RECIST 1.1).",
    "Smith J, Roe M: the ORR was 30% in 20 patients treated at the Cancer Center.",
    "In the review by Lee et al., median OS was 11.2 months (12).",
])
def test_body_sentence_stays_visible(line: str) -> None:
    assert scan(line)[0] == []


@pytest.mark.parametrize("line", [
    "What's Your Reaction?",
    "Tags: immunotherapyrechallengelung cancer",
    "Image Credits: Example Wire",
])
def test_news_footer_lines_are_hidden(line: str) -> None:
    assert scan("Body text.\n" + line + "\n")[0]


def test_citation_export_header_keeps_the_title_visible() -> None:
    text = ("AUTHOR=Roe Max , Doe Ann TITLE=Rechallenge with drug X in cancer Y: a cohort JOURNAL=Demo J "
            "YEAR=2024 DOI=10.0000/demo ABSTRACT=BackgroundSome text.")
    spans, titles = scan(text)
    assert [text[a:b] for a, b in titles] == ["Rechallenge with drug X in cancer Y: a cohort"]
    hidden = "".join(text[a:b] for a, b, _ in spans)
    assert "Rechallenge with" not in hidden
    assert hidden.startswith("AUTHOR=") and hidden.endswith("ABSTRACT=")


def test_rules_only_match_at_line_start() -> None:
    line = "The patients were followed up. Copyright rules did not apply to the data we used."
    assert scan(line)[0] == []


def test_head_only_rule_is_ignored_past_the_head() -> None:
    byline = "Maria Lopez, Tom Ng"
    assert scan(byline)[0]
    late = "x" * (HEAD_CHARS + 10) + "\n" + byline
    assert scan(late)[0] == []


def test_hidden_span_of_crlf_line_excludes_the_carriage_return() -> None:
    text = "Keywords: a, b\r\nBody sentence with 5.0 months.\r\n"
    (start, end, _), = scan(text)[0]
    assert text[start:end] == "Keywords: a, b"


@pytest.mark.parametrize("text", [
    "AUTHOR=" + "word " * 400_000,
    "  • 1" + "Alpha " * 300_000,
    "Ana  LopezAna Lopez1" * 50_000,
    "x" * 2_000_000 + "[…",
])
def test_pathological_lines_scan_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    boilerplate.scan(text)
    assert time.perf_counter() - start < 5

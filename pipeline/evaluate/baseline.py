"""A deliberately naive extractor, scored beside the real pipeline as a floor.

For each endpoint keyword in a sentence (sentences split crudely at ". "), the
first number after the keyword is the value; ``n`` takes the number right
before "patients" ("83 patients"), since that is how cohort sizes read. No
arms, subgroups, studies, units or CIs: every fact is about the whole cohort.
"""
from __future__ import annotations

import re
from typing import Iterator

from pipeline.schema import UNITS
from pipeline.types import Fact, Statistic

_NUMBER = r"\d+(?:\.\d+)?"

#: endpoint -> keyword pattern; the value is the first number after the keyword.
KEYWORDS: dict[str, str] = {
    "orr": r"\bORR\b|(?i:objective response rate)",
    "dcr": r"\bDCR\b|(?i:disease control rate)",
    "pfs_median": r"\bPFS\b|(?i:progression[- ]free survival)",
    "os_median": r"\bOS\b|(?i:overall survival)",
    "hr": r"\bHR\b|(?i:hazard ratio)",
    "trae_grade3": r"(?i:grade\s*(?:[≥⩾]|>=)?\s*3\b.{0,60}?(?:adverse events|AEs?\b|TRAEs?\b))",
}
_FIRST_NUMBER_AFTER = {endpoint: re.compile(rf"(?:{keyword})\D*?({_NUMBER})") for endpoint, keyword in KEYWORDS.items()}
_PATIENTS = re.compile(r"\b(\d+)\s+patients\b", re.IGNORECASE)
#: An HR's outcome is whichever survival the sentence names first.
_HR_OUTCOME = (("pfs", re.compile(KEYWORDS["pfs_median"])), ("os", re.compile(KEYWORDS["os_median"])))
#: A sentence ends at a line break, or at ". " (also "!", "?") before a capital, except after "vs." and the like.
_SENTENCE_END = re.compile(
    r"(?<![Vv]s\.)(?<!\bal\.)(?<!\bFig\.)(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+(?=[A-Z\[(])|\s*\n\s*"
)


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """Crude sentences: ``(start, end)`` runs of ``text`` split after ". " and at line breaks (see _SENTENCE_END)."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.start() > start:
            yield start, boundary.start()
        start = boundary.end()
    if start < len(text):
        yield start, len(text)


def _hr_outcome(sentence: str) -> str:
    found = [(m.start(), outcome) for outcome, pattern in _HR_OUTCOME for m in [pattern.search(sentence)] if m]
    return min(found)[1] if found else "other"


def _values(sentence: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(endpoint, match whose group 1 is the number) for each endpoint found in the sentence."""
    for endpoint, pattern in _FIRST_NUMBER_AFTER.items():
        found = pattern.search(sentence)
        if found:
            yield endpoint, found
    for found in _PATIENTS.finditer(sentence):
        yield "n", found


def baseline_facts(doc_id: str, text: str) -> list[Fact]:
    """The naive facts of one document (each endpoint/outcome/value once, at its first mention)."""
    facts: list[Fact] = []
    seen: set[tuple[str, str | None, float]] = set()
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        for endpoint, found in _values(sentence):
            value = float(found.group(1))
            outcome = _hr_outcome(sentence) if endpoint == "hr" else None
            if (endpoint, outcome, value) in seen:
                continue
            seen.add((endpoint, outcome, value))
            offset = start + found.start(1)
            stat = Statistic(raw=found.group(1), start=offset, end=start + found.end(1), value=value, unit=UNITS[endpoint])
            facts.append(Fact(doc_id=doc_id, endpoint=endpoint, stat=stat, outcome=outcome,
                              sentence=sentence.strip(), extractor="baseline"))
    return sorted(facts, key=lambda f: f.stat.start)

"""Cohort sizes: "a total of 154 patients", "83 AGC patients", "Eighty-five AGC patients", "(n=48)", "Among them, 65 received"."""
from __future__ import annotations

import regex

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import _NUMBER_WORD, words_to_int
from pipeline.types import Statistic

_PATIENT_NOUN = r"(?:patients|participants|subjects|cases|individuals|people|women|men|adults|children)"
# modifiers between the number and the noun: "AGC", "R/M CC", "advanced NSCLC", "consecutive eligible"
_MODIFIER = r"(?:(?!(?:of|with|from|in|and|or|to|the|who|had|were|was|studies|trials|months?|years?|cycles?|doses?)\b)\p{L}[\w/+-]*\s+)"

#: "154 patients", "83 AGC patients", "Eighty-five AGC patients", "2,100 NSCLC patients"
N_PATIENTS = regex.compile(
    rf"(?<![\d.,/%-])\b(?P<n>\d{{1,3}}(?:,\d{{3}})+|\d+|{_NUMBER_WORD})\s+{_MODIFIER}{{0,4}}?{_PATIENT_NOUN}\b", regex.I
)
#: "65 received apatinib", "and 89 did not receive", "34 patients were treated with chemotherapy"
N_RECEIVED = regex.compile(
    r"(?<![\d.,/%-])\b(?P<n>\d+)\s+(?:patients\s+)?(?:received|were\s+treated|underwent|were\s+given|were\s+assigned"
    r"|did\s+not\s+receive|were\s+enrolled|were\s+included)\b",
    regex.I,
)
#: "2 of 5 patients": neither number is a cohort size
_OF_COUNT = regex.compile(r"\d\s*(?:of|out\s+of)\s*$", regex.I)
#: "between 2020 and 2024 were included": a year, not a cohort
_YEAR = regex.compile(r"(?:19[5-9]\d|20\d\d)\b")
#: "26 patients (78.8%)": a count with its share of a cohort, not a cohort
_SHARE_AFTER = regex.compile(r"^\s*\(\s*\d+(?:\.\d+)?\s*%")


def _is_excluded(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 12) : start]
    return bool(
        _OF_COUNT.search(before)  # "2 of 5 patients"
        or regex.search(r"[<>≤≥]\s*$", before)  # "≥75 patients" is a threshold
        or _SHARE_AFTER.match(sentence[end : end + 12])  # "26 patients (78.8%)"
        or _YEAR.match(sentence, start) and regex.search(r"(?:and|to|between|in|since|from|until|[-–])\s*$", before)
    )


@register("cohort_size")
def cohort_sizes(ctx: SentenceContext) -> list[Finding]:
    s = ctx.sentence
    found: dict[int, Finding] = {}
    for pattern in (N_PATIENTS, N_RECEIVED):
        for m in pattern.finditer(s, timeout=2.0):
            a, b = m.span("n")
            if a in found or _is_excluded(s, a, m.end()):
                continue
            value = words_to_int(m.group("n"))
            if not value:
                continue
            stat = Statistic(m.group("n"), ctx.start + a, ctx.start + b, float(value), "patients")
            found[a] = Finding("n", stat, "cohort_size")
    for v in ctx.values:
        if v.kind == "n" and (v.stat.start - ctx.start) not in found:
            found[v.stat.start - ctx.start] = Finding("n", v.stat, "cohort_size")
    return [found[k] for k in sorted(found)]

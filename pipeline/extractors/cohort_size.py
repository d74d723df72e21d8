"""Cohort sizes: "a total of 154 patients", "83 AGC patients", "Eighty-five AGC patients", "(n=48)", "Among them, 65 received"."""
from __future__ import annotations

from dataclasses import replace

import regex

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import _NUMBER_WORD, words_to_int
from pipeline.types import Statistic

_PATIENT_NOUN = r"(?:patients|participants|subjects|cases|individuals|people|women|men|adults|children)"
# modifiers between the number and the noun: "AGC", "R/M CC", "advanced NSCLC", "consecutive eligible"
_MODIFIER = r"(?:(?!(?:of|with|from|in|and|or|to|the|who|had|were|was|studies|trials|months?|years?|cycles?|doses?)\b)\p{L}[\w/+-]*\s+)"

#: "154 patients", "83 AGC patients", "Eighty-five AGC patients", "2,100 NSCLC patients"
#: Larger counts are not cohort sizes (identifiers, garbled digits); they must not reach a float either.
MAX_COHORT = 10_000_000
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
#: A number that names something rather than counts patients: "Figure 5 Patients'", "codon 13 patients",
#: "cycle 9 for patients", "grade 3 nail change (N = 1)"
_LABEL_BEFORE = regex.compile(r"\b(?:fig(?:ure)?s?\.?|tables?|codons?|cycles?|days?|weeks?|months?|years?|grades?|stages?"
                              r"|steps?|lines?|versions?|phases?|exons?|chromosomes?|arms?|groups?|cohorts?|studies|study"
                              r"|trials?|level|type|class|schedule|dose|visit|model|criteria|CR|PR|SD|PD|NE)\s*[,:]?\s*$", regex.I)
#: What the patients counted did, when it is an event and not a cohort: "31 patients had progressed",
#: "four cases with grade 3", "15 subjects who experienced progressive disease", "4 patients were ineligible"
_EVENT_AFTER = regex.compile(
    r"^\W{0,3}(?:\([^)]{0,20}\)\s*)?(?:(?:in|of)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:arm|group)\s+)?"
    r"(?:(?:who|that)\s+(?:had\s+)?(?:also\s+)?)?(?:had\s+|have\s+|with\s+(?:grade|a\s+|an\s+|CR|PR|SD|PD|progress"
    r"|disease\s+progression|toxicit|adverse)|(?:were|was|did)\s+(?:not|ineligible|excluded|lost|withdrawn|still|alive|dead"
    r"|censored|free)|experienced|developed|died|achieved|responded|showed|discontinued|required|needed|withdrew"
    r"|progressed|relapsed|recurred|suffered|presented)",
    regex.I)
#: "between 2020 and 2024 were included": a year, not a cohort
_YEAR = regex.compile(r"(?:19[5-9]\d|20\d\d)\b")
#: "26 patients (78.8%)": a count with its share of a cohort, not a cohort
_SHARE_AFTER = regex.compile(r"^\s*\(\s*\d+(?:\.\d+)?\s*%")


#: Words that make what follows the study population, whatever it did: "we analyzed 83 patients who progressed".
_POPULATION_BEFORE = regex.compile(
    r"\b(?:analy[sz]ed|included|enrolled|identified|reviewed|studied|evaluated|recruited|comprised|involved|consisted\s+of"
    r"|a\s+total\s+of|in\s+total|there\s+were|we\s+(?:retrospectively\s+|prospectively\s+)?\w+)\s*$", regex.I)


def _is_excluded(sentence: str, start: int, end: int) -> bool:
    before = sentence[max(0, start - 12) : start]
    population = _POPULATION_BEFORE.search(sentence[max(0, start - 40) : start])
    return bool(
        _OF_COUNT.search(before)  # "2 of 5 patients"
        or _LABEL_BEFORE.search(sentence[max(0, start - 16) : start])
        or (not population and _EVENT_AFTER.match(sentence[end : end + 60]))
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
            if not value or value > MAX_COHORT:
                continue
            stat = Statistic(m.group("n"), ctx.start + a, ctx.start + b, float(value), "patients")
            found[a] = Finding("n", stat, "cohort_size")
    for v in ctx.values:
        a = v.stat.start - ctx.start
        if v.kind == "n" and a not in found and not _LABEL_BEFORE.search(s[max(0, a - 16):a]):
            found[a] = Finding("n", v.stat, "cohort_size")
    # each size is its own statement, not a comparison: one group each
    return [replace(found[k], group=i) for i, k in enumerate(sorted(found))]

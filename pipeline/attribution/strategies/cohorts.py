"""Cohort sizes named with their group.

- ``n:received``: "49 patients received immunotherapy rechallenge" -> 49 is the rechallenge arm's size;
  "240 were randomised to A (n = 120) or B (n = 120)" -> 240 is the whole cohort's.
- ``n:label``: "PD-1 inhibitor monotherapy, n = 20", "the combination group (n=65)", "CPS >= 1 (n = 40)",
  "drug Q (200 mg daily; 53 patients)" -> the group named right before the size.
- ``n:in``: "49 participants in the vaccine arm and 47 participants in the placebo arm" -> each size takes the
  group named after it, joined to it by a word ("in", "with", "receiving"), before the next value.
- ``n:analysis-set``: "57 patients were enrolled and 56 were evaluable for efficacy" -> 56 is the size of the
  analysis set its clause goes on to name (``subgroup:analysis-set``).
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.frame import name_of
from pipeline.attribution.mentions import Kind
from pipeline.attribution.rules import rule
from pipeline.attribution.strategies.base import Labels, View
from pipeline.attribution.strategies.near import named_after
from pipeline.extractors.base import Finding

NAME_RECEIVED = "n:received"
NAME_LABEL = "n:label"
NAME_IN = "n:in"
NAME_ANALYSIS_SET = "n:analysis-set"
#: What may stand between a group's name and its size: "X (n = 38", "X, n=38", "X: 38", and a bracket that
#: describes the group before its size: "ESHAP (etoposide, cisplatin and cytarabine; 53 patients)".
_LABEL_GAP = regex.compile(r"^(?:[\s(\[,:;]*(?:[nN]\s*=\s*)?|\s*\((?:[^()]|\([^()]*\))*?;\s*)$")
#: A treatment followed by its alternative: "326 were randomised to A (n = 163) or B" -> 326 is everyone's;
#: an alternative with a count of its own is a parallel clause: "47 were treated with A versus 41 treated with B".
_ALTERNATIVE = regex.compile(r"\s*(?:\([^()]*\)\s*)?,?\s*(?:or|versus|vs\.?)\s(?!\s*\d)", regex.I)
#: A size's group is joined to it by a word: "40 patients in the X arm", not "1856 ICI hepatitis patients".
_COUNT_JOIN = regex.compile(r"\b(?:in|with|of|for|among|on|receiving|treated|to|from)\b", regex.I)
#: What may stand between a size and the analysis set it is the subject of: "56 (98%) patients were".
_SUBJECT_GAP = regex.compile(r"^\s*(?:\([^()]*\)\s*)?(?:(?:patients|pts\.?|subjects|participants|cases)\s*)?(?:\([^()]*\)\s*)?$", regex.I)


def received(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.ARM or len(group) != 1 or group[0].endpoint != "n":
        return None
    at = group[0].stat.start
    for m in rule("frame:received").finditer(view.text, view.start, view.end):
        if not m.start("n") <= at < m.end("n"):
            continue
        if _ALTERNATIVE.match(view.text, m.end("arm")):
            return [""]  # randomised to A or B: the size is the whole cohort's
        name = name_of(m.group("arm"))
        arm = view.frame.arm_named(name) if name else None
        if arm is None and m.group("paren"):
            arm = next((a for part in m.group("paren").split(";") for a in [view.frame.arm_named(part)] if a), None)
        if arm is not None:
            return [arm.name]
    return None


def label(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if len(group) != 1 or group[0].endpoint != "n":
        return None
    at = group[0].stat.start
    before = [m for m in view.of(kind) if m.end <= at and _LABEL_GAP.match(view.text[m.end:at])]
    return [before[-1].label] if before else None


def in_group(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if group[0].endpoint != "n":
        return None
    return named_after(group, view, kind, _COUNT_JOIN)


def analysis_set(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP or len(group) != 1 or group[0].endpoint != "n":
        return None
    f, sets = group[0], rule("subgroup:analysis-set")
    for m in sets.finditer(view.text, f.stat.end, view.clause(f.stat.end)[1]):
        if _SUBJECT_GAP.match(view.text[f.stat.end:m.start()]):
            named = [x for x in view.of(kind) if x.start == m.start(sets.group)]
            return [named[0].label] if named else None
    return None

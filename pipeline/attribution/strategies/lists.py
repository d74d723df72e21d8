"""Ordered lists of values aligned with the groups the sentence (or the frame) names.

- ``list:respectively``: "ORR was 31.7% in arm A versus 25.6% in arm B and DCR was 70.7% versus 56.4%,
  respectively" -> the DCRs take arm A and arm B, the groups named before them, in order; "ORR for frail and
  elderly patients was 22% and 18%, respectively" -> one subgroup mention names both.
- ``list:order``: "In the XI and XP treatment arms, ORR was 37.7% versus 42.0%"; "combination group
  achieved longer PFS (3.87 vs. 2.43 months) than anti-PD-1 alone" -> as many groups as values, in the
  order named (a reference introduced by "compared with" before the values goes last).
- ``list:complement``: "patients with PFS1 >= 6 months had better mOS (15.1 vs. 7.4 months)" -> the
  second value is the other level, "PFS1 < 6 months".
- ``list:frame``: "ORR (30.6% vs. 6.0%)" with no group named in the sentence, in a study whose frame has
  exactly that many arms -> the arms in the order the study first named them.
- ``list:pairs``: "median OS for A versus B was 8.1 versus 4.5 months for women, and 4.9 versus 3.8 months for
  men" -> the values come in "X versus Y" pairs: the two arms alternate (named before the first pair, or the
  frame's two), and each pair takes the subgroup named right after it (or, "in women, 8.1 vs 4.5 months; in
  men, ...", right before it), a pair with none the main analysis.
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.labels import complement as other_level
from pipeline.attribution.mentions import Kind
from pipeline.attribution.strategies.base import Labels, View, comparator_last, distinct
from pipeline.extractors.base import Finding

NAME_RESPECTIVELY = "list:respectively"
NAME_ORDER = "list:order"
NAME_COMPLEMENT = "list:complement"
NAME_FRAME = "list:frame"
NAME_PAIRS = "list:pairs"
_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
#: What separates the groups of one label: "frail and elderly", "BRAF, NRAS or NF1".
_LIST_PARTS = regex.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)\s*")
#: What joins the two values of a pair: "8.1 months (95% CI 6.2-10.4) versus 4.5 months".
_VERSUS = regex.compile(r"\b(?:versus|vs\.?|compared\s+(?:with|to))(?=\W)", regex.I)


def _region(group: Sequence[Finding], view: View) -> tuple[int, int]:
    """From the sentence start to the end of the clause holding the group's last value."""
    return view.start, view.clause(max(f.stat.end for f in group))[1]


def respectively(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    k = len(group)
    first = group[0].stat.start
    if k < 2 or not _RESPECTIVELY.search(view.text, first, view.end):
        return None
    before = distinct([m for m in view.of(kind) if m.end <= first])
    if len(before) < k:
        # "ORR for frail and elderly patients was 22% and 18%, respectively": one mention names the k groups
        parts = _LIST_PARTS.split(before[-1].label) if before and kind is Kind.SUBGROUP else []
        return parts if len(parts) == k and all(parts) else None
    return [m.label for m in comparator_last(before[-k:], first)]


def order(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    k = len(group)
    if k < 2:
        return None
    a, b = _region(group, view)
    named = distinct([m for m in view.of(kind) if a <= m.start and m.end <= b])
    if len(named) != k:
        return None
    return [m.label for m in comparator_last(named, group[0].stat.start)]


def complement(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP or len(group) != 2:
        return None
    a, b = _region(group, view)
    named = distinct([m for m in view.of(kind) if a <= m.start and m.end <= b])
    if len(named) != 1:
        return None
    other = other_level(named[0].label)
    return [named[0].label, other] if other else None


def frame(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    k = len(group)
    if kind is not Kind.ARM or k < 2 or k != len(view.frame) or view.of(Kind.ARM):
        return None
    a, b = _region(group, view)
    # "responders had an ORR of 38% versus 12% among non-responders": subgroups tell these values apart
    if len(distinct([m for m in view.of(Kind.SUBGROUP) if a <= m.start and m.end <= b])) >= k:
        return None
    return [arm.name for arm in view.frame.arms]


def _pairs(group: Sequence[Finding], view: View) -> list[tuple[Finding, Finding]] | None:
    """The group's values as "X versus Y" pairs, when they are: a "versus" inside each pair, none between pairs."""
    k = len(group)
    if k < 4 or k % 2:
        return None
    def joined(a: Finding, b: Finding) -> bool:
        return bool(_VERSUS.search(view.text, a.stat.end, b.stat.start))
    pairs = [(group[i], group[i + 1]) for i in range(0, k, 2)]
    if not all(joined(a, b) for a, b in pairs) or any(joined(pairs[i][1], pairs[i + 1][0]) for i in range(len(pairs) - 1)):
        return None
    return pairs


def pairs(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    found = _pairs(group, view)
    if found is None:
        return None
    if kind is Kind.ARM:
        named = distinct([m for m in view.of(kind) if m.end <= group[0].stat.start])
        arms = [m.label for m in comparator_last(named, group[0].stat.start)] if named else [a.name for a in view.frame.arms]
        return arms * len(found) if len(arms) == 2 else None
    labels = []
    ends = [b.stat.end for _, b in found]
    starts = [a.stat.start for a, _ in found]
    for i in range(len(found)):
        stop = starts[i + 1] if i + 1 < len(found) else view.clause(ends[i])[1]
        after = [m for m in view.of(kind) if ends[i] <= m.start and m.end <= stop]
        before = [m for m in view.of(kind) if (ends[i - 1] if i else view.start) <= m.start and m.end <= starts[i]]
        # a pair with no group named is the main analysis: "in the ITT population" names the whole cohort
        label = after[0].label if after else before[-1].label if before else ""
        labels += [label, label]
    return labels if len(set(labels)) > 1 else None

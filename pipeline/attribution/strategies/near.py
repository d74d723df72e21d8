"""The group named next to a value, within its clause (a clause ends at ";", ", whereas", ", while",
", but" or a sentence end: ``clause:end``).

- ``near:after``: "ORR was 49% in the XELIRI and 48% in the FOLFIRI arm"; "14.9 months with a PD-1
  inhibitor plus chemotherapy ... the 4.1 months with PD-1 inhibitor monotherapy" -> each value takes the
  group named after it, before the next value, when every value of the list has one.
- ``near:before``: "In the rechallenge group, the ORR was 30%"; "CPS >= 1 patients had a median OS of
  12 months" -> a single value takes the nearest group named before it in its clause.
- ``near:later``: "ORR 30% and DCR 75% in group A, ORR 25% and DCR 70% in group B" -> a single value
  with no group before it in its clause takes the first group named after it there, when no verb
  ("was", "had") starts a new statement in between.
- ``near:paren``: "associated with age >= 50 years (HR 2.90, 95% CI 1.24-6.78) and the presence of ascites
  (HR 2.86, ...)" -> each value takes the group named right before the parenthesis that holds it.
- ``near:shared``: "In patients with CPS >= 1, mPFS was 4.8 vs. 2.2 months" -> when one group of this kind is
  named for a list of values, it applies to all of them (they differ by the other kind).
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.mentions import Kind
from pipeline.attribution.rules import rule
from pipeline.attribution.strategies.base import Labels, View, distinct
from pipeline.extractors.base import Finding

NAME_AFTER = "near:after"
NAME_BEFORE = "near:before"
NAME_SHARED = "near:shared"
NAME_LATER = "near:later"
NAME_PAREN = "near:paren"
_NEW_STATEMENT = regex.compile(r"\b(?:was|were|is|are|had|has|have|showed|achieved|reached|experienced)\b", regex.I)


def named_after(group: Sequence[Finding], view: View, kind: Kind, join: regex.Pattern | None = None) -> Labels | None:
    """Each value's group named after it, before the next value, across a ``gap:after`` (holding ``join``, when
    given); None unless every value has its own."""
    labels, gap = [], rule("gap:after")
    for f in group:
        stop = min(view.next_value(f.stat.start), view.clause(f.stat.end)[1])
        found = [m for m in view.of(kind) if f.stat.end <= m.start < stop and gap.pattern.match(view.text, f.stat.end, m.start)
                 and (join is None or join.search(view.text, f.stat.end, m.start))]
        if not found:
            return None
        labels.append(found[0].label)
    if len(group) > 1 and len(set(labels)) < len(labels):
        return None
    return labels


def after(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    # a size's group after it is n:in's
    return None if group[0].endpoint == "n" else named_after(group, view, kind)


#: From a group's name to a value inside the parenthesis that follows it: "ascites (adjusted HR [aHR] 2.86".
_INTO_PAREN = regex.compile(r"^\s*[(\[](?:[^()\[\]]|\[[^\[\]]*\]|\([^()]*\))*$")


def paren(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    # a size in brackets is n:label's; a reference ("than the X group (HR 1.56)") is not the value's group
    if group[0].endpoint == "n":
        return None
    labels = []
    for f in group:
        found = [m for m in view.of(kind) if m.end <= f.stat.start and not m.comparator
                 and _INTO_PAREN.match(view.text[m.end:f.stat.start])
                 and not any(m.end <= s < f.stat.start for s in view.value_starts)]
        if not found:
            return None
        labels.append(found[-1].label)
    return labels


def before(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if len(group) != 1:
        return None
    f = group[0]
    a, _ = view.clause(f.stat.start)
    found = [m for m in view.of(kind) if a <= m.start and m.end <= f.stat.start]
    return [found[-1].label] if found else None


def shared(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if len(group) < 2:
        return None
    a, _ = view.clause(group[0].stat.start)
    _, b = view.clause(group[-1].stat.end)
    named = distinct([m for m in view.of(kind) if a <= m.start and m.end <= b])
    return [named[0].label] * len(group) if len(named) == 1 else None


def later(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    # a cohort size before its treatments is the whole cohort's: "551 patients received either A or B"
    if len(group) != 1 or group[0].endpoint == "n":
        return None
    f = group[0]
    _, b = view.clause(f.stat.end)
    found = [m for m in view.of(kind) if f.stat.end <= m.start < b]
    if not found or _NEW_STATEMENT.search(view.text, f.stat.end, found[0].start):
        return None
    return [found[0].label]

"""Cohort sizes named with their group.

- ``n:received``: "49 patients received immunotherapy rechallenge" -> 49 is the rechallenge arm's size.
- ``n:label``: "PD-1 inhibitor monotherapy, n = 20", "the combination group (n=65)", "CPS >= 1 (n = 40)"
  -> the group named right before the size.
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.frame import name_of
from pipeline.attribution.mentions import Kind
from pipeline.attribution.rules import rule
from pipeline.attribution.strategies.base import Labels, View
from pipeline.extractors.base import Finding

NAME_RECEIVED = "n:received"
NAME_LABEL = "n:label"
#: What may stand between a group's name and its size: "X (n = 38", "X, n=38", "X: 38".
_LABEL_GAP = regex.compile(r"^[\s(\[,:;]*(?:[nN]\s*=\s*)?$")


def received(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.ARM or len(group) != 1 or group[0].endpoint != "n":
        return None
    at = group[0].stat.start
    for m in rule("frame:received").finditer(view.text, view.start, view.end):
        if m.start("n") <= at < m.end("n"):
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

"""Table cells: a value's arm is its column's header, its subgroup the row's label.

    | Outcome | Rechallenge (n = 49) | Chemotherapy (n = 34) |
    |---|---|---|
    | ORR, % | 30.6 | 6.0 |              -> arms "Rechallenge", "Chemotherapy"
    | Age >= 65 years | 0.71 (0.5-1.0) | ...   -> subgroup "Age >= 65 years"
"""
from __future__ import annotations

from typing import Sequence

from pipeline.attribution.mentions import Kind
from pipeline.attribution.strategies.base import Labels, View
from pipeline.extractors.base import Finding

NAME_COLUMN = "table:column"
NAME_ROW = "table:row"


def column(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.ARM or not view.columns:
        return None
    labels = []
    for f in group:
        cell = next((arm for a, b, arm in view.columns if a <= f.stat.start < b), None)
        if cell is None:
            return None
        arm = view.frame.arm_named(cell)
        labels.append(arm.name if arm else cell)
    return labels


def row(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP:
        return None
    if all(f.label is not None for f in group):
        return [f.label or "" for f in group]
    if view.row_label:
        return [view.row_label] * len(group)
    return None

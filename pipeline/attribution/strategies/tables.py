"""Table cells: a value's arm is its column's header, its subgroup the row's label.

    | Outcome | Rechallenge (n = 49) | Chemotherapy (n = 34) |
    |---|---|---|
    | ORR, % | 30.6 | 6.0 |              -> arms "Rechallenge", "Chemotherapy"
    | Age >= 65 years | 0.71 (0.5-1.0) | ...   -> subgroup "Age >= 65 years"

A column whose header names no treatment is a subgroup, not an arm (``table:column-group``):

    | | Total | Low risk (n = 240) | High risk (n = 180) |
    | Median OS, months | 30.1 | 41.0 | 18.2 |     -> subgroups "Low risk", "High risk"; "Total" is the cohort
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.mentions import WHOLE, Kind
from pipeline.attribution.strategies.base import Labels, View
from pipeline.extractors.base import Finding

NAME_COLUMN = "table:column"
NAME_COLUMN_GROUP = "table:column-group"
NAME_ROW = "table:row"
#: A row that is the whole population, not a subgroup: "| All patients | 8.2 months | ...", "| Total |".
_WHOLE_ROW = regex.compile(r"(?:all|total|overall|entire|whole)(?:\s+(?:patients|population|cohort|cases|subjects|participants))?"
                           r"|(?:ITT|intention[- ]to[- ]treat)(?:\s+population)?", regex.I)
#: Column headers that name arms without naming a treatment: "Arm A", "Experimental", "Control".
_ARM_HEADER = regex.compile(r"^(?:(?:arm|group|cohort)\s+\w{1,3}|experimental|investigational|control|placebo)\b", regex.I)


def _headers(group: Sequence[Finding], view: View) -> list[str] | None:
    """Each value's column header, or None when a value is not in a headed column."""
    headers = [next((h for a, b, h in view.columns if a <= f.stat.start < b), None) for f in group]
    return None if any(h is None for h in headers) else headers  # type: ignore[return-value]


def _is_arm(header: str, view: View) -> bool:
    return view.frame.arm_named(header) is not None or view.frame.is_treatment(header) or bool(_ARM_HEADER.match(header))


def column(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.ARM or not view.columns:
        return None
    headers = _headers(group, view)
    if headers is None:
        return None
    labels = []
    for header in headers:
        arm = view.frame.arm_named(header)
        labels.append(arm.name if arm else header if _is_arm(header, view) else "")
    return labels


def column_group(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP or not view.columns:
        return None
    headers = _headers(group, view)
    if headers is None or all(_is_arm(h, view) for h in headers):
        return None
    return ["" if _is_arm(h, view) or WHOLE.match(h) else h for h in headers]


def row(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP:
        return None
    if all(f.label is not None for f in group):
        return ["" if not f.label or _WHOLE_ROW.fullmatch(f.label.strip()) else f.label for f in group]
    return None

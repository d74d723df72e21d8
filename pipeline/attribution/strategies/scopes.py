"""Labels that hold for a whole sentence or come from the study's design.

- ``scope:lead``: "In the CPS >= 1 subgroup, median OS was 12.0 vs 8.0 months" -> every value of the
  sentence is in that subgroup (``lead:subgroup``).
- ``scope:every-arm``: "Median PFS was 2.3 months in both arms (HR 1.00)" in a two-arm study -> the value is
  each arm's: one fact per arm (``every-arm``).
- ``hr:frame``: "the HR for death was 0.61 (95% CI 0.41-0.90)" in a two-arm study, with no group named:
  the HR compares the study's arms, and its arm is the experimental one, named first. Not a table's row: a
  table of HRs is as often one of prognostic factors ("| Sex (male vs female) | 1.11 |"), each row its own
  contrast.
"""
from __future__ import annotations

from typing import Sequence

import regex

from pipeline.attribution.mentions import Kind
from pipeline.attribution.rules import rule
from pipeline.attribution.strategies.base import Labels, View
from pipeline.extractors.base import Finding

NAME_LEAD = "scope:lead"
NAME_HR_FRAME = "hr:frame"
NAME_EVERY_ARM = "scope:every-arm"


def lead(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if kind is not Kind.SUBGROUP or view.lead is None:
        return None
    return [view.lead.label] * len(group)


def hr_frame(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    if (kind is not Kind.ARM or group[0].endpoint != "hr" or len(view.frame) < 2 or view.of(Kind.SUBGROUP)
            or group[0].extractor == "table_rows"):
        return None
    return [view.frame.arms[0].name] * len(group)


NAME_HR_NAMED = "hr:named"


def hr_named(group: Sequence[Finding], view: View, kind: Kind) -> Labels | None:
    """"the combination group had longer PFS than the monotherapy group (HR 0.52)" -> the HR's arm is the
    first arm its clause names that is not the reference ("than", "compared with")."""
    if kind is not Kind.ARM or group[0].endpoint != "hr" or len(group) != 1:
        return None
    a, b = view.clause(group[0].stat.start)
    named = [m for m in view.of(Kind.ARM) if a <= m.start and m.end <= b]
    leading = [m for m in named if not m.comparator] or named
    return [leading[0].label] if leading else None


#: What may stand between a value and "in both arms": its unit, "(95% CI ...)" -> "2.3 months for each arm".
_EVERY_ARM_GAP = regex.compile(r"^[\s\d.,%()\[\]–-]*(?:months?|mo|weeks?|days?|years?|patients?|pts|subjects)?[\s)\]]*$", regex.I)


def every_arm(group: Sequence[Finding], view: View) -> list[str] | None:
    """The two arms of the frame when the single value of ``group`` is stated, right after it, for each of
    them; else None. Not a hazard ratio: an HR compares the arms, it is not each arm's."""
    if len(group) != 1 or group[0].endpoint == "hr" or len(view.frame) != 2:
        return None
    f = group[0]
    m = next(rule("every-arm").finditer(view.text, f.stat.end, view.clause(f.stat.end)[1]), None)
    if m is None or not _EVERY_ARM_GAP.match(view.text[f.stat.end:m.start()]):
        return None
    return [arm.name for arm in view.frame.arms]

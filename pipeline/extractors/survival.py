"""Median PFS and OS: "median PFS was 5.8 months (95% CI: 4.1-7.2)", "4.57 vs. 2.20 months", "81 d", "not reached"."""
from __future__ import annotations

import regex

from pipeline.extractors.align import align
from pipeline.extractors.base import Finding, SentenceContext, findings_from_groups
from pipeline.extractors.cues import TIME, Cue
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import Value


#: A time written as an adjective ("2-year", "12-month", "2d") names a landmark or a schedule, not a median.
_ADJECTIVE_TIME = regex.compile(r"^\d+(?:-(?:years?|months?|yrs?|mos?|weeks?|wks?|days?)|d)$", regex.I)
#: A time point or span, not a median: "at 6 months", "after 12 weeks", "by 18 months", "followed for 5 years".
_TIME_POINT_BEFORE = regex.compile(r"\b(?:at|after|by|within|beyond|until|for)\s*$", regex.I)


#: How far before a value its time-point word may be.
_TIME_POINT_WINDOW = 12


def is_duration(value: Value, cue: Cue | None) -> bool:
    """Durations with a unit (or a unit shared along "x vs. y months") and "not reached"; not "2-year"."""
    if value.kind == "nr":
        return True
    return value.kind == "duration" and not _ADJECTIVE_TIME.match(value.stat.raw)


@register("survival_median")
def survival_medians(ctx: SentenceContext) -> list[Finding]:
    def median(value: Value, cue: Cue | None) -> bool:
        before = ctx.text[max(ctx.start, value.stat.start - _TIME_POINT_WINDOW) : value.stat.start]
        return is_duration(value, cue) and not _TIME_POINT_BEFORE.search(before)

    return findings_from_groups(align(ctx, TIME, median), "survival_median")

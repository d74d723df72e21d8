"""Median PFS and OS: "median PFS was 5.8 months (95% CI: 4.1-7.2)", "4.57 vs. 2.20 months", "81 d", "not reached"."""
from __future__ import annotations

from pipeline.extractors.align import align
from pipeline.extractors.base import Finding, SentenceContext, findings_from_groups
from pipeline.extractors.cues import TIME, Cue
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import Value


def is_duration(value: Value, cue: Cue | None) -> bool:
    """Durations with a unit (or a unit shared along "x vs. y months") and "not reached"."""
    return value.kind in ("duration", "nr")


@register("survival_median")
def survival_medians(ctx: SentenceContext) -> list[Finding]:
    return findings_from_groups(align(ctx, TIME, is_duration), "survival_median")

"""Grade >= 3 treatment-related adverse events: "Grade ≥3 TRAEs occurred in 26.5% ... versus 35.3%", "7/29"."""
from __future__ import annotations

from pipeline.extractors.align import align
from pipeline.extractors.base import Finding, SentenceContext, findings_from_groups
from pipeline.extractors.cues import RATE
from pipeline.extractors.registry import register
from pipeline.extractors.response_rates import is_rate


@register("adverse_events")
def grade3_adverse_events(ctx: SentenceContext) -> list[Finding]:
    groups = [(c, vs) for c, vs in align(ctx, RATE, is_rate) if c.endpoint == "trae_grade3"]
    return findings_from_groups(groups, "adverse_events")

"""Hazard ratios with outcome, CI and p: "HR: 0.46, 95% CI: 0.32-0.69; P < 0.001", "(hazard ratio, HR, 2.38; ...)"."""
from __future__ import annotations

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import TIME
from pipeline.extractors.registry import register

_OUTCOME = {"pfs_median": "pfs", "os_median": "os"}


def hr_outcome(ctx: SentenceContext, at: int) -> str:
    """The survival endpoint the HR is for: the latest PFS/OS cue before it, else the first after it, else other.

    A PFS1 blocker (a selection criterion) is not an outcome; a landmark blocker ("PFS rate") still names one.
    """
    time_cues = [c for c in ctx.cues if TIME in c.families and not c.endpoint.startswith("block:pfs1")]
    before = [c for c in time_cues if c.end <= at and c.endpoint in _OUTCOME]
    if before:
        return _OUTCOME[before[-1].endpoint]
    after = [c for c in time_cues if c.start >= at and c.endpoint in _OUTCOME]
    return _OUTCOME[after[0].endpoint] if after else "other"


@register("hazard_ratio")
def hazard_ratios(ctx: SentenceContext) -> list[Finding]:
    return [
        Finding("hr", v.stat, "hazard_ratio", hr_outcome(ctx, v.stat.start), None, i, 0, 1)
        for i, v in enumerate(x for x in ctx.values if x.kind == "hr")
    ]

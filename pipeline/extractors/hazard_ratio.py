"""Hazard ratios with outcome, CI and p: "HR: 0.46, 95% CI: 0.32-0.69; P < 0.001", "(hazard ratio, HR, 2.38; ...)"."""
from __future__ import annotations

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import TIME
from pipeline.extractors.registry import register

_OUTCOME = {"pfs_median": "pfs", "os_median": "os"}


def hr_outcome(ctx: SentenceContext, at: int) -> str:
    """The survival endpoint the HR is for: the latest time-to-event cue before it, else the first after it.

    PFS and OS cues give pfs/os; other times (RFS, DFS, CSS, TTP, ...) give other. A PFS1
    blocker is a selection criterion, not an outcome, and is skipped.
    """
    cues = [c for c in ctx.cues if TIME in c.families and c.endpoint != "block:pfs1" and c.endpoint != "block:landmark"]
    before = [c for c in cues if c.end <= at]
    chosen = before[-1] if before else next((c for c in cues if c.start >= at and not c.blocker), None)
    return _OUTCOME.get(chosen.endpoint, "other") if chosen else "other"


@register("hazard_ratio")
def hazard_ratios(ctx: SentenceContext) -> list[Finding]:
    return [
        Finding("hr", v.stat, "hazard_ratio", hr_outcome(ctx, v.stat.start), None, i, 0, 1)
        for i, v in enumerate(x for x in ctx.values if x.kind == "hr")
    ]

"""Hazard ratios with outcome, CI and p: "HR: 0.46, 95% CI: 0.32-0.69; P < 0.001", "(hazard ratio, HR, 2.38; ...)"."""
from __future__ import annotations

import regex

from pipeline.extractors.align import RESPECTIVELY
from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.cues import TIME
from pipeline.extractors.registry import register

_OUTCOME = {"pfs_median": "pfs", "os_median": "os"}


#: Outcome words when no PFS/OS cue is written: "risk of disease progression" -> pfs, "risk of death" -> os.
_OUTCOME_WORDS = ((regex.compile(r"\b(?:death|mortality|died|dying)\b", regex.I), "os"),
                  (regex.compile(r"\bprogression\b(?![- ]free)", regex.I), "pfs"))


def hr_outcome(ctx: SentenceContext, at: int) -> str:
    """The survival endpoint the HR is for: the latest time-to-event cue before it, else the first after it,
    else outcome words ("risk of progression" / "risk of death") before it.

    PFS and OS cues give pfs/os; other times (RFS, DFS, CSS, TTP, ...) give other. A PFS1
    blocker is a selection criterion, not an outcome, and is skipped.
    """
    cues = [c for c in ctx.cues if TIME in c.families and c.endpoint != "block:pfs1" and c.endpoint != "block:landmark"]
    before = [c for c in cues if c.end <= at]
    chosen = before[-1] if before else next((c for c in cues if c.start >= at and not c.blocker), None)
    if chosen:
        return _OUTCOME.get(chosen.endpoint, "other")
    words = [(m.start(), name) for pattern, name in _OUTCOME_WORDS for m in pattern.finditer(ctx.text, ctx.start, at)]
    return max(words)[1] if words else "other"


def _respectively_outcomes(ctx: SentenceContext, hrs: list) -> list[str] | None:
    """"shorter PFS and OS ... (HR = 1.83 ...) and (HR = 1.80 ...), respectively": one outcome per HR, in order."""
    if len(hrs) < 2 or not RESPECTIVELY.search(ctx.sentence):
        return None
    first = hrs[0].stat.start
    named = [_OUTCOME[c.endpoint] for c in ctx.cues if c.end <= first and c.endpoint in _OUTCOME]
    return named[-len(hrs):] if len(named) >= len(hrs) and len(set(named[-len(hrs):])) == len(hrs) else None


@register("hazard_ratio")
def hazard_ratios(ctx: SentenceContext) -> list[Finding]:
    hrs = [x for x in ctx.values if x.kind == "hr"]
    outcomes = _respectively_outcomes(ctx, hrs) or [hr_outcome(ctx, v.stat.start) for v in hrs]
    return [Finding("hr", v.stat, "hazard_ratio", o, None, i, 0, 1) for i, (v, o) in enumerate(zip(hrs, outcomes))]

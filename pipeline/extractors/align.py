"""The list aligner: which values of a sentence belong to which endpoint cue.

Rules, in order:
1. "A and B were x and y, respectively": a run of cues of one family followed by
   a multiple of their count of values splits the values into equal blocks.
2. Otherwise each value goes to the latest preceding cue of its family, unless a
   blocker of that family (follow-up, landmark rate, PFS1, ...) came between.
3. A rate with no cue before it may take the rate cue right after it
   ("a single case (7.1%) of grade 3 toxicity"), unless it is the second value of a comparison ("CR rate
   (8.6% vs. 4.9%), ORR ..."); a duration may not ("lasted 6 months had a longer median PFS").
A value more than ``MAX_GAP`` characters past its cue or previous value is left out.
"""
from __future__ import annotations

from typing import Callable

import regex

from pipeline.extractors.base import SentenceContext
from pipeline.extractors.cues import RATE, Cue
from pipeline.extractors.statistics import Value

MAX_GAP = 110
_FORWARD_GAP = 45
RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
#: The second value of a comparison ("8.6% vs. 4.9%") takes no cue from after it: its cue is the first's.
_CHAIN = regex.compile(r"^\s*(?:vs\.?|versus|and|or|to|,)\s*$", regex.I)

Group = tuple[Cue, tuple[Value, ...]]


def align(ctx: SentenceContext, family: str, accept: Callable[[Value, Cue | None], bool]) -> list[Group]:
    """Groups (cue, values in order) for one family of endpoints in a sentence."""
    cues = [c for c in ctx.cues if family in c.families]
    vals = [v for v in ctx.values if accept(v, None)]
    if not cues or not vals:
        return []
    if RESPECTIVELY.search(ctx.sentence):
        groups = _respectively(cues, vals, accept)
        if groups:
            return groups
    return _nearest(ctx, cues, vals, accept)


def _respectively(cues: list[Cue], vals: list[Value], accept) -> list[Group]:
    """Split the values after a run of >= 2 endpoint cues into one block per cue."""
    events = sorted([(c.start, "c", c) for c in cues if not c.blocker] + [(v.stat.start, "v", v) for v in vals],
                    key=lambda e: e[0])
    run: list[Cue] = []
    block: list[Value] = []
    for _, kind, item in events:
        if kind == "c":
            if block:
                break
            run.append(item)
        elif run:
            block.append(item)
    if len(run) < 2 or not block or len(block) % len(run):
        return []
    k = len(block) // len(run)
    groups = [(cue, tuple(block[i * k : (i + 1) * k])) for i, cue in enumerate(run)]
    if all(all(accept(v, cue) for v in vs) for cue, vs in groups):
        return groups
    return []


def _nearest(ctx: SentenceContext, cues: list[Cue], vals: list[Value], accept) -> list[Group]:
    groups: dict[int, list[Value]] = {}
    owner: dict[int, Cue] = {}
    for v in vals:
        before = [c for c in cues if c.end <= v.stat.start]
        cue = before[-1] if before else None
        if cue is None:
            after = [c for c in cues if c.start >= v.stat.end and not c.blocker]
            others = [w for w in vals if w is not v and v.stat.end <= w.stat.start < (after[0].start if after else 0)]
            chained = any(w.stat.end <= v.stat.start and _CHAIN.match(ctx.between(w.stat.end, v.stat.start))
                          for w in ctx.values if w is not v)
            if (after and not others and not chained and after[0].start - v.stat.end <= _FORWARD_GAP
                    and after[0].family == RATE):
                cue = after[0]
        if cue is None or cue.blocker or not accept(v, cue):
            continue
        members = groups.get(cue.start, [])
        last_end = members[-1].stat.end if members else cue.end
        if v.stat.start - last_end > MAX_GAP:
            continue
        groups[cue.start] = [*members, v]
        owner[cue.start] = cue
    return [(owner[k], tuple(vs)) for k, vs in sorted(groups.items())]

"""The list aligner: which values of a sentence belong to which endpoint cue.

Rules, in order:
1. Lists: a run of >= 2 cues ("median PFS and OS", "ORR, DCR and 1-year survival rate", blockers
   included: "the median time to failure and the median PFS") followed by a block of values splits
   the block: "x and y, respectively" gives one value per cue; "4.5 vs. 2.1 months and 12.0 vs. 5.0
   months, respectively" equal blocks in cue order; "20% and 61% in arm A and 18% and 55% in arm B"
   one value per cue in each arm's part. Without "respectively" only one plain value per cue
   ("PFS and OS were 5.0 and 12.0 months") or the per-arm parts ("12.5% and 60.0% vs 8.1% and
   41.9%"). A long form and its abbreviation ("overall survival (OS)") are one cue. Values that a
   blocker's cue gets are dropped; a list's values are taken from the other rules.
2. Otherwise each value goes to the latest preceding cue of its family, unless a
   blocker of that family (follow-up, landmark rate, PFS1, ...) came between.
3. A rate with no cue before it may take the rate cue right after it
   ("a single case (7.1%) of grade 3 toxicity"), unless it is the second value of a comparison ("CR rate
   (8.6% vs. 4.9%), ORR ..."); a duration may not ("lasted 6 months had a longer median PFS").
A value inside a blocker ("12-month PFS"), or right before one that names it ("71% complete
response"), is no endpoint value; in a table row, cells of statistic columns belong to the table
extractor. A value more than ``MAX_GAP`` characters past its cue or previous value is left out.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import regex

from pipeline.extractors.base import SentenceContext
from pipeline.extractors.cues import HR, RATE, TIME, Cue
from pipeline.extractors.statistics import Value, is_decimal
from pipeline.extractors.table_rows import statistic_cells

MAX_GAP = 110
_FORWARD_GAP = 45
#: The most words (besides list words) between two cues of one run: "time to treatment failure and the median PFS".
_RUN_WORDS = 3
#: The longest text between a run's last cue and its first value: " were higher in patients with X than in Y (".
_RUN_TO_VALUES = 90
RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)
#: The second value of a comparison ("8.6% vs. 4.9%") takes no cue from after it: its cue is the first's.
_CHAIN = regex.compile(r"^\s*(?:vs\.?|versus|and|or|to|,)\s*$", regex.I)
#: A digit between two cues ends their run.
_DIGIT = regex.compile(r"\d")
#: The gap between a cue and its short form: "overall survival (OS)".
_OPENING_BRACKET = regex.compile(r"\s*\(\s*")
#: Words that join the cues of a list: "PFS, OS, and", "ORR and the median PFS", "overall survival (OS)".
_LIST_WORD = regex.compile(r"\b(?:and|or|the|median|of|as\s+well\s+as)\b|[,;/&()]", regex.I)
#: Between the values of a plain list: ", ", " and ", ", and ", once the first value's parentheses (its CI) are left
#: out: "12.3 months (95% CI (confidence interval): 6.5-18.1) and 23.7 months".
_PLAIN_GAP = regex.compile(r"^\s*(?:,\s*)?(?:and\s+)?$", regex.I)
#: A parenthesis without parentheses inside: left out of a gap from the innermost out.
_INNER_PARENTHESIS = regex.compile(r"\([^()]*\)")


def without_parentheses(gap: str) -> str:
    """The gap with its (nested) parentheses left out: " (95% CI (CI): 1-2) and " -> "  and "."""
    while (shorter := _INNER_PARENTHESIS.sub(" ", gap)) != gap:
        gap = shorter
    return gap
#: A gap that only continues a part ("and", ",", ";"): anything longer starts another arm's part.
_WEAK_GAP = regex.compile(r"^[\s,;]*(?:and\s*)?$", regex.I)
#: The text between a value and a blocker that names it: "71% complete response", "(20.1%) had stable disease",
#: "1 (0.7%) patient achieving a complete response".
_NAMED_BY = regex.compile(r"^\)?\s+(?:patients?\s+)?(?:had\s+|achiev\w*\s+|with\s+)?(?:an?\s+)?$", regex.I)
#: How far after a value a blocker that names it may start.
_NAMED_WITHIN = 30
#: A blocker that takes a value of its own right after it: "SD 30%", "CR rate of 10%".
_OWN_VALUE = regex.compile(r"\s*(?:rates?\s*)?[:=,]?\s*(?:of\s+|was\s+|in\s+)?[(\[]?\d")
#: Value kinds that may fill a list block (bare integers, "n = 40" and number words may not).
_LIST_KINDS = frozenset({"percent", "duration", "nr", "count", "hr", "number"})

Group = tuple[Cue, tuple[Value, ...]]


def align(ctx: SentenceContext, family: str, accept: Callable[[Value, Cue | None], bool]) -> list[Group]:
    """Groups (cue, values in order) for one family of endpoints in a sentence."""
    cues = [c for c in ctx.cues if family in c.families]
    vals = [v for v in _candidates(ctx) if accept(v, None)]
    if not cues or not vals:
        return []
    listed: list[Group] = []
    taken: list[Value] = []
    for run, block in _runs(ctx):
        groups = _split(ctx, run, block)
        if groups is None:
            continue
        mine = [(cue, vs) for cue, vs in groups if not cue.blocker and family in cue.families]
        if not all(accept(v, cue) for cue, vs in mine for v in vs):
            continue
        listed += mine
        taken += block
    rest = [v for v in vals if all(v is not t for t in taken)]
    return sorted(listed + _nearest(ctx, cues, rest, accept), key=lambda g: g[0].start)


@lru_cache(maxsize=16)  # every family's align of a sentence asks; the answer does not depend on the family
def _candidates(ctx: SentenceContext) -> tuple[Value, ...]:
    """The sentence's values that may belong to a cue: not inside or named by a blocker, not a table
    statistic cell."""
    blockers = [c for c in ctx.cues if c.blocker]
    cells = statistic_cells(ctx.text, ctx.start, ctx.end)
    out = []
    for v in ctx.values:
        if any(c.start <= v.stat.start < c.end for c in blockers) or any(a <= v.stat.start < b for a, b in cells):
            continue
        named = next((c for c in blockers if c.start >= v.stat.end and c.start - v.stat.end <= _NAMED_WITHIN), None)
        if named and _NAMED_BY.match(ctx.between(v.stat.end, named.start)) and not _OWN_VALUE.match(
                ctx.text, named.end, min(named.end + 20, ctx.end)):
            continue
        out.append(v)
    return tuple(out)


def _fits(v: Value, cue: Cue) -> bool:
    """Can ``v`` be the value of ``cue`` in a list? Blockers take anything; endpoint cues a value of their kind."""
    if cue.blocker:
        return True
    if cue.family == TIME:
        return v.kind in ("duration", "nr")
    if cue.family == RATE:
        return v.kind in ("percent", "count") or (v.kind == "number" and is_decimal(v.stat.raw))
    return cue.family == HR and v.kind == "hr"


def _runs(ctx: SentenceContext) -> list[tuple[list[Cue], list[Value]]]:
    """Every run of >= 2 cues with the block of values right after it."""
    cues = list(ctx.cues)
    values = [v for v in _candidates(ctx) if v.kind in _LIST_KINDS and (v.kind != "number" or is_decimal(v.stat.raw))]
    out = []
    i = 0
    while i < len(cues):
        run, last_end, j = [cues[i]], cues[i].end, i + 1
        while j < len(cues):
            c = cues[j]
            gap = ctx.between(last_end, c.start)
            if _DIGIT.search(gap) or len(_LIST_WORD.sub(" ", gap).split()) > _RUN_WORDS or not _LIST_WORD.search(gap):
                break
            if c.endpoint != run[-1].endpoint or not _OPENING_BRACKET.fullmatch(gap):
                run.append(c)  # else "overall survival (OS)": one cue
            last_end = c.end
            j += 1
        i = j
        if len(run) < 2:
            continue
        limit = cues[j].start if j < len(cues) else ctx.end
        hr_cue = any(c.family == HR for c in run)
        block = [v for v in values if last_end <= v.stat.start < limit and (hr_cue or v.kind != "hr")]
        if block and block[0].stat.start - last_end <= _RUN_TO_VALUES:
            out.append((run, block))
    return out


def _split(ctx: SentenceContext, run: list[Cue], block: list[Value]) -> list[Group] | None:
    """Rule 1 (lists): the block's values per cue of the run (blockers included), or None when they do not
    split."""
    if len(block) % len(run):
        return None
    m, k = len(run), len(block) // len(run)
    gaps = [ctx.between(a.stat.end, b.stat.start) for a, b in zip(block, block[1:])]
    arm_ends = {j for j in range(len(gaps)) if (j + 1) % m == 0}
    interleaved = k > 1 and all(
        (not _WEAK_GAP.match(g)) if j in arm_ends else bool(_WEAK_GAP.match(g)) for j, g in enumerate(gaps))
    plain = k == 1 and all(_PLAIN_GAP.match(without_parentheses(g)) for g in gaps)
    if not (RESPECTIVELY.search(ctx.sentence) or plain or interleaved):
        return None
    if interleaved:  # "20% and 61% in arm A and 18% and 55% in arm B": value i of each part is cue i's
        groups = [(cue, tuple(block[i::m])) for i, cue in enumerate(run)]
    else:
        groups = [(cue, tuple(block[i * k : (i + 1) * k])) for i, cue in enumerate(run)]
    return groups if all(_fits(v, cue) for cue, vs in groups for v in vs) else None


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

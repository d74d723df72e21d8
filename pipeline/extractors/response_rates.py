"""ORR and DCR: "ORR (30.6% vs. 6.0%)", "the ORR was 24.1% (7/29)", "ORR and DCR were 20.0% and 78.0%, respectively"."""
from __future__ import annotations

import regex

from pipeline.extractors.align import align
from pipeline.extractors.base import Finding, SentenceContext, findings_from_groups
from pipeline.extractors.cues import RATE, Cue
from pipeline.extractors.registry import register
from pipeline.extractors.statistics import Value, is_decimal


#: A bare decimal below this is a ratio or a p-value ("RR = 0.75", "p = 0.03"), not a rate written without "%".
MIN_BARE_RATE = 1.0
#: "RR" names a response rate only with a percentage; "RR 1.8" is a relative risk.
_RR = regex.compile(r"^RRs?$")


def is_rate(value: Value, cue: Cue | None) -> bool:
    """Percentages and counts; a bare decimal in 1..100 only right after a rate cue ("ORR ... was 17.6")."""
    if value.kind in ("percent", "count"):
        return value.stat.value is not None and 0 <= value.stat.value <= 100
    if value.kind == "number" and is_decimal(value.stat.raw) and not (cue and _RR.match(cue.text)):
        return value.stat.value is not None and MIN_BARE_RATE <= value.stat.value <= 100
    return False


@register("response_rate")
def response_rates(ctx: SentenceContext) -> list[Finding]:
    groups = [(c, vs) for c, vs in align(ctx, RATE, is_rate) if c.endpoint in ("orr", "dcr")]
    return findings_from_groups(groups, "response_rate")

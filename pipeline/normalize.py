"""Normalize and deduplicate facts: one row per distinct fact, ``mentions`` counted, disagreements flagged."""
from __future__ import annotations

from dataclasses import replace

from pipeline.types import Fact


def same_value(a: Fact, b: Fact) -> bool:
    sa, sb = a.stat, b.stat
    if sa.not_reached or sb.not_reached:
        return sa.not_reached == sb.not_reached
    if sa.value is None or sb.value is None:
        return sa.value == sb.value
    return abs(sa.value - sb.value) <= max(0.005, 0.001 * abs(sb.value))


def _key(f: Fact) -> tuple:
    return (f.doc_id, f.study, f.arm.lower(), f.subgroup.lower(), f.endpoint, f.outcome or "")


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """Keep the first mention of each fact, count repeats, fill a missing CI/p from a later mention,
    and mark facts whose key has more than one value as conflicting."""
    clusters: dict[tuple, list[list[Fact]]] = {}
    for f in sorted(facts, key=lambda f: (f.stat.start, f.endpoint)):
        per_key = clusters.setdefault(_key(f), [])
        for cluster in per_key:
            if same_value(cluster[0], f):
                cluster.append(f)
                break
        else:
            per_key.append([f])
    out = []
    for per_key in clusters.values():
        for cluster in per_key:
            first = cluster[0]
            stat = first.stat
            for later in cluster[1:]:
                if stat.ci_low is None and later.stat.ci_low is not None:
                    stat = replace(stat, ci_low=later.stat.ci_low, ci_high=later.stat.ci_high, ci_level=later.stat.ci_level)
                if stat.p_value is None and later.stat.p_value is not None:
                    stat = replace(stat, p_value=later.stat.p_value)
            conflict = len(per_key) > 1
            # a fact stated twice is sure if one statement is; two values for one key always need a reviewer
            review = conflict or all(f.review for f in cluster)
            out.append(replace(first, stat=stat, mentions=len(cluster), conflict=conflict, review=review))
    return sorted(out, key=lambda f: (f.stat.start, f.endpoint, f.arm, f.subgroup))

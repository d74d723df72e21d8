"""Normalize and deduplicate facts: one row per distinct fact, ``mentions`` counted, disagreements flagged."""
from __future__ import annotations

from dataclasses import replace

import regex

from pipeline.endpoints import Family, of_family
from pipeline.types import Fact, Statistic


def same_value(a: Fact, b: Fact) -> bool:
    sa, sb = a.stat, b.stat
    if sa.not_reached or sb.not_reached:
        return sa.not_reached == sb.not_reached
    if sa.value is None or sb.value is None:
        return sa.value == sb.value
    return abs(sa.value - sb.value) <= max(0.005, 0.001 * abs(sb.value))


def _key(f: Fact) -> tuple:
    return (f.doc_id, f.study or "", (f.arm or "").lower(), (f.subgroup or "").lower(), f.endpoint, f.outcome or "")


#: Words of a label that say nothing of which arm or subgroup it is.
_LABEL_STOP = frozenset({"arm", "group", "groups", "cohort", "patients", "the", "of", "with", "and", "no", "pts"})


#: Medians restated unlabelled in a full text's body: months seldom coincide between arms as rates and counts do
#: (an abstract states its medians in each of its parts: each is a fact of its own in span-annotated abstracts).
_MEDIANS = frozenset({"os_median", "pfs_median"})
_BODY = frozenset({"results", "table", "discussion"})
#: Rates restated in a table: "ORR was 60.4% with A" and "| ORR | 29 (60.4) | 10 (43.5) |".
_RATES = frozenset(of_family(Family.RATE))


def _label_words(f: Fact) -> set[str]:
    return {w for w in regex.findall(r"[\w+/-]+", f"{f.arm or ''} {f.subgroup or ''}".lower()) if w not in _LABEL_STOP}


def _restates(later: Fact, first: Fact) -> bool:
    """Is ``later`` the fact ``first`` (of the same study, endpoint and outcome) stated again under other labels
    (the abstract and the results, the text and a table)? Same value in another sentence, and either the same
    CI ("0.76 (0.63-0.92)" twice) or a cohort size, or a rate stated in a table too, whose labels do not
    contradict (one unlabelled, or sharing a word: "arm B" and "arm B (N = 73)"), or a median of a full text's
    body one of whose mentions is unlabelled, CIs not differing ("median OS was 22.7 and 15.1 months" after
    "22.7 months in arm A")."""
    if later.sentence == first.sentence or not same_value(first, later):
        return False
    a, b = first.stat, later.stat
    if a.ci_low is not None and (a.ci_low, a.ci_high) == (b.ci_low, b.ci_high):
        return True
    words_a, words_b = _label_words(first), _label_words(later)
    if first.endpoint in _MEDIANS and {first.section, later.section} <= _BODY:
        return (not words_a or not words_b) and (a.ci_low is None or b.ci_low is None)
    if first.endpoint == "n" or (first.endpoint in _RATES and "table" in {first.section, later.section}):
        return not words_a or not words_b or bool(words_a & words_b)
    return False


def _filled(stat: Statistic, other: Statistic) -> Statistic:
    """``stat`` with the CI and p-value it lacks taken from another mention of its fact (a table's CI column)."""
    if stat.ci_low is None and other.ci_low is not None:
        stat = replace(stat, ci_low=other.ci_low, ci_high=other.ci_high, ci_level=other.ci_level)
    if stat.p_value is None and other.p_value is not None:
        stat = replace(stat, p_value=other.p_value)
    return stat


def _drop_restatements(facts: list[Fact]) -> list[Fact]:
    """Each fact once: a later mention that restates an earlier fact under other labels counts as its mention."""
    kept: list[Fact] = []
    by_key: dict[tuple, list[int]] = {}  # (doc, study, endpoint, outcome) -> indexes into kept
    for f in facts:
        same_key = by_key.setdefault((f.doc_id, f.study, f.endpoint, f.outcome), [])
        i = next((i for i in same_key if _restates(f, kept[i])), None)
        if i is None:
            same_key.append(len(kept))
            kept.append(f)
        else:
            # a mention with its arm names a median: "22.7 months in arm A" over "22.7 and 15.1 months"
            named = f if f.endpoint in _MEDIANS and not _label_words(kept[i]) and f.arm else kept[i]
            other = kept[i] if named is f else f
            kept[i] = replace(named, stat=_filled(named.stat, other.stat), mentions=kept[i].mentions + f.mentions)
    return kept


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """Keep the first mention of each fact, count repeats (a restatement under other labels too), fill a missing
    CI/p from a later mention, and mark facts whose key has more than one value as conflicting."""
    clusters: dict[tuple, list[list[Fact]]] = {}
    for f in _drop_restatements(sorted(facts, key=lambda f: (f.stat.start, f.endpoint))):
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
                stat = _filled(stat, later.stat)
            conflict = len(per_key) > 1
            # a fact stated twice is sure if one statement is; two values for one key always need a reviewer
            review = conflict or all(f.review for f in cluster)
            mentions = sum(f.mentions for f in cluster)
            out.append(replace(first, stat=stat, mentions=mentions, conflict=conflict, review=review))
    return sorted(out, key=lambda f: (f.stat.start, f.endpoint, f.arm or "", f.subgroup or ""))

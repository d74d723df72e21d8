"""The one registry of extractors: ``@register("name")`` on a function SentenceContext -> findings."""
from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache
from typing import Callable, Iterable

from pipeline.extractors.base import Finding, SentenceContext
from pipeline.endpoints import EndpointError, check_registry, endpoint

Extractor = Callable[[SentenceContext], Iterable[Finding]]
EXTRACTORS: dict[str, Extractor] = {}


def register(name: str) -> Callable[[Extractor], Extractor]:
    """Add an extractor under ``name``; the name is written to results.csv's ``extractor`` column."""

    def add(func: Extractor) -> Extractor:
        if name in EXTRACTORS:
            raise ValueError(f"extractor {name!r} registered twice")
        EXTRACTORS[name] = func
        return func

    return add


def extract_sentence(ctx: SentenceContext, names: Iterable[str] | None = None) -> list[Finding]:
    """Run the registered extractors (all, or ``names``) over one sentence; a design sentence yields nothing."""
    from pipeline import extractors  # noqa: F401  (imports every extractor module, which registers it)
    from pipeline.extractors.cues import DESIGN_SENTENCE

    check_endpoints()

    if DESIGN_SENTENCE.search(ctx.text, ctx.start, ctx.end):
        return []
    chosen = EXTRACTORS if names is None else {n: EXTRACTORS[n] for n in names}
    return [p for func in chosen.values() for f in func(ctx) if (p := plausible(f)) is not None]


@lru_cache(maxsize=1)
def check_endpoints() -> None:
    """Stop with an EndpointError when the endpoint registry, the cue rows and the extractors disagree."""
    from pipeline.extractors.cues import CUE_PATTERNS

    problems = check_registry((row[0] for row in CUE_PATTERNS), EXTRACTORS)
    if problems:
        raise EndpointError("; ".join(problems))


def plausible(finding: Finding) -> Finding | None:
    """The finding if its value is in its endpoint's range (``None`` otherwise), without a CI bound that is
    not a finite number ("95% CI 1.0-999...9" overflows to infinity). A finding of an unregistered endpoint,
    or from an extractor its registry row does not list, is a programming error and fails loudly."""
    s = finding.stat
    registered = endpoint(finding.endpoint)
    if finding.extractor not in registered.extractors:
        raise EndpointError(f"extractor {finding.extractor!r} emitted {finding.endpoint!r}, which its registry row "
                            f"does not list (extractors: {', '.join(registered.extractors)})")
    low, high = registered.value_range
    if s.value is not None and not (math.isfinite(s.value) and low <= s.value <= high):
        return None
    if any(b is not None and not math.isfinite(b) for b in (s.ci_low, s.ci_high)):
        return replace(finding, stat=replace(s, ci_low=None, ci_high=None, ci_level=None))
    return finding

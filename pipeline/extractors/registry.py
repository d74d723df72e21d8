"""The one registry of extractors: ``@register("name")`` on a function SentenceContext -> findings."""
from __future__ import annotations

from typing import Callable, Iterable

from pipeline.extractors.base import Finding, SentenceContext

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

    if DESIGN_SENTENCE.search(ctx.text, ctx.start, ctx.end):
        return []
    chosen = EXTRACTORS if names is None else {n: EXTRACTORS[n] for n in names}
    return [f for func in chosen.values() for f in func(ctx)]

"""The learned ranker as a strategy (``ranker``): for each value, the arm or subgroup mention (or none)
that :mod:`pipeline.attribution.ranker` scores highest; unsure below its calibrated threshold.

It runs after the strategies that read a structure (table cells, "N received X", "respectively",
the frame order) and before the nearest-mention rules, which decide alone when no model is trained.
"""
from __future__ import annotations

from typing import Sequence

from pipeline.attribution.mentions import Kind
from pipeline.attribution.ranker import load_ranker
from pipeline.attribution.strategies.base import Answer, View
from pipeline.extractors.base import Finding

NAME = "ranker"


def ranked(group: Sequence[Finding], view: View, kind: Kind) -> Answer | None:
    ranker = load_ranker()
    if ranker is None:
        return None
    labels, probabilities = ranker.choose(group, view, kind)
    return Answer(labels=labels, sure=min(probabilities) >= ranker.threshold)

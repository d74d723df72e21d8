"""What every extractor sees (a sentence with its parsed numbers and cues) and returns (findings)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from pipeline.extractors.cues import Cue, find_cues
from pipeline.extractors.statistics import Value, values
from pipeline.types import Statistic


@dataclass(frozen=True, kw_only=True)
class SentenceContext:
    """One sentence of a document; offsets index the document text."""

    text: str  # the whole document text
    start: int
    end: int

    @property
    def sentence(self) -> str:
        return self.text[self.start : self.end]

    @cached_property
    def values(self) -> tuple[Value, ...]:
        return tuple(values(self.sentence, self.start))

    @cached_property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(find_cues(self.sentence, self.start))

    def between(self, a: int, b: int) -> str:
        return self.text[a:b]


@dataclass(frozen=True, kw_only=True)
class Finding:
    """A statistic an extractor read as an endpoint; attribution adds arm, subgroup and study.

    ``group`` numbers the comparisons of a sentence: findings of one cue that are
    compared ("30.6% vs. 6.0%") share it, and ``position`` is their order.
    """

    endpoint: str
    stat: Statistic
    extractor: str
    outcome: str | None = None
    cue_start: int | None = None
    group: int = 0
    position: int = 0
    group_size: int = 1
    label: str | None = None  # the subgroup when the extractor knows it (a table row's label)


def findings_from_groups(groups, extractor: str, outcome: str | None = None) -> list[Finding]:
    """One Finding per aligned value; values of one cue form one comparison group."""
    out = []
    for g, (cue, vals) in enumerate(groups):
        for i, v in enumerate(vals):
            out.append(Finding(endpoint=cue.endpoint, stat=v.stat, extractor=extractor, outcome=outcome, cue_start=cue.start, group=g, position=i, group_size=len(vals)))
    return out

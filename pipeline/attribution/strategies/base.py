"""What a strategy sees (one sentence: its mentions, the frame, clause ends, table cells) and returns.

A strategy is ``(group, view, kind) -> labels | None``: for the findings of one comparison (in
order) it returns one label per finding (``""`` = whole cohort / main analysis), or None to pass.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from pipeline.attribution.frame import Frame
from pipeline.attribution.mentions import Kind, Mention
from pipeline.extractors.base import Finding


@dataclass(frozen=True, kw_only=True)
class View:
    """One sentence of a document as the strategies see it; offsets index the document text."""

    text: str
    start: int
    end: int
    mentions: tuple[Mention, ...]
    frame: Frame
    own_study: bool
    clause_ends: tuple[int, ...]
    lead: Mention | None = None  # a subgroup opening the sentence
    columns: tuple[tuple[int, int, str], ...] = ()  # table row: (cell start, cell end, column arm)
    value_starts: tuple[int, ...] = ()  # where every value of the sentence starts, whatever its group
    single_arm: bool = False  # no frame and fewer than two arms named here: arms are not told apart

    def of(self, kind: Kind) -> list[Mention]:
        return [m for m in self.mentions if m.kind is kind]

    def clause(self, at: int) -> tuple[int, int]:
        """The clause containing offset ``at``: from the previous clause end to the next one."""
        before = [e for e in self.clause_ends if e < at]
        after = [e for e in self.clause_ends if e >= at]
        return (before[-1] if before else self.start), (after[0] if after else self.end)

    def next_value(self, at: int) -> int:
        later = [s for s in self.value_starts if s > at]
        return later[0] if later else self.end


Labels = list[str]


@dataclass(frozen=True, kw_only=True)
class Answer:
    """Labels with a word on how sure the strategy is (a learned strategy can say it is not)."""

    labels: Labels
    sure: bool = True


Strategy = Callable[[Sequence[Finding], View, Kind], "Labels | Answer | None"]


def distinct(mentions: Sequence[Mention]) -> list[Mention]:
    """The first mention of each group, in order."""
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.key not in seen:
            seen.add(m.key)
            out.append(m)
    return out


def comparator_last(mentions: Sequence[Mention], first_value: int) -> list[Mention]:
    """A reference named before the values goes last: "Compared with the non-combination group, the
    combination group showed PFS (20.8 vs. 8.2 months)" -> [combination group, non-combination group]."""
    early = [m for m in mentions if m.comparator and m.end <= first_value]
    return [m for m in mentions if m not in early] + early

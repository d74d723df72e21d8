"""A learned ranker: which of a sentence's arm (or subgroup) mentions a value belongs to, or none.

For one value and one label kind, the candidates are the sentence's mentions of that kind plus
"none" (whole cohort / main analysis). Each candidate is described by a few named features
(:func:`features`: direction and distance, clause, what stands in between, the list position, the
rule that found the mention, the label's shape: length, acronym, operator, digit) and scored
linearly; the softmax over the candidates gives the choice and its probability. The label's words
are no features: they memorized the dev split's labels and chose no better out of fold. Trained by ``make train`` (conditional logit, L2,
fixed full-batch gradient steps: the same data give the same weights) on the dev split of the gold
(:mod:`pipeline.attribution.training`), saved as JSON under ``models/``; the probability decides
``review``: below the threshold calibrated on the dev split, a reviewer checks the fact.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Mapping, Sequence

import numpy
import regex
from scipy.optimize import linear_sum_assignment

from pipeline import RANKER_PATH
from pipeline.attribution.labels import is_treatment
from pipeline.attribution.mentions import Kind, Mention
from pipeline.attribution.strategies.base import View, comparator_last, distinct
from pipeline.extractors.base import Finding

MODEL_PATH = RANKER_PATH
NONE = "none"
_PREVIOUS_WORDS = frozenset("in with for among of than vs versus and to receiving the between from by on after".split())
_WORD = regex.compile(r"[\w-]+")
_OPERATOR = regex.compile(r"(?:>=|<=|[<>≥≤])")
_ACRONYM = regex.compile(r"\b[A-Z]{2,}")
_DIGIT = regex.compile(r"\d")
_GROUP_WORD_END = regex.compile(r"\b(?:group|arm|cohort|subgroup)s?$", regex.I)
_RESPECTIVELY = regex.compile(r"\brespectively\b", regex.I)


HERE, FRAME = "here", "frame"


@dataclass(frozen=True, kw_only=True)
class Candidate:
    mention: Mention | None  # None: the "none" candidate
    source: str = HERE  # named in this sentence, or only in the study's frame
    position: int = -1  # frame candidates: the arm's place in the frame

    @property
    def label(self) -> str:
        return self.mention.label if self.mention else ""


def candidates(view: View, kind: Kind) -> list[Candidate]:
    """"none", the mentions of this sentence (and its leading subgroup), and (arms) the frame's arms this
    sentence does not name."""
    mentions = list(view.of(kind))
    if kind is Kind.SUBGROUP and view.lead is not None and all(m.start != view.lead.start for m in mentions):
        mentions.append(view.lead)
    out = [Candidate(mention=None), *(Candidate(mention=m) for m in sorted(mentions, key=lambda m: m.start))]
    keys = {m.key for m in mentions}
    if kind is Kind.ARM:
        for i, arm in enumerate(view.frame.arms):
            virtual = Mention(start=-1, end=-1, label=arm.name, kind=Kind.ARM, rule="frame:arm")
            if virtual.key not in keys:
                out.append(Candidate(mention=virtual, source=FRAME, position=i))
    return out


def _bucket(distance: int) -> str:
    for limit, name in ((10, "0-10"), (30, "10-30"), (60, "30-60"), (120, "60-120")):
        if distance < limit:
            return name
    return "120+"


def _previous_word(view: View, at: int) -> str:
    words = _WORD.findall(view.text[max(view.start, at - 30):at].lower())
    while words and words[-1] == "the":
        words.pop()
    word = words[-1] if words else "^"
    return word if word in _PREVIOUS_WORDS or word == "^" else "other"


def features(group: Sequence[Finding], index: int, view: View, kind: Kind, candidate: Candidate) -> dict[str, float]:
    """The named features of one candidate for the value ``group[index]``."""
    f = group[index]
    k = len(group)
    pool = [c for c in view.of(kind)]
    ep = f.endpoint
    if candidate.mention is None:
        a, b = view.clause(f.stat.start)
        out = {"none": 1.0, f"none:ep={ep}": 1.0, f"none:mentions={min(len(pool), 3)}": 1.0,
               f"none:k={min(k, 3)}": 1.0}
        if any(a <= m.start < b for m in pool):
            out["none:clause-has-mention"] = 1.0
        if kind is Kind.ARM and len(view.frame) >= 2:
            out["none:frame"] = 1.0
        if kind is Kind.SUBGROUP and view.lead is not None:
            out["none:lead"] = 1.0
        return out
    m = candidate.mention
    here_named = bool(pool)
    if candidate.source == FRAME:
        out = {"frame-arm": 1.0, f"frame-arm:ep={ep}": 1.0, f"frame-arm:here-named={here_named}": 1.0,
               f"frame-arm:k={min(k, 3)}": 1.0}
        if k == len(view.frame) and candidate.position == index:
            out["frame-position"] = 1.0
        return out
    before = m.end <= f.stat.start
    direction = "before" if before else "after"
    distance = f.stat.start - m.end if before else max(0, m.start - f.stat.end)
    lo, hi = (m.end, f.stat.start) if before else (f.stat.end, m.start)
    out: dict[str, float] = {"mention": 1.0, f"rule={m.rule}": 1.0, f"dir={direction}": 1.0,
                             f"dist={direction}:{_bucket(distance)}": 1.0, f"ep={ep}:{direction}": 1.0,
                             f"prev={_previous_word(view, m.start)}": 1.0}
    a, b = view.clause(f.stat.start)
    if a <= m.start and m.end <= b:
        out["same-clause"] = 1.0
    values_between = sum(lo <= s < hi for s in view.value_starts)
    out[f"values-between={min(values_between, 3)}"] = 1.0
    mentions_between = sum(lo <= o.start and o.end <= hi for o in pool if o is not m)
    out[f"mentions-between={min(mentions_between, 2)}"] = 1.0
    if m.comparator:
        out["comparator"] = 1.0
    if view.lead is not None and m.start == view.lead.start:
        out["lead"] = 1.0
    named = comparator_last(distinct([o for o in pool if o.end <= max(x.stat.end for x in group) + 200]),
                            group[0].stat.start)
    keys = [o.key for o in named]
    if k >= 2:
        out[f"k=mentions:{len(keys) == k}"] = 1.0
        if m.key in keys and keys.index(m.key) == index and len(keys) == k:
            out["aligned"] = 1.0
            if _RESPECTIVELY.search(view.text, f.stat.start, view.end):
                out["aligned-respectively"] = 1.0
    label = m.label
    out[f"label-words={min(len(label.split()), 4)}"] = 1.0
    if _ACRONYM.search(label):
        out["label-acronym"] = 1.0
    if _OPERATOR.search(label):
        out["label-operator"] = 1.0
    if _DIGIT.search(label):
        out["label-digit"] = 1.0
    if kind is Kind.SUBGROUP and is_treatment(label):
        out["label-treatment"] = 1.0
    if _GROUP_WORD_END.search(label):
        out["label-group-word"] = 1.0
    if view.frame.arm_named(label) is not None:
        out["in-frame"] = 1.0
    return out


@dataclass(frozen=True, kw_only=True)
class Ranker:
    weights: Mapping[str, float]
    threshold: float  # below this probability a choice is flagged for review

    def scores(self, group: Sequence[Finding], index: int, view: View, kind: Kind,
               options: Sequence[Candidate]) -> list[float]:
        logits = [sum(self.weights.get(n, 0.0) * v for n, v in features(group, index, view, kind, c).items())
                  for c in options]
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def choose(self, group: Sequence[Finding], view: View, kind: Kind) -> tuple[list[str], list[float]]:
        """One label per value and the probability of each choice.

        The values of one comparison ("30.6% vs. 6.0%") are compared groups: they get different labels,
        or none; the most probable such assignment is taken (an optimal assignment over log-probabilities).
        """
        options = candidates(view, kind)
        table = [self.scores(group, i, view, kind, options) for i in range(len(group))]
        if len(group) == 1:
            best = max(range(len(options)), key=lambda j: (table[0][j], -j))
            return [options[best].label], [table[0][best]]
        log = [[math.log(max(p, 1e-12)) for p in row] for row in table]
        # columns: every labelled option once, and (subgroups) "none" once per value
        mixed = kind is Kind.SUBGROUP  # "43% in the total cohort and 49% in 17p-deleted patients"
        columns = list(range(1, len(options))) + ([0] * len(group) if mixed else [])
        chosen = {i: 0 for i in range(len(group))}
        if len(columns) >= len(group):
            rows, cols = linear_sum_assignment(-numpy.array([[row[j] for j in columns] for row in log]))
            labelled = dict(zip(rows.tolist(), (columns[c] for c in cols.tolist())))
            # arms of one comparison are all named or all the whole cohort
            if mixed or sum(log[i][j] for i, j in labelled.items()) > sum(row[0] for row in log):
                chosen = labelled
        return [options[chosen[i]].label for i in range(len(group))], [table[i][chosen[i]] for i in range(len(group))]

    def to_json(self) -> str:
        return json.dumps({"threshold": self.threshold, "weights": dict(sorted(self.weights.items()))},
                          indent=1, sort_keys=False) + "\n"


@lru_cache(maxsize=2)
def load_ranker(path: Path = MODEL_PATH) -> Ranker | None:
    """The trained ranker (``make train``), or None when there is none: the rule strategies decide alone."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Ranker(weights={str(k): float(v) for k, v in data["weights"].items()}, threshold=float(data["threshold"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None

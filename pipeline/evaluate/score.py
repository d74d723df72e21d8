"""Scoring a results table against gold annotations (../shared/CONTRACT.md, "Scoring").

- value level: same document, endpoint (and for hr, outcome), value within
  tolerance (n exact; hr 0.005; % and months max(0.06, 1% of gold)); a
  not-reached gold median matches a not-reached prediction.
- attributed level: a value-level match whose arm, subgroup and study agree too.
- CI: among value-level matches whose gold fact has a CI, the share with both
  bounds within the value tolerance.

Each level pairs gold and predicted facts one-to-one by an optimal assignment:
most pairs first, then most pairs whose labels agree (so equal values in one
document pair with the right arms), then the closest values. Only documents
with a gold file are scored; predictions for other documents are ignored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Iterable, Literal, Mapping, Sequence, TypeVar


from pipeline.evaluate.gold import GoldDoc, GoldFact
from pipeline.schema import ENDPOINTS, UNITS
from pipeline.table import read_results

# Float slack so that a difference exactly at the tolerance (0.465 vs 0.46) counts as inside it.
_EPS = 1e-9


@dataclass(frozen=True, kw_only=True)
class Predicted:
    """One results.csv row as the scorer sees it; ``row`` is its 0-based position in the table."""

    row: int
    doc_id: str
    endpoint: str
    value: float | None
    outcome: str | None = None
    not_reached: bool = False
    arm: str = ""
    subgroup: str = ""
    study: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: str | None = None
    raw: str = ""
    start: int | None = None
    end: int | None = None
    sentence: str = ""
    attribution: tuple[str, ...] = ()  # the strategies that decided its labels (contract v2)
    review: bool = False


def _float(text: str, what: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{what}: not a number: {text!r}") from None


def predicted_from_row(row: int, cells: Mapping[str, str]) -> Predicted:
    """Parse one results.csv row (all cells strings, "" for missing)."""
    where = f"results row {row + 2}"  # +2: header line and 1-based line numbers
    start, end = _float(cells["start"], where), _float(cells["end"], where)
    return Predicted(
        row=row,
        doc_id=cells["doc_id"],
        endpoint=cells["endpoint"],
        value=_float(cells["value"], where),
        outcome=cells["outcome"] or None,
        not_reached=cells["not_reached"].strip().lower() == "true",
        arm=cells["arm"],
        subgroup=cells["subgroup"],
        study=cells["study"],
        ci_low=_float(cells["ci_low"], where),
        ci_high=_float(cells["ci_high"], where),
        p_value=cells["p_value"] or None,
        raw=cells["raw"],
        start=None if start is None else int(start),
        end=None if end is None else int(end),
        sentence=cells["sentence"],
        attribution=tuple(n for n in cells.get("attribution", "").split(";") if n),
        review=cells.get("review", "").strip().lower() == "true",
    )


def predictions_from_rows(rows: Iterable[Mapping[str, str]]) -> list[Predicted]:
    """The facts of a results table; a row a reviewer rejected (``status``) is not a prediction."""
    return [predicted_from_row(i, cells) for i, cells in enumerate(rows) if cells.get("status") != "rejected"]


def results_csv(path: Path) -> Path:
    """The results table a path names: the CSV itself, or ``results.csv`` inside a run folder."""
    path = Path(path)
    return path / "results.csv" if path.is_dir() else path


def read_predictions(path: Path) -> list[Predicted]:
    """All rows of a results.csv (or a run folder's) as Predicted records, in table order."""
    return predictions_from_rows(read_results(results_csv(path)).to_dict("records"))


# ---------------------------------------------------------------- values


def tolerance(endpoint: str, gold_value: float) -> float:
    """How far a predicted value may be from ``gold_value`` and still match."""
    unit = UNITS.get(endpoint)
    if unit == "patients":
        return 0.0
    if unit == "ratio":
        return 0.005
    return max(0.06, 0.01 * abs(gold_value))


def _within(endpoint: str, gold: float | None, pred: float | None) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    return abs(pred - gold) <= tolerance(endpoint, gold) + _EPS


def values_match(gold: GoldFact, pred: Predicted) -> bool:
    """Value level: same endpoint (and hr outcome) and value within tolerance, or both not reached."""
    if gold.endpoint != pred.endpoint or (gold.endpoint == "hr" and gold.outcome != pred.outcome):
        return False
    if gold.value is None or gold.not_reached or pred.not_reached:
        return (gold.value is None or gold.not_reached) and pred.not_reached
    return _within(gold.endpoint, gold.value, pred.value)


def closeness(gold: GoldFact, pred: Predicted) -> float:
    """1.0 for the exact value, down to 0.5 at the tolerance edge (only meaningful for matches)."""
    if gold.value is None or pred.value is None:
        return 1.0
    tol = tolerance(gold.endpoint, gold.value)
    return 1.0 if tol == 0 else max(0.0, 1.0 - abs(pred.value - gold.value) / (2 * tol))


def ci_agrees(gold: GoldFact, pred: Predicted) -> bool:
    """Both CI bounds within the value tolerance of the gold bounds."""
    return _within(gold.endpoint, gold.ci_low, pred.ci_low) and _within(gold.endpoint, gold.ci_high, pred.ci_high)


# ---------------------------------------------------------------- labels

_FILLER = frozenset({"the", "group", "arm", "patients", "patient", "with", "of", "in", "cohort", "a", "an"})
_SYMBOLS = str.maketrans({
    "≥": " >= ", "⩾": " >= ", "≤": " <= ", "⩽": " <= ",
    **{dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"},
})
# Comparison operators are kept as tokens: "PFS1 >= 6 months" and "PFS1 < 6 months" are different subgroups.
_TOKEN = re.compile(r">=|<=|=>|=<|[<>]|\d+(?:\.\d+)?|[^\W_]+")
_OPERATOR_SPELLING = {"=>": ">=", "=<": "<="}


@lru_cache(maxsize=None)
def label_tokens(label: str) -> frozenset[str]:
    """Normalized token set of an arm or subgroup label (punctuation and filler words dropped)."""
    tokens = [_OPERATOR_SPELLING.get(t, t) for t in _TOKEN.findall(label.lower().translate(_SYMBOLS))]
    # "a" is an article, except as the name that ends a label ("arm A", "cohort A")
    last = len(tokens) - 1
    return frozenset(t for i, t in enumerate(tokens) if t not in _FILLER or (t == "a" and i == last))


def _token_sets_match(a: frozenset[str], b: frozenset[str]) -> bool:
    if a == b:
        return True
    small, big = sorted((a, b), key=len)
    return bool(small) and small <= big and 2 * len(small) >= len(big)


def label_matches(predicted: str, aliases: Sequence[str]) -> bool:
    """Does a predicted label name the gold arm/subgroup? No aliases means "whole cohort" (empty label)."""
    mine = label_tokens(predicted)
    return any(_token_sets_match(mine, label_tokens(alias)) for alias in (aliases or ("",)))


def _study_key(study: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(re.split(r"\bet\.?\s+al\b", study.lower())[0]))


def study_matches(predicted: str, gold: str) -> bool:
    """Surname comparison, case-insensitive: "Yan" == "Yan et al." == "yan"; empty matches only empty."""
    a, b = _study_key(predicted), _study_key(gold)
    return a == b or (bool(a) and bool(b) and a[0] == b[0] and min(len(a), len(b)) == 1)


def labels_agree(gold: GoldFact, pred: Predicted) -> bool:
    return (
        label_matches(pred.arm, gold.arm)
        and label_matches(pred.subgroup, gold.subgroup)
        and study_matches(pred.study, gold.study)
    )


# ---------------------------------------------------------------- assignment

L = TypeVar("L")
R = TypeVar("R")


def assign(
    left: Sequence[L], right: Sequence[R], score: Callable[[L, R], tuple[bool, float] | None]
) -> list[tuple[int, int]]:
    """Optimal one-to-one pairing of ``left`` and ``right`` indices.

    ``score`` is None for pairs that may not be paired, else (preferred,
    closeness in [0, 1]). The pairing maximizes the number of pairs, then the
    number of preferred pairs, then the total closeness; ties resolve the same
    way for the same input order.
    """
    if not left or not right:
        return []
    k = min(len(left), len(right))
    # Lexicographic weights: each level outweighs the sum of everything below it.
    prefer_weight = k + 1.0
    pair_weight = k * (prefer_weight + 1.0) + 1.0
    weights = [[0.0] * len(right) for _ in left]
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            s = score(a, b)
            if s is not None:
                weights[i][j] = pair_weight + prefer_weight * s[0] + s[1]
    from scipy.optimize import linear_sum_assignment  # here: importing scipy costs every command, extract too

    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if weights[i][j] > 0)


# ---------------------------------------------------------------- views and scores


def _always(gold: GoldFact) -> bool:
    return True


def _any_labels(gold: GoldFact, pred: Predicted) -> bool:
    return True


def _has_ci(gold: GoldFact) -> bool:
    return gold.has_ci


@dataclass(frozen=True, kw_only=True)
class View:
    """One scored view of the facts.

    ``prf``: gold and predicted facts are paired one-to-one among value-level
    matches that also pass ``agree``; gives P/R/F1. ``share``: of the pairs of
    view ``over`` whose gold fact passes ``applies``, the share that pass ``agree``.
    """

    name: str
    kind: Literal["prf", "share"]
    agree: Callable[[GoldFact, Predicted], bool]
    applies: Callable[[GoldFact], bool] = _always
    over: str = "value"


VIEWS: tuple[View, ...] = (
    View(name="value", kind="prf", agree=_any_labels),
    View(name="attributed", kind="prf", agree=labels_agree),
    View(name="ci", kind="share", agree=ci_agrees, applies=_has_ci, over="value"),
)


@dataclass(frozen=True, kw_only=True)
class PRF:
    """Counts and rates; precision, recall and F1 are 0.0 whenever tp == 0 (also with no gold and no predictions)."""

    tp: int
    fp: int
    fn: int
    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, tp: int, fp: int, fn: int) -> "PRF":
        if tp == 0:
            return cls(tp=tp, fp=fp, fn=fn, precision=0.0, recall=0.0, f1=0.0)
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        return cls(tp=tp, fp=fp, fn=fn, precision=precision, recall=recall,
                   f1=2 * precision * recall / (precision + recall))


@dataclass(frozen=True, kw_only=True)
class Share:
    """``hits`` of ``total``; rate 0.0 when total is 0."""

    hits: int
    total: int

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass(frozen=True, kw_only=True)
class Matching:
    """The one-to-one pairing of a prf view: matched pairs, missed gold facts (FN), spurious predictions (FP)."""

    pairs: tuple[tuple[GoldFact, Predicted], ...]
    missed: tuple[GoldFact, ...]
    spurious: tuple[Predicted, ...]


@dataclass(frozen=True, kw_only=True)
class EndpointScore:
    """Scores of one endpoint (or of all, ``endpoint == "micro"``) under every view."""

    endpoint: str
    gold: int
    predicted: int
    prf: dict[str, PRF] = field(default_factory=dict)
    shares: dict[str, Share] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Scores:
    endpoints: tuple[str, ...]
    documents: tuple[str, ...]
    per_endpoint: tuple[EndpointScore, ...]
    micro: EndpointScore
    matchings: dict[str, Matching]


def match(gold: Sequence[GoldFact], predicted: Sequence[Predicted], view: View) -> Matching:
    """Pair gold and predicted facts per (document, endpoint) under a prf view."""
    groups: dict[tuple[str, str], tuple[list[GoldFact], list[Predicted]]] = {}
    for g in gold:
        groups.setdefault((g.doc_id, g.endpoint), ([], []))[0].append(g)
    for p in predicted:
        groups.setdefault((p.doc_id, p.endpoint), ([], []))[1].append(p)

    def pair_score(g: GoldFact, p: Predicted) -> tuple[bool, float] | None:
        if not (values_match(g, p) and view.agree(g, p)):
            return None
        return labels_agree(g, p), closeness(g, p)

    pairs: list[tuple[GoldFact, Predicted]] = []
    for key in sorted(groups):
        golds, preds = groups[key]
        pairs.extend((golds[i], preds[j]) for i, j in assign(golds, preds, pair_score))
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {p.row for _, p in pairs}
    return Matching(
        pairs=tuple(pairs),
        missed=tuple(g for g in gold if id(g) not in matched_gold),
        spurious=tuple(p for p in predicted if p.row not in matched_pred),
    )


def _endpoint_score(name: str, endpoints: Collection[str], gold: Sequence[GoldFact],
                    predicted: Sequence[Predicted], matchings: Mapping[str, Matching]) -> EndpointScore:
    n_gold = sum(g.endpoint in endpoints for g in gold)
    n_pred = sum(p.endpoint in endpoints for p in predicted)
    prf: dict[str, PRF] = {}
    shares: dict[str, Share] = {}
    for view in VIEWS:
        if view.kind == "prf":
            tp = sum(g.endpoint in endpoints for g, _ in matchings[view.name].pairs)
            prf[view.name] = PRF.from_counts(tp, n_pred - tp, n_gold - tp)
        else:
            judged = [(g, p) for g, p in matchings[view.over].pairs if g.endpoint in endpoints and view.applies(g)]
            shares[view.name] = Share(hits=sum(view.agree(g, p) for g, p in judged), total=len(judged))
    return EndpointScore(endpoint=name, gold=n_gold, predicted=n_pred, prf=prf, shares=shares)


def score(gold_docs: Mapping[str, GoldDoc], predicted: Iterable[Predicted],
          endpoints: Collection[str] | None = None) -> Scores:
    """Score predictions against gold, per endpoint and micro-averaged over ``endpoints`` (default: all)."""
    chosen = tuple(e for e in ENDPOINTS if endpoints is None or e in endpoints)
    gold = [f for doc in gold_docs.values() for f in doc.facts if f.endpoint in chosen]
    preds = [p for p in predicted if p.doc_id in gold_docs and p.endpoint in chosen]
    matchings = {v.name: match(gold, preds, v) for v in VIEWS if v.kind == "prf"}
    return Scores(
        endpoints=chosen,
        documents=tuple(gold_docs),
        per_endpoint=tuple(_endpoint_score(e, (e,), gold, preds, matchings) for e in chosen),
        micro=_endpoint_score("micro", chosen, gold, preds, matchings),
        matchings=matchings,
    )


# ---------------------------------------------------------------- attribution strategies


@dataclass(frozen=True, kw_only=True)
class StrategyScore:
    """Of the value-level matches whose prediction names ``strategy`` in its attribution, how many are right
    at the attributed level."""

    strategy: str
    assigned: int
    right: int

    @property
    def precision(self) -> float:
        return self.right / self.assigned if self.assigned else 0.0


def strategy_scores(scores: Scores) -> tuple[StrategyScore, ...]:
    """Per attribution strategy, by name; and ``review=false`` / ``review=true`` as two pseudo-strategies."""
    counts: dict[str, list[int]] = {}
    for gold, pred in scores.matchings["value"].pairs:
        right = labels_agree(gold, pred)
        for name in (*pred.attribution, f"review={str(pred.review).lower()}"):
            c = counts.setdefault(name, [0, 0])
            c[0] += 1
            c[1] += right
    return tuple(StrategyScore(strategy=n, assigned=a, right=r) for n, (a, r) in sorted(counts.items()))

"""Training the attribution ranker on the dev split of the gold (``make train``); the check split is never read.

Examples: every value the extractors find that matches a gold fact of its document (same endpoint,
outcome and value; a gold fact in the same sentence preferred) gives one example per label kind —
the candidates of its sentence, those whose label names the gold arm (or subgroup) marked right.
The weights are fit on the examples with a right candidate, every document weighing the same; the
review threshold is calibrated on the choices the ranker makes in attribution, right candidate or not.
Documents come from the development corpora (:mod:`pipeline.evaluate.corpora`); values credited to
a cited study are left out, as the ranker labels the own study's values.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy

from pipeline.attribution import comparison_groups, sentence_view
from pipeline.attribution.mentions import Kind
from pipeline.attribution.ranker import Ranker, candidates, features
from pipeline.attribution.strategies import STRATEGIES, View, learned
from pipeline.evaluate.gold import GoldDoc, GoldFact
from pipeline.evaluate.score import label_matches, tolerance
from pipeline.extract import prepare, sentence_findings
from pipeline.extractors.base import Finding
from pipeline.types import Document

#: Fixed hyper-parameters: full-batch gradient descent on the L2-penalized conditional log-likelihood.
ITERATIONS = 3000
STEP = 1.0
L2 = 0.0005
#: The threshold keeps choices at least this often right on examples of documents not fit on.
TARGET_PRECISION = 0.97
FOLDS = 5


@dataclass(frozen=True, kw_only=True)
class Example:
    doc_id: str
    kind: Kind
    options: tuple[dict[str, float], ...]
    right: tuple[bool, ...]
    decides: bool  # the ranker is the first strategy to answer here, so its doubt is the fact's review


def _gold_for(finding, gold: Sequence[GoldFact], start: int, end: int) -> GoldFact | None:
    def same(g: GoldFact) -> bool:
        if g.endpoint != finding.endpoint or (g.endpoint == "hr" and g.outcome != finding.outcome):
            return False
        if g.value is None or finding.stat.value is None:
            return g.not_reached and finding.stat.not_reached
        return abs(g.value - finding.stat.value) <= tolerance(g.endpoint, g.value) + 1e-9
    matches = [g for g in gold if same(g) and not g.study]
    here = [g for g in matches if start <= g.start < end]
    return (here or matches or [None])[0]


def document_examples(doc: Document, gold: GoldDoc) -> Iterator[Example]:
    """The ranking examples of one annotated document."""
    prepared = prepare(doc)
    for (start, end), study, section, findings in sentence_findings(doc, prepared):
        if study or not findings:
            continue
        view = sentence_view(doc.text, start, end, findings, prepared.frame, True, section)
        for group in comparison_groups(findings):
            decides = {kind: _ranker_decides(group, view, kind) for kind in (Kind.ARM, Kind.SUBGROUP)}
            for index, finding in enumerate(group):
                g = _gold_for(finding, gold.facts, start, end)
                if g is None:
                    continue
                for kind, aliases in ((Kind.ARM, g.arm), (Kind.SUBGROUP, g.subgroup)):
                    options = candidates(view, kind)
                    right = tuple(label_matches(c.label, aliases) for c in options)
                    if options:  # none right: the ranker cannot choose well here, which the threshold must know
                        yield Example(doc_id=doc.doc_id, kind=kind, options=tuple(features(group, index, view, kind, c) for c in options),
                                      right=right, decides=decides[kind])


def _ranker_decides(group: Sequence[Finding], view: View, kind: Kind) -> bool:
    """Whether attribution would take the ranker's answer: arms are told apart here and no strategy before
    the ranker answers."""
    if kind is Kind.ARM and view.single_arm:
        return False
    for name, strategy in STRATEGIES[kind]:
        if name == learned.NAME:
            return True
        if strategy(group, view, kind) is not None:
            return False
    raise ValueError(f"the {kind.value} strategies do not include the ranker")


def _document_weights(examples: Sequence[Example]) -> numpy.ndarray:
    """One weight per example such that every document weighs the same (mean weight 1): a full text with
    hundreds of candidate choices must not outweigh the abstracts, and papers, not sentences, are what the
    ranker has to generalize across."""
    per_document = Counter(e.doc_id for e in examples)
    weights = numpy.array([1.0 / per_document[e.doc_id] for e in examples])
    return weights / weights.mean()


def _weights(examples: Sequence[Example]) -> dict[str, float]:
    """Weights maximizing the (marginal) likelihood of the right candidates, every document weighing the same."""
    names = sorted({n for e in examples for option in e.options for n in option})
    index = {n: i for i, n in enumerate(names)}
    rows, cols, vals, owners, right = [], [], [], [], []
    row = 0
    for e_i, e in enumerate(examples):
        for option, ok in zip(e.options, e.right):
            for n, v in option.items():
                rows.append(row)
                cols.append(index[n])
                vals.append(v)
            owners.append(e_i)
            right.append(ok)
            row += 1
    if not rows:
        raise ValueError("no training examples")
    x = numpy.zeros((row, len(names)))
    x[rows, cols] = vals
    owners_a, right_a = numpy.array(owners), numpy.array(right, dtype=float)
    document_weight = _document_weights(examples)[owners_a]
    w = numpy.zeros(len(names))
    for _ in range(ITERATIONS):
        logits = x @ w
        top = numpy.full(len(examples), -numpy.inf)
        numpy.maximum.at(top, owners_a, logits)
        p = numpy.exp(logits - top[owners_a])
        total = numpy.zeros(len(examples))
        numpy.add.at(total, owners_a, p)
        p /= total[owners_a]
        right_mass = numpy.zeros(len(examples))
        numpy.add.at(right_mass, owners_a, p * right_a)
        q = numpy.where(right_a > 0, p / right_mass[owners_a], 0.0)
        gradient = x.T @ ((p - q) * document_weight) / len(examples) + L2 * w
        w -= STEP * gradient
    return {n: round(float(v), 6) for n, v in zip(names, w) if abs(v) > 1e-6}


def _judged(weights: dict[str, float], examples: Sequence[Example]) -> list[tuple[float, bool]]:
    """(probability of the choice, whether it is right) for each example."""
    judged = []
    for e in examples:
        logits = [sum(weights.get(n, 0.0) * v for n, v in o.items()) for o in e.options]
        top = max(logits)
        exps = [numpy.exp(x - top) for x in logits]
        best = max(range(len(logits)), key=lambda j: (logits[j], -j))
        judged.append((float(exps[best] / sum(exps)), e.right[best]))
    return judged


def _fold(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % FOLDS


def fit(examples: Sequence[Example]) -> Ranker:
    """Weights fit on all examples; the review threshold calibrated on out-of-fold choices (documents split
    into FOLDS by a hash of their id, each fold judged by weights fit on the others), because choices on
    the examples a model was fit on are right more often than on new papers."""
    judged = []
    fittable = [e for e in examples if any(e.right)]  # the likelihood needs a right candidate
    for fold in range(FOLDS):
        held = [e for e in examples if _fold(e.doc_id) == fold and e.decides]
        rest = [e for e in fittable if _fold(e.doc_id) != fold]
        if held and rest:
            # every held-out choice the ranker makes counts, also where no candidate was right: new papers have those too
            judged += _judged(_weights(rest), held)
    return Ranker(weights=_weights(fittable), threshold=_threshold(judged))


def _threshold(judged: list[tuple[float, bool]]) -> float:
    """The lowest probability above which the choices are right at least TARGET_PRECISION of the time."""
    judged = sorted(judged, reverse=True)
    threshold, hits = 1.0, 0
    for count, (p, ok) in enumerate(judged, 1):
        hits += ok
        # a threshold keeps all choices of its probability: judge it after the last of them
        last_of_p = count == len(judged) or judged[count][0] != p
        if last_of_p and hits / count >= TARGET_PRECISION:
            threshold = p
    return round(threshold, 6)


def train(pairs: Iterable[tuple[Document, GoldDoc]]) -> tuple[Ranker, int]:
    """Fit on the examples of ``(document, gold)`` pairs; returns the ranker and the number of examples."""
    examples = [e for doc, gold in pairs for e in document_examples(doc, gold)]
    return fit(examples), len(examples)


def save(ranker: Ranker, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ranker.to_json(), encoding="utf-8")

"""Scores on the development corpora, per corpus and per split (``make eval-dev``).

For each corpus of :data:`pipeline.evaluate.corpora.DEV_CORPORA` whose documents are
there: extract it (cached), score its results against its gold on the ``dev`` part, the
``check`` part and both, at value and attributed level, with the naive baseline beside;
write ``metrics.json``, ``errors.csv`` (every FP and FN) and ``documents.csv`` (one row per
gold document: facts, value F1, attributed F1) under ``<runs>/<corpus>/eval/``, and a
``summary.json`` over all corpora. Own-only scoring drops gold facts and predictions that
belong to a cited study.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping, Sequence

import pandas as pd

from pipeline.evaluate.corpora import DEV_CORPORA, SPLITS, DevCorpus, available, load_split
from pipeline.evaluate.gold import GoldDoc, load_gold, read_doc_text
from pipeline.evaluate.report import baseline_predictions, format_table, metrics, write_report
from pipeline.evaluate.score import Predicted, Scores, read_predictions, score, strategy_scores
from pipeline.table import write_csv_atomic

#: The parts a corpus is scored on: each split, and all documents together.
PARTS = (*SPLITS, "all")
DOCUMENTS_COLUMNS = ("doc_id", "split", "gold", "predicted", "value_f1", "attributed_f1", "value_fn", "value_fp",
                     "attributed_fn", "attributed_fp")


def own_only(gold: Mapping[str, GoldDoc], predicted: Sequence[Predicted]) -> tuple[dict[str, GoldDoc], list[Predicted]]:
    """The own-study view: gold facts and predictions credited to a cited study are out of scope."""
    kept = {doc_id: replace(doc, facts=tuple(f for f in doc.facts if not f.study)) for doc_id, doc in gold.items()}
    return kept, [p for p in predicted if not p.study]


@dataclass(frozen=True, kw_only=True)
class PartScores:
    """The scores of one part of a corpus (a split, or all), with the baseline's."""

    part: str
    documents: tuple[str, ...]
    scores: Scores
    baseline: Scores | None


@dataclass(frozen=True, kw_only=True)
class CorpusScores:
    corpus: str
    own_only: bool
    parts: tuple[PartScores, ...]
    documents: tuple[dict[str, str], ...]  # documents.csv rows

    def part(self, name: str) -> PartScores:
        return next(p for p in self.parts if p.part == name)


def score_corpus(name: str, gold: Mapping[str, GoldDoc], predicted: Sequence[Predicted], texts: Mapping[str, str],
                 split: Mapping[tuple[str, str], str], own: bool) -> CorpusScores:
    """Score one corpus per part; every gold document must be in the split (else ValueError)."""
    missing = sorted(d for d in gold if (name, d) not in split)
    if missing:
        raise ValueError(f"{name}: gold documents not in annotations/split.tsv: {', '.join(missing)}")
    if own:
        gold, predicted = own_only(gold, predicted)
    base = baseline_predictions({d: t for d, t in texts.items() if d in gold})
    parts = []
    for part in PARTS:
        docs = {d: g for d, g in gold.items() if part == "all" or split[(name, d)] == part}
        if docs:
            baseline = score(docs, base) if any(d in texts for d in docs) else None
            parts.append(PartScores(part=part, documents=tuple(docs), scores=score(docs, predicted), baseline=baseline))
    return CorpusScores(corpus=name, own_only=own, parts=tuple(parts), documents=tuple(_document_rows(name, gold, predicted, split)))


def _document_rows(name: str, gold: Mapping[str, GoldDoc], predicted: Sequence[Predicted],
                   split: Mapping[tuple[str, str], str]) -> list[dict[str, str]]:
    rows = []
    for doc_id, doc in sorted(gold.items()):
        mine = [p for p in predicted if p.doc_id == doc_id]
        s = score({doc_id: doc}, mine)
        value, attributed = s.micro.prf["value"], s.micro.prf["attributed"]
        rows.append({
            "doc_id": doc_id, "split": split[(name, doc_id)], "gold": str(len(doc.facts)), "predicted": str(len(mine)),
            "value_f1": f"{value.f1:.3f}", "attributed_f1": f"{attributed.f1:.3f}",
            "value_fn": str(value.fn), "value_fp": str(value.fp),
            "attributed_fn": str(attributed.fn), "attributed_fp": str(attributed.fp),
        })
    return rows


def write_corpus(result: CorpusScores, texts: Mapping[str, str], out_dir: Path) -> None:
    """metrics.json (every part), errors.csv (all documents; the split is a column) and documents.csv."""
    out_dir.mkdir(parents=True, exist_ok=True)
    everything = result.part("all")
    write_report(everything.scores, everything.baseline, texts, out_dir)
    errors = pd.read_csv(out_dir / "errors.csv", dtype=str, keep_default_na=False)
    splits = {row["doc_id"]: row["split"] for row in result.documents}
    errors.insert(1, "split", errors["doc_id"].map(splits))
    write_csv_atomic(errors, out_dir / "errors.csv")
    content = {"corpus": result.corpus, "own_only": result.own_only,
               "parts": {p.part: metrics(p.scores, p.baseline) | {"strategies": {
                   s.strategy: {"assigned": s.assigned, "right": s.right, "precision": round(s.precision, 4)}
                   for s in strategy_scores(p.scores)}} for p in result.parts}}
    (out_dir / "metrics.json").write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")
    write_csv_atomic(pd.DataFrame(list(result.documents), columns=list(DOCUMENTS_COLUMNS), dtype=str),
                     out_dir / "documents.csv")


def _f1(scores: Scores | None, level: str) -> str:
    return "" if scores is None else f"{scores.micro.prf[level].f1:.3f}"


def summary_lines(results: Sequence[CorpusScores]) -> list[str]:
    """One line per corpus and part: micro P/R/F1 at both levels, CI exactness, baseline F1."""
    header = ("corpus", "part", "docs", "gold", "pred", "attributed P", "R", "F1", "value P", "R", "F1", "CI ok",
              "base attr F1", "base value F1")
    rows = []
    for r in results:
        for p in r.parts:
            m = p.scores.micro
            a, v, ci = m.prf["attributed"], m.prf["value"], m.shares["ci"]
            rows.append((r.corpus + (" (own)" if r.own_only else ""), p.part, str(len(p.documents)), str(m.gold),
                         str(m.predicted), f"{a.precision:.3f}", f"{a.recall:.3f}", f"{a.f1:.3f}",
                         f"{v.precision:.3f}", f"{v.recall:.3f}", f"{v.f1:.3f}", f"{ci.hits}/{ci.total}",
                         _f1(p.baseline, "attributed"), _f1(p.baseline, "value")))
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return [line(header), "-" * len(line(header)), *map(line, rows)]


def corpus_report(result: CorpusScores, worst: int = 5) -> list[str]:
    """Per part, the per-endpoint table; then the documents that lose the most attributed-level facts."""
    lines = []
    for p in result.parts:
        if p.part == "all":
            continue
        lines += ["", f"== {result.corpus} / {p.part} ({len(p.documents)} documents"
                  f"{', own study only' if result.own_only else ''})", format_table(p.scores, p.baseline)]
        strategies = strategy_scores(p.scores)
        if strategies:
            lines.append("   attribution strategies (value-level matches that name it: right/assigned): " + ", ".join(
                f"{s.strategy} {s.right}/{s.assigned}" for s in strategies))
    losses = sorted(result.documents, key=lambda r: -(int(r["attributed_fn"]) + int(r["attributed_fp"])))[:worst]
    if losses:
        lines += [f"-- {result.corpus}: documents losing the most attributed-level facts (FN+FP; all in documents.csv)"]
        lines += [f"   {r['doc_id']:<44} {r['split']:<5} gold {r['gold']:>3}  value F1 {r['value_f1']}  "
                  f"attributed F1 {r['attributed_f1']}" for r in losses]
    return lines


def eval_dev(shared: Path, work: Path, runs: Path, extract: Callable[[Path, Path], object],
             corpora: Sequence[DevCorpus] = DEV_CORPORA, force_own_only: bool = False,
             echo: Callable[[str], None] = print) -> list[CorpusScores]:
    """Extract and score every available corpus; a corpus whose documents are absent is skipped with a line."""
    split = load_split()
    results = []
    for c, docs_dir in available(shared, work, corpora, echo):
        gold = load_gold(c.gold) if c.gold.is_dir() else {}
        if not gold:
            echo(f"skipped {c.name}: no gold files in {c.gold}")
            continue
        run_dir = runs / c.name
        extract(docs_dir, run_dir)
        texts = {d: t for d in gold if (t := read_doc_text(docs_dir, d)) is not None}
        result = score_corpus(c.name, gold, read_predictions(run_dir / "results.csv"), texts, split,
                              c.own_only or force_own_only)
        write_corpus(result, texts, run_dir / "eval")
        for line in corpus_report(result):
            echo(line)
        results.append(result)
    (runs / "summary.json").write_text(json.dumps(
        {r.corpus: {p.part: {"documents": len(p.documents),
                             **{level: round(p.scores.micro.prf[level].f1, 4) for level in ("value", "attributed")},
                             "baseline": None if p.baseline is None else {
                                 level: round(p.baseline.micro.prf[level].f1, 4) for level in ("value", "attributed")}}
                    for p in r.parts} for r in results}, indent=2) + "\n", encoding="utf-8")
    return results

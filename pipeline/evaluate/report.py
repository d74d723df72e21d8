"""Evaluation outputs: the console table, ``metrics.json`` and ``errors.csv``, with the naive baseline beside.

The error list is not called ``errors.csv`` because a run folder already has
one (documents that could not be read), and evaluation writes there by default.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

import pandas as pd

from pipeline.evaluate.baseline import baseline_facts, sentence_spans
from pipeline.evaluate.gold import GoldDoc, GoldFact
from pipeline.evaluate.score import VIEWS, EndpointScore, Predicted, Scores, predictions_from_rows, score
from pipeline.table import results_frame, write_csv_atomic

METRICS_NAME = "metrics.json"
EVAL_ERRORS_NAME = "errors.csv"
#: errors.csv (of an evaluation): one row per false positive / false negative of each prf view ("level").
EVAL_ERRORS_COLUMNS: tuple[str, ...] = (
    "doc_id", "level", "kind", "endpoint", "outcome", "value", "not_reached", "arm", "subgroup", "study",
    "sentence", "raw", "start", "end",
)
_PRF_VIEWS = tuple(v.name for v in VIEWS if v.kind == "prf")
_SHARE_VIEWS = tuple(v.name for v in VIEWS if v.kind == "share")
#: Gold aliases are listed in one cell with this separator.
ALIAS_SEPARATOR = " | "


def baseline_predictions(texts: Mapping[str, str]) -> list[Predicted]:
    """The naive baseline's facts for the documents ``{doc_id: text}``, as the scorer reads them."""
    facts = [f for doc_id, text in texts.items() for f in baseline_facts(doc_id, text)]
    return predictions_from_rows(results_frame(facts).to_dict("records"))


def score_baseline(gold_docs: Mapping[str, GoldDoc], texts: Mapping[str, str],
                   endpoints: tuple[str, ...]) -> Scores:
    """Scores of the naive baseline on the gold documents whose text is known."""
    predicted = baseline_predictions({d: t for d, t in texts.items() if d in gold_docs})
    scored_docs = {doc_id: doc for doc_id, doc in gold_docs.items() if doc_id in texts}
    return score(scored_docs, predicted, endpoints)


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) of ``text`` containing ``[start, end)``."""
    spans = [(s, e) for s, e in sentence_spans(text) if s < max(end, start + 1) and e > start]
    return text[spans[0][0]:spans[-1][1]] if spans else ""


# ---------------------------------------------------------------- console


def _cells(row: EndpointScore, baseline: EndpointScore | None) -> list[str]:
    cells = [row.endpoint, str(row.gold), str(row.predicted)]
    for name in _PRF_VIEWS:
        prf = row.prf[name]
        cells += [f"{prf.precision:.3f}", f"{prf.recall:.3f}", f"{prf.f1:.3f}"]
    for name in _SHARE_VIEWS:
        share = row.shares[name]
        cells.append(f"{share.hits}/{share.total}")
    if baseline is not None:
        cells += [f"{baseline.prf[name].f1:.3f}" for name in _PRF_VIEWS]
    return cells


def format_table(scores: Scores, baseline: Scores | None = None) -> str:
    """Per-endpoint rows then the micro average; baseline F1 in the last columns when given."""
    header = ["endpoint", "gold", "pred"]
    for name in _PRF_VIEWS:
        header += [f"{name} P", "R", "F1"]
    header += [f"{name} ok" for name in _SHARE_VIEWS]
    if baseline is not None:
        header += [f"base {name} F1" for name in _PRF_VIEWS]
    base_rows = dict(zip(baseline.endpoints, baseline.per_endpoint)) if baseline else {}
    rows = [_cells(r, base_rows.get(r.endpoint)) for r in scores.per_endpoint]
    rows.append(_cells(scores.micro, baseline.micro if baseline else None))
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    rule = "-" * len(line(header))
    return "\n".join([line(header), rule, *map(line, rows[:-1]), rule, line(rows[-1])])


# ---------------------------------------------------------------- metrics.json


def _endpoint_metrics(row: EndpointScore) -> dict[str, object]:
    metrics: dict[str, object] = {"gold": row.gold, "predicted": row.predicted}
    for name, prf in row.prf.items():
        metrics[name] = {"tp": prf.tp, "fp": prf.fp, "fn": prf.fn, "precision": round(prf.precision, 4),
                         "recall": round(prf.recall, 4), "f1": round(prf.f1, 4)}
    for name, share in row.shares.items():
        metrics[name] = {"hits": share.hits, "total": share.total, "rate": round(share.rate, 4)}
    return metrics


def _scores_metrics(scores: Scores) -> dict[str, object]:
    return {
        "documents": list(scores.documents),
        "per_endpoint": {row.endpoint: _endpoint_metrics(row) for row in scores.per_endpoint},
        "micro": _endpoint_metrics(scores.micro),
    }


def metrics(scores: Scores, baseline: Scores | None = None) -> dict[str, object]:
    """The metrics.json content; keys in a fixed order (endpoints and views in declaration order)."""
    return {"endpoints": list(scores.endpoints), "pipeline": _scores_metrics(scores),
            "baseline": _scores_metrics(baseline) if baseline else None}


# ---------------------------------------------------------------- errors.csv


def _number(value: float | None) -> str:
    return "" if value is None else format(value, ".10g")


def _offset(value: int | None) -> str:
    return "" if value is None else str(value)


def _missed_row(level: str, fact: GoldFact, texts: Mapping[str, str]) -> dict[str, str]:
    text = texts.get(fact.doc_id)
    return {
        "doc_id": fact.doc_id, "level": level, "kind": "fn", "endpoint": fact.endpoint,
        "outcome": fact.outcome or "", "value": _number(fact.value), "not_reached": str(fact.not_reached).lower(),
        "arm": ALIAS_SEPARATOR.join(fact.arm), "subgroup": ALIAS_SEPARATOR.join(fact.subgroup), "study": fact.study,
        "sentence": sentence_around(text, fact.start, fact.end) if text else "",
        "raw": fact.raw, "start": str(fact.start), "end": str(fact.end),
    }


def _spurious_row(level: str, pred: Predicted) -> dict[str, str]:
    return {
        "doc_id": pred.doc_id, "level": level, "kind": "fp", "endpoint": pred.endpoint,
        "outcome": pred.outcome or "", "value": _number(pred.value), "not_reached": str(pred.not_reached).lower(),
        "arm": pred.arm, "subgroup": pred.subgroup, "study": pred.study, "sentence": pred.sentence,
        "raw": pred.raw, "start": _offset(pred.start), "end": _offset(pred.end),
    }


def error_rows(scores: Scores, texts: Mapping[str, str]) -> list[dict[str, str]]:
    """Every FN and FP of each prf view, by document, level and position."""
    rows = []
    for level, matching in scores.matchings.items():
        rows += [_missed_row(level, fact, texts) for fact in matching.missed]
        rows += [_spurious_row(level, pred) for pred in matching.spurious]
    level_order = {name: i for i, name in enumerate(_PRF_VIEWS)}
    return sorted(rows, key=lambda r: (r["doc_id"], level_order[r["level"]], int(r["start"] or -1), r["kind"]))


def write_report(scores: Scores, baseline: Scores | None, texts: Mapping[str, str], out_dir: Path) -> tuple[Path, Path]:
    """Write metrics.json and errors.csv into ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    metrics_path, errors_path = out_dir / METRICS_NAME, out_dir / EVAL_ERRORS_NAME
    metrics_path.write_text(json.dumps(metrics(scores, baseline), indent=2) + "\n", encoding="utf-8")
    frame = pd.DataFrame(error_rows(scores, texts), columns=list(EVAL_ERRORS_COLUMNS), dtype=str)
    write_csv_atomic(frame, errors_path)
    return metrics_path, errors_path

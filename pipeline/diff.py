"""Fact-by-fact comparison of two results tables (``python -m pipeline diff A B``).

Rows with the same fact key (doc, study, arm, subgroup, endpoint, outcome) are
paired, several rows under one key by closest value; a pair is ``changed``
when a compared field differs, else ``unchanged``. A new label changes the key,
so a removed and an added row of the same document, endpoint, outcome and value
whose raw offsets overlap are paired as ``relabelled``. The rest are ``added``
or ``removed``. With gold, each change says whether it ``fixed`` a gold fact
(matched at the attributed level in B, not in A), ``broke`` one, or neither;
removing a false positive counts as fixed and adding one as broke. :func:`score_changes` gives P/R/F1 per
endpoint at both levels before and after, and :mod:`pipeline.export.diff_page` renders it all as diff.html.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd

from pipeline.evaluate.gold import GoldDoc, GoldError, GoldFact, load_gold
from pipeline.evaluate.score import PRF, Scores, assign, predictions_from_rows, results_csv, score
from pipeline.schema import ENDPOINTS, FACT_KEY
from pipeline.table import read_results, write_csv_atomic

Row = Mapping[str, str]

LABELS: tuple[str, ...] = ("study", "arm", "subgroup")
#: Fields whose difference makes a paired row "changed" (mentions, sentence, page and extractor do not).
COMPARED: tuple[str, ...] = (
    "value", "not_reached", "unit", "ci_low", "ci_high", "ci_level", "p_value", "numerator", "denominator",
    "raw", "start", "end", "drugs", "tumor", "conflict",
)
CHANGE_KINDS: tuple[str, ...] = ("added", "removed", "changed", "relabelled", "unchanged")
GOLD_EFFECTS: tuple[str, ...] = ("fixed", "broke", "fixed+broke", "neutral")
DIFF_COLUMNS: tuple[str, ...] = (
    "doc_id", "change", "endpoint", "outcome", "fields",
    "study_a", "arm_a", "subgroup_a", "value_a", "ci_a", "p_a",
    "study_b", "arm_b", "subgroup_b", "value_b", "ci_b", "p_b",
    "raw", "start", "end", "sentence", "gold", "gold_facts",
)
DIFF_NAME = "diff.csv"
PAGE_NAME = "diff.html"


@dataclass(frozen=True, kw_only=True)
class Change:
    """One row of A paired with one of B, or a row on one side only.

    ``gold`` is one of GOLD_EFFECTS, or None when no gold was given or the
    document has none; ``gold_facts`` names the gold facts fixed or broken.
    """

    kind: str
    before: Row | None
    after: Row | None
    fields: tuple[str, ...] = ()
    gold: str | None = None
    gold_facts: tuple[str, ...] = field(default=())

    @property
    def row(self) -> Row:
        """The row that describes the change: B's when there is one."""
        return self.after if self.after is not None else self.before  # type: ignore[return-value]

    @property
    def offset(self) -> int:
        start = _number(self.row["start"])
        return -1 if start is None else int(start)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _same(a: str, b: str) -> bool:
    """Cell equality that does not care how a number is spelled ("6" == "6.0")."""
    na, nb = _number(a), _number(b)
    return na == nb if na is not None and nb is not None else a.strip() == b.strip()


def _differing(a: Row, b: Row, fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(f for f in fields if not _same(a[f], b[f]))


def _value_closeness(a: Row, b: Row) -> tuple[bool, float]:
    va, vb = _number(a["value"]), _number(b["value"])
    if va is None or vb is None:
        return False, 1.0 if va is None and vb is None else 0.0
    return False, 1.0 / (1.0 + abs(va - vb))


def _overlap(a: Row, b: Row) -> bool:
    spans = [(_number(r["start"]), _number(r["end"])) for r in (a, b)]
    if any(x is None for span in spans for x in span):
        return False
    (sa, ea), (sb, eb) = spans
    return sa < eb and sb < ea


def _relabel_candidate(a: Row, b: Row) -> tuple[bool, float] | None:
    same_fact = all(_same(a[f], b[f]) for f in ("doc_id", "endpoint", "outcome", "value", "not_reached"))
    return (False, 1.0) if same_fact and _overlap(a, b) else None


def _pair_rows(rows_a: Sequence[Row], rows_b: Sequence[Row]) -> list[tuple[int | None, int | None, str]]:
    """(index in A or None, index in B or None, kind) for every row of both tables."""
    groups: dict[tuple[str, ...], tuple[list[int], list[int]]] = {}
    for side, rows in enumerate((rows_a, rows_b)):
        for i, row in enumerate(rows):
            groups.setdefault(tuple(row[c] for c in FACT_KEY), ([], []))[side].append(i)
    paired: list[tuple[int | None, int | None, str]] = []
    removed: list[int] = []
    added: list[int] = []
    for key in sorted(groups):
        ia, ib = groups[key]
        pairs = assign([rows_a[i] for i in ia], [rows_b[j] for j in ib], _value_closeness)
        for x, y in pairs:
            kind = "changed" if _differing(rows_a[ia[x]], rows_b[ib[y]], COMPARED) else "unchanged"
            paired.append((ia[x], ib[y], kind))
        paired_a, paired_b = {x for x, _ in pairs}, {y for _, y in pairs}
        removed += [i for x, i in enumerate(ia) if x not in paired_a]
        added += [j for y, j in enumerate(ib) if y not in paired_b]
    relabelled = assign([rows_a[i] for i in removed], [rows_b[j] for j in added], _relabel_candidate)
    relabelled_a, relabelled_b = {x for x, _ in relabelled}, {y for _, y in relabelled}
    paired += [(removed[x], added[y], "relabelled") for x, y in relabelled]
    paired += [(i, None, "removed") for x, i in enumerate(removed) if x not in relabelled_a]
    paired += [(None, j, "added") for y, j in enumerate(added) if y not in relabelled_b]
    return paired


def _describe_gold(fact: GoldFact) -> str:
    value = "NR" if fact.value is None else format(fact.value, ".10g")
    return f"{fact.endpoint}={value}@{fact.start}"


def grade(rows_a: Sequence[Row], rows_b: Sequence[Row], gold_docs: Mapping[str, GoldDoc]) -> tuple[Scores, Scores]:
    """The scores of A and of B against the same gold (score.py's matching), for the changes and the P/R/F1."""
    return score(gold_docs, predictions_from_rows(rows_a)), score(gold_docs, predictions_from_rows(rows_b))


def _attributed_hits(scores: Scores) -> dict[int, GoldFact]:
    """Row index -> the gold fact it matches at the attributed level."""
    return {p.row: g for g, p in scores.matchings["attributed"].pairs}


def _row_name(row: Row) -> str:
    value = "NR" if row["not_reached"] == "true" else row["value"]
    return f"false positive {row['endpoint']}={value}@{row['start']}"


def _gold_effect(before: Row | None, after: Row | None, hit_before: GoldFact | None, hit_after: GoldFact | None,
                 matched_a: set[int], matched_b: set[int]) -> tuple[str, tuple[str, ...]]:
    """(effect, what it concerns). Fixed: B's row hits a gold fact nothing in A hit, or a false positive of
    A is gone; broke: A's row hit a gold fact nothing in B hits, or B adds a false positive."""
    fixed = hit_after if hit_after is not None and id(hit_after) not in matched_a else None
    broke = hit_before if hit_before is not None and id(hit_before) not in matched_b else None
    named = [_describe_gold(f) for f in (fixed, broke) if f]
    fp_removed = before is not None and hit_before is None and after is None
    fp_added = after is not None and hit_after is None and before is None
    named += [_row_name(r) for r, gone in ((before, fp_removed), (after, fp_added)) if gone and r is not None]
    effect = "+".join(name for name, hit in (("fixed", fixed or fp_removed), ("broke", broke or fp_added)) if hit)
    return effect or "neutral", tuple(named)


def diff_tables(rows_a: Sequence[Row], rows_b: Sequence[Row], gold_docs: Mapping[str, GoldDoc] | None = None,
                graded: tuple[Scores, Scores] | None = None) -> list[Change]:
    """Every row of A and B as a Change, by document and position; gold effects when gold is given
    (``graded``: :func:`grade` of these tables, when the caller has it already)."""
    if gold_docs is not None and graded is None:
        graded = grade(rows_a, rows_b, gold_docs)
    hits_a, hits_b = (_attributed_hits(s) for s in graded) if graded is not None else ({}, {})
    matched_a, matched_b = {id(g) for g in hits_a.values()}, {id(g) for g in hits_b.values()}
    changes = []
    for ia, ib, kind in _pair_rows(rows_a, rows_b):
        before = None if ia is None else rows_a[ia]
        after = None if ib is None else rows_b[ib]
        fields: tuple[str, ...] = ()
        if before is not None and after is not None:
            fields = _differing(before, after, (*LABELS, *COMPARED) if kind == "relabelled" else COMPARED)
        change = Change(kind=kind, before=before, after=after, fields=fields)
        if gold_docs is not None and change.row["doc_id"] in gold_docs and kind != "unchanged":
            effect, named = _gold_effect(before, after, hits_a.get(ia), hits_b.get(ib), matched_a, matched_b)
            change = replace(change, gold=effect, gold_facts=named)
        changes.append(change)
    return sorted(changes, key=lambda c: (c.row["doc_id"], c.offset, CHANGE_KINDS.index(c.kind), c.row["endpoint"]))


#: The prf views a diff reports, in this order.
LEVELS: tuple[str, ...] = ("attributed", "value")


@dataclass(frozen=True, kw_only=True)
class ScoreChange:
    """P/R/F1 of one endpoint (or ``micro``) at one level, before (A) and after (B)."""

    endpoint: str
    level: str
    before: PRF
    after: PRF


def score_changes(graded: tuple[Scores, Scores]) -> tuple[ScoreChange, ...]:
    """Per endpoint and micro-averaged, at both levels: P/R/F1 of A and of B (:func:`grade`)."""
    a, b = graded
    return tuple(
        ScoreChange(endpoint=ea.endpoint, level=level, before=ea.prf[level], after=eb.prf[level])
        for ea, eb in zip((*a.per_endpoint, a.micro), (*b.per_endpoint, b.micro))
        for level in LEVELS
    )


def format_scores(scores: Sequence[ScoreChange]) -> str:
    """The console table of score changes: P, R and F1 of A -> B per endpoint and level."""
    lines = [f"{'endpoint':<12}{'level':<12}{'P':>15}{'R':>15}{'F1':>15}{'dF1':>8}"]
    for s in scores:
        cells = "".join(f"{getattr(s.before, m):.3f}->{getattr(s.after, m):.3f}".rjust(15)
                        for m in ("precision", "recall", "f1"))
        lines.append(f"{s.endpoint:<12}{s.level:<12}{cells}{s.after.f1 - s.before.f1:>+8.3f}")
    return "\n".join(lines)


# ---------------------------------------------------------------- output


def _value(row: Row | None) -> str:
    if row is None:
        return ""
    return "NR" if row["not_reached"] == "true" else row["value"]


def _ci(row: Row | None) -> str:
    return "" if row is None or not (row["ci_low"] or row["ci_high"]) else f"{row['ci_low']}-{row['ci_high']}"


def diff_rows(changes: Sequence[Change]) -> list[dict[str, str]]:
    """diff.csv rows: every change except the unchanged pairs."""
    rows = []
    for c in changes:
        if c.kind == "unchanged":
            continue
        row = c.row
        cells = {"doc_id": row["doc_id"], "change": c.kind, "endpoint": row["endpoint"], "outcome": row["outcome"],
                 "fields": ";".join(c.fields)}
        for suffix, side in (("a", c.before), ("b", c.after)):
            for label in LABELS:
                cells[f"{label}_{suffix}"] = "" if side is None else side[label]
            cells[f"value_{suffix}"] = _value(side)
            cells[f"ci_{suffix}"] = _ci(side)
            cells[f"p_{suffix}"] = "" if side is None else side["p_value"]
        cells.update(raw=row["raw"], start=row["start"], end=row["end"], sentence=row["sentence"],
                     gold=c.gold or "", gold_facts=";".join(c.gold_facts))
        rows.append(cells)
    return rows


def _labels(row: Row) -> str:
    return ", ".join(f"{label}={row[label]}" for label in LABELS if row[label]) or "whole cohort"


def _stat(row: Row) -> str:
    extra = [f"CI {_ci(row)}"] if _ci(row) else []
    extra += [f"p={row['p_value']}"] if row["p_value"] else []
    return _value(row) + (f" ({', '.join(extra)})" if extra else "")


def format_change(c: Change) -> str:
    """Two lines: what changed, then the evidence sentence."""
    row = c.row
    what = row["endpoint"] + (f"/{row['outcome']}" if row["outcome"] else "")
    if c.kind == "relabelled":
        body = f"{_labels(c.before)} -> {_labels(c.after)}: {_stat(c.after)}"  # type: ignore[arg-type]
    elif c.kind == "changed":
        moves = [f"{f} {c.before[f] or '-'} -> {c.after[f] or '-'}" for f in c.fields]  # type: ignore[index]
        body = f"[{_labels(row)}] " + "; ".join(moves)
    else:
        body = f"[{_labels(row)}] {_stat(row)}"
    gold = f"  => {c.gold}" + (f" {', '.join(c.gold_facts)}" if c.gold_facts else "") if c.gold else ""
    return f"  {c.kind:<10} {what} {body}  raw {row['raw']!r} @{row['start']}{gold}\n      | {row['sentence']}"


def summary(changes: Sequence[Change]) -> str:
    """Counts per endpoint and kind (and gold effects when graded)."""
    counts = Counter((c.row["endpoint"], c.kind) for c in changes)
    effects = Counter((c.row["endpoint"], c.gold) for c in changes if c.gold)
    columns = [*CHANGE_KINDS, *(GOLD_EFFECTS[:3] if effects else ())]
    endpoints = [e for e in ENDPOINTS if any(k[0] == e for k in counts)]
    endpoints += sorted({k[0] for k in counts} - set(endpoints))
    width = max([len("endpoint"), len("total"), *map(len, endpoints)])

    def line(name: str, cells: list[int | str]) -> str:
        return name.ljust(width) + "".join(str(x).rjust(len(col) + 2) for x, col in zip(cells, columns))

    lines = [line("endpoint", columns)]
    for e in endpoints:
        lines.append(line(e, [counts[e, k] for k in CHANGE_KINDS] + [effects[e, g] for g in columns[len(CHANGE_KINDS):]]))
    totals = [sum(counts[e, k] for e in endpoints) for k in CHANGE_KINDS]
    totals += [sum(effects[e, g] for e in endpoints) for g in columns[len(CHANGE_KINDS):]]
    lines.append(line("total", totals))
    return "\n".join(lines)


def format_diff(changes: Sequence[Change]) -> str:
    """The console report: changes grouped by document in text order, then the summary."""
    lines: list[str] = []
    doc = None
    for c in changes:
        if c.kind == "unchanged":
            continue
        if c.row["doc_id"] != doc:
            doc = c.row["doc_id"]
            lines.append(f"== {doc}")
        lines.append(format_change(c))
    if not lines:
        lines.append("no differences")
    return "\n".join([*lines, "", summary(changes)])


# ---------------------------------------------------------------- CLI


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("diff", help="compare two results tables fact by fact",
                                   description=f"Compare results table A (before) with B (after); write {DIFF_NAME} and {PAGE_NAME} "
                                   "(the changes side by side with their sentences; with --gold, fixed/broken "
                                   "and P/R/F1 per endpoint before and after).")
    parser.add_argument("a", type=Path, metavar="A", help="run folder holding results.csv, or a results CSV")
    parser.add_argument("b", type=Path, metavar="B", help="run folder holding results.csv, or a results CSV")
    parser.add_argument("--gold", type=Path, help="gold folder: say which changes fix or break gold facts")
    parser.add_argument("--out", type=Path, help=f"where {DIFF_NAME} and {PAGE_NAME} go (default: B's folder)")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from pipeline.export.diff_page import render_diff_page  # the page module imports this one
    from pipeline.export.report import write_report

    paths = [results_csv(args.a), results_csv(args.b)]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        print(f"error: results table not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        rows_a, rows_b = (read_results(p).to_dict("records") for p in paths)
        gold = None
        if args.gold is not None:
            if not args.gold.is_dir():
                raise ValueError(f"gold folder not found: {args.gold}")
            gold = load_gold(args.gold)
        graded = grade(rows_a, rows_b, gold) if gold is not None else None
        changes = diff_tables(rows_a, rows_b, gold, graded)
    except (GoldError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scores = score_changes(graded) if graded is not None else None
    print(f"A: {paths[0]} ({len(rows_a)} rows)\nB: {paths[1]} ({len(rows_b)} rows)\n")
    print(format_diff(changes))
    if scores:
        print("\n" + format_scores(scores))
    out_dir = args.out or paths[1].parent
    write_csv_atomic(pd.DataFrame(diff_rows(changes), columns=list(DIFF_COLUMNS), dtype=str), out_dir / DIFF_NAME)
    write_report(render_diff_page(changes, str(paths[0]), str(paths[1]), scores), out_dir / PAGE_NAME)
    print(f"\nwrote {out_dir / DIFF_NAME} and {out_dir / PAGE_NAME}")
    return 0

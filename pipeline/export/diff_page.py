"""diff.html: the review page of a diff (``make diff``), self-contained like report.html (inline CSS and JS).

Per changed fact, the row before (A) and after (B) side by side, each with its evidence sentence and the
value's ``raw`` highlighted in it, the fields that changed, and with gold whether the change fixed or broke a
fact; above them the counts per endpoint and kind and, with gold, P/R/F1 per endpoint at both levels before
and after. Filters (kind, gold effect, endpoint, search) keep their state in the address
(``#effect=broke&endpoint=hr``) so a filtered view can be shared.
"""
from __future__ import annotations

import html
from collections import Counter
from typing import Sequence

from pipeline.diff import CHANGE_KINDS, GOLD_EFFECTS, LABELS, Change, Row, ScoreChange
from pipeline.schema import ENDPOINTS

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}.num{text-align:right;font-variant-numeric:tabular-nums}.up{color:#1a7f37}.down{color:#c62828}
.filters label{margin-right:1em}.hidden{display:none}mark{background:#ffd27f;padding:0 1px;border-radius:2px}
.g-fixed{background:#e3f6e5}.g-broke{background:#fde4e4}.g-fixed\\+broke{background:#fff4d6}.g-neutral{background:#fff}
.badge{font-size:.8em;padding:1px 5px;border-radius:8px;border:1px solid #bbb;white-space:nowrap}
.sentence{color:#444;font-size:.92em}.small{color:#666;font-size:.9em}td.side{width:38%}
"""

_JS = """
function params(){return new URLSearchParams(location.hash.slice(1))}
function apply(){const f={kind:document.getElementById('kind').value,effect:document.getElementById('effect').value,
endpoint:document.getElementById('endpoint').value,q:document.getElementById('q').value.toLowerCase()};let shown=0;
document.querySelectorAll('#changes tbody tr').forEach(tr=>{const ok=(!f.kind||tr.dataset.kind===f.kind)&&
(!f.effect||tr.dataset.effect===f.effect)&&(!f.endpoint||tr.dataset.endpoint===f.endpoint)&&
(!f.q||tr.textContent.toLowerCase().includes(f.q));tr.classList.toggle('hidden',!ok);shown+=ok});
document.getElementById('shown').textContent=shown;const p=new URLSearchParams();
Object.entries(f).forEach(([k,v])=>{if(v)p.set(k,v)});history.replaceState(null,'','#'+p.toString())}
window.addEventListener('DOMContentLoaded',()=>{const p=params();['kind','effect','endpoint','q'].forEach(i=>{
const el=document.getElementById(i);el.value=p.get(i)||'';el.addEventListener('input',apply)});apply()});
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def highlighted(sentence: str, raw: str) -> str:
    """The sentence as HTML with the first occurrence of ``raw`` marked (the sentence alone when it has none)."""
    at = sentence.find(raw) if raw else -1
    if at < 0:
        return _e(sentence)
    return f"{_e(sentence[:at])}<mark>{_e(raw)}</mark>{_e(sentence[at + len(raw):])}"


def _side(row: Row | None, changed: Sequence[str]) -> str:
    if row is None:
        return '<td class="side small">(no row)</td>'
    labels = ", ".join(f"{label}: <b>{_e(row[label])}</b>" for label in LABELS if row[label]) or "whole cohort"
    value = "NR" if row["not_reached"] == "true" else row["value"]
    ci = f" ({_e(row['ci_low'])}-{_e(row['ci_high'])})" if row["ci_low"] or row["ci_high"] else ""
    p = f", p={_e(row['p_value'])}" if row["p_value"] else ""
    fields = f'<div class="small">changed: {_e(", ".join(changed))}</div>' if changed else ""
    return (f'<td class="side"><div>{labels}</div><div><b>{_e(value)}</b>{ci}{p} '
            f'<span class="small">@{_e(row["start"])}</span></div>{fields}'
            f'<div class="sentence">{highlighted(row["sentence"], row["raw"])}</div></td>')


def _change_rows(changes: Sequence[Change]) -> str:
    rows = []
    for number, c in enumerate(ch for ch in changes if ch.kind != "unchanged"):
        row, effect = c.row, c.gold or ""
        what = row["endpoint"] + (f"/{row['outcome']}" if row["outcome"] else "")
        badge = f'<span class="badge">{_e(effect)}</span>' if effect else ""
        concerns = f'<div class="small">{_e("; ".join(c.gold_facts))}</div>' if c.gold_facts else ""
        rows.append(
            f'<tr id="c{number}" class="g-{_e(effect or "none")}" data-kind="{_e(c.kind)}" data-effect="{_e(effect)}" '
            f'data-endpoint="{_e(row["endpoint"])}"><td>{_e(row["doc_id"])}</td><td>{_e(what)}</td>'
            f'<td>{_e(c.kind)}</td><td>{badge}{concerns}</td>{_side(c.before, c.fields)}{_side(c.after, c.fields)}</tr>'
        )
    return "".join(rows)


def _counts(changes: Sequence[Change]) -> str:
    counts = Counter((c.row["endpoint"], c.kind) for c in changes)
    effects = Counter((c.row["endpoint"], c.gold) for c in changes if c.gold)
    columns = [*CHANGE_KINDS, *(GOLD_EFFECTS if effects else ())]  # kind and effect names are disjoint
    endpoints = [e for e in ENDPOINTS if any(k[0] == e for k in counts)]
    endpoints += sorted({k[0] for k in counts} - set(endpoints))
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        f"<tr><td>{_e(e)}</td>" + "".join(f'<td class="num">{counts[e, c] + effects[e, c]}</td>' for c in columns)
        + "</tr>" for e in endpoints
    )
    return f"<table><thead><tr><th>endpoint</th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scores(scores: Sequence[ScoreChange]) -> str:
    def cell(before: float, after: float) -> str:
        trend = "up" if after > before else "down" if after < before else ""
        return f'<td class="num {trend}">{before:.3f} &rarr; {after:.3f}</td>'

    body = "".join(
        f'<tr data-level="{_e(s.level)}"><td>{_e(s.endpoint)}</td><td>{_e(s.level)}</td>'
        + cell(s.before.precision, s.after.precision) + cell(s.before.recall, s.after.recall)
        + cell(s.before.f1, s.after.f1)
        + f'<td class="num">{s.before.tp}/{s.before.fp}/{s.before.fn} &rarr; {s.after.tp}/{s.after.fp}/{s.after.fn}</td></tr>'
        for s in scores
    )
    return ('<h2>Scores against gold, before &rarr; after</h2><table id="scores"><thead><tr><th>endpoint</th>'
            '<th>level</th><th>precision</th><th>recall</th><th>F1</th><th>tp/fp/fn</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")


def _select(name: str, values: Sequence[str]) -> str:
    options = "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)
    return f'<label>{name} <select id="{name}"><option value="">all</option>{options}</select></label>'


def render_diff_page(changes: Sequence[Change], before: str, after: str,
                     scores: Sequence[ScoreChange] | None = None) -> str:
    """The page for the changes of A (``before``, its path) to B (``after``); ``scores`` when graded."""
    shown = sum(c.kind != "unchanged" for c in changes)
    kinds = [k for k in CHANGE_KINDS if k != "unchanged"]
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Diff: {_e(after)}</title>'
        f"<style>{_CSS}</style><script>{_JS}</script></head><body><h1>What changed</h1>"
        f'<p>A (before): <code>{_e(before)}</code><br>B (after): <code>{_e(after)}</code></p>'
        f"<h2>Changes per endpoint</h2>{_counts(changes)}" + (_scores(scores) if scores else "")
        + f'<h2>Changed facts</h2><div class="filters">{_select("kind", kinds)}'
        f'{_select("effect", GOLD_EFFECTS)}{_select("endpoint", ENDPOINTS)}'
        f'<label>search <input id="q" type="search"></label><span><span id="shown">{shown}</span> shown</span></div>'
        '<table id="changes"><thead><tr><th>document</th><th>endpoint</th><th>change</th><th>gold</th>'
        f'<th>before (A)</th><th>after (B)</th></tr></thead><tbody>{_change_rows(changes)}</tbody></table></body></html>'
    )

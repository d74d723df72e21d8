"""report.html: one self-contained page (inline CSS and JS, no network) for a reviewer to check a run.

A summary, a filterable table of every fact, the plots, and each document's text with every fact's ``raw``
highlighted at its offsets and coloured by endpoint (a click on a row shows its mark, a click on a mark its
row), with the document's sections and, for PDFs, its page breaks. The filters keep their state in the
address (``#endpoint=orr&review=1&q=...``), so a filtered view can be shared and opened again.

Rendering is a pure function of the tables and the texts (:func:`render_report`); like displaCy's manual
mode it takes spans over a text, but each mark carries its fact's row number.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.endpoints import REGISTRY
from pipeline.schema import ENDPOINTS

#: Facts the table lists; a larger run's page says how many more results.csv holds.
MAX_FACTS = 5000
COLOURS = {e.name: e.colour for e in REGISTRY}


@dataclass(frozen=True, kw_only=True)
class DocumentText:
    """A document's text as the readers gave it, with what the page shows beside it."""

    text: str
    sections: tuple[tuple[str, int, int], ...] = ()  # (name, start, end)
    pages: tuple[tuple[int, int], ...] = ()  # (number, start)


@dataclass(frozen=True, kw_only=True)
class GoldView:
    """How each row compares with gold: ``judged`` maps a results row to ``tp`` (right at the attributed
    level), ``value`` (value right, labels wrong) or ``fp``; ``missed`` lists the gold facts no row matches,
    per doc_id, as (start, end, endpoint, description)."""

    judged: dict[int, str]
    missed: dict[str, tuple[tuple[int, int, str, str], ...]]


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def marked_text(text: str, spans: list[tuple[int, int, str, int]], pages: tuple[tuple[int, int], ...] = (),
                judged: dict[int, str] | None = None) -> str:
    """``text`` as HTML with ``<mark>`` around each (start, end, endpoint, fact number) span and a page label
    at each page start. A span overlapping an earlier one joins that mark (its number is added to it); a
    negative number is a gold fact no row matches (``g-fn``); ``judged`` adds each row's gold class."""
    marks: list[list] = []
    for start, end, endpoint, number in sorted(spans):
        if marks and start < marks[-1][1]:
            marks[-1][3].append(number)
            continue
        marks.append([start, end, endpoint, [number]])
    events = sorted([(s, 1, m) for m in marks for s in (m[0],)] + [(p, 0, n) for n, p in pages], key=lambda e: e[:2])
    out, pos = [], 0
    for offset, kind, item in events:
        if kind == 0:
            if offset < pos:
                continue
            out.append(_e(text[pos:offset]) + f'<span class="page">page {item}</span>')
            pos = offset
            continue
        start, end, endpoint, numbers = item
        ids = " ".join(f"f{n}" for n in numbers if n >= 0)
        css = f"e-{_e(endpoint)}" + (f" g-{(judged or {}).get(numbers[0], 'none')}" if judged is not None and ids
                                     else "" if ids else " g-fn")
        out.append(_e(text[pos:start]) + f'<mark class="{css}"' + (f' id="m{numbers[0]}" data-facts="{ids}"' if ids else
                   ' data-gold="fn"') + f' title="{_e(endpoint)}">{_e(text[start:end])}</mark>')
        pos = end
    out.append(_e(text[pos:]))
    return "".join(out)


def _summary(documents: pd.DataFrame, results: pd.DataFrame) -> str:
    status = documents["status"].value_counts()
    cells = [("documents", len(documents))] + [(s, int(status.get(s, 0))) for s in ("ok", "partial", "failed", "skipped")]
    cells += [(e, int((results["endpoint"] == e).sum())) for e in ENDPOINTS]
    cells.append(("flagged for review", int((results["review"] == "true").sum())))
    reviewed = results["status"].value_counts()
    cells += [(s, int(reviewed[s])) for s in ("accepted", "edited", "added", "rejected") if s in reviewed]
    return "".join(f'<div class="stat"><b>{v}</b><span>{_e(k)}</span></div>' for k, v in cells)


def _fact_rows(records: list[dict[str, str]], gold: GoldView | None) -> str:
    rows = []
    for i, r in enumerate(records[:MAX_FACTS]):
        ci = f"{r['ci_low']}–{r['ci_high']}" if r["ci_low"] else ""
        judged = f' data-gold="{gold.judged.get(i, "none")}" class="g-{gold.judged.get(i, "none")}"' if gold else ""
        rows.append(
            f'<tr id="f{i}" data-endpoint="{_e(r["endpoint"])}" data-review="{_e(r["review"])}" data-doc="{_e(r["doc_id"])}"'
            f'{judged}>'
            f'<td>{_e(r["doc_id"])}</td><td><span class="chip e-{_e(r["endpoint"])}">{_e(r["endpoint"])}</span> '
            f'{_e(r["outcome"])}</td><td>{_e(r["arm"])}</td><td>{_e(r["subgroup"])}</td><td>{_e(r["study"])}</td>'
            f'<td class="num">{_e("NR" if r["not_reached"] == "true" else r["value"])}</td><td class="num">{_e(ci)}</td>'
            f'<td>{_e(r["p_value"])}</td><td>{_e(r["page"])}</td><td>{"⚑" if r["review"] == "true" else ""}</td>'
            f'<td class="small">{_e(r["attribution"])}</td><td class="st-{_e(r["status"])}">{_e(r["status"])}</td></tr>')
    return "".join(rows)


def _documents(records: list[dict[str, str]], texts: dict[str, DocumentText], gold: GoldView | None) -> str:
    parts = []
    missed = gold.missed if gold else {}
    # one pass over plain rows: a large run has thousands of documents, and a frame per document cost seconds
    by_doc: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for i, r in enumerate(records):
        by_doc.setdefault(r["doc_id"], []).append((i, r))
    for doc_id in sorted(set(by_doc) | set(missed)):
        facts = by_doc.get(doc_id, [])
        view = texts.get(doc_id)
        arms = sorted({r["arm"] for _, r in facts if r["arm"]})
        head = (f'<summary><b>{_e(doc_id)}</b> · {len(facts)} facts · arms: {_e(", ".join(arms) or "whole cohort")}'
                f'</summary>')
        if view is None:
            parts.append(f'<details class="doc" data-doc="{_e(doc_id)}">{head}<p>(text not shown)</p></details>')
            continue
        spans = [(int(r["start"]), int(r["end"]), r["endpoint"], i) for i, r in facts
                 if i < MAX_FACTS and view.text[int(r["start"]):int(r["end"])] == r["raw"]]
        spans += [(a, b, endpoint, -1 - k) for k, (a, b, endpoint, _) in enumerate(missed.get(doc_id, ()))]
        sections = " · ".join(f"{_e(n)} {s}–{e}" for n, s, e in view.sections)
        fn = "".join(f'<li class="g-fn">{_e(endpoint)}: {_e(what)} (characters {a}–{b})</li>'
                     for a, b, endpoint, what in missed.get(doc_id, ()))
        parts.append(f'<details class="doc" data-doc="{_e(doc_id)}">{head}<p class="small">sections: {sections}</p>'
                     + (f'<p>missed (in gold, not found):</p><ul class="missed">{fn}</ul>' if fn else "")
                     + f'<pre class="text">{marked_text(view.text, spans, view.pages, gold.judged if gold else None)}'
                     '</pre></details>')
    return "".join(parts)


_CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:1.5em;color:#222}h1{font-size:1.4em}
td.st-rejected{text-decoration:line-through;color:#c62828}td.st-extracted{color:#999}
.stats{display:flex;flex-wrap:wrap;gap:.5em}.stat{border:1px solid #ddd;border-radius:6px;padding:.3em .7em}
.stat b{display:block;font-size:1.2em}.stat span{color:#666;font-size:.85em}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border-bottom:1px solid #eee;padding:.2em .4em;
text-align:left;vertical-align:top}th{background:#f6f6f6;position:sticky;top:0}.num{text-align:right}
.small{font-size:.8em;color:#555}tr.hidden{display:none}tr.active{outline:2px solid #333}
pre.text{white-space:pre-wrap;font:13px/1.5 ui-monospace,monospace;background:#fcfcfc;padding:.8em;
border:1px solid #eee}mark{border-radius:3px;padding:0 1px;cursor:pointer}mark.active{outline:2px solid #000}
.page{display:block;color:#888;border-top:1px dashed #bbb;margin:.5em 0;font-size:.8em}
.chip{border-radius:3px;padding:0 4px}.plots svg{max-width:100%;height:auto}
.filters{display:flex;gap:1em;align-items:center;margin:.8em 0}
tr.g-tp td:first-child{border-left:4px solid #2e7d32}tr.g-value td:first-child{border-left:4px solid #ef8f00}
tr.g-fp td:first-child{border-left:4px solid #c62828}mark.g-tp{box-shadow:inset 0 -3px #2e7d32}
mark.g-value{box-shadow:inset 0 -3px #ef8f00}mark.g-fp{box-shadow:inset 0 -3px #c62828}
mark.g-fn,li.g-fn{outline:2px dashed #c62828;background:none}.legend span{margin-right:1em}"""
_CSS += "".join(f".e-{e}{{background:{c}}}" for e, c in COLOURS.items())

_JS = """
function params(){const p=new URLSearchParams(location.hash.slice(1));return p}
function apply(){const e=document.getElementById('endpoint').value,r=document.getElementById('review').checked,
q=document.getElementById('q').value.toLowerCase();let shown=0;
document.querySelectorAll('#facts tbody tr').forEach(tr=>{const ok=(!e||tr.dataset.endpoint===e)&&
(!r||tr.dataset.review==='true')&&(!q||tr.textContent.toLowerCase().includes(q));tr.classList.toggle('hidden',!ok);
if(ok)shown++});document.getElementById('shown').textContent=shown;
const p=new URLSearchParams();if(e)p.set('endpoint',e);if(r)p.set('review','1');if(q)p.set('q',q);
history.replaceState(null,'','#'+p.toString())}
function show(id){document.querySelectorAll('.active').forEach(x=>x.classList.remove('active'));
const m=document.querySelector('mark[data-facts~="'+id+'"]'),tr=document.getElementById(id);
if(tr)tr.classList.add('active');if(m){m.closest('details').open=true;m.classList.add('active');
m.scrollIntoView({block:'center'})}}
window.addEventListener('DOMContentLoaded',()=>{const p=params();
document.getElementById('endpoint').value=p.get('endpoint')||'';document.getElementById('review').checked=p.get('review')==='1';
document.getElementById('q').value=p.get('q')||'';
['endpoint','review','q'].forEach(i=>document.getElementById(i).addEventListener('input',apply));
document.querySelectorAll('#facts tbody tr').forEach(tr=>tr.addEventListener('click',()=>show(tr.id)));
document.querySelectorAll('mark').forEach(m=>m.addEventListener('click',()=>{const id=m.dataset.facts.split(' ')[0];
show(id);document.getElementById(id).scrollIntoView({block:'center'})}));apply()});
"""


def render_report(results: pd.DataFrame, documents: pd.DataFrame, texts: dict[str, DocumentText],
                  plots: dict[str, str] | None = None, title: str = "Evidence report",
                  gold: GoldView | None = None) -> str:
    """The page: ``results`` and ``documents`` as the run wrote them (frames of strings), ``texts`` by doc_id,
    ``plots`` as inline SVG by name, and with ``gold`` every row and mark coloured by how it compares."""
    results = results.reset_index(drop=True)
    records = results.to_dict("records")  # row i is fact number i
    more = len(results) - MAX_FACTS
    options = "".join(f'<option value="{e}">{e}</option>' for e in ENDPOINTS)
    figures = "".join(f'<figure><figcaption>{_e(n)}</figcaption>{svg}</figure>' for n, svg in (plots or {}).items())
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f'<style>{_CSS}</style><script>{_JS}</script></head><body><h1>{_e(title)}</h1>'
        f'<div class="stats">{_summary(documents, results)}</div>'
        f'<h2>Facts</h2><div class="filters"><label>endpoint <select id="endpoint"><option value="">all</option>'
        f'{options}</select></label><label><input type="checkbox" id="review"> flagged for review only</label>'
        f'<label>search <input id="q" type="search"></label><span><span id="shown">{min(len(results), MAX_FACTS)}'
        f'</span> shown</span></div>'
        + (f'<p class="small">{more} more facts are in results.csv</p>' if more > 0 else "")
        + (_legend(gold) if gold else "")
        + '<table id="facts"><thead><tr><th>document</th><th>endpoint</th><th>arm</th><th>subgroup</th><th>study</th>'
        '<th>value</th><th>CI</th><th>p</th><th>page</th><th>review</th><th>attribution</th><th>status</th></tr></thead>'
        f'<tbody>{_fact_rows(records, gold)}</tbody></table><h2>Plots</h2><div class="plots">{figures}</div>'
        f'<h2>Documents</h2>{_documents(records, texts, gold)}</body></html>'
    )


def _legend(gold: GoldView) -> str:
    counts = {k: sum(v == k for v in gold.judged.values()) for k in ("tp", "value", "fp")}
    missed = sum(len(v) for v in gold.missed.values())
    return (f'<p class="legend"><span class="g-tp">right (attributed): {counts["tp"]}</span>'
            f'<span class="g-value">value right, labels wrong: {counts["value"]}</span>'
            f'<span class="g-fp">not in gold: {counts["fp"]}</span><span class="g-fn">missed: {missed}</span></p>')


def write_report(page: str, path: Path) -> None:
    """Write the page atomically."""
    from pipeline.table import atomic_file

    with atomic_file(path, suffix=".html") as tmp:
        tmp.write_text(page, encoding="utf-8")

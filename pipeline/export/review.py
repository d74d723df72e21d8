"""Reviewed facts -> gold: the rows a reviewer accepted, edited or added become gold JSON files.

``gold-from-corrections`` takes a run whose corrections.csv has been applied and writes one gold file per
document with such rows, in the format of ``annotations/`` (offsets checked against the text as read,
``text_sha256`` of that text), so reviewed runs grow the evaluation set without hand-written JSON.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from pipeline.evaluate.gold import anchor_doc, dump_gold, fact_from_json, fact_problems
from pipeline.types import FactStatus

Row = Mapping[str, str]
#: The statuses whose rows a reviewer vouched for.
REVIEWED: tuple[str, ...] = (FactStatus.ACCEPTED.value, FactStatus.EDITED.value, FactStatus.ADDED.value)


@dataclass(frozen=True, kw_only=True)
class GoldOutput:
    """Gold file contents by doc_id, and the facts left out with the reason for each."""

    docs: dict[str, dict]
    problems: tuple[str, ...]


def _number(text: str) -> float | int | None:
    if not text:
        return None
    number = float(text)
    return int(number) if number == int(number) else number


def gold_fact(cells: Mapping[str, str]) -> dict[str, object]:
    """A gold fact (annotations/ format) from results.csv cells or from cells named the same way."""
    fact: dict[str, object] = {
        "endpoint": cells["endpoint"], "value": _number(cells["value"]),
        "arm": [cells["arm"]] if cells["arm"] else [], "subgroup": [cells["subgroup"]] if cells["subgroup"] else [],
        "study": cells["study"], "ci_low": _number(cells["ci_low"]), "ci_high": _number(cells["ci_high"]),
        "p": cells["p_value"] or None, "not_reached": cells["not_reached"] == "true",
        "numerator": _number(cells.get("numerator", "")), "denominator": _number(cells.get("denominator", "")),
        "raw": cells["raw"], "start": int(cells["start"]), "end": int(cells["end"]),
    }
    if cells["endpoint"] == "hr":
        fact["outcome"] = cells["outcome"]
    return fact


def gold_documents(facts: Iterable[tuple[str, dict]], texts: Mapping[str, str],
                   reviewed: Iterable[str] = ()) -> GoldOutput:
    """Gold files from (doc_id, gold fact) pairs, and an empty one for each ``reviewed`` document without
    facts: each fact is checked against its document's text (a fact whose offsets do not hold, or whose
    document has no text, is left out and named in ``problems``)."""
    by_doc: dict[str, list[dict]] = {doc_id: [] for doc_id in reviewed if doc_id in texts}
    problems: list[str] = []
    for doc_id, item in facts:
        text = texts.get(doc_id)
        if text is None:
            problems.append(f"{doc_id}: text not found; {item['endpoint']} {item['raw']!r} left out")
            continue
        found = fact_problems(fact_from_json(doc_id, item), text)
        if found:
            problems += [f"{p}; left out" for p in found]
            continue
        by_doc.setdefault(doc_id, []).append(item)
    docs = {}
    for doc_id in sorted(by_doc):
        docs[doc_id], found = anchor_doc({"doc_id": doc_id, "facts": by_doc[doc_id]}, texts[doc_id])
        problems += found
    return GoldOutput(docs=docs, problems=tuple(problems))


def gold_from_rows(rows: Sequence[Row], texts: Mapping[str, str]) -> GoldOutput:
    """Gold from a run's results rows that review accepted, edited or added."""
    return gold_documents(((r["doc_id"], gold_fact(r)) for r in rows if r["status"] in REVIEWED), texts)


def write_gold(output: GoldOutput, out_dir: Path) -> list[Path]:
    """One ``<doc_id>.json`` per document (a doc_id with ``/`` becomes ``__``, gold files are flat)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for doc_id, data in output.docs.items():
        path = out_dir / f"{doc_id.replace('/', '__')}.json"
        path.write_text(dump_gold(data), encoding="utf-8")
        written.append(path)
    return written

"""corrections.csv: a reviewer's verdicts on a run's facts, applied by every run after extraction.

One row per verdict. The fact is named by its key, ``doc_id, study, arm, subgroup, endpoint, outcome``
(empty cells are part of the key: an empty arm is the whole cohort), and ``start`` picks one row when a key
has several (a conflict). ``action`` is one of:

- ``accept``: the fact is right (``status`` accepted);
- ``reject``: it is wrong; the row stays in results.csv with ``status`` rejected, so nothing is lost, and
  studies.csv, meta.csv, the plots and scoring leave it out;
- ``edit``: the ``new_*`` cells replace the row's (``new_arm`` etc. move it to another key; ``-`` empties a
  cell); ``status`` edited;
- ``add``: a fact the pipeline missed, with the key's labels and ``new_value`` (or ``new_not_reached``),
  ``new_raw``, ``new_start``, ``new_end``; ``status`` added.

A row with only ``doc_id`` and accept or reject applies to every fact of that document that no other row
corrects. ``note`` is free text. Rows are applied in file order after the rows naming one fact; what each did
is written to corrections_applied.csv, and a row that names no fact is reported there, never dropped silently.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Mapping, Sequence

from pipeline.schema import ENDPOINTS, FACT_KEY, HR_OUTCOMES
from pipeline.table import format_number
from pipeline.types import FactStatus

CORRECTIONS_NAME = "corrections.csv"
APPLIED_NAME = "corrections_applied.csv"

#: Fields a correction can set (``new_<field>``); the rest of a row is the pipeline's evidence.
NEW_FIELDS: tuple[str, ...] = (
    "study", "arm", "subgroup", "outcome", "value", "unit", "ci_low", "ci_high", "ci_level", "p_value",
    "numerator", "denominator", "not_reached", "raw", "start", "end",
)
CORRECTIONS_COLUMNS: tuple[str, ...] = (*FACT_KEY, "start", "action", *(f"new_{f}" for f in NEW_FIELDS), "note")
APPLIED_COLUMNS: tuple[str, ...] = ("line", "doc_id", "endpoint", "action", "result", "rows", "note")
#: A ``new_*`` cell holding this empties the field (an empty cell leaves it as it is).
CLEAR = "-"
_NUMBERS = frozenset({"value", "ci_low", "ci_high", "ci_level", "numerator", "denominator", "start", "end"})
_LABELS = ("study", "arm", "subgroup", "endpoint", "outcome")


class Action(str, Enum):
    ACCEPT = "accept"
    REJECT = "reject"
    EDIT = "edit"
    ADD = "add"


_STATUS = {Action.ACCEPT: FactStatus.ACCEPTED, Action.REJECT: FactStatus.REJECTED,
           Action.EDIT: FactStatus.EDITED, Action.ADD: FactStatus.ADDED}


class CorrectionsError(ValueError):
    """corrections.csv cannot be used as it is; the message names the file and line."""


@dataclass(frozen=True, kw_only=True)
class Correction:
    """One row of corrections.csv; ``labels`` is None for a whole-document verdict."""

    line: int
    doc_id: str
    labels: Mapping[str, str] | None
    start: int | None
    action: Action
    new: Mapping[str, str]
    note: str

    @property
    def endpoint(self) -> str:
        return "" if self.labels is None else self.labels["endpoint"]


def _number(text: str, where: str) -> str:
    try:
        float(text)
    except ValueError:
        raise CorrectionsError(f"{where}: not a number: {text!r}") from None
    return text


def _parse(line: int, cells: Mapping[str, str], where: str) -> Correction:
    def get(name: str) -> str:
        return (cells.get(name) or "").strip()  # a column the file leaves out reads as empty

    try:
        action = Action(get("action").lower())
    except ValueError:
        raise CorrectionsError(f"{where}: action must be one of {', '.join(a.value for a in Action)}, "
                               f"not {get('action')!r}") from None
    new = {f: get(f"new_{f}") for f in NEW_FIELDS if get(f"new_{f}")}
    for field, text in new.items():
        if field in _NUMBERS and text != CLEAR:
            _number(text, f"{where} new_{field}")
    if "not_reached" in new and new["not_reached"].lower() not in ("true", "false"):
        raise CorrectionsError(f"{where}: new_not_reached must be true or false")
    whole = not any(get(k) for k in _LABELS) and not get("start")
    if not get("doc_id"):
        raise CorrectionsError(f"{where}: doc_id is empty")
    if whole and action in (Action.ACCEPT, Action.REJECT) and not new:
        return Correction(line=line, doc_id=get("doc_id"), labels=None, start=None, action=action, new={},
                          note=get("note"))
    endpoint = get("endpoint")
    if endpoint not in ENDPOINTS:
        raise CorrectionsError(f"{where}: endpoint must be one of {', '.join(ENDPOINTS)}, not {endpoint!r}")
    outcome = new.get("outcome", get("outcome"))
    if endpoint == "hr" and action is Action.ADD and outcome not in HR_OUTCOMES:
        raise CorrectionsError(f"{where}: an hr needs an outcome in {', '.join(HR_OUTCOMES)}")
    if action is Action.EDIT and not new:
        raise CorrectionsError(f"{where}: edit without any new_* value")
    if action is Action.ADD:
        lacking = [f"new_{f}" for f in ("raw", "start", "end") if f not in new]
        if "value" not in new and new.get("not_reached", "").lower() != "true":
            lacking.insert(0, "new_value")
        if lacking:
            raise CorrectionsError(f"{where}: add needs {', '.join(lacking)}")
    start = get("start")
    return Correction(line=line, doc_id=get("doc_id"), labels={k: get(k) for k in _LABELS},
                      start=int(float(_number(start, f"{where} start"))) if start else None,
                      action=action, new=new, note=get("note"))


def read_corrections(path: Path) -> tuple[Correction, ...]:
    """Parse and check corrections.csv; raises CorrectionsError naming the first bad line."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:  # -sig: spreadsheets save a BOM
            reader = csv.DictReader(handle)
            if not reader.fieldnames or not {"doc_id", "action"} <= set(reader.fieldnames):
                raise CorrectionsError(f"{path}: needs at least the columns doc_id and action "
                                       f"(all: {', '.join(CORRECTIONS_COLUMNS)})")
            unknown = sorted(set(reader.fieldnames) - set(CORRECTIONS_COLUMNS))
            if unknown:
                raise CorrectionsError(f"{path}: unknown columns {', '.join(unknown)}")
            return tuple(_parse(n, cells, f"{path} line {n}") for n, cells in enumerate(reader, start=2)
                         if any((v or "").strip() for v in cells.values()))
    except (OSError, UnicodeDecodeError) as exc:
        raise CorrectionsError(f"{path}: cannot be read: {exc}") from None


def _format(field: str, text: str) -> str:
    """A new cell as results.csv writes it (numbers without trailing zeros, flags in lower case)."""
    if text == CLEAR:
        return ""
    if field == "not_reached":
        return text.lower()
    if field in _NUMBERS:
        return format_number(float(text))
    return text


def _matches(row: Mapping[str, str], c: Correction) -> bool:
    if row["doc_id"] != c.doc_id or c.labels is None:
        return False
    return all(row[k] == v for k, v in c.labels.items()) and (c.start is None or row["start"] == str(c.start))


def _added_row(c: Correction, columns: Sequence[str], source: str) -> dict[str, str]:
    row = dict.fromkeys(columns, "") | {"doc_id": c.doc_id, "not_reached": "false", "mentions": "1",
                                        "conflict": "false", "review": "false", "extractor": "correction",
                                        "attribution": "correction", "source": source}
    row |= dict(c.labels or {})
    row |= {f: _format(f, v) for f, v in c.new.items()}
    return row


def apply_corrections(rows: Sequence[Mapping[str, str]], corrections: Sequence[Correction],
                      columns: Sequence[str]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(the results rows with every correction applied and ``status`` set, one corrections_applied.csv row
    per correction). Rows keep their order; added rows come last (the caller sorts)."""
    out = [dict(r) | {"status": FactStatus.EXTRACTED.value} for r in rows]
    sources = {r["doc_id"]: r["source"] for r in out}
    applied: list[dict[str, str]] = []
    ordered = sorted(corrections, key=lambda c: (c.labels is None, c.line))
    for c in ordered:
        if c.action is Action.ADD:
            out.append(_added_row(c, columns, sources.get(c.doc_id, "")) | {"status": FactStatus.ADDED.value})
            hits = 1
        else:
            chosen = [r for r in out if _matches(r, c)] if c.labels is not None else [
                r for r in out if r["doc_id"] == c.doc_id and r["status"] == FactStatus.EXTRACTED.value]
            for r in chosen:
                r.update({f: _format(f, v) for f, v in c.new.items()}, status=_STATUS[c.action].value)
            hits = len(chosen)
        applied.append({"line": str(c.line), "doc_id": c.doc_id, "endpoint": c.endpoint, "action": c.action.value,
                        "result": "applied" if hits else "no fact matches", "rows": str(hits), "note": c.note})
    return out, applied

"""Gold annotations (``annotations/<doc_id>.json``): loading and consistency checks.

The format is the contract's (../shared/CONTRACT.md) with the conventions of
annotations/README.md. ``arm`` and ``subgroup`` may each be a list of aliases or
a plain string; both are loaded as a tuple of aliases (``()`` = whole cohort /
main analysis).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.schema import ENDPOINTS

HR_OUTCOMES = ("pfs", "os", "other")


@dataclass(frozen=True)
class GoldFact:
    """One annotated fact; ``value`` is None when the median was not reached."""

    doc_id: str
    endpoint: str
    value: float | None
    raw: str
    start: int
    end: int
    outcome: str | None = None
    arm: tuple[str, ...] = ()
    subgroup: tuple[str, ...] = ()
    study: str = ""
    ci_low: float | None = None
    ci_high: float | None = None
    p: str | None = None
    not_reached: bool = False
    numerator: int | None = None
    denominator: int | None = None

    @property
    def has_ci(self) -> bool:
        return self.ci_low is not None or self.ci_high is not None


@dataclass(frozen=True)
class GoldDoc:
    doc_id: str
    text_sha256: str
    facts: tuple[GoldFact, ...]
    path: Path


class GoldError(ValueError):
    """A gold file that cannot be loaded; the message names the file."""


def _aliases(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if str(v).strip())


def _number(value: object) -> float | None:
    return None if value is None else float(value)


def _count(value: object) -> int | None:
    return None if value is None else int(value)


def _fact(doc_id: str, item: dict) -> GoldFact:
    p = item.get("p")
    return GoldFact(
        doc_id=doc_id,
        endpoint=str(item["endpoint"]),
        value=_number(item.get("value")),
        raw=str(item["raw"]),
        start=int(item["start"]),
        end=int(item["end"]),
        outcome=item.get("outcome") or None,
        arm=_aliases(item.get("arm")),
        subgroup=_aliases(item.get("subgroup")),
        study=str(item.get("study") or ""),
        ci_low=_number(item.get("ci_low")),
        ci_high=_number(item.get("ci_high")),
        p=None if p is None else str(p),
        not_reached=bool(item.get("not_reached", False)),
        numerator=_count(item.get("numerator")),
        denominator=_count(item.get("denominator")),
    )


def load_gold_file(path: Path) -> GoldDoc:
    """Load one gold file; raises GoldError with the file name on malformed content."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        doc_id = str(data.get("doc_id") or Path(path).stem)
        facts = tuple(_fact(doc_id, item) for item in data["facts"])
        return GoldDoc(doc_id=doc_id, text_sha256=str(data.get("text_sha256", "")), facts=facts, path=Path(path))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GoldError(f"{path}: cannot load gold file ({type(exc).__name__}: {exc})") from exc


def gold_files(gold_dir: Path) -> list[Path]:
    return sorted(Path(gold_dir).glob("*.json"))


def load_gold(gold_dir: Path) -> dict[str, GoldDoc]:
    """All gold documents of a folder, by doc_id, in file-name order."""
    docs = [load_gold_file(path) for path in gold_files(gold_dir)]
    return {doc.doc_id: doc for doc in docs}


def read_doc_text(docs_dir: Path, doc_id: str) -> str | None:
    """The text gold offsets index: ``<docs_dir>/<doc_id>.txt`` decoded as UTF-8, unchanged; None if absent."""
    path = Path(docs_dir) / f"{doc_id}.txt"
    if not path.is_file():
        return None
    # bytes -> str by hand: text-mode open would translate newlines and shift offsets
    return path.read_bytes().decode("utf-8")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _identity(fact: GoldFact) -> tuple:
    """What makes two gold facts the same fact (annotated twice by mistake)."""
    return (
        fact.endpoint, fact.outcome, fact.value, fact.not_reached,
        frozenset(a.lower() for a in fact.arm), frozenset(s.lower() for s in fact.subgroup), fact.study.lower(),
    )


def fact_problems(fact: GoldFact, text: str | None) -> list[str]:
    """Problems of one fact alone (against the document text when known)."""
    where = f"{fact.doc_id} [{fact.start}:{fact.end}] {fact.endpoint} {fact.raw!r}"
    problems: list[str] = []
    if fact.endpoint not in ENDPOINTS:
        problems.append(f"{where}: unknown endpoint {fact.endpoint!r}")
    if fact.endpoint == "hr" and fact.outcome not in HR_OUTCOMES:
        problems.append(f"{where}: hr needs an outcome in {', '.join(HR_OUTCOMES)} (got {fact.outcome!r})")
    if fact.value is None and not fact.not_reached:
        problems.append(f"{where}: value is null but not_reached is false")
    if text is not None:
        if not 0 <= fact.start <= fact.end <= len(text):
            problems.append(f"{where}: offsets outside the text (length {len(text)})")
        elif text[fact.start:fact.end] != fact.raw:
            problems.append(f"{where}: text[start:end] is {text[fact.start:fact.end]!r}, not raw")
    return problems


def doc_problems(doc: GoldDoc, text: str | None) -> list[str]:
    """Problems of one gold document: text hash, every fact, duplicates."""
    problems: list[str] = []
    if doc.doc_id != doc.path.stem:
        problems.append(f"{doc.path}: doc_id {doc.doc_id!r} differs from the file name")
    if text is None:
        problems.append(f"{doc.doc_id}: no document text found, offsets not checked")
    elif text_sha256(text) != doc.text_sha256:
        problems.append(f"{doc.doc_id}: text_sha256 does not match the document text")
    for fact in doc.facts:
        problems.extend(fact_problems(fact, text))
    for identity, count in Counter(_identity(f) for f in doc.facts).items():
        if count > 1:
            endpoint, outcome, value = identity[:3]
            problems.append(f"{doc.doc_id}: duplicate fact {endpoint}{'/' + outcome if outcome else ''} = {value} ({count} times)")
    return problems


def check_gold(gold_dir: Path, docs_dir: Path) -> list[str]:
    """Every problem of the gold folder against the documents in ``docs_dir`` (empty list = clean)."""
    paths = gold_files(gold_dir)
    if not paths:
        return [f"{gold_dir}: no gold files (*.json)"]
    problems: list[str] = []
    for path in paths:
        try:
            doc = load_gold_file(path)
        except GoldError as exc:
            problems.append(str(exc))
            continue
        problems.extend(doc_problems(doc, read_doc_text(docs_dir, doc.doc_id)))
    return problems

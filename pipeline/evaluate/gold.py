"""Gold annotations (``annotations/<doc_id>.json``): loading and consistency checks.

The format is the contract's (../shared/CONTRACT.md) with the conventions of
annotations/README.md. ``arm`` and ``subgroup`` may each be a list of aliases or
a plain string; both are loaded as a tuple of aliases (``()`` = whole cohort /
main analysis).

A fact may carry a ``context``: a short quote of the text around it with the value
marked, ``"ORR was <<30.6%>> in the"``. It is where the fact's offsets come from
(:func:`anchor_gold` computes ``start``/``end``/``raw`` and the text hash from it), so
annotators never type offsets, and a reader change that moves the text is repaired by
anchoring again; ``check-gold`` checks that the context still sits at the offsets.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import regex

from pipeline.schema import ENDPOINTS, HR_OUTCOMES



@dataclass(frozen=True, kw_only=True)
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
    context: str | None = None

    @property
    def has_ci(self) -> bool:
        return self.ci_low is not None or self.ci_high is not None


@dataclass(frozen=True, kw_only=True)
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


def fact_from_json(doc_id: str, item: dict) -> GoldFact:
    """One fact of a gold file as a GoldFact (raises KeyError/ValueError/TypeError on malformed items)."""
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
        context=item.get("context") or None,
    )


def load_gold_file(path: Path) -> GoldDoc:
    """Load one gold file; raises GoldError with the file name on malformed content."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        doc_id = str(data.get("doc_id") or Path(path).stem)
        facts = tuple(fact_from_json(doc_id, item) for item in data["facts"])
        return GoldDoc(doc_id=doc_id, text_sha256=str(data.get("text_sha256", "")), facts=facts, path=Path(path))
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise GoldError(f"{path}: cannot load gold file ({type(exc).__name__}: {exc})") from exc


def gold_files(gold: Path) -> list[Path]:
    """The gold files a path names: the ``*.json`` of a folder, or the file itself."""
    gold = Path(gold)
    return [gold] if gold.is_file() else sorted(gold.glob("*.json"))


def load_gold(gold_dir: Path) -> dict[str, GoldDoc]:
    """All gold documents of a folder, by doc_id, in file-name order."""
    docs = [load_gold_file(path) for path in gold_files(gold_dir)]
    return {doc.doc_id: doc for doc in docs}


def doc_path(docs_dir: Path, doc_id: str) -> Path | None:
    """The document file of a gold doc_id in ``docs_dir`` (any readable suffix), or None."""
    from pipeline.readers import SUFFIXES

    for suffix in SUFFIXES:
        path = Path(docs_dir) / f"{doc_id}{suffix}"
        if path.is_file():
            return path
    return None


def read_doc_text(docs_dir: Path, doc_id: str) -> str | None:
    """The text gold offsets index: the document as the pipeline's reader renders it (for .txt files the
    file decoded as UTF-8, unchanged); None if there is no such document."""
    from pipeline.readers import read_document

    path = doc_path(docs_dir, doc_id)
    return None if path is None else read_document(path).text


# ---------------------------------------------------------------- context anchors

_MARKED = regex.compile(r"^(?P<prefix>.*?)<<(?P<raw>.+?)>>(?P<suffix>.*)$", regex.DOTALL)


def _flexible(chunk: str) -> str:
    """A pattern for ``chunk`` in which every run of whitespace matches any run of whitespace."""
    return "".join(r"\s+" if part.isspace() else regex.escape(part) for part in regex.split(r"(\s+)", chunk) if part)


def context_pattern(context: str) -> regex.Pattern:
    """The pattern that finds a ``"before <<raw>> after"`` context; group ``raw`` is the value."""
    m = _MARKED.match(context)
    if not m:
        raise ValueError(f"context {context!r} does not mark the value as <<raw>>")
    return regex.compile(_flexible(m["prefix"]) + f"(?P<raw>{_flexible(m['raw'])})" + _flexible(m["suffix"]))


def locate_context(text: str, context: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the marked value at every place the context occurs in ``text``."""
    return [m.span("raw") for m in context_pattern(context).finditer(text, overlapped=True)]


def _context_problem(where: str, context: str, text: str, start: int | None, end: int | None) -> str | None:
    try:
        places = locate_context(text, context)
    except ValueError as exc:
        return f"{where}: {exc}"
    if not places:
        return f"{where}: context {context!r} not found in the text"
    if len(places) > 1:
        return f"{where}: context {context!r} occurs {len(places)} times; lengthen it until it is unique"
    if start is not None and places[0] != (start, end):
        return f"{where}: context {context!r} is at {places[0]}, not at the offsets [{start}:{end}]"
    return None


#: Key order of a fact in a gold file.
FACT_KEYS = ("endpoint", "value", "outcome", "arm", "subgroup", "study", "ci_low", "ci_high", "p", "not_reached",
             "numerator", "denominator", "raw", "start", "end", "context", "note")


#: What a fact that does not say otherwise has: whole cohort, main analysis, own study, no CI/p/counts.
_FACT_DEFAULTS: dict[str, object] = {
    "outcome": None, "arm": [], "subgroup": [], "study": "", "ci_low": None, "ci_high": None, "p": None,
    "not_reached": False, "numerator": None, "denominator": None,
}


def anchor_doc(data: dict, text: str) -> tuple[dict, list[str]]:
    """A gold file's content with offsets, ``raw`` and ``text_sha256`` recomputed from the facts' contexts.

    Facts without a context keep their offsets. Returns the new content and the problems found.
    """
    doc_id = str(data.get("doc_id", ""))
    problems: list[str] = []
    facts = []
    for i, item in enumerate(data.get("facts", [])):
        item = dict(item)
        context = item.get("context")
        if context:
            where = f"{doc_id} fact {i + 1} {item.get('endpoint')} {item.get('raw')!r}"
            problem = _context_problem(where, context, text, None, None)
            if problem:
                problems.append(problem)
            else:
                (start, end), = locate_context(text, context)
                item.update(raw=text[start:end], start=start, end=end)
        item = _FACT_DEFAULTS | item
        if item.get("endpoint") != "hr":
            item.pop("outcome")
        facts.append({k: item[k] for k in FACT_KEYS if k in item} | {k: v for k, v in item.items() if k not in FACT_KEYS})
    facts.sort(key=lambda f: (f.get("start", 0), f.get("end", 0), str(f.get("endpoint"))))
    return {"doc_id": doc_id, "text_sha256": text_sha256(text), "facts": facts}, problems


def dump_gold(data: dict) -> str:
    """A gold file's text: one fact per line, so that a diff shows which facts changed."""
    head = {k: v for k, v in data.items() if k != "facts"}
    lines = [json.dumps(f, ensure_ascii=False) for f in data["facts"]]
    body = ",\n ".join(lines)
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "facts": [\n ' + body + ("\n" if lines else "") + "]}\n"


def anchor_gold(gold_dir: Path, docs_dir: Path) -> list[str]:
    """Anchor every gold file of ``gold_dir`` (a folder or one file) against its document in ``docs_dir``;
    rewrite the files that change.

    Returns the problems (unknown documents, contexts not found or not unique).
    """
    problems: list[str] = []
    for path in gold_files(gold_dir):
        data = json.loads(path.read_text(encoding="utf-8"))
        doc_id = str(data.get("doc_id") or path.stem)
        data["doc_id"] = doc_id
        text = read_doc_text(docs_dir, doc_id)
        if text is None:
            problems.append(f"{path}: no document {doc_id}.* in {docs_dir}")
            continue
        anchored, found = anchor_doc(data, text)
        problems += found
        content = dump_gold(anchored)
        if content != path.read_text(encoding="utf-8"):
            path.write_text(content, encoding="utf-8")
    return problems


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
        elif fact.context:
            problem = _context_problem(where, fact.context, text, fact.start, fact.end)
            if problem:
                problems.append(problem)
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
    """Every problem of the gold folder (or file) against the documents in ``docs_dir`` (empty list = clean)."""
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

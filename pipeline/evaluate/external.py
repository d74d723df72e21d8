"""Public annotated corpora -> contract gold, so the pipeline can be scored on them.

Three corpora from ``../shared/datasets`` (formats in ``../shared/README.md``), each with
its own rules (``docs/external_benchmarks.md``):

- ``ruta_trials_endpoints``: ORR / median PFS / median OS value spans of trial abstracts.
- ``pico_corpus_dev``: participant counts and arm medians of breast-cancer RCT abstracts.
- ``clerx_hr``: hazard-ratio value spans, one sentence a line, 1-based offsets.

``convert`` writes ``<out>/<corpus>/docs/<doc_id>.txt`` (the text the corpus offsets
index, UTF-8, newlines untouched), ``<out>/<corpus>/gold/<doc_id>.json`` (contract gold),
``<out>/<corpus>/ENDPOINTS`` (what the corpus annotates) and ``dropped.tsv`` (spans left
out, with the reason). The number parsing here is deliberately independent of the
pipeline's own, so that one parser bug cannot hide on both sides of the score.
"""
from __future__ import annotations

import argparse
import bisect
import csv
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence, TypeVar

#: Corpus name -> the endpoints it annotates (a score on any other endpoint is meaningless).
CORPORA: dict[str, tuple[str, ...]] = {
    "ruta_trials_endpoints": ("orr", "pfs_median", "os_median"),
    "pico_corpus_dev": ("n", "pfs_median", "os_median"),
    "clerx_hr": ("hr",),
}

DAYS_PER_MONTH = 30.4375
_NUMBER = r"\d+(?:[.·]\d+)?"
_NUMBER_RE = re.compile(_NUMBER)
_DURATION_WORDS = r"months?|mos?|mths?|weeks?|wks?|days?|years?|yrs?"
_DURATION = re.compile(rf"(?<![a-z])({_DURATION_WORDS})\b", re.I)  # "6.2months" has no \b before m
_CI = re.compile(
    rf"""\s*(?:%|(?<![a-z])(?:{_DURATION_WORDS})\b)?\s*[,;]?\s*[(\[]?\s*
    (?:{_NUMBER}\s*%\s*)?(?:CI|confidence\s+interval)\s*(?:[(\[]CI[)\]])?\s*[:,;=]?\s*[(\[]?\s*
    (?P<low>{_NUMBER})\s*(?:%|(?<![a-z])(?:{_DURATION_WORDS})\b)?\s*(?:-|–|—|to|,)\s*(?P<high>{_NUMBER})""",
    re.I | re.X,
)
#: An interval without "CI" right after a ratio: 'HR 1.47 (1.11, 1.89)', '(1.06; 1.00 to 1.13)'. Only for
#: ratios: after a median, '12 (2 - 57) months' is a range of the data, not a CI.
_BARE_CI = re.compile(rf"\s*[(\[;]\s*(?P<low>{_NUMBER})\s*(?:-|–|—|to|,)\s*(?P<high>{_NUMBER})\s*[)\]]?")
_RANGE_AFTER = re.compile(rf"\s*(?:-|–|—|to)\s*{_NUMBER}")
_NOT_REACHED = re.compile(r"not\s+(?:yet\s+)?reached|\bNR\b", re.I)
_PFS = re.compile(r"\bm?PFS\b|(?i:progression[\s-]*free)")
_OS = re.compile(r"\bm?OS\b|(?i:overall[\s-]+survival)")
_OTHER_SURVIVAL = re.compile(r"\b(?:DFS|RFS|EFS)\b|(?i:(?:disease|recurrence|relapse|event)[\s-]*free)")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_ABBREVIATION_END = re.compile(r"\b(?:vs|al|e\.g|i\.e|Fig|No|approx|ca)\.$")
_INCIDENCE_RATE_RATIO = re.compile(r"\ba?IRRs?\b\W{0,4}$")


@dataclass(frozen=True, kw_only=True)
class ConvertedFact:
    """One fact as the contract's gold format writes it (``value`` None = not reached)."""

    endpoint: str
    value: float | None
    raw: str
    start: int
    end: int
    outcome: str | None = None
    arm: tuple[str, ...] = ()
    ci_low: float | None = None
    ci_high: float | None = None
    not_reached: bool = False

    def to_json(self) -> dict[str, object]:
        item: dict[str, object] = {"endpoint": self.endpoint, "value": self.value}
        if self.endpoint == "hr":
            item["outcome"] = self.outcome
        item.update({
            "arm": list(self.arm), "subgroup": [], "study": "",
            "ci_low": self.ci_low, "ci_high": self.ci_high, "p": None, "not_reached": self.not_reached,
            "numerator": None, "denominator": None, "raw": self.raw, "start": self.start, "end": self.end,
        })
        return item


@dataclass(frozen=True, kw_only=True)
class ConvertedDoc:
    doc_id: str
    text: str
    facts: tuple[ConvertedFact, ...]


@dataclass(frozen=True, kw_only=True)
class Drop:
    """A corpus span left out of the gold, and why."""

    doc_id: str
    label: str
    start: int
    end: int
    text: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class Conversion:
    """What a converter makes of a corpus: documents, dropped spans, and counts of repairs/assumptions."""

    docs: tuple[ConvertedDoc, ...]
    drops: tuple[Drop, ...] = ()
    adjusted: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ConversionSummary:
    corpus: str
    out_dir: Path
    documents: int
    facts: Mapping[str, int]
    dropped: Mapping[str, int]
    adjusted: Mapping[str, int]

    def lines(self) -> list[str]:
        """The human-readable report the CLI prints."""
        def fmt(counts: Mapping[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"
        return [
            f"{self.corpus}: {self.documents} documents -> {self.out_dir}",
            f"  facts: {fmt(self.facts)}",
            f"  dropped spans: {fmt(self.dropped)}",
            f"  adjusted: {fmt(self.adjusted)}",
        ]


class _Tally:
    """Drops and adjustments gathered while a converter runs."""

    def __init__(self) -> None:
        self.drops: list[Drop] = []
        self.adjusted: Counter[str] = Counter()

    def drop(self, doc_id: str, label: str, start: int, end: int, text: str, reason: str) -> None:
        self.drops.append(Drop(doc_id=doc_id, label=label, start=start, end=end, text=text, reason=reason))

    def result(self, docs: Iterable[ConvertedDoc]) -> Conversion:
        return Conversion(
            docs=tuple(sorted(docs, key=lambda d: d.doc_id)),
            drops=tuple(self.drops),
            adjusted=dict(sorted(self.adjusted.items())),
        )


# --- numbers -----------------------------------------------------------------------------
# The converters parse numbers and sentences with their own small functions, not with the
# extractors' parsers: gold must not share code (and bugs) with the system it scores.

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_PERSONS = {"patients", "women", "men", "participants", "subjects", "people", "individuals", "cases", "survivors"}
_DIGIT_GROUPS = re.compile(r"\d{1,3}(?:[,\s\u2008\u2009\u202f\xa0]\d{3})+|\d+")


def words_to_int(text: str) -> int | None:
    """'One hundred and seventy-six' -> 176; trailing person nouns ('... patients') are allowed."""
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower()) if t and t != "and"]
    total = current = 0
    seen = False
    for i, token in enumerate(tokens):
        if token in _UNITS or token in _TENS:
            current += _UNITS.get(token, _TENS.get(token, 0))
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token == "thousand":
            total += max(current, 1) * 1000
            current = 0
        elif seen and all(t in _PERSONS for t in tokens[i:]):
            break
        else:
            return None
        seen = True
    return total + current if seen else None


def parse_count(text: str) -> int | None:
    """A patient count as written: '1,009', '13 339' (thin-space groups), 'Twenty-six'."""
    stripped = text.strip()
    match = _DIGIT_GROUPS.fullmatch(stripped)
    if match:
        return int(re.sub(r"\D", "", stripped))
    return words_to_int(stripped)


def _first_number(text: str, start: int, end: int) -> tuple[float, int, int] | None:
    """The first number in ``text[start:end]``: (value, its start, its end)."""
    match = _NUMBER_RE.search(text, start, end)
    if not match:
        return None
    return float(match.group().replace("·", ".")), match.start(), match.end()


def _months_factor(unit: str) -> float:
    unit = unit.lower()
    if unit.startswith("w"):
        return 7 / DAYS_PER_MONTH
    if unit.startswith("d"):
        return 1 / DAYS_PER_MONTH
    if unit.startswith("y"):
        return 12.0
    return 1.0


def _scaled(value: float, factor: float) -> float:
    """Durations converted to months are rounded to 2 decimals (annotations/README.md)."""
    return value if factor == 1.0 else round(value * factor, 2)


def _ci_after(text: str, pos: int, value: float, bare: bool = False) -> tuple[float, float] | None:
    """'(95% CI: lo-hi)' right after a value ending at ``pos`` (with ``bare``, also '(lo, hi)');
    only when lo <= value <= hi."""
    match = _CI.match(text, pos) or (_BARE_CI.match(text, pos) if bare else None)
    if not match:
        return None
    low, high = (float(match.group(g).replace("·", ".")) for g in ("low", "high"))
    return (low, high) if low <= value <= high else None


# --- sentences and outcome cues ----------------------------------------------------------

def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) pairs: a break after . ! ? before a capital, not after 'vs.', 'al.' ..."""
    spans, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        if _ABBREVIATION_END.search(text, max(0, match.start() - 8), match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _sentence_at(spans: Sequence[tuple[int, int]], offset: int) -> tuple[int, int]:
    i = bisect.bisect_right([s for s, _ in spans], offset) - 1
    return spans[max(i, 0)]


def survival_cues(text: str) -> list[tuple[int, str]]:
    """Every survival cue in ``text`` as (offset, kind), kind in pfs / os / other, in text order."""
    cues = [(m.start(), kind) for kind, pattern in (("pfs", _PFS), ("os", _OS), ("other", _OTHER_SURVIVAL))
            for m in pattern.finditer(text)]
    return sorted(cues)


def survival_kinds(texts: Iterable[str]) -> set[str]:
    """The kinds of survival (pfs / os / other) the texts name."""
    return {kind for text in texts for _, kind in survival_cues(text)}


# --- shared duration parsing (ruta, pico) ------------------------------------------------

def _duration_fact(
    endpoint: str, text: str, start: int, end: int, sentence: tuple[int, int], tally: _Tally, doc_id: str, label: str,
    arm: tuple[str, ...] = (),
) -> ConvertedFact | None:
    """A median PFS/OS span -> fact in months; the unit is taken from the span, else from the sentence."""
    raw = text[start:end]
    if _NOT_REACHED.search(raw):
        return ConvertedFact(endpoint=endpoint, value=None, raw=raw, start=start, end=end, arm=arm, not_reached=True)
    number = _first_number(text, start, end)
    if number is None:
        tally.drop(doc_id, label, start, end, raw, "no number")
        return None
    value, _, num_end = number
    after = text[num_end:end]
    if after.lstrip().startswith("%"):
        tally.drop(doc_id, label, start, end, raw, "percent under a median-duration label")
        return None
    if _RANGE_AFTER.match(after):
        tally.drop(doc_id, label, start, end, raw, "range, not a value")
        return None
    unit = _DURATION.search(text, num_end, end) or re.match(r"\s*(d)\b", after)
    if unit is None:
        later = _DURATION.search(text, end, sentence[1])
        earlier = list(_DURATION.finditer(text, sentence[0], start))
        unit = later or (earlier[-1] if earlier else None)
        tally.adjusted["duration unit taken from the sentence" if unit else "duration unit assumed months"] += 1
    factor = _months_factor(unit.group(1)) if unit else 1.0
    ci = _ci_after(text, num_end, value)
    return ConvertedFact(
        endpoint=endpoint, value=_scaled(value, factor), raw=raw, start=start, end=end, arm=arm,
        ci_low=_scaled(ci[0], factor) if ci else None, ci_high=_scaled(ci[1], factor) if ci else None,
    )


def _span_ok(text: str, begin: int, end: int, expected: str, tally: _Tally, doc_id: str, label: str) -> bool:
    if text[begin:end] == expected:
        return True
    tally.drop(doc_id, label, begin, end, expected, "offsets do not index the span text")
    return False


# --- ruta_trials_endpoints ---------------------------------------------------------------

_RUTA_TYPES = {"ORR": "orr", "PFSMean": "pfs_median", "OSMean": "os_median"}


def convert_ruta(rows: Iterable[Mapping]) -> Conversion:
    """Rows {pmid, text, spans: [{type, begin, end, text}]} -> gold; landmark and other types ignored."""
    tally, docs = _Tally(), []
    for row in rows:
        doc_id, text = str(row["pmid"]), row["text"]
        sentences = sentence_spans(text)
        facts = []
        for span in row["spans"]:
            endpoint = _RUTA_TYPES.get(span["type"])
            if endpoint is None or not _span_ok(text, span["begin"], span["end"], span["text"], tally, doc_id, span["type"]):
                continue
            start, end = span["begin"], span["end"]
            fact = (_rate_fact(text, start, end, tally, doc_id, span["type"]) if endpoint == "orr" else
                    _duration_fact(endpoint, text, start, end, _sentence_at(sentences, start), tally, doc_id, span["type"]))
            if fact:
                facts.append(fact)
        docs.append(ConvertedDoc(doc_id=doc_id, text=text, facts=tuple(sorted(facts, key=_fact_order))))
    return tally.result(docs)


def _rate_fact(text: str, start: int, end: int, tally: _Tally, doc_id: str, label: str) -> ConvertedFact | None:
    """A response-rate span -> percent (a bare number is a percent too: 'ORR (25 vs. 8%)')."""
    raw = text[start:end]
    number = _first_number(text, start, end)
    if number is None:
        tally.drop(doc_id, label, start, end, raw, "no number")
        return None
    value, _, num_end = number
    if _RANGE_AFTER.match(text, num_end, end):
        tally.drop(doc_id, label, start, end, raw, "range, not a value")
        return None
    ci = _ci_after(text, num_end, value)
    return ConvertedFact(endpoint="orr", value=value, raw=raw, start=start, end=end, ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None)


def _fact_order(fact: ConvertedFact) -> tuple:
    return (fact.start, fact.end, fact.endpoint)


# --- pico_corpus_dev ---------------------------------------------------------------------

_PICO_COUNTS = {"total-participants": None, "intervention-participants": "intervention", "control-participants": "control"}
_PICO_MEDIANS = {"iv-cont-median": "intervention", "cv-cont-median": "control"}
_PICO_OUTCOMES = ("outcome", "outcome-Measure")
OUTCOME_WINDOW = 150  # chars: an outcome named just before the sentence still governs its medians


def _trimmed(text: str, entity: Mapping, tally: _Tally) -> tuple[int, int]:
    """Entity span without surrounding spaces and brackets (PICO spans like '60)', '\u2009145')."""
    begin, end = entity["begin"], entity["end"]
    while begin < end and (text[begin].isspace() or text[begin] in "(["):
        begin += 1
    while end > begin and (text[end - 1].isspace() or text[end - 1] in ")],;"):
        end -= 1
    if (begin, end) != (entity["begin"], entity["end"]):
        tally.adjusted["span trimmed of spaces/brackets"] += 1
    return begin, end


def convert_pico(rows: Iterable[Mapping]) -> Conversion:
    """Rows {pmid, text, entities: [{label, begin, end, text}]} -> n and median PFS/OS facts."""
    tally, docs = _Tally(), []
    for row in rows:
        doc_id, text = str(row["pmid"]), row["text"]
        entities = sorted(
            (e for e in row["entities"] if _span_ok(text, e["begin"], e["end"], e["text"], tally, doc_id, e["label"])),
            key=lambda e: (e["begin"], e["end"]),
        )
        sentences = sentence_spans(text)
        facts = []
        for entity in entities:
            label = entity["label"]
            if label in _PICO_COUNTS:
                fact = _pico_count(text, entity, entities, sentences, tally, doc_id)
            elif label in _PICO_MEDIANS:
                fact = _pico_median(text, entity, entities, sentences, tally, doc_id)
            else:
                continue
            if fact:
                facts.append(fact)
        docs.append(ConvertedDoc(doc_id=doc_id, text=text, facts=_first_mentions(facts, tally)))
    return tally.result(docs)


def _first_mentions(facts: Iterable[ConvertedFact], tally: _Tally) -> tuple[ConvertedFact, ...]:
    """One fact per (endpoint, value, arm): the contract annotates a fact once, at its first mention.
    Only for PICO, whose arms tell restatements apart; RUTA's equal values are mostly different arms."""
    kept, seen = [], set()
    for fact in sorted(facts, key=_fact_order):
        key = (fact.endpoint, fact.value, fact.not_reached, fact.arm)
        if key in seen:
            tally.adjusted["repeated fact kept once (first mention)"] += 1
        else:
            seen.add(key)
            kept.append(fact)
    return tuple(kept)


def _pico_arm(role: str | None, entity: Mapping, entities: Sequence[Mapping], sentence: tuple[int, int],
              tally: _Tally) -> tuple[str, ...]:
    """Aliases of the arm a value belongs to: the nearest same-role entity before (or enclosing) it in the
    sentence, else the nearest after it in the sentence, else the document's first one; always plus the role."""
    if role is None:
        return ()
    same_role = [e for e in entities if e["label"] == role]
    in_sentence = [e for e in same_role if sentence[0] <= e["begin"] < sentence[1]]
    before = [e for e in in_sentence if e["begin"] <= entity["begin"]]
    after = [e for e in in_sentence if e["begin"] > entity["begin"]]
    chosen = before[-1] if before else after[0] if after else None
    if chosen is None:
        tally.adjusted[f"{role} arm not named in the sentence"] += 1
        chosen = same_role[0] if same_role else None
    names = [chosen["text"].strip()] if chosen else []
    return tuple(dict.fromkeys([*names, role]))


def _pico_count(text: str, entity: Mapping, entities: Sequence[Mapping], sentences: Sequence[tuple[int, int]],
                tally: _Tally, doc_id: str) -> ConvertedFact | None:
    label = entity["label"]
    start, end = _trimmed(text, entity, tally)
    raw = text[start:end]
    if raw.endswith("%"):
        tally.drop(doc_id, label, start, end, raw, "percent under a participants label")
        return None
    value = parse_count(raw)
    if value is None:
        tally.drop(doc_id, label, start, end, raw, "count does not parse")
        return None
    arm = _pico_arm(_PICO_COUNTS[label], entity, entities, _sentence_at(sentences, start), tally)
    return ConvertedFact(endpoint="n", value=value, raw=raw, start=start, end=end, arm=arm)


def _pico_median(text: str, entity: Mapping, entities: Sequence[Mapping], sentences: Sequence[tuple[int, int]],
                 tally: _Tally, doc_id: str) -> ConvertedFact | None:
    label = entity["label"]
    start, end = _trimmed(text, entity, tally)
    sentence = _sentence_at(sentences, start)
    outcomes = [e for e in entities if e["label"] in _PICO_OUTCOMES and e["end"] <= entity["begin"]
                and (e["begin"] >= sentence[0] or entity["begin"] - e["end"] <= OUTCOME_WINDOW)]
    kinds = survival_kinds([outcomes[-1]["text"]]) if outcomes else set()
    kind = kinds.pop() if len(kinds) == 1 else None
    if kind not in ("pfs", "os"):
        reason = "median of another outcome" if outcomes else "median without a nearby outcome"
        tally.drop(doc_id, label, start, end, text[start:end], reason)
        return None
    arm = _pico_arm(_PICO_MEDIANS[label], entity, entities, sentence, tally)
    return _duration_fact(f"{kind}_median", text, start, end, sentence, tally, doc_id, label, arm=arm)


# --- clerx_hr ----------------------------------------------------------------------------

CLERX_HR_LABEL = 3
CLERX_OUTCOME_LABEL = 2
CLERX_SHIFTS = (0, -1, 1, -2, 2)


@dataclass(frozen=True, kw_only=True)
class ClerxFile:
    """One ``<pmid>_<kind>.tsv`` file: ``sentence<TAB>entities<TAB>relations`` lines."""

    split: str
    name: str
    content: str

    @property
    def pmid(self) -> str:
        return self.name.split("_", 1)[0]


def _is_number_at(sentence: str, start: int, end: int) -> bool:
    """``sentence[start:end]`` is a whole number token (not part of a longer one)."""
    if not 0 <= start < end <= len(sentence) or not re.fullmatch(_NUMBER, sentence[start:end]):
        return False
    before, after = sentence[start - 1:start], sentence[end:end + 2]
    return not re.fullmatch(r"[\d.·]", before) and not re.match(r"\d|[.·]\d", after)


def _clerx_entities(field_text: str) -> list[tuple[int, int, int]]:
    return [tuple(int(x) for x in item.split(",")) for item in field_text.split(".") if item]


def _clerx_relations(field_text: str) -> dict[int, set[int]]:
    """Entity index (1-based, in line order) -> related entity indices, both directions."""
    related: dict[int, set[int]] = {}
    for item in field_text.split("."):
        if item:
            a, b = (int(x) for x in item.split(","))
            related.setdefault(a, set()).add(b)
            related.setdefault(b, set()).add(a)
    return related


def _clerx_outcome(sentence: str, hr_start: int, related_outcomes: Sequence[str]) -> str:
    """The HR's outcome: from the outcome entities it is related to when they name at most one kind of
    survival, else the nearest survival cue before it in the sentence (or the first after it);
    'other' when nothing names PFS or OS."""
    kinds = survival_kinds(related_outcomes)
    if related_outcomes and len(kinds) <= 1:
        kind = kinds.pop() if kinds else None
    else:
        cues = survival_cues(sentence)
        before = [k for pos, k in cues if pos < hr_start]
        kind = before[-1] if before else cues[0][1] if cues else None
    return kind if kind in ("pfs", "os") else "other"


def convert_clerx(files: Iterable[ClerxFile]) -> Conversion:
    """Files -> one document per file (sentences joined by '\\n'), label-3 (HR) spans only."""
    tally, docs, seen = _Tally(), {}, {}
    for file in sorted(files, key=lambda f: (f.split != "train", f.split, f.name)):
        doc_id = file.pmid
        if doc_id in seen:
            if seen[doc_id] == file.content:
                tally.adjusted["file repeated in another split (kept once)"] += 1
                continue
            doc_id = f"{file.pmid}_{file.split}"
        seen[doc_id] = file.content
        docs[doc_id] = _clerx_doc(doc_id, file.content, tally)
    return tally.result(docs.values())


def _clerx_doc(doc_id: str, content: str, tally: _Tally) -> ConvertedDoc:
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sentences, facts, offset = [], [], 0
    for line in lines:
        sentence, entities_field, relations_field = (line.split("\t") + ["", ""])[:3]
        entities = _clerx_entities(entities_field)
        related = _clerx_relations(relations_field)
        for index, (label, begin, end) in enumerate(entities, start=1):
            if label != CLERX_HR_LABEL:
                continue
            outcomes = [sentence[b - 1:e - 1] for i, (lab, b, e) in enumerate(entities, start=1)
                        if lab == CLERX_OUTCOME_LABEL and i in related.get(index, ())]
            fact = _clerx_fact(sentence, begin, end, offset, outcomes, tally, doc_id)
            if fact:
                facts.append(fact)
        sentences.append(sentence)
        offset += len(sentence) + 1
    return ConvertedDoc(doc_id=doc_id, text="\n".join(sentences), facts=tuple(sorted(facts, key=_fact_order)))


def _clerx_fact(sentence: str, begin: int, end: int, offset: int, outcomes: Sequence[str],
                tally: _Tally, doc_id: str) -> ConvertedFact | None:
    """A 1-based HR span -> fact; a span that is not a whole number is shifted by up to 2 chars."""
    shift = next((s for s in CLERX_SHIFTS if _is_number_at(sentence, begin - 1 + s, end - 1 + s)), None)
    if shift is None:
        tally.drop(doc_id, "HR", offset + begin - 1, offset + end - 1, sentence[begin - 1:end - 1],
                   "not a number within 2 chars of its offsets")
        return None
    if shift:
        tally.adjusted["HR offsets shifted to the number"] += 1
    start, end = begin - 1 + shift, end - 1 + shift
    raw = sentence[start:end]
    if _INCIDENCE_RATE_RATIO.search(sentence[max(0, start - 12):start]):
        tally.drop(doc_id, "HR", offset + start, offset + end, raw, "incidence rate ratio labelled HR")
        return None
    value = float(raw.replace("·", "."))
    ci = _ci_after(sentence, end, value, bare=True)
    return ConvertedFact(
        endpoint="hr", value=value, raw=raw, start=offset + start, end=offset + end, outcome=_clerx_outcome(sentence, start, outcomes),
        ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None,
    )


# --- corpus I/O --------------------------------------------------------------------------

class DatasetError(Exception):
    """A missing or unreadable corpus; the message is shown to the user as is."""


def _jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def _clerx_files(folder: Path) -> list[ClerxFile]:
    return [ClerxFile(split=path.parent.name, name=path.stem, content=path.read_bytes().decode("utf-8"))
            for path in sorted(folder.glob("*/*.tsv"))]


def load_corpus(corpus: str, datasets_dir: Path) -> Conversion:
    """Read one corpus from ``datasets_dir`` and convert it."""
    if corpus not in CORPORA:
        raise DatasetError(f"unknown corpus {corpus!r} (known: {', '.join(CORPORA)})")
    folder = Path(datasets_dir) / corpus
    if not folder.is_dir():
        raise DatasetError(f"corpus folder not found: {folder}")
    if corpus == "clerx_hr":
        files = _clerx_files(folder)
        if not files:
            raise DatasetError(f"no <pmid>_<kind>.tsv files under {folder}")
        return convert_clerx(files)
    path = folder / f"{corpus}.jsonl"
    if not path.is_file():
        raise DatasetError(f"corpus file not found: {path}")
    return (convert_ruta if corpus == "ruta_trials_endpoints" else convert_pico)(_jsonl(path))


def gold_json(doc: ConvertedDoc) -> dict[str, object]:
    return {
        "doc_id": doc.doc_id,
        "text_sha256": hashlib.sha256(doc.text.encode("utf-8")).hexdigest(),
        "facts": [fact.to_json() for fact in doc.facts],
    }


def write_conversion(corpus: str, conversion: Conversion, out_dir: Path) -> ConversionSummary:
    """Write docs/, gold/, ENDPOINTS and dropped.tsv under ``out_dir/<corpus>`` (stale files removed)."""
    root = Path(out_dir) / corpus
    docs_dir, gold_dir = root / "docs", root / "gold"
    for folder, pattern in ((docs_dir, "*.txt"), (gold_dir, "*.json")):
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob(pattern):
            stale.unlink()
    for doc in conversion.docs:
        (docs_dir / f"{doc.doc_id}.txt").write_bytes(doc.text.encode("utf-8"))
        (gold_dir / f"{doc.doc_id}.json").write_text(
            json.dumps(gold_json(doc), indent=1, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    endpoints = CORPORA[corpus]
    (root / "ENDPOINTS").write_text(",".join(endpoints) + "\n", encoding="utf-8")
    with (root / "dropped.tsv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["doc_id", "label", "start", "end", "text", "reason"])
        for d in conversion.drops:
            writer.writerow([d.doc_id, d.label, d.start, d.end, d.text, d.reason])
    facts = Counter(f.endpoint for doc in conversion.docs for f in doc.facts)
    return ConversionSummary(
        corpus=corpus, out_dir=root, documents=len(conversion.docs),
        facts={e: facts[e] for e in endpoints},
        dropped=dict(sorted(Counter(d.reason for d in conversion.drops).items())),
        adjusted=dict(conversion.adjusted),
    )


def convert(corpus: str, datasets_dir: Path, out_dir: Path) -> ConversionSummary:
    """Convert one corpus of ``datasets_dir`` into ``out_dir/<corpus>``; raises DatasetError when missing."""
    return write_conversion(corpus, load_corpus(corpus, datasets_dir), out_dir)


R = TypeVar("R")


def eval_external(
    datasets_dir: Path, out_dir: Path, runs_dir: Path,
    extract: Callable[[Path, Path], object],
    evaluate: Callable[[Path, Path, Path, tuple[str, ...]], R],
    corpora: Sequence[str] = tuple(CORPORA),
) -> dict[str, R]:
    """Convert, extract and score each corpus: ``extract(docs_dir, run_dir)`` must write
    ``run_dir/results.csv``; ``evaluate(results_csv, gold_dir, docs_dir, endpoints)`` returns its scores."""
    scores: dict[str, R] = {}
    for corpus in corpora:
        summary = convert(corpus, datasets_dir, out_dir)
        run_dir = Path(runs_dir) / f"external-{corpus}"
        extract(summary.out_dir / "docs", run_dir)
        scores[corpus] = evaluate(run_dir / "results.csv", summary.out_dir / "gold", summary.out_dir / "docs",
                                  CORPORA[corpus])
    return scores


# --- CLI ---------------------------------------------------------------------------------

def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "convert-external", help="convert the public annotated corpora into contract gold (docs + gold folders)")
    parser.add_argument("--datasets", type=Path, default=Path("../shared/datasets"),
                        help="folder holding the corpora (default: ../shared/datasets)")
    parser.add_argument("--out", type=Path, default=Path("build/external"), help="output folder (default: build/external)")
    parser.add_argument("--corpus", nargs="+", choices=tuple(CORPORA), default=list(CORPORA), metavar="NAME",
                        help=f"corpora to convert (default: all of {', '.join(CORPORA)})")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    if not Path(args.datasets).is_dir():
        print(f"error: datasets folder not found: {args.datasets} (pass --datasets; it is ../shared/datasets "
              "next to the repository)")
        return 2
    for corpus in args.corpus:
        try:
            summary = convert(corpus, args.datasets, args.out)
        except DatasetError as exc:
            print(f"error: {exc}")
            return 2
        print("\n".join(summary.lines()))
    return 0

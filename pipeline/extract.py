"""One document in, its facts out: nlp -> extractors -> attribution -> normalize. No I/O here."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterator

import regex

from pipeline.attribution import Frame, attribute_sentence, find_frame, study_scopes
from pipeline.attribution.scopes import background_scopes
from pipeline.extractors import extract_sentence
from pipeline.extractors.base import Finding, SentenceContext
from pipeline.extractors.statistics import scan
from pipeline.nlp import Entity, parse
from pipeline.nlp.sentences import sentence_spans
from pipeline.normalize import merge_facts
from pipeline.types import HIDDEN_SECTIONS, Document, Fact

_DRUG_CLASSES_SKIPPED_FOR_DOC = frozenset({"ICI"})
#: Sections whose numbers are mostly other studies'.
BACKGROUND_SECTIONS = frozenset({"introduction", "discussion"})
#: The attribution name of facts a study scope gave to a cited study.
STUDY_SCOPE = "study:scope"
_SPACES = regex.compile(r"\s+")


def visible_text(doc: Document) -> str:
    """The text with hidden sections blanked out (same length, so offsets hold); newlines kept."""
    chars = list(doc.text)
    for s in doc.sections:
        if s.name in HIDDEN_SECTIONS:
            for i in range(s.start, s.end):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


#: A "sentence" longer than this is no sentence (a run of text without ends): it is read in pieces, so
#: every rule sees a bounded span.
MAX_SENTENCE = 4000


def document_sentences(doc: Document) -> list[tuple[int, int]]:
    """Sentences of the visible text; no sentence crosses a section boundary or exceeds MAX_SENTENCE."""
    cuts = sorted({0, len(doc.text), *(b for s in doc.sections for b in (s.start, s.end))})
    hidden = [(s.start, s.end) for s in doc.sections if s.name in HIDDEN_SECTIONS]
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, cuts[1:]):
        if any(h0 <= a and b <= h1 for h0, h1 in hidden):
            continue
        spans += [piece for span in sentence_spans(doc.text, a, b) for piece in _pieces(doc.text, *span)]
    return spans


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        stop = cut if cut > 0 else start + MAX_SENTENCE
        out.append((start, stop))
        start = stop
    out.append((start, end))
    return out


def _p_after(ctx: SentenceContext, members: list[Finding]) -> str | None:
    """A comparison's p-value written after its last value: "... 3.68 months ... in the resistant group (P = 0.014)"."""
    last = max(f.stat.end for f in members)
    value_starts = [v.stat.start for v in ctx.values if v.stat.start >= last]
    limit = min(value_starts) if value_starts else ctx.end
    for atom in scan(ctx.text[last:limit], last):
        if atom.kind == "p":
            op = atom.groups["op"]
            return ("" if op == "=" else op) + atom.groups["p"].replace(" ", "")
    return None


def _share_comparison_p(ctx: SentenceContext, findings: list[Finding]) -> list[Finding]:
    """The p-value of "a vs. b (p=...)" is copied onto each fact of the comparison."""
    groups: dict[tuple[int, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.group, f.extractor), []).append(f)
    out = []
    for members in groups.values():
        if len(members) >= 2 and members[0].endpoint != "n":
            ps = [f.stat.p_value for f in members if f.stat.p_value]
            p = ps[-1] if ps else _p_after(ctx, members)
            members = [replace(f, stat=replace(f.stat, p_value=f.stat.p_value or p)) for f in members]
        out += members
    return out


def _drugs_in(entities: list[Entity], start: int, end: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(e.canonical for e in entities if e.label == "DRUG" and start <= e.start < end))


def _document_drugs(entities: list[Entity], limit: int) -> tuple[str, ...]:
    """Drugs named in the opening of the document (title and abstract), specific names first."""
    early = [e for e in entities if e.label == "DRUG" and e.start < limit]
    specific = [e.canonical for e in early if e.entity_class not in _DRUG_CLASSES_SKIPPED_FOR_DOC]
    return tuple(dict.fromkeys(specific))


def _tumor(entities: list[Entity]) -> str | None:
    counts = Counter(e.canonical for e in entities if e.label == "TUMOR")
    if not counts:
        return None
    best = max(counts.values())
    return next(e.canonical for e in entities if e.label == "TUMOR" and counts[e.canonical] == best)


def _arm_drugs(frame: Frame, entities: list[Entity]) -> dict[str, tuple[str, ...]]:
    out = {}
    for arm in frame.arms:
        drugs = _drugs_in(entities, arm.start, arm.end)
        out[arm.name] = drugs or tuple(
            dict.fromkeys(e.canonical for e in entities if e.label == "DRUG" and e.text.lower() in arm.name.lower())
        )
    return out


@dataclass(frozen=True, kw_only=True)
class Prepared:
    """What the NLP stage and the document-level attribution give one document."""

    entities: tuple[Entity, ...]
    sentences: tuple[tuple[int, int], ...]
    sections: tuple[str | None, ...]  # the section each sentence is in
    studies: tuple[str, ...]  # the study each sentence speaks for ("" = own)
    frame: Frame


def prepare(doc: Document) -> Prepared:
    """Entities, sentences, study scopes and the arms frame of a document."""
    parsed = parse(visible_text(doc))
    sentences = document_sentences(doc)
    sections = [doc.section_at(s) for s, _ in sentences]
    studies = background_scopes(doc.text, sentences, study_scopes(doc.text, sentences, [s == "table" for s in sections]),
                                [s in BACKGROUND_SECTIONS for s in sections])
    frame = find_frame(doc.text, [s for s, st in zip(sentences, studies) if st == ""],
                       [(a.short, a.long) for a in parsed.abbreviations])
    return Prepared(entities=parsed.entities, sentences=tuple(sentences), sections=tuple(sections), studies=tuple(studies),
                    frame=frame)


def sentence_findings(doc: Document, prepared: Prepared) -> Iterator[tuple[tuple[int, int], str, str | None, list[Finding]]]:
    """Per sentence: its span, its study, its section and what the extractors found in it."""
    for (start, end), study, section in zip(prepared.sentences, prepared.studies, prepared.sections):
        ctx = SentenceContext(text=doc.text, start=start, end=end)
        yield (start, end), study, section, _share_comparison_p(ctx, extract_sentence(ctx))


def extract_document(doc: Document) -> list[Fact]:
    """All facts of one document, attributed and deduplicated."""
    prepared = prepare(doc)
    entities = list(prepared.entities)
    frame, sentences = prepared.frame, prepared.sentences
    arm_drugs = _arm_drugs(frame, entities)
    opening = sentences[min(len(sentences) - 1, 12)][1] if sentences else 0
    doc_drugs = _document_drugs(entities, opening)
    tumor = _tumor(entities)
    facts: list[Fact] = []
    for (start, end), study, section, findings in sentence_findings(doc, prepared):
        sentence_text = _SPACES.sub(" ", doc.text[start:end]).strip()
        for a in attribute_sentence(doc.text, start, end, findings, frame, study == "", section):
            f = a.finding
            drugs = (arm_drugs.get(a.arm) or _drugs_in(entities, start, end)) if a.arm else doc_drugs
            names = a.strategies + ((STUDY_SCOPE,) if study else ())
            facts.append(
                Fact(
                    doc_id=doc.doc_id, endpoint=f.endpoint, stat=f.stat, outcome=f.outcome, arm=a.arm,
                    subgroup=a.subgroup, study=study or None, drugs=drugs, tumor=tumor, sentence=sentence_text,
                    page=doc.page_at(f.stat.start), extractor=f.extractor, section=section, attribution=names,
                    # a number of the own study in a background passage is more likely quoted than found; a
                    # number credited to a cited study rests on a guess of where its passage ends
                    review=a.review or bool(study) or section in BACKGROUND_SECTIONS,
                )
            )
    for f in facts:
        if doc.text[f.stat.start : f.stat.end] != f.stat.raw:
            raise AssertionError(f"{doc.doc_id}: offsets of {f.stat.raw!r} do not match the text")
    return merge_facts(facts)

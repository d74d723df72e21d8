"""The spaCy stage: one pipeline, built in one place, saved to and loaded from ``models/``.

Components: scispaCy's rule tokenizer, a fast biomedical sentence splitter, and an
entity ruler for drugs and tumour types from the project's lexicons. Abbreviation
definitions are found over the tokens by :mod:`pipeline.nlp.abbreviations` (scispaCy's
algorithm, in linear time). When a scispaCy NER model (``en_ner_bc5cdr_md``,
``en_core_sci_sm``) is installed, its entities are added where the lexicon found none.
"""
from __future__ import annotations

import logging
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import regex
import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language

from pipeline import NLP_MODEL_DIR
from pipeline.nlp import extensions  # noqa: F401  (declares the extensions, registers lexicon_attributes)
from pipeline.nlp import sentences  # noqa: F401  (registers the ici_sentences component)
from pipeline.nlp.abbreviations import find_definitions
from pipeline.nlp.lexicon import lexicon_digest, ruler_patterns
from pipeline.nlp.words import whole_words

log = logging.getLogger(__name__)

MODEL_DIR = NLP_MODEL_DIR
PIPE_NAMES = ("ici_sentences", "entity_ruler", "lexicon_attributes")
#: Optional scispaCy NER models, best first; used only if installed.
SCISPACY_NER_MODELS = ("en_ner_bc5cdr_md", "en_core_sci_sm")


@dataclass(frozen=True, kw_only=True)
class Entity:
    """A drug or tumour mention: offsets into the document text."""

    start: int
    end: int
    text: str
    label: str  # DRUG or TUMOR
    canonical: str
    entity_class: str


@dataclass(frozen=True, kw_only=True)
class Abbreviation:
    short: str
    long: str


@dataclass(frozen=True, kw_only=True)
class Parsed:
    """What the extractors need from spaCy, free of spaCy objects."""

    entities: tuple[Entity, ...]
    abbreviations: tuple[Abbreviation, ...]


def build_nlp() -> Language:
    """Assemble the pipeline from code (tokenizer settings, components, ruler patterns)."""
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = combined_rule_tokenizer(nlp)
    nlp.add_pipe("ici_sentences")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns())
    nlp.add_pipe("lexicon_attributes")
    nlp.meta["lexicon_sha256"] = lexicon_digest()
    return nlp


def _scispacy_ner() -> Language | None:
    for name in SCISPACY_NER_MODELS:
        try:
            return spacy.load(name, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
        except (OSError, ImportError):
            continue
    return None


@lru_cache(maxsize=1)
def get_nlp(model_dir: Path | None = MODEL_DIR) -> Language:
    """The saved pipeline from ``models/`` when present (``make model``), else built from code."""
    if model_dir is not None and (model_dir / "config.cfg").exists():
        try:
            nlp = spacy.load(model_dir)
            if nlp.meta.get("lexicon_sha256") == lexicon_digest() and tuple(nlp.pipe_names) == PIPE_NAMES:
                return nlp
            log.warning("%s was built from another lexicon or pipeline; run `make model` to refresh it", model_dir)
        except Exception as exc:  # a stale model must not stop a run: rebuild from code
            log.warning("could not load %s (%s); building the pipeline from code", model_dir, exc)
    return build_nlp()


@lru_cache(maxsize=1)
def get_scispacy_ner() -> Language | None:
    return _scispacy_ner()


def _entity(span) -> Entity:
    return Entity(start=span.start_char, end=span.end_char, text=span.text, label=span.label_, canonical=span._.canonical or span.text.lower(),
                  entity_class=span._.entity_class or "")


#: Characters spaCy takes at once: far below its ``max_length`` (a million), so memory stays bounded and a
#: long document is read in pieces whatever its size.
CHUNK = 100_000


def chunks(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of at most ``size`` characters, cut at a line break, else at a space, else
    anywhere (a huge line without spaces)."""
    out, start = [], 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n"), window.rfind(" "))
        end = start + (cut + 1 if cut > size // 2 else size)
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


#: No word is longer than this; a longer run without spaces ("((((...", a base64 blob) is broken up for the
#: tokenizer, whose affix rules take time quadratic in a token's length.
LONGEST_WORD = 200
_LONG_RUN = regex.compile(rf"\S{{{LONGEST_WORD},}}")


def tokenizable(text: str) -> str:
    """``text`` with a space put in place of every LONGEST_WORD-th character of over-long runs (same length,
    so offsets hold)."""
    def spaced(m: regex.Match) -> str:
        run = m.group()
        return " ".join(run[i:i + LONGEST_WORD - 1] for i in range(0, len(run), LONGEST_WORD))[:len(run)]
    return _LONG_RUN.sub(spaced, text)


def _shifted(entity: Entity, offset: int) -> Entity:
    return Entity(start=entity.start + offset, end=entity.end + offset, text=entity.text, label=entity.label, canonical=entity.canonical,
                  entity_class=entity.entity_class)


def parse(text: str, nlp: Language | None = None) -> Parsed:
    """Run the pipeline over ``text`` (hidden parts already blanked by the caller).

    Abbreviations whose long form names a lexicon entity ("advanced gastric cancer (AGC)") make
    every use of the short form that entity too.
    """
    nlp = nlp or get_nlp()
    ents: list[Entity] = []
    tokens: list[list[int]] = []  # [start, end] of each token
    with nlp.select_pipes(disable=[p for p in ("ici_sentences",) if p in nlp.pipe_names]):
        pieces = chunks(text)
        for (offset, _), doc in zip(pieces, nlp.pipe(tokenizable(text[a:b]) for a, b in pieces)):
            ents += [_shifted(_entity(e), offset) for e in doc.ents if e.label_ in ("DRUG", "TUMOR")]
            # token offsets as one array, not one Token object per word; shifted in numpy, not per token
            spans = doc.to_array([IDX, LENGTH])
            spans[:, 1] += spans[:, 0]
            spans += offset
            tokens += spans.tolist()
    definitions = find_definitions(text, tokens)
    abbrevs = sorted({(d.short, d.long) for d in definitions})
    ents += _abbreviated_entities(text, abbrevs, ents)
    ner = get_scispacy_ner()
    if ner is not None:
        taken = {(e.start, e.end) for e in ents}
        found = [(a + e.start_char, a + e.end_char, e) for (a, b), d in zip(chunks(text), ner.pipe(text[a:b] for a, b in chunks(text)))
                 for e in d.ents]
        for start_char, end_char, e in found:
            label = {"CHEMICAL": "DRUG", "DISEASE": "TUMOR"}.get(e.label_)
            if label and (start_char, end_char) not in taken and not any(
                s < end_char and start_char < t for s, t in taken
            ):
                ents.append(Entity(start=start_char, end=end_char, text=e.text, label=label, canonical=e.text.lower(), entity_class="other"))
    return Parsed(
        entities=tuple(sorted(ents, key=lambda e: (e.start, e.end))),
        abbreviations=tuple(Abbreviation(short=short, long=long) for short, long in abbrevs),
    )


#: What may not touch a short form's mention: "TKI" is not in "TKI/chemo".
_SHORT_FORM_EDGE = regex.compile(r"[\w/-]")


def _abbreviated_entities(text: str, abbrevs: list[tuple[str, str]], ents: list[Entity]) -> list[Entity]:
    """Mentions of short forms whose long form contains a known entity and that the lexicon missed."""
    taken = sorted((e.start, e.end) for e in ents)
    # a mention overlaps an entity when one of those starting before its end reaches past its start
    starts, reach = [s for s, _ in taken], list(accumulate((t for _, t in taken), max))
    out = []
    for short, long in abbrevs:
        long_at = text.find(long)
        inner = [e for e in ents if long_at >= 0 and long_at <= e.start and e.end <= long_at + len(long)]
        if not inner or len(short) < 2:
            continue
        for a, b in whole_words(short, text, _SHORT_FORM_EDGE):
            k = bisect_left(starts, b)
            if not (k and reach[k - 1] > a):
                out.append(Entity(start=a, end=b, text=short, label=inner[0].label, canonical=inner[0].canonical, entity_class=inner[0].entity_class))
    return out

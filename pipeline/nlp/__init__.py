"""The spaCy stage: one pipeline, built in one place, saved to and loaded from ``models/``.

Components: scispaCy's rule tokenizer, a fast biomedical sentence splitter,
scispaCy's abbreviation detector, and an entity ruler for drugs and tumour types
from the project's lexicons. When a scispaCy NER model (``en_ner_bc5cdr_md``,
``en_core_sci_sm``) is installed, its entities are added where the lexicon found none.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp import extensions  # noqa: F401  (declares the extensions)
from pipeline.nlp import sentences  # noqa: F401  (registers the ici_sentences component)
from pipeline.nlp.lexicon import lexicon_digest, ruler_patterns

log = logging.getLogger(__name__)
# scispaCy's abbreviation detector has an empty global matcher by design; spaCy warns on every doc (W036)
warnings.filterwarnings("ignore", message=r"\[W036\]")

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "ici_nlp"
#: Optional scispaCy NER models, best first; used only if installed.
SCISPACY_NER_MODELS = ("en_ner_bc5cdr_md", "en_core_sci_sm")


@dataclass(frozen=True)
class Entity:
    """A drug or tumour mention: offsets into the document text."""

    start: int
    end: int
    text: str
    label: str  # DRUG or TUMOR
    canonical: str
    entity_class: str


@dataclass(frozen=True)
class Abbreviation:
    short: str
    long: str


@dataclass(frozen=True)
class Parsed:
    """What the extractors need from spaCy, free of spaCy objects."""

    entities: tuple[Entity, ...]
    abbreviations: tuple[Abbreviation, ...]


def build_nlp() -> Language:
    """Assemble the pipeline from code (tokenizer settings, components, ruler patterns)."""
    from scispacy.abbreviation import AbbreviationDetector  # noqa: F401  (registers the factory)
    from scispacy.custom_tokenizer import combined_rule_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = combined_rule_tokenizer(nlp)
    nlp.add_pipe("ici_sentences")
    nlp.add_pipe("abbreviation_detector")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(ruler_patterns())
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
            from scispacy.abbreviation import AbbreviationDetector  # noqa: F401

            nlp = spacy.load(model_dir)
            if nlp.meta.get("lexicon_sha256") == lexicon_digest():
                return nlp
            log.warning("%s was built from another lexicon; run `make model` to refresh it", model_dir)
        except Exception as exc:  # a stale model must not stop a run: rebuild from code
            log.warning("could not load %s (%s); building the pipeline from code", model_dir, exc)
    return build_nlp()


@lru_cache(maxsize=1)
def get_scispacy_ner() -> Language | None:
    return _scispacy_ner()


def _entity(span, text: str) -> Entity:
    canonical, _, cls = (span.ent_id_ or f"{span.text}|").partition("|")
    return Entity(span.start_char, span.end_char, span.text, span.label_, canonical, cls)


def parse(text: str, nlp: Language | None = None) -> Parsed:
    """Run the pipeline over ``text`` (hidden parts already blanked by the caller)."""
    nlp = nlp or get_nlp()
    doc: Doc = nlp(text)
    ents = [_entity(e, text) for e in doc.ents if e.label_ in ("DRUG", "TUMOR")]
    ner = get_scispacy_ner()
    if ner is not None:
        taken = {(e.start, e.end) for e in ents}
        for e in ner(text).ents:
            label = {"CHEMICAL": "DRUG", "DISEASE": "TUMOR"}.get(e.label_)
            if label and (e.start_char, e.end_char) not in taken and not any(
                s < e.end_char and e.start_char < t for s, t in taken
            ):
                ents.append(Entity(e.start_char, e.end_char, e.text, label, e.text.lower(), "other"))
    abbrevs = {
        (a.text, str(a._.long_form)) for a in doc._.abbreviations if a._.long_form is not None
    }
    return Parsed(
        tuple(sorted(ents, key=lambda e: (e.start, e.end))),
        tuple(Abbreviation(s, l) for s, l in sorted(abbrevs)),
    )

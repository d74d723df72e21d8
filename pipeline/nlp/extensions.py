"""Every custom spaCy extension of the project, declared in one place, and the component that fills them."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Idempotent: ``span._.canonical`` (normalized name) and ``span._.entity_class`` (drug class or "tumor")."""
    for name in ("canonical", "entity_class"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()


@Language.component("lexicon_attributes")
def set_lexicon_attributes(doc: Doc) -> Doc:
    """Copy the entity ruler's ``id`` ("canonical|class") into ``ent._.canonical`` / ``ent._.entity_class``."""
    for ent in doc.ents:
        canonical, _, cls = (ent.ent_id_ or f"{ent.text}|").partition("|")
        ent._.canonical, ent._.entity_class = canonical, cls or None
    return doc

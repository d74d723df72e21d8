"""Drug and tumour lexicons (data in ``pipeline/nlp/data/*.tsv``) and their entity-ruler patterns."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True, kw_only=True)
class Term:
    canonical: str
    label: str  # DRUG or TUMOR
    entity_class: str  # drug class ("PD-1", "chemotherapy", ...) or "tumor"
    alias: str


LEXICON_FILES = ("drugs.tsv", "tumors.tsv")


def _read(name: str) -> str:
    return resources.files("pipeline.nlp").joinpath("data", name).read_text(encoding="utf-8")


def lexicon_digest() -> str:
    """Identifies the lexicon a saved pipeline was built from."""
    return hashlib.sha256("\0".join(_read(n) for n in LEXICON_FILES).encode("utf-8")).hexdigest()


def _rows(name: str) -> list[list[str]]:
    text = _read(name)
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    """All lexicon entries, drugs first, one Term per alias."""
    out: list[Term] = []
    for canonical, cls, aliases in _rows("drugs.tsv"):
        out += [Term(canonical=canonical, label="DRUG", entity_class=cls, alias=a) for a in aliases.split("|")]
    for canonical, aliases in _rows("tumors.tsv"):
        out += [Term(canonical=canonical, label="TUMOR", entity_class="tumor", alias=a) for a in aliases.split("|")]
    return tuple(out)


@lru_cache(maxsize=1)
def by_alias() -> dict[tuple[str, str], Term]:
    """(label, lowercased alias) -> Term."""
    return {(t.label, t.alias.lower()): t for t in terms()}


def ruler_patterns() -> list[dict]:
    """Phrase patterns for spaCy's entity_ruler (matched on LOWER); ``id`` is "canonical|class"."""
    return [{"label": t.label, "pattern": t.alias, "id": f"{t.canonical}|{t.entity_class}"} for t in terms()]

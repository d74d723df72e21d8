"""Every custom spaCy extension of the project, declared in one place."""
from __future__ import annotations

from spacy.tokens import Doc, Span


def register_extensions() -> None:
    """Idempotent: safe to call from every component factory."""
    for name, default in (("canonical", None), ("entity_class", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("hidden_spans"):
        # (start, end) character spans the reader marked as boilerplate/references
        Doc.set_extension("hidden_spans", default=())


register_extensions()

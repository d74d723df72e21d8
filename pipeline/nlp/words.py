"""Whole words in a text by ``str.find``: what ``(?<!EDGE)word(?!EDGE)`` finds, without compiling a pattern
per word (the words are a document's abbreviations and arm names: compiling cost more than searching)."""
from __future__ import annotations

import regex

#: What may not touch a whole word on either side: a word character or a hyphen.
WORD_EDGE = regex.compile(r"[\w-]")


def whole_words(word: str, text: str, edge: regex.Pattern = WORD_EDGE) -> list[tuple[int, int]]:
    """Spans of ``word`` in ``text`` that ``edge`` touches on neither side, left to right without overlaps."""
    spans: list[tuple[int, int]] = []
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not edge.match(text, at - 1)) and not edge.match(text, end):
            spans.append((at, end))
            at = text.find(word, max(end, at + 1))
        else:
            at = text.find(word, at + 1)
    return spans

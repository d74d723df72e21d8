"""Abbreviation definitions, "long form (SF)", found in one pass over the tokens (Schwartz & Hearst, 2003).

The algorithm is scispaCy's ``AbbreviationDetector`` (same candidate windows, filters and
character matching), written over plain token lists so that it runs in linear time: scispaCy's
matcher enumerates every bracket pair, which is quadratic on nested brackets ("((((...",
20 kB of them took minutes); here each "(" looks at most :data:`MAX_INSIDE` tokens ahead, the
most a definition may hold anyway.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

#: A bracket holding more tokens than this is no definition (scispaCy's limit).
MAX_INSIDE = 8


@dataclass(frozen=True, kw_only=True)
class Definition:
    """``short`` is defined as ``long``; offsets are character offsets into the text, half-open."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def _short_form_ok(words: Sequence[str], text: str) -> bool:
    """scispaCy's filter: words of 2-9 characters, at least half letters, starting with a letter."""
    if not words or not all(2 <= len(w) < 10 for w in words):
        return False
    if sum(c.isalpha() for c in text) / len(text) < 0.5:
        return False
    return text[0].isalpha()


def _has_unbalanced_brackets(words: Sequence[str]) -> bool:
    depth = 0
    for w in words:
        if w == "(":
            depth += 1
        elif w == ")":
            if depth == 0:
                return True
            depth -= 1
    return depth != 0


def long_form_start(long_words: Sequence[str], short: str, trailing: Sequence[int]) -> int | None:
    """Index in ``long_words`` where the long form of ``short`` starts, or None (the core of Schwartz-Hearst:
    the short form's characters appear in order, its first character at the start of a word).

    The match runs over the words joined by single spaces, but maps back with each word's own trailing
    whitespace (``trailing``, 0 or 1 as in spaCy's ``text_with_ws``), exactly as scispaCy does.
    """
    long_form = " ".join(long_words)
    li, si = len(long_form) - 1, len(short) - 1
    while si >= 0:
        c = short[si].lower()
        if not c.isalnum():
            si -= 1
            continue
        while (li >= 0 and long_form[li].lower() != c) or (si == 0 and li > 0 and long_form[li - 1].isalnum()):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    li += 1
    length = 0
    for i, w in enumerate(long_words):
        length += len(w) + trailing[i]
        if length > li:
            return i
    return 0  # the mapping fell off the end (multi-character whitespace tokens): scispaCy keeps the whole window


def find_definitions(text: str, tokens: Sequence[Sequence[int]]) -> list[Definition]:
    """Definitions in ``text`` given its tokens' ``(start, end)`` offsets, in order; each short form and
    each long form is defined once (the first definition wins)."""
    words = [text[a:b] for a, b in tokens]
    # spaCy keeps one following space on a token; longer whitespace is a token of its own
    trailing = [1 if text[b:b + 1] == " " else 0 for _, b in tokens]

    def span(i: int, j: int) -> str:
        return text[tokens[i][0]:tokens[j - 1][1]] if j > i else ""

    candidates: list[tuple[int, int, int, int]] = []  # long start, long end, short start, short end
    for i, w in enumerate(words):
        if w != "(":
            continue
        for j in range(i + 2, min(i + MAX_INSIDE + 2, len(words))):
            if words[j] != ")":
                continue
            start, end = i + 1, j  # inside the brackets
            if start == 1:
                continue  # scispaCy skips brackets at the start of the text
            if end - start > 3:  # "SF (long form)": the word before is the short form
                if _has_unbalanced_brackets(words[start:end]):
                    continue
                short = (start - 2, start - 1)
                long = (start, end)
            else:
                short = (start, end)
                size = sum(len(x) for x in words[start:end])
                long = (max(start - min(size + 5, size * 2) - 1, 0), start - 1)
            if _short_form_ok(words[short[0]:short[1]], span(*short)):
                candidates.append((*long, *short))
    out: list[Definition] = []
    seen_long: set[str] = set()
    seen_short: set[str] = set()
    for l0, l1, s0, s1 in candidates:
        offset = long_form_start(words[l0:l1], " ".join(words[s0:s1]), trailing[l0:l1])
        if offset is None or l0 + offset >= l1:
            continue
        short, long = span(s0, s1), span(l0 + offset, l1)
        if long in seen_long or short in seen_short:
            continue
        seen_long.add(long)
        seen_short.add(short)
        out.append(Definition(short=short, long=long, short_start=tokens[s0][0], short_end=tokens[s1 - 1][1], long_start=tokens[l0 + offset][0], long_end=tokens[l1 - 1][1]))
    return out

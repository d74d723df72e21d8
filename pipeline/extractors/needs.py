"""The words a regular expression cannot match without: a cheap test that tells when a pattern need not run.

``required_words(p)`` is a set of literal strings such that every match of ``p`` contains one of them in its
span or in what its lookaheads read, or None when no such set is known. Lookbehinds are left out: with
``finditer(text, pos, endpos)`` they may read before ``pos``, so the words are then in ``text[pos:endpos]``.
Substring tests (``in``) are far cheaper than a regex scan, so a pattern whose words are all absent from the
searched text is not run; its result (no match) is the same.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import regex

Words = frozenset[str]
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)


def _best(options: list[Words]) -> Words | None:
    """The most selective requirement: longest shortest word, then fewest words."""
    return max(options, key=lambda ws: (min(map(len, ws)), -len(ws)), default=None)


def _item(op, av) -> Words | None:
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, content = av
        # a scoped flag (?i:...) changes what a literal matches: nothing is claimed inside it
        return None if add_flags or del_flags else _sequence(content)
    if op is sre.BRANCH:
        branches = [_sequence(b) for b in av[1]]
        return None if any(b is None for b in branches) else frozenset().union(*branches)
    if op in _REPEATS:
        low, _, content = av
        return _sequence(content) if low >= 1 else None
    if op is sre.ATOMIC_GROUP:
        return _sequence(av)
    if op is sre.ASSERT and av[0] == 1:  # a lookahead must match too, before ``endpos``
        return _sequence(av[1])
    return None


def _sequence(items) -> Words | None:
    options: list[Words] = []
    run = ""
    for op, av in items:
        if op is sre.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        words = _item(op, av)
        if words and all(words):
            options.append(words)
    if run:
        options.append(frozenset({run}))
    return _best(options)


#: Syntax of the ``regex`` module that ``re`` cannot parse, and what stands in for it: a Unicode property is a
#: character class like ``\w`` (no literal either way), and ``\G`` an anchor that only narrows the matches.
_REGEX_ONLY = ((regex.compile(r"(?<!\\)\\[pP]\{[^}]*\}"), r"\\w"), (regex.compile(r"(?<!\\)\\G"), ""))


def required_words(pattern: str, flags: int = 0) -> Words | None:
    """Words one of which every match needs (as written, also under ``re.I``: :class:`Needs` folds them), or
    None. A pattern Python's ``re`` cannot parse (after the stand-ins for ``regex``-only syntax) claims nothing."""
    for syntax, stand_in in _REGEX_ONLY:
        pattern = syntax.sub(stand_in, pattern)
    try:
        return _sequence(sre_parse.parse(pattern, flags & re.VERBOSE))
    except (re.error, RecursionError, OverflowError):
        return None


@dataclass(frozen=True, kw_only=True)
class Needs:
    """The words a compiled pattern needs, folded when it ignores case."""

    words: Words | None
    folded: bool

    def absent(self, text: str) -> bool:
        """No match of the pattern can be found in ``text`` (the searched ``text[pos:endpos]``)."""
        if self.words is None:
            return False
        searched = text.casefold() if self.folded else text
        return not any(w in searched for w in self.words)

    def absent_among(self, found: Words, found_folded: Words) -> bool:
        """:meth:`absent` for a text whose words were looked up once for many patterns (:func:`present`):
        ``found`` are those in the text, ``found_folded`` those in its casefolded text."""
        return self.words is not None and self.words.isdisjoint(found_folded if self.folded else found)


def present(words: Words, text: str) -> Words:
    """Those of ``words`` that occur in ``text``."""
    return frozenset(w for w in words if w in text)


def needs(pattern: regex.Pattern) -> Needs:
    """What ``pattern`` needs (its flags, inline ones included, say whether case is ignored)."""
    folded = bool(pattern.flags & regex.IGNORECASE)
    words = required_words(pattern.pattern, pattern.flags & regex.VERBOSE)
    return Needs(words=frozenset(w.casefold() for w in words) if words is not None and folded else words, folded=folded)

"""Whole-word search: the same spans as the lookaround pattern it stands in for."""
from __future__ import annotations

import pytest
import regex

from pipeline.nlp.words import whole_words

_SLASH_EDGE = regex.compile(r"[\w/-]")


def _by_pattern(word: str, text: str, edge: str) -> list[tuple[int, int]]:
    return [m.span() for m in regex.finditer(rf"(?<!{edge}){regex.escape(word)}(?!{edge})", text)]


@pytest.mark.parametrize(("word", "text"), [
    ("xelox", "xelox and xelox arm"),  # at the start and inside
    ("xelox", "mxelox, xelox-b, xeloxa"),  # touched by a letter or a hyphen: not whole
    ("arm b", "arm b arm b"),  # repeated with one space between
    ("aa", "aaa aa"),  # the word overlaps itself inside a longer word
    ("a+b", "(a+b) a+bc"),  # regex characters in the word are literal
    ("é-2", "pré-2 é-2."),  # non-ASCII letters are word characters
    ("TKI", "TKI/chemo and TKI, then TKIs"),  # a slash touches a word only under the slash edge
    ("drug q", "no mention here"),
])
@pytest.mark.parametrize("edge", [r"[\w-]", r"[\w/-]"])
def test_whole_words_finds_what_the_pattern_finds(word: str, text: str, edge: str) -> None:
    assert whole_words(word, text, regex.compile(edge)) == _by_pattern(word, text, edge)


def test_whole_words_spans() -> None:
    assert whole_words("sham", "sham, shamrock, sham-a and sham") == [(0, 4), (27, 31)]
    assert whole_words("TKI", "TKI/chemo or TKI", _SLASH_EDGE) == [(13, 16)]

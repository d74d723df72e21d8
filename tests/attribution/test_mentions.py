"""Mentions: the whole-word search that finds frame aliases and group names in a sentence."""
from __future__ import annotations

import pytest
import regex

from pipeline.attribution.mentions import _whole_words


def _by_pattern(word: str, text: str) -> list[tuple[int, int]]:
    """What the search stands in for: the pattern it replaced, compiled per word."""
    return [m.span() for m in regex.finditer(rf"(?<![\w-]){regex.escape(word)}(?![\w-])", text)]


@pytest.mark.parametrize(("word", "text"), [
    ("xelox", "xelox and xelox arm"),  # at the start and inside
    ("xelox", "mxelox, xelox-b, xeloxa"),  # touched by a letter or a hyphen: not whole
    ("arm b", "arm b arm b"),  # repeated with one space between
    ("aa", "aaa aa"),  # the word overlaps itself inside a longer word
    ("a+b", "(a+b) a+bc"),  # regex characters in the word are literal
    ("é-2", "pré-2 é-2."),  # non-ASCII letters are word characters
    ("drug q", "no mention here"),
])
def test_whole_words_finds_what_the_pattern_finds(word: str, text: str) -> None:
    assert _whole_words(word, text) == _by_pattern(word, text)


def test_whole_words_spans() -> None:
    assert _whole_words("sham", "sham, shamrock, sham-a and sham") == [(0, 4), (27, 31)]

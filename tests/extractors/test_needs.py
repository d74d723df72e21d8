import pytest

from pipeline.extractors.needs import required_words


@pytest.mark.parametrize("pattern, words", [
    (r"\bmedian\s+(?:PFS|OS)\b", {"median"}),
    (r"\b(?:PFS|OS)(?:\s+rates?)?", {"PFS", "OS"}),
    (r"\bduration\s+of\s+(?:response|remission)\b|\bDoR\b", {"duration", "DoR"}),
    (r"\w+(?=\s*\(CR\s*\+)", {"(CR"}),  # a lookahead must match too
    (r"(?:abc)?\d+", None),  # optional: nothing is needed
    (r"(?!abc)\d+", None),  # a negative lookaround needs nothing
    (r"(?i:abc)", None),  # a scoped flag changes what a literal matches
    (r"\p{L}+", None),  # not Python re syntax: claims nothing
])
def test_required_words(pattern, words):
    assert required_words(pattern) == (frozenset(words) if words is not None else None)

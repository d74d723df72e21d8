import pytest
import regex

from pipeline.extractors.needs import needs, present, required_words


@pytest.mark.parametrize("pattern, words", [
    (r"\bmedian\s+(?:PFS|OS)\b", {"median"}),
    (r"\b(?:PFS|OS)(?:\s+rates?)?", {"PFS", "OS"}),
    (r"\bduration\s+of\s+(?:response|remission)\b|\bDoR\b", {"duration", "DoR"}),
    (r"\w+(?=\s*\(CR\s*\+)", {"(CR"}),  # a lookahead must match too
    (r"(?:abc)?\d+", None),  # optional: nothing is needed
    (r"(?!abc)\d+", None),  # a negative lookaround needs nothing
    (r"(?i:abc)", None),  # a scoped flag changes what a literal matches
    (r"\p{L}+", None),  # a Unicode property is a class: no literal
    # regression: regex-only syntax made re refuse the whole pattern, so rules with "\p{L}" or "\G" always ran
    (r"(?:\p{L}[\w-]*\s+){1,4}?(?:group|arm)s?\b", {"group", "arm"}),
    (r"[\p{L}/-]+\s+cohort", {"cohort"}),
    (r"\G\s*(?:In|Among)\s+", {"In", "Among"}),
    (r"\\p{L}", {"\\p{L}"}),  # an escaped backslash before "p" is a literal, not a property
])
def test_required_words(pattern, words):
    assert required_words(pattern) == (frozenset(words) if words is not None else None)


@pytest.mark.parametrize("pattern, flags, text, absent", [
    (r"\bmedian\s+PFS\b", regex.I, "The MEDIAN pfs was 5 months", False),
    (r"\bmedian\s+PFS\b", regex.I, "PFS was 5 months", True),
    (r"\bOS\b", 0, "the os was", True),  # case-sensitive: "os" is not "OS"
    (r"\bOS\b", 0, "the OS was", False),
    (r"(?i)\bOS\b", 0, "the os was", False),  # an inline flag counts
    (r"\w+", 0, "", False),  # nothing needed: never skipped
    (r"ſurvival", regex.I, "SURVIVAL", False),  # casefolded on both sides
])
def test_needs_absent(pattern, flags, text, absent):
    compiled = regex.compile(pattern, flags)
    assert needs(compiled).absent(text) is absent
    words = needs(compiled).words or frozenset()
    assert needs(compiled).absent_among(present(words, text), present(words, text.casefold())) is absent
    if absent:
        assert compiled.search(text) is None


def test_present_keeps_the_words_the_text_holds():
    assert present(frozenset({"alpha", "beta", "Gamma"}), "an alphabet of gamma rays") == {"alpha"}
    assert present(frozenset(), "anything") == frozenset()

"""The frame finder: the arms a document's own study compares, in the order it names them.

Sources, best first: cohort sentences ("49 patients received immunotherapy
rechallenge and 34 patients received chemotherapy", "65 received ... (ITC+ IT,
combination group), and 89 did not receive ... (IC+I, non-combination group)"),
then "A versus B" in the title or objective.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.attribution.labels import GROUP_PHRASE, clean_label, is_treatment


@dataclass(frozen=True)
class Arm:
    name: str
    aliases: tuple[str, ...]
    start: int  # where the defining phrase is, for the drugs it names
    end: int


#: "49 patients received immunotherapy rechallenge", "58 were rechallenged with X (rechallenge group)", "65 received apatinib or anlotinib plus PD-1 inhibitors (ITC+ IT, combination group)"
RECEIVED = regex.compile(
    r"\b\d+\s+(?:[\p{L}/-]+\s+){0,3}?(?:received|were\s+(?:treated|rechallenged|retreated)\s+with|underwent|were\s+given|did\s+not\s+receive)\s+"
    r"(?P<arm>[^,;.()]{2,80}?)\s*(?:\((?P<paren>[^()]{1,80})\))?(?=\s*(?:,|;|\.|\band\s+\d|\bas\b|\bin\b|\bwhile\b|$))",
    regex.I,
)
#: "immunotherapy rechallenge versus chemotherapy", "ICI plus chemotherapy vs. ICI alone"
VERSUS = regex.compile(
    r"(?P<a>(?:[\w+/-]+\s+){0,3}[\w+/-]+)\s+(?:versus|vs\.?)\s+(?P<b>[\w+/-]+(?:\s+(?!in\b|as\b|for\b|among\b|after\b)[\w+/-]+){0,3})",
    regex.I,
)
_LEAD = regex.compile(r"^(?:(?:of|the|effectiveness|efficacy|and|safety|between|with|a|an|to|compare[ds]?)\s+)+", regex.I)


def _arm_from_received(m: regex.Match, offset: int) -> Arm | None:
    phrase = clean_label(m.group("arm"))
    aliases = [phrase] if phrase else []
    name = phrase
    if m.group("paren"):
        parts = [clean_label(p) for p in regex.split(r"\s*[,;]\s*", m.group("paren")) if p.strip()]
        groups = [p for p in parts if GROUP_PHRASE.fullmatch(p)]
        if groups:
            name = groups[0]
        aliases += parts
    if not name or m.group(0).lower().find("did not receive") >= 0 and not m.group("paren"):
        return None
    return Arm(name, tuple(dict.fromkeys([name, *aliases])), offset + m.start(), offset + m.end())


def find_frame(text: str, sentences: list[tuple[int, int]]) -> tuple[Arm, ...]:
    """The own study's arms (``sentences`` are the own-study sentences, in order); () when none is found."""
    for start, end in sentences:
        arms = [a for m in RECEIVED.finditer(text, start, end) if (a := _arm_from_received(m, 0))]
        if len(arms) >= 2:
            return tuple(arms)
    for start, end in sentences[:8]:
        for m in VERSUS.finditer(text, start, end):
            a = clean_label(_LEAD.sub("", m.group("a")))
            b = clean_label(m.group("b"))
            if is_treatment(a) and is_treatment(b) and a.lower() != b.lower():
                return (Arm(a, (a,), m.start("a"), m.end("a")), Arm(b, (b,), m.start("b"), m.end("b")))
    return ()


def arm_received(text: str, start: int, end: int, number_start: int) -> str | None:
    """The treatment after "N patients received ..." for the number at ``number_start``."""
    for m in RECEIVED.finditer(text, start, end):
        if m.start() == number_start:
            arm = _arm_from_received(m, 0)
            return arm.name if arm else None
    return None

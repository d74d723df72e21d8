"""The scope finder: which study each sentence speaks for.

"Yan et al. analyzed 165 patients ... (40)." opens a scope for Yan and binds the
citation number 40 to it; later sentences citing (40) are Yan's too, and a
sentence without any citation continues the scope of the sentence before it in
the same paragraph. Sentences with no citation at all and no open scope belong
to the document's own study (``""``). A citation number never bound to a name
gives the study ``"ref N"``.
"""
from __future__ import annotations

from typing import Sequence

import regex

#: "Yan et al.", "Georges Gebrael et al.", "Jia et al.’s", "van der Heijden et al."
ET_AL = regex.compile(r"\b(?P<name>(?:(?:van|de|der|da|di|le|von)\s+)*\p{Lu}[\p{L}'’-]+)\s+et\s+al\b\.?")
#: "(40)", "(35, 36)", "(46, 62–64)", "[12]" — small integers only, so years and "(n=48)" are not citations;
#: a bracket glued to a word is a unit or an index, not a citation: "mg/m(2)", "10(9)/L"; after a number it is
#: a range: "62 (29–79)", "a median of six (1–8) cycles"
CITATION = regex.compile(
    r"(?<![\w/])(?<!\d\s?)(?<!\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s)"
    r"[(\[](?P<nums>\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)[)\]]", regex.I)
#: "A study of the Japan Lung Cancer Group (NJLCG)", "the NIVO RETURNS trial" (a study named without an author)
GROUP_NAME = regex.compile(
    r"\b(?:Group|Consortium|Network|Collaborative)\s*\((?P<name>[A-Z][A-Z0-9-]{2,})\)"
    r"(?!\s*(?:performance|PS\b|score|scale|grade|criteria|toxicity|status))"
    r"|\b(?:the\s+)(?P<name>[A-Z][A-Z0-9-]{2,}(?:\s+[A-Z][A-Z0-9-]{2,})?)\s+(?:prospective\s+)?(?:trial|study)\b"
)
#: How many sentences open a document (title, first lines): a study named there is the document's own.
OPENING = 3


#: How far past the highest citation so far a new one may start. Numbered references are cited in order of
#: first appearance, so "(149)" in a document that has cited nothing yet is a count: "oral clodronate daily
#: (149) or controls (150)"; the slack allows for figures and tables cited out of order.
CITATION_SLACK = 10


_COMMA = regex.compile(r"\s*,\s*")
_DASH = regex.compile(r"\s*[–-]\s*")


def citation_numbers(sentence: str, highest: int = 0) -> tuple[list[int], int]:
    """The citation numbers of a sentence (each range by its first) and the highest number cited so far;
    ``highest`` is that number before this sentence: a bracket starting beyond ``highest + CITATION_SLACK``
    is not a citation."""
    nums: list[int] = []
    for m in CITATION.finditer(sentence):
        parts = [[int(x) for x in _DASH.split(part)] for part in _COMMA.split(m.group("nums"))]
        if parts[0][0] > highest + CITATION_SLACK:
            continue
        highest = max(highest, *(x for part in parts for x in part))
        nums += [part[0] for part in parts]
    return nums, highest


def study_scopes(text: str, sentences: list[tuple[int, int]], tables: Sequence[bool] = ()) -> list[str]:
    """The study of each sentence (same order as ``sentences``).

    A trial or group named in the document's opening is the document's own ("CheckMate 025: 5-year
    update ..."): sentences naming it stay with the own study. In table rows (``tables``: per sentence)
    bracketed numbers are counts, percentages and ranges, never citations: "| Median (IQR) | 62 (29–79) |".
    """
    own = {m.group("name") for s, e in sentences[:OPENING] for m in GROUP_NAME.finditer(text[s:e])}
    bound: dict[int, str] = {}
    out: list[str] = []
    current = ""
    previous_end = 0
    highest = 0
    for i, (start, end) in enumerate(sentences):
        if "\n" in text[previous_end:start]:
            current = ""  # a new paragraph closes the scope
        previous_end = end
        sentence = text[start:end]
        names = [m.group("name").split()[-1] for m in ET_AL.finditer(sentence)] or [
            m.group("name") for m in GROUP_NAME.finditer(sentence) if m.group("name") not in own
        ]
        nums, highest = ([], highest) if i < len(tables) and tables[i] else citation_numbers(sentence, highest)
        if names:
            study = names[0]
            pairs = zip(names, nums) if len(names) == len(nums) else ((study, n) for n in nums[:1])
            for name, n in pairs:
                bound.setdefault(n, name)
        elif nums:
            if nums[0] in bound:
                study = bound[nums[0]]
            elif current and not current.startswith("ref ") and current not in bound.values():
                # "Gobbini et al. reported ... . The effect held (32)." binds 32 to Gobbini
                study = bound[nums[0]] = current
            else:
                study = f"ref {nums[0]}"
        else:
            study = current
        current = study
        out.append(study)
    return out


#: A background sentence that speaks of the document's own study: "In our study, ...", "the present trial".
OWN_STUDY = regex.compile(r"\b(?:we|our|us|(?:this|the\s+present|the\s+current)\s+(?:study|trial|analysis|series|cohort))\b",
                          regex.I)
#: The study of a number quoted in a background passage without naming its source.
CITED = "cited"


def background_scopes(text: str, sentences: Sequence[tuple[int, int]], studies: Sequence[str],
                      background: Sequence[bool]) -> list[str]:
    """Sentences of an introduction or discussion (``background``) that name no study and do not speak of
    the own one quote another study: they get ``"cited"``, so their numbers never become the own arms'."""
    return [CITED if bg and not study and not OWN_STUDY.search(text, s, e) else study
            for (s, e), study, bg in zip(sentences, studies, background)]

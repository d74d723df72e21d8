"""Arm and subgroup mentions in one sentence, each with the rule that found it.

Arms: every name of a frame arm ("frame:alias"), and group phrases whose words name a treatment
("group:phrase"). Subgroups: the ``subgroup`` rules (thresholds, marker status, reasons, "patients
with X", "in elderly patients"), group phrases that name no treatment, and the frame's non-treatment
groups ("patients with PD-L1 >= 1% (n = 40)"), and tumour types when two are named side by side
("ORR 30.9% in RCC and 24.3% in melanoma"). Overlapping mentions keep the longest; a mention right
after "compared with" / "than" is the comparison's reference (``comparator``).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import regex

from pipeline.attribution.frame import Frame
from pipeline.attribution.labels import clean_label, token_set
from pipeline.attribution.rules import Category, rule, rules
from pipeline.nlp.lexicon import by_alias
from pipeline.nlp.words import whole_words


class Kind(str, Enum):
    ARM = "arm"
    SUBGROUP = "subgroup"


@dataclass(frozen=True, kw_only=True)
class Mention:
    start: int  # offsets into the document text
    end: int
    label: str  # the clean label, or the frame arm's name
    kind: Kind
    rule: str
    comparator: bool = False  # introduced as the reference: "compared with the X group"

    @property
    def key(self) -> str:
        """What makes two mentions the same group."""
        return " ".join(sorted(token_set(self.label))) or self.label.lower()


_COMPARATOR_WINDOW = 40
#: Names of the whole population, not of a subgroup: "eligible patients", "the entire cohort".
WHOLE = regex.compile(r"^(?:eligible(?!\s+(?:for|in)\b)|enrolled|included|all|total|entire|whole|overall|study|randomi[sz]ed|registered"
                       r"|recruited|analy[sz]ed|intention[- ]to[- ]treat|ITT|full\s+analysis)\b", regex.I)


def _tumour_terms() -> list[str]:
    return [alias for (label, alias) in by_alias() if label == "TUMOR"]


@lru_cache(maxsize=1)
def _tumours() -> regex.Pattern:
    """Every tumour name of the lexicon, longest first, as one pattern."""
    names = sorted(_tumour_terms(), key=len, reverse=True)
    return regex.compile(r"(?<![\w-])(?:" + "|".join(regex.escape(n) for n in names) + r")(?![\w-])", regex.I)


def _tumours_named(label: str) -> set[str]:
    return {m.group().lower() for m in _tumours().finditer(label)}


def _keep_subgroups(found: list[tuple[int, int, str, "Kind", str]]) -> list[tuple[int, int, str, "Kind", str]]:
    """Drop subgroups that name the whole population, and tumour types unless two are contrasted:
    "patients with advanced ESCC" describes the cohort, "37 NSCLC and 29 SCLC" splits it."""
    named = [_tumours_named(f[2]) if f[3] is Kind.SUBGROUP else set() for f in found]
    tumours = set().union(*named)
    return [f for f, t in zip(found, named) if f[3] is not Kind.SUBGROUP or not (
        WHOLE.match(f[2]) or (t and len(tumours) < 2))]


#: Treatment words that name no arm on their own: "14 patients treated between 2020 and 2024".
_GENERIC = frozenset({"treated"})
_TOKEN = regex.compile(r"[\p{L}\d][\w+/-]*")
#: What joins drugs into one regimen: "camrelizumab plus apatinib", "PD-1 inhibitor + chemotherapy".
_JOINER = regex.compile(r"^\s*(?:\+|plus|and|with|combined\s+with|in\s+combination\s+with|/|-|&)\s*$", regex.I)
_TAIL = frozenset({"alone", "monotherapy", "combination", "therapy", "regimen", "treatment", "group", "arm"})


def treatment_spans(text: str, start: int, end: int, frame: Frame) -> list[tuple[int, int]]:
    """Runs of treatment words joined into a regimen ("sorafenib plus nivolumab", "chemotherapy alone")."""
    spans: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for m in _TOKEN.finditer(text, start, end):
        word = m.group()
        treatment = frame.is_treatment(word) and word.lower() not in _TAIL
        if current is not None and (word.lower() in _TAIL or treatment) and (
                _JOINER.match(text[current[1]:m.start()]) or not text[current[1]:m.start()].strip()):
            current = (current[0], m.end())
        elif treatment:
            if current is not None:
                spans.append(current)
            current = m.span()
        elif current is not None and not _JOINER.match(text[current[1]:m.start()] + " " + word):
            spans.append(current)
            current = None
    if current is not None:
        spans.append(current)
    return [part for span in spans for part in _split_list(text, *span)]


_LIST_OF_ARMS = regex.compile(r"\s+(?:and|or)\s+")
_PLURAL_GROUPS = regex.compile(r"^\s*(?:treatment\s+)?(?:arms|groups|regimens|cohorts)\b", regex.I)


def _split_list(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """"the XELOX and FOLFIRI arms": two regimens, not one ("gemcitabine and cisplatin" stays one)."""
    parts = list(_LIST_OF_ARMS.finditer(text, a, b))
    if not parts or not _PLURAL_GROUPS.match(text[b:b + 30]):
        return [(a, b)]
    cuts = [a] + [x for m in parts for x in (m.start(), m.end())] + [b]
    return [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]


def find_mentions(text: str, start: int, end: int, frame: Frame) -> list[Mention]:
    """Mentions in ``text[start:end]``, by position, without overlaps."""
    found: list[tuple[int, int, str, Kind, str]] = []
    for a, b in treatment_spans(text, start, end, frame):
        label = clean_label(text[a:b])
        if label and label.lower() not in _GENERIC:
            arm = frame.arm_named(label)
            found.append((a, b, arm.name if arm else label, Kind.ARM, "treatment:span"))
    sentence = text[start:end]
    lowered = sentence.lower()
    for alias, arm in frame.aliases():
        if len(alias) < 2:
            continue
        for a, b in whole_words(alias.lower(), lowered):
            found.append((start + a, start + b, arm.name, Kind.ARM, "frame:alias"))
    for group in frame.groups:
        for a, b in whole_words(group.lower(), lowered):
            found.append((start + a, start + b, group, Kind.SUBGROUP, "frame:group"))
    for r in rules(Category.GROUP):
        for m in r.finditer(text, start, end):
            label = clean_label(m.group())
            arm = frame.arm_named(label)
            if arm is not None:
                found.append((m.start(), m.end(), arm.name, Kind.ARM, r.name))
            elif label:
                # "group A", "arm B": letters name arms
                arm_like = frame.is_treatment(label) or r.name == "group:letter"
                found.append((m.start(), m.end(), label, Kind.ARM if arm_like else Kind.SUBGROUP, r.name))
    for r in rules(Category.SUBGROUP):
        for m in r.finditer(text, start, end):
            label = clean_label(r.found(m))
            if label and (r.treatment_label or not frame.is_treatment(label)):
                a, b = m.span(r.group) if r.group else m.span()
                b = a + len(text[a:b].rstrip())
                found.append((a, b, label, Kind.SUBGROUP, r.name))
    # tumour types reported side by side are subgroups (kept below only when two are named)
    found += [(m.start(), m.end(), m.group(), Kind.SUBGROUP, "subgroup:tumour") for m in _tumours().finditer(text, start, end)]
    found = _keep_subgroups(found)
    # on the same span a frame arm beats another arm, and an arm beats a subgroup
    found.sort(key=lambda f: (f[0], -(f[1] - f[0]), f[4] != "frame:alias", f[3] is not Kind.ARM))
    intro = rule("comparator:intro")
    mentions: list[Mention] = []
    for a, b, label, kind, name in found:
        if mentions and a < mentions[-1].end:
            continue
        before = text[max(start, a - _COMPARATOR_WINDOW):a]
        mentions.append(Mention(start=a, end=b, label=label, kind=kind, rule=name, comparator=next(intro.finditer(before), None) is not None))
    return mentions


def lead_subgroup(text: str, start: int, end: int, frame: Frame) -> Mention | None:
    """A subgroup that opens the sentence: "In the CPS >= 1 subgroup, ...", "After matching, ..." (``lead`` rules)."""
    for r in rules(Category.LEAD):
        m = next(r.finditer(text, start, end), None)
        if m is None:
            continue
        label = clean_label(m.group(r.group) if r.group else m.group())
        if label and not frame.is_treatment(label) and not WHOLE.match(label):
            return Mention(start=m.start(r.group), end=m.end(r.group), label=label, kind=Kind.SUBGROUP, rule=r.name)
    return None


def clause_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets where a clause of the sentence ends (``clause:end``)."""
    return [m.start() for m in rule("clause:end").finditer(text, start, end)]

